package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// learnLayout places the lesson screen's panes.
type learnLayout struct {
	tooSmall       bool
	leftW, rightW  int
	bodyH          int
	checkH         int
	textW          int
	gridH, logH    int
	consoleH, help int
}

// computeLearnLayout splits a width × height terminal: lesson text and goals
// on the left, the live cluster on the right, the console and help below.
func computeLearnLayout(width, height, checkWant, gridWant int) learnLayout {
	l := learnLayout{consoleH: consoleSmall, help: helpLines}
	if width < MinWidth || height < MinHeight {
		l.tooSmall = true
		return l
	}
	l.leftW = max(width*45/100, 34)
	l.rightW = width - l.leftW - 1
	l.textW = l.leftW
	l.bodyH = height - 1 - l.consoleH - l.help
	l.checkH = min(checkWant, l.bodyH/2)
	room := l.bodyH - 2 // the metrics bar
	l.gridH = min(gridWant, room)
	if left := room - l.gridH; left >= minPanelLines+1 {
		l.logH = left
	} else {
		l.gridH = room
	}
	return l
}

// resize recomputes the layout and sizes the panes.
func (m *Learn) resize() {
	rightW := max(m.width-max(m.width*45/100, 34)-1, 1)
	m.learnLayout = computeLearnLayout(m.width, m.height, 0, m.grid.Want(rightW))
	l := m.learnLayout
	if l.tooSmall {
		return
	}
	m.metrics.SetSize(l.rightW, 2)
	m.grid.SetSize(l.rightW, l.gridH)
	m.log.SetSize(l.rightW, max(l.logH-1, 0))
	m.console.SetSize(m.width, l.consoleH)
	m.help.SetWidth(m.width)
}

// View implements tea.Model.
func (m Learn) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.WindowTitle = textLearnTitle
	return v
}

// Render draws the whole screen at exactly the terminal's size.
func (m Learn) Render() string {
	if m.width < MinWidth || m.height < MinHeight {
		return fitLine(fmt.Sprintf(textTooSmall, MinWidth, MinHeight, m.width, m.height), max(m.width, 1))
	}
	if m.screen == screenList {
		return m.renderList()
	}
	return m.renderLesson()
}

func (m Learn) renderList() string {
	var lines []string
	lines = append(lines, m.styles.Title.Render(textLearnTitle)+" · "+textLearnListHead, "")
	p := m.cfg.Progress
	for i, l := range m.cfg.Lessons {
		mark := textLearnTodo
		switch {
		case p.IsDone(l.ID):
			mark = textLearnDone
		case l.ID == p.Current:
			mark = textLearnCurrent
		}
		status := ""
		if p.IsDone(l.ID) {
			status = textLearnStatusDone
		}
		pointer := "  "
		row := fmt.Sprintf("%s %2d  %-*s %s", mark, i+1, max(m.width-16, 10), l.Title, status)
		if i == m.cursor {
			pointer = "› "
			row = m.styles.Bold.Render(row)
		}
		lines = append(lines, pointer+row)
	}
	body := fitBlock(strings.Join(lines, "\n"), m.width, m.height-2)
	status := m.status
	if m.saveErr != nil {
		status = fmt.Sprintf(textLearnSaveErr, m.saveErr)
	}
	return body + "\n" + fitLine(m.styles.Error.Render(status), m.width) + "\n" + fitLine(m.styles.Faint.Render(textLearnListHelp), m.width)
}

func (m Learn) renderLesson() string {
	l := m.learnLayout
	lesson := m.lesson()
	head := fmt.Sprintf(textLearnLesson, m.current+1, len(m.cfg.Lessons), lesson.Title)
	stage := ""
	if m.run != nil {
		st := m.lastStatus
		if st.Done {
			stage = textLearnDone + " " + textLearnStatusDone
		} else {
			stage = fmt.Sprintf(textLearnStage, st.Stage+1, st.Total, lesson.Stages[st.Stage].Name)
		}
	}
	header := m.styles.Title.Render(head)
	if w := m.width - lipgloss.Width(header) - 2; w > 8 {
		header += "  " + fitLine(m.styles.Faint.Render(stage), w)
	}

	check := m.checklist(l.leftW)
	checkH := min(len(check), max(l.bodyH-4, 0))
	left := m.textView(l.textW, l.bodyH-checkH) + "\n" + fitBlock(strings.Join(check, "\n"), l.leftW, checkH)
	left = fitBlock(left, l.leftW, l.bodyH)

	var right string
	if m.driver == nil {
		msg := ""
		if m.startErr != nil {
			msg = m.styles.Error.Render(fmt.Sprintf(textLearnStartErr, m.startErr))
		}
		right = fitBlock(lipgloss.Wrap(msg, l.rightW, " "), l.rightW, l.bodyH)
	} else if m.console.Overflows() {
		right = rule(m.styles, textOutputTitle, textOutputHint, l.rightW) + "\n" + m.console.OutputView(l.rightW, l.bodyH-1)
	} else {
		parts := []string{m.metrics.View(), m.grid.ViewSized(l.rightW, l.gridH)}
		if l.logH > 0 {
			parts = append(parts, rule(m.styles, textLogTitle, "", l.rightW)+"\n"+m.log.View())
		}
		right = fitBlock(strings.Join(parts, "\n"), l.rightW, l.bodyH)
	}
	sep := fitBlock(strings.Repeat("│\n", l.bodyH), 1, l.bodyH)
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, m.styles.Faint.Render(sep), right)
	helpLine := m.help.View(m.keys)
	if m.saveErr != nil {
		helpLine = m.styles.Error.Render(fmt.Sprintf(textLearnSaveErr, m.saveErr))
	}
	return fitBlock(strings.Join([]string{fitLine(header, m.width), body, m.console.View(), fitLine(helpLine, m.width)}, "\n"), m.width, m.height)
}

// textView is the rendered lesson text, scrolled, in w × h.
func (m Learn) textView(w, h int) string {
	if h <= 0 {
		return ""
	}
	text, ok := m.rendered[renderKey{id: m.lesson().ID, width: w, dark: m.isDark}]
	if !ok {
		text = m.styles.Faint.Render(textLearnRendering)
	}
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	scroll := min(m.textScroll, max(len(lines)-h, 0))
	lines = lines[scroll:]
	if len(lines) > h && h > 1 {
		lines = append(lines[:h-1:h-1], m.styles.Faint.Render(fmt.Sprintf("  ↓ %s", textLearnMoreText)))
	}
	return fitBlock(strings.Join(lines, "\n"), w, h)
}

// checklist is the goal list of the open lesson, with hints and the solution.
func (m Learn) checklist(w int) []string {
	if m.screen != screenLesson || m.run == nil {
		return nil
	}
	lesson := m.lesson()
	st := m.lastStatus
	lines := []string{rule(m.styles, textLearnChecklist, "", w)}
	for i, s := range lesson.Stages {
		switch {
		case i < st.Stage:
			lines = append(lines, m.styles.Agrees.Render(fmt.Sprintf(textLearnStageDone, s.Name)))
		case i == st.Stage:
			lines = append(lines, m.styles.Bold.Render(fmt.Sprintf(textLearnStage, i+1, st.Total, s.Name)))
			for _, g := range st.Goals {
				mark, style := textLearnGoalFails, m.styles.IsMissing
				if g.Holds {
					mark, style = textLearnGoalHolds, m.styles.Agrees
				}
				lines = append(lines, fitLine(style.Render(" "+mark+" "+g.Goal.Text)+m.styles.Faint.Render("  "+fmt.Sprintf(textLearnGoalValue, g.Value)), w))
			}
		default:
			lines = append(lines, m.styles.Faint.Render(fmt.Sprintf(textLearnStageTodo, s.Name)))
		}
	}
	if st.Restarted != "" && !st.Done {
		lines = append(lines, wrap(m.styles.Faint, fmt.Sprintf(textLearnRestarted, st.Restarted), w)...)
	}
	if st.Done {
		done := textLearnFinished
		if m.current+1 >= len(m.cfg.Lessons) {
			done = textLearnFinishedEnd
		}
		lines = append(lines, wrap(m.styles.Title, done, w)...)
	}
	for i := 0; i < m.hints; i++ {
		lines = append(lines, wrap(m.styles.Value, fmt.Sprintf(textLearnHint, i+1, len(lesson.Hints), lesson.Hints[i]), w)...)
	}
	if m.confirmSol {
		lines = append(lines, wrap(m.styles.Error, textLearnSolConfirm, w)...)
	}
	if m.showSol {
		lines = append(lines, m.styles.Bold.Render(textLearnSolution))
		for _, s := range lesson.Solution {
			lines = append(lines, fitLine("  "+s.Text, w))
		}
	}
	return lines
}

// wrap renders s in style, wrapped to w cells, as lines.
func wrap(style lipgloss.Style, s string, w int) []string {
	var out []string
	for _, l := range strings.Split(lipgloss.Wrap(s, w, " "), "\n") {
		out = append(out, style.Render(l))
	}
	return out
}
