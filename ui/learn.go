package ui

import (
	"fmt"
	"maps"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// LearnConfig is what the lesson track screen needs from its caller.
type LearnConfig struct {
	Lessons  []*lessons.Lesson
	Progress *lessons.Progress
	// Save writes the progress; it runs in a Cmd, on a copy.
	Save func(*lessons.Progress) error
	// NewCluster starts a fresh cluster for a lesson.
	NewCluster func(seed uint64) (sim.Cluster, error)
	// Seed picks the seed of each lesson's cluster (nil: always 1).
	Seed func() uint64
	// Warning is shown on the list (such as a progress file kept aside).
	Warning string
	// Now stamps finished lessons (nil: time.Now).
	Now func() time.Time
}

// learnScreen is which screen the track shows.
type learnScreen uint8

const (
	screenList learnScreen = iota
	screenLesson
)

// Learn is the root model of `workerlab learn`: the list of lessons, and one
// lesson beside the live cluster with its goals ticking as events run.
type Learn struct {
	cfg    LearnConfig
	keys   LearnKeyMap
	ckeys  KeyMap // the console's keys
	styles *Styles
	help   help.Model
	isDark bool

	screen  learnScreen
	cursor  int // chosen lesson in the list
	current int // open lesson
	status  string

	run     *lessons.Run
	driver  *Driver
	grid    Grid
	log     TrafficLog
	metrics MetricsBar
	console Console

	hints       int  // hints revealed in the open lesson
	confirmSol  bool // waiting for y to show the solution
	showSol     bool
	textScroll  int
	rendered    map[renderKey]string
	width       int
	height      int
	lastStatus  lessons.Status
	startErr    error
	saveErr     error
	quitting    bool
	learnLayout learnLayout
}

// renderKey identifies one glamour rendering of a lesson text.
type renderKey struct {
	id    string
	width int
	dark  bool
}

// lessonRenderedMsg carries a lesson text rendered in a Cmd.
type lessonRenderedMsg struct {
	key  renderKey
	text string
	err  error
}

// progressSavedMsg reports the result of saving progress.
type progressSavedMsg struct{ err error }

// NewLearn returns the lesson track screen showing the list, with the cursor
// on the first lesson not done.
func NewLearn(cfg LearnConfig) Learn {
	if cfg.Progress == nil {
		cfg.Progress = lessons.NewProgress()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st := NewStyles(true)
	m := Learn{
		cfg:      cfg,
		keys:     DefaultLearnKeyMap(),
		ckeys:    DefaultKeyMap(),
		styles:   st,
		help:     help.New(),
		isDark:   true,
		rendered: map[renderKey]string{},
		width:    MinWidth,
		height:   MinHeight,
		status:   cfg.Warning,
	}
	m.grid = NewGrid(st)
	m.log = NewTrafficLog(st)
	m.metrics = NewMetricsBar(st)
	m.console = NewConsole(st, m.ckeys, simComplete)
	m.cursor = m.firstTodo()
	m.resize()
	return m
}

// firstTodo is the index of the last opened lesson when it is not done, else
// of the first lesson not done (0 when all are).
func (m Learn) firstTodo() int {
	for i, l := range m.cfg.Lessons {
		if l.ID == m.cfg.Progress.Current && !m.cfg.Progress.IsDone(l.ID) {
			return i
		}
	}
	for i, l := range m.cfg.Lessons {
		if !m.cfg.Progress.IsDone(l.ID) {
			return i
		}
	}
	return 0
}

// Init implements tea.Model.
func (m Learn) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Close releases the open lesson's cluster.
func (m Learn) Close() {
	if m.driver != nil {
		m.driver.Cluster().Close()
	}
}

// Progress returns the progress record the screen updates.
func (m Learn) Progress() *lessons.Progress { return m.cfg.Progress }

// Update implements tea.Model.
func (m Learn) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, m.renderCmd()
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.setStyles(NewStyles(m.isDark))
		return m, m.renderCmd()
	case lessonRenderedMsg:
		if msg.err != nil {
			m.rendered[msg.key] = lessonMarkdown(m.lessonByID(msg.key.id))
		} else {
			m.rendered[msg.key] = msg.text
		}
		return m, nil
	case progressSavedMsg:
		m.saveErr = msg.err
		return m, nil
	case tickMsg:
		if m.driver == nil {
			return m, nil
		}
		cmd, changed := m.driver.Update(msg)
		if changed {
			return m, tea.Batch(cmd, m.observe())
		}
		return m, cmd
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return m, m.console.Forward(msg) // pastes and cursor blinks go to the console
}

func (m Learn) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(k, m.keys.ForceQuit) {
		m.quitting = true
		return m, tea.Quit
	}
	if m.screen == screenList {
		return m.listKey(k)
	}
	if m.confirmSol {
		m.confirmSol = false
		if k.String() == "y" {
			m.showSol = true
			m.cfg.Progress.MarkSolution(m.lesson().ID)
			return m, m.saveCmd()
		}
		return m, nil
	}
	if m.console.Focused() {
		if key.Matches(k, m.ckeys.Leave) {
			m.console.Blur()
			return m, nil
		}
		cmd, line, ok := m.console.Update(k)
		if !ok {
			return m, cmd
		}
		out, dcmd, err := m.driver.Exec(line)
		m.console.SetResult(out, err)
		return m, tea.Batch(cmd, dcmd, m.observe())
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Back):
		m.closeLesson()
		m.screen = screenList
		return m, nil
	case key.Matches(k, m.keys.Console):
		return m, m.console.Focus()
	case key.Matches(k, m.keys.Hint):
		l := m.lesson()
		if m.hints < len(l.Hints) {
			m.hints++
			m.cfg.Progress.MarkHints(l.ID, m.hints)
			return m, m.saveCmd()
		}
	case key.Matches(k, m.keys.Solution):
		m.confirmSol = true
	case key.Matches(k, m.keys.Next):
		if m.current+1 < len(m.cfg.Lessons) {
			return m.open(m.current + 1)
		}
	case key.Matches(k, m.keys.Prev):
		if m.current > 0 {
			return m.open(m.current - 1)
		}
	case key.Matches(k, m.keys.Pause):
		line := "pause"
		if m.driver.Snapshot().Settings.Paused {
			line = "resume"
		}
		out, cmd, err := m.driver.Exec(line)
		m.console.SetResult(out, err)
		m.refresh()
		return m, cmd
	case key.Matches(k, m.keys.TextUp):
		m.textScroll = max(m.textScroll-max(m.learnLayout.bodyH/2, 1), 0)
	case key.Matches(k, m.keys.TextDown):
		m.textScroll += max(m.learnLayout.bodyH/2, 1)
	}
	return m, nil
}

func (m Learn) listKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.keys.Quit, m.keys.Back):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, m.keys.Down):
		m.cursor = min(m.cursor+1, len(m.cfg.Lessons)-1)
	case key.Matches(k, m.keys.Open):
		if len(m.cfg.Lessons) > 0 {
			return m.open(m.cursor)
		}
	}
	return m, nil
}

// open starts lesson i on a fresh cluster.
func (m Learn) open(i int) (tea.Model, tea.Cmd) {
	m.closeLesson()
	m.screen = screenLesson
	m.current, m.cursor = i, i
	l := m.cfg.Lessons[i]
	m.hints = 0
	m.confirmSol, m.showSol = false, false
	m.textScroll = 0
	m.startErr = nil
	m.grid = NewGrid(m.styles)
	m.log = NewTrafficLog(m.styles)
	m.metrics = NewMetricsBar(m.styles)
	m.console.SetResult("", nil)
	m.console.SetResult(fmt.Sprintf(textLearnLesson, i+1, len(m.cfg.Lessons), l.Title), nil)
	m.cfg.Progress.Current = l.ID
	seed := uint64(1)
	if m.cfg.Seed != nil {
		seed = m.cfg.Seed()
	}
	c, err := m.cfg.NewCluster(seed)
	if err == nil {
		m.run, err = lessons.Start(l, c)
		if err != nil {
			c.Close()
		} else {
			m.driver = NewDriver(c)
		}
	}
	if err != nil {
		m.startErr = err
		m.run, m.driver = nil, nil
		m.resize()
		return m, tea.Batch(m.renderCmd(), m.saveCmd())
	}
	m.lastStatus = m.run.Status()
	m.refresh()
	m.resize()
	return m, tea.Batch(m.renderCmd(), m.driver.Init(), m.saveCmd())
}

func (m *Learn) closeLesson() {
	if m.driver != nil {
		m.driver.Cluster().Close()
	}
	m.driver, m.run = nil, nil
	m.console.Blur()
}

// observe hands the new snapshot to the panes and checks the lesson's goals;
// a completed stage or lesson is saved.
func (m *Learn) observe() tea.Cmd {
	if m.run == nil {
		return nil
	}
	m.refresh()
	snap := m.driver.Snapshot()
	wasDone := m.run.Done()
	st := m.run.Observe(&snap)
	m.lastStatus = st
	if len(st.Completed) == 0 {
		return nil
	}
	id := m.lesson().ID
	m.cfg.Progress.MarkStage(id, st.Stage)
	if st.Done && !wasDone {
		m.cfg.Progress.MarkDone(id, m.cfg.Now())
	}
	return m.saveCmd()
}

// refresh hands the driver's snapshot and events to the panes.
func (m *Learn) refresh() {
	if m.driver == nil {
		return
	}
	s := m.driver.Snapshot()
	m.grid.SetSnapshot(s)
	m.metrics.SetSnapshot(s)
	m.console.SetRedisAddr(s.RedisAddr)
	m.log.Append(m.driver.TakeEvents())
}

// saveCmd saves a copy of the progress in a Cmd.
func (m Learn) saveCmd() tea.Cmd {
	if m.cfg.Save == nil {
		return nil
	}
	p := *m.cfg.Progress
	p.Lessons = maps.Clone(m.cfg.Progress.Lessons)
	save := m.cfg.Save
	return func() tea.Msg { return progressSavedMsg{err: save(&p)} }
}

func (m Learn) lesson() *lessons.Lesson { return m.cfg.Lessons[m.current] }

func (m Learn) lessonByID(id string) *lessons.Lesson {
	for _, l := range m.cfg.Lessons {
		if l.ID == id {
			return l
		}
	}
	return m.lesson()
}

// lessonMarkdown is the text shown for a lesson: its body, then its Django code.
func lessonMarkdown(l *lessons.Lesson) string {
	md := l.Body
	if l.Django != "" {
		md += "\n\n## " + textLearnDjangoHead + "\n\n```python\n" + l.Django + "\n```\n"
	}
	return md
}

// renderCmd renders the open lesson's text at the text pane's width, unless
// that rendering is cached.
func (m Learn) renderCmd() tea.Cmd {
	if m.screen != screenLesson || m.learnLayout.textW <= 0 {
		return nil
	}
	l := m.lesson()
	k := renderKey{id: l.ID, width: m.learnLayout.textW, dark: m.isDark}
	if _, ok := m.rendered[k]; ok {
		return nil
	}
	md := lessonMarkdown(l)
	return func() tea.Msg {
		text, err := renderMarkdown(md, k.width, k.dark)
		return lessonRenderedMsg{key: k, text: text, err: err}
	}
}

// renderMarkdown renders md with glamour, wrapped to width cells.
func renderMarkdown(md string, width int, dark bool) (string, error) {
	style := "dark"
	if !dark {
		style = "light"
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return "", fmt.Errorf("creating the markdown renderer: %w", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("rendering the lesson text: %w", err)
	}
	return out, nil
}

func (m *Learn) setStyles(st *Styles) {
	m.styles = st
	m.grid.SetStyles(st)
	m.log.SetStyles(st)
	m.metrics.SetStyles(st)
	m.console.SetStyles(st)
	m.help.Styles = help.DefaultStyles(m.isDark)
}
