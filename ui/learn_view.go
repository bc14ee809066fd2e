package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// learnLayout places the lesson screen's panes: a header line, the body
// (lesson text and goals on the left, the cluster on the right), the console
// and the footer.
type learnLayout struct {
	tooSmall      bool
	bodyH         int // lines between the header and the console
	leftW, rightW int
	textW         int // width of the lesson text
	docH          int // lines of lesson text above the goals
	recapW        int // width of a recap, across the body
	gridH, logH   int // the cluster column: metrics (2), grid, log (title included)
	gridWant      int // the grid's wish this layout was made for
	consoleH      int
	goals         []string // the goals, built with the layout
}

// Fixed parts of the lesson screen.
const (
	learnLeftShare = 45 // percent of the width for the text and goals
	learnLeftMin   = 38 // the text column never gets narrower
	learnMinLog    = 6  // traffic log lines kept (title and 5 requests)
	learnMinDoc    = 3  // lesson text lines kept above the goals
)

// resize recomputes the layout, sizes the panes and lays the text out again.
func (m *Learn) resize() {
	l := learnLayout{consoleH: consoleSmall}
	if m.width < minWidth || m.height < minHeight {
		l.tooSmall = true
		m.layout = l
		return
	}
	l.bodyH = m.height - 1 - l.consoleH - helpLines
	l.leftW = max(m.width*learnLeftShare/100, learnLeftMin)
	l.rightW = m.width - l.leftW - 1
	l.textW = l.leftW
	l.recapW = m.width
	// The cluster: the fullest cards that leave the log its lines.
	room := l.bodyH - m.metrics.Height()
	minLog := min(learnMinLog, room/3)
	m.grid.SetCompact(false)
	if m.grid.Want(l.rightW) > room-minLog {
		m.grid.SetCompact(true)
	}
	l.gridWant = m.grid.Want(l.rightW)
	m.grid.SetSize(l.rightW, min(l.gridWant, room-minLog))
	l.gridH = m.grid.Used() // a page of cards may need less: the log gets the rest
	l.logH = room - l.gridH
	m.layout = l
	m.metrics.SetSize(l.rightW, 2)
	m.grid.SetSize(l.rightW, l.gridH)
	m.log.SetSize(l.rightW, max(l.logH-1, 0))
	m.console.SetSize(m.width, l.consoleH)
	m.resizeSweep()
	m.console.SetPaneHeight(l.bodyH)
	m.buildGoals()
	m.buildDoc()
}

// fitGrid lays the screen out again when the grid now wants a different
// height (workers came or went, a card holds more keys).
func (m *Learn) fitGrid() {
	if !m.layout.tooSmall && m.screen == screenLesson && m.grid.Want(m.layout.rightW) != m.layout.gridWant {
		m.resize()
	}
}

// buildGoals lays out the goal list for the current status and sizes the
// lesson text above it.
func (m *Learn) buildGoals() {
	l := &m.layout
	if l.tooSmall {
		l.goals = nil
		return
	}
	l.goals = m.checklist(l.leftW)
	if max := l.bodyH - learnMinDoc; len(l.goals) > max {
		l.goals = l.goals[:max]
	}
	for i, g := range l.goals {
		l.goals[i] = fitLine(g, l.leftW)
	}
	atEnd := len(m.doc.lines) > 0 && m.textScroll+l.docH >= len(m.doc.lines)
	l.docH = l.bodyH - len(l.goals)
	if atEnd { // the newest note stays in view as the goals grow or shrink
		m.textScroll = max(len(m.doc.lines)-l.docH, 0)
	}
}

// View implements tea.Model.
func (m Learn) View() tea.View {
	v := tea.NewView(m.finish(m.render()))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = textLearnTitle
	return v
}

// render draws the whole screen at exactly the terminal's size.
func (m Learn) render() string {
	if m.layout.tooSmall {
		return fitLine(fmt.Sprintf(textTooSmall, minWidth, minHeight, m.width, m.height), max(m.width, 1))
	}
	if m.screen == screenList {
		return m.renderList()
	}
	return m.renderLesson()
}

// renderList draws the lesson list: what the track is, what the marks mean,
// one row per lesson.
func (m Learn) renderList() string {
	st := m.styles
	lines := []string{st.Title.Render(textLearnTitle) + " · " + textLearnListHead}
	lines = append(lines, m.wrapStyled(lipglossNone, fmt.Sprintf(textLearnListIntro, len(m.cfg.Lessons)), m.width)...)
	lines = append(lines, m.wrapStyled(st.Faint, textLearnListLegend, m.width)...)
	lines = append(lines, "")
	start, end := listWindow(len(m.cfg.Lessons), m.cursor, m.height-2-len(lines))
	p := m.cfg.Progress
	titleW := 0
	for _, l := range m.cfg.Lessons {
		titleW = max(titleW, lipgloss.Width(l.Title))
	}
	titleW = min(titleW, max(m.width-24, 10))
	for i, l := range m.cfg.Lessons {
		switch {
		case i < start || i >= end:
			continue
		case i == start && start > 0:
			lines = append(lines, "  "+st.Faint.Render(fmt.Sprintf(textLearnListAbove, start+1)))
			continue
		case i == end-1 && end < len(m.cfg.Lessons):
			lines = append(lines, "  "+st.Faint.Render(fmt.Sprintf(textLearnListBelow, len(m.cfg.Lessons)-end+1)))
			continue
		}
		mark, status := textLearnTodo, ""
		lp := p.Lessons[l.ID]
		switch {
		case lp.Done:
			mark, status = textLearnDone, textLearnStatusDone
		case l.ID == p.Current:
			mark = textLearnCurrent
		}
		if !lp.Done && lp.Stage > 0 {
			status = fmt.Sprintf(textLearnStatusStages, lp.Stage, len(l.Stages))
		}
		pointer := "  "
		row := fmt.Sprintf("%s %2d  %-*s  %s", mark, i+1, titleW, l.Title, status)
		if i == m.cursor {
			pointer = textPrompt
			row = st.Bold.Render(row)
		}
		lines = append(lines, pointer+row)
	}
	var body string
	if m.showHelp {
		body = m.helpScreen(m.keys.listKeys(), m.width, m.height-2)
	} else {
		body = fitBlock(strings.Join(lines, "\n"), m.width, m.height-2)
	}
	status := m.status
	if m.saveErr != nil {
		status = fmt.Sprintf(textLearnSaveErr, m.saveErr)
	}
	k := m.keys
	foot := m.footer([]key.Binding{shown(k.ListUp, "↑/↓", textKeyChoose), k.Open}, []key.Binding{k.Help, k.Quit}, m.width)
	if m.showHelp {
		foot = m.footer(nil, []key.Binding{shown(k.Leave, "?/esc", textKeyCloseHelp), k.Quit}, m.width)
	}
	return body + "\n" + fitLine(st.Error.Render(status), m.width) + "\n" + foot
}

// renderLesson draws the open lesson: header, body, console, footer.
func (m Learn) renderLesson() string {
	l := m.layout
	var body string
	switch {
	case m.showHelp:
		body = m.helpScreen(m.keys.lessonKeys(), m.width, l.bodyH)
	case m.console.Overflows():
		body = m.outputPane(m.width, l.bodyH)
	case m.showRecap:
		lines := m.recapLines()
		lines = lines[min(m.recapScroll, len(lines)):]
		note := textLearnRecapNote
		if m.current+1 >= len(m.cfg.Lessons) {
			note = textLearnRecapNoteLast
		}
		body = m.rule(textLearnRecapTitle, note, m.width) + "\n" +
			fitBlock(strings.Join(lines, "\n"), m.width, l.bodyH-1)
	case m.showCode:
		lines := m.codeView()[min(m.codeScroll, len(m.codeView())):]
		body = m.rule(textLearnCodeTitle, textLearnCodeClose, m.width) + "\n" +
			fitBlock(strings.Join(lines, "\n"), m.width, l.bodyH-1)
	default:
		sep := m.styles.Faint.Render("│")
		body = besides(m.leftColumn(), sep, m.rightColumn())
	}
	parts := []string{m.header(), body, m.console.View(), m.lessonFooter()}
	screen := strings.Join(parts, "\n")
	if strings.Count(screen, "\n")+1 != m.height { // as in Sandbox.render
		return fitBlock(screen, m.width, m.height)
	}
	return screen
}

// recapLines is the open lesson's recap, rendered across the body.
func (m Learn) recapLines() []string {
	if text, ok := m.renders.peek(m.recapKey()); ok {
		return trimBlank(strings.Split(text, "\n"))
	}
	return []string{m.styles.Faint.Render(textLearnRendering)}
}

// codeView is the lesson's Django code laid out across the body, styled.
func (m Learn) codeView() []string {
	code, _ := codeLines(m.lesson().Django, m.width-2)
	for i, c := range code {
		code[i] = "  " + m.styleCode(c)
	}
	return code
}

// header is the first line: the lesson, and the stage on the right when it fits.
func (m Learn) header() string {
	lesson := m.lesson()
	head := m.styles.Title.Render(fmt.Sprintf(textLearnLesson, m.current+1, len(m.cfg.Lessons), lesson.Title))
	stage := ""
	if m.run != nil {
		st := m.lastStatus
		if st.Done {
			stage = textLearnDone + " " + textLearnStatusDone
		} else {
			stage = fmt.Sprintf(textLearnStage, st.Stage+1, st.Total, lesson.Stages[st.Stage].Name)
		}
	}
	if gap := m.width - lipgloss.Width(head) - lipgloss.Width(stage); stage != "" && gap >= 2 {
		head += strings.Repeat(" ", gap) + m.styles.Faint.Render(stage)
	}
	return fitLine(head, m.width)
}

// leftColumn is the lesson text, scrolled, above the goals.
// Its lines were laid out at the column's width in Update: View only picks
// them.
func (m Learn) leftColumn() string {
	l := m.layout
	lines := m.doc.lines[min(m.textScroll, len(m.doc.lines)):]
	out := make([]string, 0, l.bodyH)
	switch {
	case len(m.doc.lines) == 0:
		return fitBlock(strings.Join(l.goals, "\n"), l.leftW, l.bodyH) // not laid out yet
	case len(lines) > l.docH:
		out = append(append(out, lines[:l.docH-1]...), m.doc.more)
	default:
		out = append(out, lines...)
		for len(out) < l.docH {
			out = append(out, m.doc.blank)
		}
	}
	return strings.Join(append(out, l.goals...), "\n")
}

// rightColumn is the cluster: metrics, cards, traffic log; or why the
// lesson could not start.
func (m Learn) rightColumn() string {
	l := m.layout
	if m.driver == nil {
		msg := ""
		if m.startErr != nil {
			msg = m.styles.Error.Render(fmt.Sprintf(textLearnStartErr, m.startErr))
		}
		return fitBlock(lipgloss.Wrap(msg, l.rightW, " "), l.rightW, l.bodyH)
	}
	parts := []string{m.metrics.View(), m.grid.ViewSized(l.rightW, l.gridH)}
	if l.logH > 0 {
		parts = append(parts, m.rule(textLogTitle, "", l.rightW)+"\n"+m.log.View())
	}
	col := strings.Join(parts, "\n")
	if strings.Count(col, "\n")+1 != l.bodyH { // every pane draws its size: guard the height only
		return fitBlock(col, l.rightW, l.bodyH)
	}
	return col
}

// lessonFooter is the key line under a lesson: what the keys do now, and
// always the way out.
func (m Learn) lessonFooter() string {
	k := m.keys
	out := []key.Binding{k.Help, shown(k.Back, "esc", textKeyBack), k.Quit}
	var hints []key.Binding
	switch {
	case m.showHelp:
		return m.footer(nil, []key.Binding{shown(k.Leave, "?/esc", textKeyCloseHelp), k.Quit}, m.width)
	case m.console.Focused():
		return m.footer(m.consoleHints(), []key.Binding{k.Leave, k.ForceQuit}, m.width)
	case m.showCode:
		return m.footer([]key.Binding{shown(k.TextDown, "↑/↓", textKeyText)}, []key.Binding{shown(k.Panel, "tab/esc", textKeyReturn), k.Quit}, m.width)
	case m.showRecap:
		next := k.NextLesson
		if m.current+1 >= len(m.cfg.Lessons) {
			next = shown(k.NextLesson, "n", textKeyReturn)
		}
		return m.footer([]key.Binding{shown(k.TextDown, "↑/↓", textKeyText)}, []key.Binding{next, shown(k.Leave, "esc", textKeyReturn), k.Quit}, m.width)
	case m.confirmSol:
		return m.footer(nil, []key.Binding{k.Yes, k.No, k.ForceQuit}, m.width)
	case m.lastStatus.Done && m.lesson().Recap != "" && m.current+1 >= len(m.cfg.Lessons):
		hints = append(hints, shown(k.NextLesson, "n", textKeyRecapLast))
	case m.lastStatus.Done && m.lesson().Recap != "":
		hints = append(hints, shown(k.NextLesson, "n", textKeyRecap))
	case m.lastStatus.Done && m.current+1 < len(m.cfg.Lessons):
		hints = append(hints, k.NextLesson)
	}
	hints = append(hints, k.Console, k.Hint, k.Solution, shown(k.TextDown, "↑/↓", textKeyText))
	if m.lesson().Django != "" {
		hints = append(hints, shown(k.Panel, "tab", textKeyPython))
	}
	if m.grid.Pages() > 1 {
		hints = append(hints, shown(k.PageDown, "pgup/pgdn", textKeyCards))
	}
	hints = append(hints, k.Pause)
	return m.footer(hints, out, m.width)
}

// checklist is the goal list of the open lesson at width w.
func (m Learn) checklist(w int) []string {
	if m.screen != screenLesson || m.run == nil {
		return nil
	}
	lesson := m.lesson()
	st := m.lastStatus
	s := m.styles
	lines := []string{rule(s, textLearnChecklist, "", w)}
	for i, stage := range lesson.Stages {
		switch {
		case i < st.Stage:
			lines = append(lines, wrapInline(s.Agrees, s.Agrees, fmt.Sprintf(textLearnStageDone, stage.Name), w)...)
		case i == st.Stage:
			lines = append(lines, wrapInline(s.Bold, s.Bold, fmt.Sprintf(textLearnStage, i+1, st.Total, stage.Name), w)...)
			for _, g := range st.Goals {
				lines = append(lines, m.goalLines(g, w)...)
			}
		default:
			lines = append(lines, wrapInline(s.Faint, s.Faint, fmt.Sprintf(textLearnStageTodo, stage.Name), w)...)
		}
	}
	if st.Done {
		lines = append(lines, s.Title.Render(textLearnDone+" "+textLearnAllDone))
	} else if m.restarted != "" {
		lines = append(lines, wrapInline(s.Faint, s.Faint, fmt.Sprintf(textLearnRestarted, m.restarted), w)...)
	}
	return lines
}

// goalLines draws one goal: its mark, its condition and the value measured,
// wrapped under the condition when the line is too long.
func (m Learn) goalLines(g lessons.GoalStatus, w int) []string {
	mark, style := textLearnGoalFails, m.styles.IsMissing
	if g.Holds {
		mark, style = textLearnGoalHolds, m.styles.Agrees
	}
	text := g.Goal.Text + "  " + fmt.Sprintf(textLearnGoalValue, fmtValue(g.Value))
	var out []string
	for i, l := range strings.Split(lipgloss.Wrap(text, max(w-3, 1), " "), "\n") {
		prefix := "   "
		if i == 0 {
			prefix = " " + mark + " "
		}
		out = append(out, style.Render(prefix+l))
	}
	return out
}

// fmtValue formats a measured value for a goal: words as they are, numbers
// rounded to two decimals ("now 0.94", not "now 0.9411764705882353").
func fmtValue(v sim.Value) string {
	if v.IsWord {
		return v.Word
	}
	return strconv.FormatFloat(math.Round(v.Num*100)/100, 'f', -1, 64)
}

// listWindow is the rows [start, end) of an n-row list that fit in avail
// lines with the cursor's row among them, away from the first and last shown
// rows, which say how many rows are hidden beyond them.
func listWindow(n, cursor, avail int) (start, end int) {
	if n <= avail || avail < 4 {
		return 0, n
	}
	start = max(0, min(cursor-avail/2, n-avail))
	return start, start + avail
}
