package classroom

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/ui"
)

// idleCheckMsg asks the student model to look at how long the student has
// been away.
type idleCheckMsg struct{}

// kickMsg ends a session from outside (the same student connected again, or
// the server stops).
type kickMsg struct{ why, note string }

// studentModel wraps a student's lesson screen. It holds the cluster's
// clock while the student is away (the terminal lost focus, or no key for
// IdlePause), closes the session after IdleTimeout without input, and turns
// a panic into the end of this session only.
type studentModel struct {
	inner     tea.Model
	s         *session
	focused   bool
	idle      bool
	lastInput time.Time
	reported  time.Time // the last input time the roster was told
	held      tea.Msg   // the animation tick held while the clock is stopped
	crashed   bool
}

// newStudentModel wraps inner for session s.
func newStudentModel(inner tea.Model, s *session) studentModel {
	now := time.Now()
	return studentModel{inner: inner, s: s, focused: true, lastInput: now, reported: now}
}

// watching reports whether the student is looking at the lab.
func (m studentModel) watching() bool { return m.focused && !m.idle }

// Init implements tea.Model.
func (m studentModel) Init() tea.Cmd {
	return tea.Batch(guardCmd(m.inner.Init()), m.idleCheck())
}

// idleCheck looks at the student's idleness again a few times per pause.
func (m studentModel) idleCheck() tea.Cmd {
	every := min(m.s.srv.cfg.IdlePause, m.s.srv.cfg.IdleTimeout) / 4
	every = min(max(every, 10*time.Millisecond), 15*time.Second)
	return tea.Tick(every, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// Update implements tea.Model.
func (m studentModel) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	if m.crashed {
		return m, nil
	}
	defer func() {
		if r := recover(); r != nil {
			res, cmd = m.crash(r, debug.Stack())
		}
	}()
	wasWatching := m.watching()
	switch msg := msg.(type) {
	case kickMsg:
		m.s.setEnd(msg.why, msg.note)
		return m, tea.Quit
	case panicMsg:
		return m.crash(msg.value, msg.stack)
	case idleCheckMsg:
		away := time.Since(m.lastInput)
		if away >= m.s.srv.cfg.IdleTimeout {
			m.s.setEnd(endIdle, fmt.Sprintf(textIdleClosed, roundDur(away)))
			return m, tea.Quit
		}
		if away >= m.s.srv.cfg.IdlePause {
			m.idle = true
		}
		m.report(wasWatching)
		return m, m.idleCheck()
	case tea.FocusMsg:
		m.focused = true
	case tea.BlurMsg:
		m.focused = false
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
		m.lastInput = time.Now()
		m.idle = false
	}
	if ui.IsTick(msg) && !m.watching() {
		m.held = msg // the clock stops; the tick is handed back when the student returns
		m.report(wasWatching)
		return m, nil
	}
	var release tea.Cmd
	if m.held != nil && m.watching() {
		held := m.held
		m.held = nil
		release = func() tea.Msg { return held }
	}
	inner, icmd := m.inner.Update(msg)
	m.inner = inner
	m.s.keep(inner)
	m.s.progressed(inner)
	m.report(wasWatching)
	return m, tea.Batch(guardCmd(icmd), release)
}

// report tells the roster when the student started or stopped watching, and
// their last input at most once a second.
func (m *studentModel) report(wasWatching bool) {
	if m.watching() == wasWatching && m.lastInput.Sub(m.reported) < time.Second {
		return
	}
	m.reported = m.lastInput
	m.s.srv.roster.activity(m.s.key, m.lastInput, m.watching())
}

// crash ends the session after a panic in the lesson screen, logging it for
// the teacher.
func (m studentModel) crash(value any, stack []byte) (studentModel, tea.Cmd) {
	m.crashed = true
	m.s.srv.logf("session of %s stopped on a panic: %v\n%s", m.s.id.Short(), value, stack)
	m.s.setEnd(endCrashed, textCrashed)
	return m, tea.Quit
}

// View implements tea.Model: the lesson screen, asking the terminal to
// report focus, with a notice on the last line while the clock is stopped
// for idleness.
func (m studentModel) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			v = tea.NewView(textCrashed)
		}
	}()
	if m.crashed {
		return tea.NewView(textCrashed)
	}
	v = m.inner.View()
	v.ReportFocus = true
	if m.idle {
		lines := strings.Split(v.Content, "\n")
		w := lipgloss.Width(lines[len(lines)-1])
		note := fmt.Sprintf(textIdleNotice, roundDur(m.s.srv.cfg.IdlePause))
		lines[len(lines)-1] = lipgloss.NewStyle().Reverse(true).Width(w).MaxWidth(w).Render(note)
		v.Content = strings.Join(lines, "\n")
	}
	return v
}

// roundDur shows a duration in whole seconds or minutes.
func roundDur(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
}
