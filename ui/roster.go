package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// RosterStudent is one student as the teacher's roster shows them.
type RosterStudent struct {
	Name        string // the SSH user name
	Key         string // the start of their key's fingerprint ("" without a key)
	Connected   bool
	Watching    bool      // their cluster's clock runs (they are looking)
	LastInput   time.Time // their last key
	Ended       string    // why their last session ended, once it has
	Lesson      string    // title of the lesson last opened ("" on the list)
	LessonIndex int       // its position in the track (1-based)
	Stage       int       // stages done in that lesson
	Stages      int       // stages it has
	Hints       int       // hints opened in it
	Done        int       // lessons done
}

// RosterConfig is what the teacher's roster screen needs.
type RosterConfig struct {
	// Students returns the roster now; Changes receives a value whenever
	// it changed.
	Students func() []RosterStudent
	Changes  <-chan struct{}
	Join     string // the command students type, e.g. ssh -p 2222 10.0.0.5
	HostKey  string // the server's key fingerprint, for students to check
	Max      int    // the most sessions at once
	ASCII    bool
	Now      func() time.Time // nil: time.Now
}

// Roster is the root model of `workerlab classroom` on the teacher's
// terminal: who is connected, which lesson and stage each is at, how many
// hints each opened. q asks before it stops the class.
type Roster struct {
	bench
	cfg           RosterConfig
	students      []RosterStudent
	width, height int
	scroll        int
	confirmStop   bool
	showHelp      bool
}

// rosterChangedMsg says the roster changed.
type rosterChangedMsg struct{}

// rosterClockMsg redraws the idle times once a second.
type rosterClockMsg struct{}

// NewRoster returns the roster screen for cfg.
func NewRoster(cfg RosterConfig) Roster {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m := Roster{bench: newBench(), cfg: cfg, width: minWidth, height: minHeight}
	m.ascii = cfg.ASCII
	m.students = cfg.Students()
	return m
}

// Init implements tea.Model.
func (m Roster) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.waitChange(), rosterClock())
}

// waitChange waits for the next change of the roster.
func (m Roster) waitChange() tea.Cmd {
	ch := m.cfg.Changes
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return rosterChangedMsg{}
	}
}

func rosterClock() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return rosterClockMsg{} })
}

// Update implements tea.Model.
func (m Roster) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m, nil
	case rosterChangedMsg:
		m.students = m.cfg.Students()
		return m, m.waitChange()
	case rosterClockMsg:
		return m, rosterClock()
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m Roster) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	keys := m.keys
	switch {
	case key.Matches(k, keys.ForceQuit):
		return m, tea.Quit
	case m.confirmStop:
		m.confirmStop = false
		if key.Matches(k, keys.Yes) {
			return m, tea.Quit
		}
	case m.showHelp:
		if key.Matches(k, keys.Help, keys.Leave) {
			m.showHelp = false
		}
	case key.Matches(k, keys.Quit):
		m.confirmStop = true
	case key.Matches(k, keys.Help):
		m.showHelp = true
	case key.Matches(k, keys.ListUp):
		m.scroll = max(m.scroll-1, 0)
	case key.Matches(k, keys.ListDown):
		m.scroll = min(m.scroll+1, max(len(m.students)-1, 0))
	}
	return m, nil
}

// View implements tea.Model.
func (m Roster) View() tea.View {
	v := tea.NewView(m.finish(m.render()))
	v.AltScreen = true
	v.WindowTitle = textRosterTitle
	return v
}

// render draws the roster at exactly the terminal's size.
func (m Roster) render() string {
	w, h := m.width, m.height
	if w < minWidth || h < minHeight {
		return fitLine(fmt.Sprintf(textTooSmall, minWidth, minHeight, w, h), max(w, 1))
	}
	st := m.styles
	connected, watching := 0, 0
	for _, s := range m.students {
		if s.Connected {
			connected++
		}
		if s.Watching {
			watching++
		}
	}
	head := []string{
		st.Title.Render(textRosterTitle) + " · " + fmt.Sprintf(textRosterCount, connected, m.cfg.Max, watching),
		fmt.Sprintf(textRosterJoin, st.InlineCode.Render(m.cfg.Join)),
		st.Faint.Render(fmt.Sprintf(textRosterHostKey, m.cfg.HostKey)),
	}
	bodyH := h - len(head) - 2
	var body string
	if m.showHelp {
		body = m.helpScreen([][]key.Binding{{m.keys.ListUp, m.keys.ListDown}, {m.keys.Help, shown(m.keys.Quit, "q", textKeyStopClass)}}, w, bodyH)
	} else {
		body = m.table(w, bodyH)
	}
	status := ""
	if m.confirmStop {
		status = st.Error.Render(textRosterConfirm)
	}
	k := m.keys
	foot := m.footer([]key.Binding{shown(k.ListUp, "↑/↓", textKeyScroll)}, []key.Binding{k.Help, shown(k.Quit, "q", textKeyStopClass)}, w)
	return fitBlock(strings.Join(append(head, body, fitLine(status, w), foot), "\n"), w, h)
}

// table lays out one row per student under a header line, h lines in all.
func (m Roster) table(w, h int) string {
	st := m.styles
	if len(m.students) == 0 {
		return fitBlock("\n"+st.Faint.Render(textRosterEmpty), w, h)
	}
	nameW, keyW := len(textRosterColName), len(textRosterColKey)
	for _, s := range m.students {
		nameW = max(nameW, min(lipgloss.Width(s.Name), 16))
		keyW = max(keyW, lipgloss.Width(m.keyText(s)))
	}
	fixed := 2 + nameW + 2 + keyW + 2 + 6 + 2 + 5 + 2 + 4 + 2 + 12
	lessonW := min(max(w-fixed, 12), rosterLessonMax)
	row := func(mark, name, keyText, lesson, stage, hints, done, seen string) string {
		return fmt.Sprintf("%s %-*s  %-*s  %-*s  %-6s  %-5s  %-4s  %s", mark,
			nameW, fitLine(name, nameW), keyW, keyText, lessonW, fitLine(lesson, lessonW), stage, hints, done, seen)
	}
	lines := []string{st.Faint.Render(row(" ", textRosterColName, textRosterColKey, textRosterColLesson,
		textRosterColStage, textRosterColHints, textRosterColDone, textRosterColSeen))}
	start := min(m.scroll, max(len(m.students)-1, 0))
	for _, s := range m.students[start:] {
		lesson, stage := st.Faint.Render(textRosterOnList), ""
		if s.LessonIndex > 0 {
			lesson = fmt.Sprintf("%d %s", s.LessonIndex, s.Lesson)
			stage = fmt.Sprintf("%d/%d", s.Stage, s.Stages)
		}
		line := row(m.mark(s), s.Name, m.keyText(s), lesson, stage, fmt.Sprint(s.Hints), fmt.Sprint(s.Done), m.seen(s))
		if !s.Connected {
			line = st.Faint.Render(ansi.Strip(line))
		}
		lines = append(lines, line)
	}
	return fitBlock(strings.Join(lines, "\n"), w, h)
}

// mark is a student's state: looking at the lab, connected but away, or gone.
func (m Roster) mark(s RosterStudent) string {
	switch {
	case s.Watching:
		return m.styles.Agrees.Render(textRosterWatching)
	case s.Connected:
		return m.styles.IsMissing.Render(textRosterAway)
	}
	return textRosterGone
}

// keyText is a student's key as the roster shows it.
func (Roster) keyText(s RosterStudent) string {
	if s.Key == "" {
		return textRosterNoKey
	}
	return s.Key
}

// seen is how long ago the student last pressed a key, or how their
// session ended.
func (m Roster) seen(s RosterStudent) string {
	if !s.Connected {
		return s.Ended
	}
	if s.LastInput.IsZero() {
		return ""
	}
	d := m.cfg.Now().Sub(s.LastInput)
	switch {
	case d < time.Minute:
		return fmt.Sprintf(textRosterSeenSec, int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf(textRosterSeenMin, int(d.Minutes()))
	}
	return fmt.Sprintf(textRosterSeenHour, int(d.Hours()))
}

// rosterLessonMax is the widest the lesson column grows.
const rosterLessonMax = 48
