package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/demo"
)

// presenterLayout is how many lines each part of the presenter takes.
type presenterLayout struct {
	tooSmall bool
	caption  int // the caption band, blank lines included
	grid     int
	log      int // with its title line
	gridWant int // the grid's wish this layout was made for
}

// Fixed parts of the presenter screen, in lines.
const (
	presenterPath    = 1
	presenterCommand = 1
	presenterFooter  = 1
	presenterLogMin  = 4 // title and three events
	presenterTall    = 40
	presenterCardMax = 44 // the widest card: larger than the lab's, still a card
	// Key lines per card: fewer than the lab's, so a class reads them.
	presenterKeys     = 4
	presenterKeysTall = 6
)

// resize lays the screen out: the caption on top, the request path, the
// metrics, the cards (as many lines as they want, leaving the log a few),
// the log, the line the demo ran, the footer.
func (m *Presenter) resize() {
	w, h := m.width, m.height
	l := presenterLayout{caption: 3}
	if w < minWidth || h < minHeight {
		m.playout = presenterLayout{tooSmall: true}
		return
	}
	keys := presenterKeys
	if h >= presenterTall {
		l.caption = 5 // a blank line above and below
		keys = presenterKeysTall
	}
	m.grid.SetMaxKeyLines(keys)
	m.cardsFor = len(m.snap().Workers)
	m.grid.SetMaxCardWidth(min(max(w/max(m.cardsFor, 1), cardMaxWidth), presenterCardMax))
	free := h - l.caption - presenterPath - m.metrics.Height() - presenterCommand - presenterFooter
	l.gridWant = m.grid.Want(w)
	logMin := presenterLogMin
	if h >= presenterTall {
		logMin = 2 * presenterLogMin
	}
	l.grid = max(min(l.gridWant, free-logMin), 3)
	l.log = free - l.grid
	m.playout = l
	m.metrics.SetSize(w, m.metrics.Height())
	m.grid.SetSize(w, l.grid)
	m.log.SetSize(w, l.log-1)
}

// fitGrid lays the screen out again when the cards want more or fewer lines
// (a key appeared, workers came or went).
func (m *Presenter) fitGrid() {
	if !m.playout.tooSmall && (m.grid.Want(m.width) != m.playout.gridWant || len(m.snap().Workers) != m.cardsFor) {
		m.resize()
	}
}

// View implements tea.Model. Terminal modes are set on every return path.
func (m Presenter) View() tea.View {
	v := tea.NewView(m.finish(m.render()))
	v.AltScreen = true
	v.WindowTitle = fmt.Sprintf(textDemoTitle, m.player.Demo().Title)
	return v
}

// render draws the whole screen at exactly the terminal's size.
func (m Presenter) render() string {
	if m.playout.tooSmall {
		return fitLine(fmt.Sprintf(textTooSmall, minWidth, minHeight, m.width, m.height), max(m.width, 1))
	}
	w, l := m.width, m.playout
	parts := []string{m.caption(w, l.caption), m.path(w)}
	if m.showHelp {
		body := l.grid + l.log + m.metrics.Height() + presenterCommand
		parts = append(parts, m.helpScreen(m.keys.demoKeys(), w, body))
	} else {
		parts = append(parts, m.metrics.View(), m.grid.ViewSized(w, l.grid),
			m.rule(textLogTitle, "", w), m.log.View(), m.commandLine(w))
	}
	parts = append(parts, m.presenterFooter(w))
	return fitBlock(strings.Join(parts, "\n"), w, m.height)
}

// caption draws the last say line in bold beside a bar, h lines tall: up
// to three lines of text (a tall screen adds a blank line above and below).
func (m Presenter) caption(w, h int) string {
	st := m.styles
	text := m.player.Caption()
	out := make([]string, 0, h)
	if h >= 5 {
		out = append(out, "") // a blank line above, and one below
	}
	if text != "" {
		bar := st.CaptionBar.Render("┃ ")
		for _, l := range wrapInline(st.Caption, st.Caption.Foreground(st.Accent), text, w-2) {
			out = append(out, bar+l)
		}
	}
	return fitBlock(strings.Join(out, "\n"), w, h)
}

// path is one line picturing the way a request goes, clients → the shared
// socket → the workers → the store, with the worker that answered last lit
// and what it answered.
func (m Presenter) path(w int) string {
	st := m.styles
	snap := m.snap()
	arrow := st.Faint.Render(textPathArrow)
	n := len(snap.Workers)
	store := textPathDict
	switch {
	case snap.Settings.Store == "redis":
		store = textPathRedis
	case snap.Settings.Store == "locmem" && n == 1:
		store = textPathCache
	case snap.Settings.Store == "locmem":
		store = fmt.Sprintf(textPathCaches, n)
	case n > 1:
		store = fmt.Sprintf(textPathDicts, n)
	}
	head := textPathClients + arrow + textPathSocket + arrow
	tail := arrow + store
	answer := ""
	lit := 0
	if m.hasAnswer {
		lit = m.answered.Slot
		res := m.answered.Result
		if mark := markText(m.answered); mark != "" {
			res += " " + st.Mark.Render(mark)
		}
		answer = "   " + fmt.Sprintf(textPathAnswer, lit, res)
	}
	room := w - lipgloss.Width(head) - lipgloss.Width(tail)
	workers := m.pathWorkers(room, lit)
	line := head + workers + tail
	if lipgloss.Width(line+answer) <= w {
		line += answer
	}
	return fitLine(line, w)
}

// pathWorkers lists the workers' slots in room cells, the lit one marked:
// as many as fit, then how many more.
func (m Presenter) pathWorkers(room, lit int) string {
	st := m.styles
	workers := m.snap().Workers
	var b strings.Builder
	used := 0
	for i, wk := range workers {
		cell := fmt.Sprintf(" %d ", wk.Slot)
		if wk.Slot == lit {
			cell = st.Lit.Render(fmt.Sprintf("[%d]", wk.Slot))
		}
		more := ""
		if left := len(workers) - i - 1; left > 0 {
			more = fmt.Sprintf(textPathMore, left)
		}
		if used+lipgloss.Width(cell)+len(more) > room && i > 0 {
			b.WriteString(st.Faint.Render(fmt.Sprintf(textPathMore, len(workers)-i)))
			break
		}
		b.WriteString(cell)
		used += lipgloss.Width(cell)
	}
	return b.String()
}

// commandLine is the line the demo ran last and what it answered, a wait's
// time left, or where the demo is when nothing runs.
func (m Presenter) commandLine(w int) string {
	st := m.styles
	p := m.player
	switch {
	case m.failure != nil:
		return fitLine(st.Error.Render(fmt.Sprintf(textDemoRestartErr, m.failure)), w)
	case p.State() == demo.Failed:
		return fitLine(st.Error.Render(fmt.Sprintf(textDemoFailed, p.Err())), w)
	case p.State() == demo.Ended:
		return fitLine(st.Faint.Render(textDemoEndNote), w)
	}
	line, reply := p.LastLine()
	if n, _ := p.Step(); n == 0 || line == "" {
		if p.State() == demo.Paused {
			return fitLine(st.Faint.Render(textDemoStart), w)
		}
		return fitLine("", w)
	}
	s := st.Prompt.Render(textPrompt) + line
	if left := p.WaitLeft(); left > 0 {
		s += "   " + st.Faint.Render(fmt.Sprintf(textDemoWaitLeft, fmtVirtual(left)))
	} else if first, _, _ := strings.Cut(reply, "\n"); first != "" && first != line {
		s += "   " + st.Faint.Render(first)
	}
	return fitLine(s, w)
}

// presenterFooter is the status (step, playing or waiting) and the keys,
// the way out always shown.
func (m Presenter) presenterFooter(w int) string {
	k := m.keys
	status := m.styles.Bold.Render(m.status()) + "  "
	rest := max(w-lipgloss.Width(status), 0)
	if m.showHelp {
		return fitLine(status+m.footer(nil, []key.Binding{shown(k.Leave, "?/esc", textKeyCloseHelp), k.Quit}, rest), w)
	}
	hints := []key.Binding{k.DemoNext, k.DemoPrev, k.DemoRestart}
	if st := m.player.State(); st == demo.Ended || st == demo.Failed {
		hints = hints[1:] // nothing comes next
	}
	return fitLine(status+m.footer(hints, []key.Binding{k.Help, k.Quit}, rest), w)
}
