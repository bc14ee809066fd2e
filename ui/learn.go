package ui

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	// NewLiveCluster starts real worker processes for a lesson in live mode
	// (nil: such a lesson says it cannot run here). The caller chooses the
	// implementation, so ui never imports the live package.
	NewLiveCluster func() (sim.Cluster, error)
	// Seed picks the seed of each lesson's cluster (nil: always 1).
	Seed func() uint64
	// Warning is shown on the list (such as a progress file kept aside).
	Warning string
	// Now stamps finished lessons (nil: time.Now).
	Now func() time.Time
	// ASCII draws the screens in ASCII, for a terminal that cannot draw
	// ✓ ✗ ∅ and box lines.
	ASCII bool
	// Frame is the wall time between two frames of a lesson's cluster (0:
	// 50 ms, twenty a second). Each frame moves virtual time by Frame ×
	// speed, so the speed stays the same; the classroom draws ten a second
	// to halve each session's CPU and traffic.
	Frame time.Duration
	// Open is the id of a lesson to open at once ("": start on the list).
	Open string
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
	bench
	cfg LearnConfig

	width, height int
	layout        learnLayout
	screen        learnScreen
	cursor        int // chosen lesson in the list
	current       int // open lesson
	status        string
	showHelp      bool
	showCode      bool // tab: the lesson's Django code across the body
	codeScroll    int
	showRecap     bool // the recap of the track, after a lesson that has one
	recapScroll   int
	quitting      bool

	run        *lessons.Run
	lastStatus lessons.Status
	restarted  string // why the current stage last started counting again
	startErr   error
	saveErr    error

	hints      int  // hints revealed in the open lesson
	confirmSol bool // waiting for y to show the solution
	showSol    bool
	notes      []note // what the learner asked for, in the order asked
	doc        lessonDoc
	textScroll int
	renders    renderCache
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
	m := Learn{
		bench:   newBench(),
		cfg:     cfg,
		width:   minWidth,
		height:  minHeight,
		status:  cfg.Warning,
		renders: newRenderCache(renderCacheSize),
	}
	m.ascii = cfg.ASCII
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

// openLessonMsg opens the lesson at index i of the track.
type openLessonMsg struct{ i int }

// Init implements tea.Model.
func (m Learn) Init() tea.Cmd {
	for i, l := range m.cfg.Lessons {
		if l.ID == m.cfg.Open {
			return tea.Batch(tea.RequestBackgroundColor, func() tea.Msg { return openLessonMsg{i} })
		}
	}
	return tea.RequestBackgroundColor
}

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
	case openLessonMsg:
		return m.open(msg.i)
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		m.buildDoc()
		return m, m.renderCmd()
	case lessonRenderedMsg:
		text := msg.text
		if msg.err != nil {
			text = m.rawText(msg.key.id) // readable, if not pretty
		}
		m.renders.put(msg.key, text)
		m.buildDoc()
		return m, nil
	case progressSavedMsg:
		m.saveErr = msg.err
		return m, nil
	case tickMsg:
		cmd, changed := m.tick(msg)
		if changed {
			return m, tea.Batch(cmd, m.observe())
		}
		return m, cmd
	case execDoneMsg:
		cmd := m.execDone(msg)
		return m, tea.Batch(cmd, m.observe())
	case sweepProgressMsg, sweepDoneMsg:
		return m, m.sweepMsg(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		m.wheel(msg.Mouse().Button)
		return m, nil
	}
	return m, m.console.Forward(msg) // pastes and cursor blinks go to the console
}

// wheel scrolls the console's output while it is open, else the lesson text.
func (m *Learn) wheel(b tea.MouseButton) {
	m.scrollWheel(b, func(dir int) { m.scrollText(dir * 3) })
}

func (m Learn) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if taken, quit := m.firstKey(k, &m.showHelp); taken {
		if quit {
			m.quitting = true
			return m, tea.Quit
		}
		return m, nil
	}
	if m.screen == screenList {
		return m.listKey(k)
	}
	if m.showCode {
		return m.codeKey(k)
	}
	if m.showRecap {
		return m.onRecapKey(k)
	}
	if m.confirmSol {
		m.confirmSol = false
		m.dropNote(noteConfirm)
		if key.Matches(k, m.keys.Yes) {
			m.showSol = true
			m.cfg.Progress.MarkSolution(m.lesson().ID)
			m.addNote(note{kind: noteSolution})
			return m, m.saveCmd()
		}
		m.buildDoc()
		return m, nil
	}
	if m.console.Focused() {
		cmd, ran := m.consoleKey(k)
		if ran && m.driver != nil && !m.snap().Live {
			return m, tea.Batch(cmd, m.checked()) // Run.Exec checked the goals
		}
		return m, cmd
	}
	if m.driver != nil {
		if cmd, ok := m.timeKey(k); ok {
			return m, tea.Batch(cmd, m.observe())
		}
		if cmd, ok := m.stepsKey(k); ok {
			return m, tea.Batch(cmd, m.observe())
		}
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.Back):
		m.closeLesson()
		m.screen = screenList
	case key.Matches(k, m.keys.Console):
		if m.driver != nil {
			return m, m.console.Focus()
		}
	case key.Matches(k, m.keys.Panel):
		m.showCode, m.codeScroll = true, 0
	case key.Matches(k, m.keys.Hint):
		m.nextHint()
		return m, m.saveCmd()
	case key.Matches(k, m.keys.Solution):
		m.confirmSol = true
		m.addNote(note{kind: noteConfirm})
	case key.Matches(k, m.keys.NextLesson):
		if m.lastStatus.Done && m.lesson().Recap != "" {
			m.showRecap, m.recapScroll = true, 0
			return m, m.renderCmd()
		}
		if m.current+1 < len(m.cfg.Lessons) {
			return m.open(m.current + 1)
		}
	case key.Matches(k, m.keys.PrevLesson):
		if m.current > 0 {
			return m.open(m.current - 1)
		}
	case key.Matches(k, m.keys.TextUp):
		m.scrollText(-m.textPage())
	case key.Matches(k, m.keys.TextDown):
		m.scrollText(+m.textPage())
	case key.Matches(k, m.keys.PageUp):
		m.grid.Page(-1)
	case key.Matches(k, m.keys.PageDown):
		m.grid.Page(+1)
	}
	return m, nil
}

// codeKey handles a key while the Django code covers the body.
func (m Learn) codeKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	page := max(m.layout.bodyH/2, 1)
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Panel, m.keys.Leave):
		m.showCode = false
	case key.Matches(k, m.keys.TextUp):
		m.codeScroll = max(m.codeScroll-page, 0)
	case key.Matches(k, m.keys.TextDown):
		m.codeScroll = min(m.codeScroll+page, max(len(m.codeView())-(m.layout.bodyH-1), 0))
	}
	return m, nil
}

// onRecapKey handles a key while the recap covers the body: n goes on to the
// next lesson, esc returns to the lesson.
func (m Learn) onRecapKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	page := max(m.layout.bodyH/2, 1)
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Leave):
		m.showRecap = false
	case key.Matches(k, m.keys.NextLesson):
		m.showRecap = false
		if m.current+1 < len(m.cfg.Lessons) {
			return m.open(m.current + 1)
		}
	case key.Matches(k, m.keys.TextUp):
		m.recapScroll = max(m.recapScroll-page, 0)
	case key.Matches(k, m.keys.TextDown):
		m.recapScroll = min(m.recapScroll+page, max(len(m.recapLines())-(m.layout.bodyH-1), 0))
	}
	return m, nil
}

func (m Learn) listKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.keys.Quit, m.keys.Back):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.ListUp):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, m.keys.ListDown):
		m.cursor = min(m.cursor+1, len(m.cfg.Lessons)-1)
	case key.Matches(k, m.keys.Open):
		if len(m.cfg.Lessons) > 0 {
			return m.open(m.cursor)
		}
	}
	return m, nil
}

// nextHint reveals the next hint, or says there are no more.
func (m *Learn) nextHint() {
	l := m.lesson()
	if m.hints >= len(l.Hints) {
		m.addNote(note{kind: noteNoMoreHints})
		return
	}
	m.hints++
	m.cfg.Progress.MarkHints(l.ID, m.hints)
	m.addNote(note{kind: noteHint, hint: m.hints - 1})
}

// open starts lesson i on a fresh cluster. A lesson begun before resumes
// at the stage reached, with the hints already revealed; a lesson done
// before starts afresh.
func (m Learn) open(i int) (tea.Model, tea.Cmd) {
	m.closeLesson()
	m.screen = screenLesson
	m.current, m.cursor = i, i
	l := m.cfg.Lessons[i]
	lp := m.cfg.Progress.Lessons[l.ID]
	stage := lp.Stage
	if lp.Done {
		stage = 0
	}
	m.hints = min(lp.Hints, len(l.Hints))
	m.confirmSol, m.showSol = false, false
	m.notes = nil
	for h := range m.hints {
		m.notes = append(m.notes, note{kind: noteHint, hint: h})
	}
	m.textScroll = 0
	m.startErr = nil
	m.restarted = ""
	m.console.Clear()
	if stage > 0 && stage < len(l.Stages) {
		m.console.SetResult(fmt.Sprintf(textLearnResumed, stage+1, len(l.Stages)), nil)
	}
	m.cfg.Progress.Current = l.ID
	seed := uint64(1)
	if m.cfg.Seed != nil {
		seed = m.cfg.Seed()
	}
	c, err := m.newCluster(l, seed)
	if err == nil {
		m.run, err = lessons.StartAt(l, c, stage)
		if err != nil {
			c.Close()
		}
	}
	if err != nil {
		m.startErr = err
		m.run = nil
		m.resize()
		return m, tea.Batch(m.renderCmd(), m.saveCmd())
	}
	m.lastStatus = m.run.Status()
	m.attach(c, m.run.Exec)
	if m.cfg.Frame > 0 {
		m.driver.Interval = m.cfg.Frame
	}
	m.grid.SetSelectable(false) // nothing to kill here: the console does it
	m.resize()
	return m, tea.Batch(m.renderCmd(), m.driver.Init(), m.saveCmd())
}

func (m *Learn) closeLesson() {
	m.detach()
	m.run = nil
	m.showHelp, m.showCode, m.showRecap = false, false, false
}

// observe checks the goals on the driver's snapshot (after the cluster ran
// on its own: a tick, a step, a live line) and records what was reached.
func (m *Learn) observe() tea.Cmd {
	if m.run == nil || m.driver == nil {
		return nil
	}
	snap := m.driver.Snapshot()
	return m.record(m.run.Observe(&snap))
}

// checked records the goals as Run.Exec left them after a console line: it
// checked them as the line ran, so they are not checked again.
func (m *Learn) checked() tea.Cmd {
	if m.run == nil {
		return nil
	}
	return m.record(m.run.Status())
}

// record shows st and saves the stage reached or the lesson done.
func (m *Learn) record(st lessons.Status) tea.Cmd {
	m.fitGrid()
	if st.Stage != m.lastStatus.Stage {
		m.restarted = ""
	}
	if st.Restarted != "" {
		m.restarted = st.Restarted
	}
	wasDone := m.lastStatus.Done
	m.lastStatus = st
	m.buildGoals()
	m.scrollText(0)
	id := m.lesson().ID
	p := m.cfg.Progress
	changed := false
	if st.Stage > p.Lessons[id].Stage {
		p.MarkStage(id, st.Stage)
		changed = true
	}
	if st.Done && !wasDone {
		if !p.IsDone(id) {
			p.MarkDone(id, m.cfg.Now())
			changed = true
		}
		m.addNote(note{kind: noteDone})
	}
	if !changed {
		return nil
	}
	return m.saveCmd()
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

// rawText is the Markdown behind a render key's id: a lesson's body or,
// with recapPrefix, its recap.
func (m Learn) rawText(id string) string {
	recap := strings.HasPrefix(id, recapPrefix)
	id = strings.TrimPrefix(id, recapPrefix)
	for _, l := range m.cfg.Lessons {
		if l.ID == id {
			if recap {
				return l.Recap
			}
			return l.Body
		}
	}
	return ""
}

// newCluster starts the cluster a lesson runs on: the simulation, or real
// worker processes for a lesson in live mode.
func (m Learn) newCluster(l *lessons.Lesson, seed uint64) (sim.Cluster, error) {
	if !l.Live {
		return m.cfg.NewCluster(seed)
	}
	if m.cfg.NewLiveCluster == nil {
		return nil, errors.New(textLearnNoLive)
	}
	return m.cfg.NewLiveCluster()
}
