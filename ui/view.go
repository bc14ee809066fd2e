package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View implements tea.Model. Terminal modes are set on every return path.
func (m Sandbox) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = textTitle
	return v
}

// Render draws the whole screen: exactly the terminal's size, or one line
// asking for a larger terminal.
func (m Sandbox) Render() string {
	l := m.layout
	if l.tooSmall {
		return fitLine(fmt.Sprintf(textTooSmall, MinWidth, MinHeight, m.width, m.height), max(m.width, 1))
	}
	parts := []string{m.metrics.View()}
	middleH := l.console.y - l.grid.y
	switch {
	case m.showHelp:
		parts = append(parts, m.helpScreen(m.width, middleH))
	case l.wide:
		top := lipgloss.JoinHorizontal(lipgloss.Top,
			m.grid.ViewSized(l.grid.w, l.grid.h), " ",
			rule(m.styles, textDjangoTitle, "", l.django.w)+"\n"+m.django.View())
		parts = append(parts, top,
			rule(m.styles, textLogTitle, "", l.log.w)+"\n"+m.log.View())
	default:
		parts = append(parts, m.grid.ViewSized(l.grid.w, l.grid.h), m.tabBar(l.log.w))
		if m.tab == tabDjango {
			parts = append(parts, m.django.View())
		} else {
			parts = append(parts, m.log.View())
		}
	}
	parts = append(parts, m.console.View(), fitLine(m.help.View(m.keys), l.help.w))
	return fitBlock(strings.Join(parts, "\n"), m.width, m.height)
}

// tabBar is the title line of the small layout's tabbed panel.
func (m Sandbox) tabBar(w int) string {
	log, dj := m.styles.TabOff.Render(textTabLog), m.styles.TabOff.Render(textTabDjango)
	if m.tab == tabDjango {
		dj = m.styles.TabOn.Render("[" + textTabDjango + "]")
	} else {
		log = m.styles.TabOn.Render("[" + textTabLog + "]")
	}
	return rule(m.styles, log+" "+dj, textTabHint, w)
}

// rule draws a title line: ── title ─────── note ──.
func rule(st *Styles, title, note string, w int) string {
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

// helpScreen draws the key bindings and the command language in w × h.
func (m Sandbox) helpScreen(w, h int) string {
	hm := m.help
	hm.ShowAll = true
	hm.SetWidth(w)
	lines := []string{
		rule(m.styles, textHelpTitle, textHelpClose, w),
		hm.FullHelpView(m.keys.FullHelp()),
		"",
		rule(m.styles, textHelpCommands, "", w),
	}
	if cmds := strings.TrimRight(simHelp(), "\n"); cmds != "" {
		lines = append(lines, twoColumns(strings.Split(cmds, "\n"), w)...)
	}
	return fitBlock(strings.Join(lines, "\n"), w, h)
}

// twoColumns lays lines out in two columns when they fit, else one.
func twoColumns(lines []string, w int) []string {
	widest := 0
	for _, l := range lines {
		widest = max(widest, lipgloss.Width(l))
	}
	if widest*2+2 > w || len(lines) < 2 {
		return lines
	}
	half := (len(lines) + 1) / 2
	out := make([]string, half)
	for i := range half {
		out[i] = fitLine(lines[i], widest+2)
		if j := i + half; j < len(lines) {
			out[i] += lines[j]
		}
	}
	return out
}
