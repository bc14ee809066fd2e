package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
)

// View implements tea.Model. Terminal modes are set on every return path.
func (m Sandbox) View() tea.View {
	v := tea.NewView(m.finish(m.render()))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = textTitle
	return v
}

// render draws the whole screen: exactly the terminal's size, or one line
// asking for a larger terminal.
func (m Sandbox) render() string {
	l := m.layout
	if l.tooSmall {
		return fitLine(fmt.Sprintf(textTooSmall, minWidth, minHeight, m.width, m.height), max(m.width, 1))
	}
	parts := []string{m.metrics.View()}
	middleH := l.console.y - l.grid.y
	switch {
	case m.showHelp:
		parts = append(parts, m.helpScreen(m.keys.sandboxKeys(), m.width, middleH))
	case m.console.Overflows():
		parts = append(parts, m.outputPane(m.width, middleH))
	case l.wide:
		side := m.rule(textDjangoTitle, "", l.django.w) + "\n" + m.django.View()
		if m.tab == tabDiagram {
			side = m.rule(textDiagramTitle, m.diagramNote(), l.django.w) + "\n" + m.diagram.View()
		}
		parts = append(parts, besides(m.grid.ViewSized(l.grid.w, l.grid.h), " ", side),
			m.paneTitle(m.rule(textLogTitle, "", l.log.w), l.log.w)+"\n"+m.log.View())
	default:
		parts = append(parts, m.grid.ViewSized(l.grid.w, l.grid.h), m.paneTitle(m.tabBar(l.log.w), l.log.w))
		switch m.tab {
		case tabDjango:
			parts = append(parts, m.django.View())
		case tabDiagram:
			parts = append(parts, m.diagram.View())
		default:
			parts = append(parts, m.log.View())
		}
	}
	parts = append(parts, m.console.View(), m.sandboxFooter(l.help.w))
	screen := strings.Join(parts, "\n")
	// Every pane draws exactly its size; measuring the whole screen again
	// would cost more than drawing it. Guard the height only.
	if strings.Count(screen, "\n")+1 != m.height {
		return fitBlock(screen, m.width, m.height)
	}
	return screen
}

// sandboxFooter is the key line under the sandbox: what the keys do in the
// current state, and always the way out.
func (m Sandbox) sandboxFooter(w int) string {
	k := m.keys
	switch {
	case m.showHelp:
		return m.footer(nil, []key.Binding{shown(k.Leave, "?/esc", textKeyCloseHelp), k.Quit}, w)
	case m.console.Focused():
		return m.footer(m.consoleHints(), []key.Binding{k.Leave, k.ForceQuit}, w)
	}
	hints := []key.Binding{k.Console, k.Pause, k.Step, k.Steps, k.Store, k.Kill, k.Traffic}
	if tl := m.snap().Timeline; tl.InPast() {
		hints = []key.Binding{shown(k.TimeBack, "[/]", textKeyTimeline), shown(k.PrevAnomaly, "{/}", textKeyAnomalies),
			k.Console, k.Pause, k.Steps}
	}
	if m.grid.Pages() > 1 {
		hints = append([]key.Binding{shown(k.PageDown, "pgup/pgdn", textKeyCards)}, hints...)
	}
	return m.footer(hints, []key.Binding{k.Help, k.Quit}, w)
}

// besides joins two blocks of equal height line by line with sep between.
func besides(a, sep, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var sb strings.Builder
	for i := range max(len(al), len(bl)) {
		if i > 0 {
			sb.WriteByte('\n')
		}
		if i < len(al) {
			sb.WriteString(al[i])
		}
		sb.WriteString(sep)
		if i < len(bl) {
			sb.WriteString(bl[i])
		}
	}
	return sb.String()
}

// tabBar is the title line of the small layout's tabbed panel.
func (m Sandbox) tabBar(w int) string {
	names := []string{textTabLog, textTabDjango, textTabDiagram}
	for i, n := range names {
		if panelTab(i) == m.tab {
			names[i] = m.styles.TabOn.Render("[" + n + "]")
		} else {
			names[i] = m.styles.TabOff.Render(n)
		}
	}
	return m.rule(strings.Join(names, " "), textTabHint, w)
}

// rule draws a title line: ── title ─────── note ──.
func rule(st *theme, title, note string, w int) string {
	left := st.Faint.Render("── ") + st.Bold.Render(title) + " "
	right := ""
	if note != "" {
		right = " " + st.Faint.Render(note) + st.Faint.Render(" ──")
	}
	fill := w - lipgloss.Width(left) - lipgloss.Width(right)
	if fill < 1 {
		return fitLine(left, w)
	}
	return left + st.Faint.Render(strings.Repeat("─", fill)) + right
}

// helpScreen draws the key bindings (in the columns of groups) and the
// command language in w × h.
func (b *bench) helpScreen(groups [][]key.Binding, w, h int) string {
	lines := []string{rule(b.styles, textHelpTitle, textHelpClose, w)}
	lines = append(lines, b.keyColumns(groups, w)...)
	lines = append(lines, "", rule(b.styles, textHelpCommands, "", w))
	cmds := commandLines(sim.HelpEntries())
	if room := h - len(lines); len(cmds) <= room {
		lines = append(lines, cmds...)
	} else {
		verbs := wrap.Items(sim.Verbs(), "  ", w)
		if len(verbs) >= room {
			verbs = wrap.Items(sim.Verbs(), " ", w) // tighter, so every command shows
		}
		hint := wrapInline(b.styles.Faint, b.styles.Faint, textHelpVerbs, w)
		switch {
		case len(verbs)+len(hint) <= room:
			lines = append(append(lines, verbs...), hint...)
		case len(verbs) <= room:
			lines = append(lines, verbs...)
		case room > 1:
			// Too many commands for the screen: as many lines as fit, then
			// how many are left and where to find them.
			hidden := 0
			for _, l := range verbs[room-1:] {
				hidden += len(strings.Fields(l))
			}
			lines = append(lines, verbs[:room-1]...)
			lines = append(lines, b.styles.Faint.Render(fmt.Sprintf(textHelpMoreVerbs, hidden)))
		}
	}
	return fitBlock(strings.Join(lines, "\n"), w, h)
}

// commandLines lays the command list out one command a line: its usage, then
// what it does, aligned.
func commandLines(entries []sim.HelpEntry) []string {
	width := 0
	for _, e := range entries {
		width = max(width, lipgloss.Width(e.Usage))
	}
	lines := make([]string, len(entries))
	for i, e := range entries {
		lines[i] = fmt.Sprintf("%-*s  %s", width, e.Usage, e.Doc)
	}
	return lines
}

// keyColumns lays every binding of groups out in as many columns as fit.
func (b *bench) keyColumns(groups [][]key.Binding, w int) []string {
	type entry struct{ k, desc string }
	var entries []entry
	keyW := 0
	for _, group := range groups {
		for _, kb := range group {
			if !kb.Enabled() {
				continue
			}
			h := kb.Help()
			entries = append(entries, entry{h.Key, h.Desc})
			keyW = max(keyW, lipgloss.Width(h.Key))
		}
	}
	colW := 0
	for _, e := range entries {
		colW = max(colW, keyW+1+lipgloss.Width(e.desc)+3)
	}
	cols := max(min(w/max(colW, 1), len(entries)), 1)
	rows := (len(entries) + cols - 1) / cols
	out := make([]string, rows)
	for i, e := range entries {
		cell := b.styles.Help.FullKey.Render(fitLine(e.k, keyW)) + " " + b.styles.Help.FullDesc.Render(e.desc)
		r := i % rows
		if i/rows < cols-1 {
			cell = fitLine(cell, colW)
		}
		out[r] += cell
	}
	return out
}
