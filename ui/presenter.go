package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/demo"
	"github.com/workerlab/workerlab/sim"
)

// PresenterConfig is what the presenter screen needs from its caller.
type PresenterConfig struct {
	// Player plays the demo; the screen closes its cluster when it quits
	// (call Close after the program ends).
	Player *demo.Player
	// Auto advances from a pause by itself after this long (0: wait for
	// the presenter's key).
	Auto time.Duration
	// ASCII draws the screen in ASCII.
	ASCII bool
}

// Presenter is the root model of `workerlab demo`: a demo played step by
// step in front of a class. No lesson text: the caption on top, the path a
// request takes with the worker that answered lit, larger cards with fewer
// lines, the traffic log, and the line the demo just ran.
type Presenter struct {
	bench
	cfg    PresenterConfig
	player *demo.Player

	width, height int
	playout       presenterLayout
	cardsFor      int  // the workers the cards' width was chosen for
	clusterGen    int  // the player's cluster the panes are attached to
	tickGen       int  // the animation loop's generation
	ticking       bool // a tick of tickGen is in flight
	autoGen       int  // the pending auto-advance's generation
	answered      sim.Event
	hasAnswer     bool
	showHelp      bool
	quitting      bool
	failure       error   // a restart that failed
	first         tea.Cmd // the loop's first command, which Init returns
}

// presenterTickMsg advances the demo by one frame; gen tags its loop.
type presenterTickMsg struct{ gen int }

// autoNextMsg moves on from a pause when --auto is set; gen tags the pause.
type autoNextMsg struct{ gen int }

// NewPresenter returns the presenter screen for cfg.Player, which is
// playing its first step.
func NewPresenter(cfg PresenterConfig) Presenter {
	m := Presenter{bench: newBench(), cfg: cfg, player: cfg.Player, width: minWidth, height: minHeight}
	m.ascii = cfg.ASCII
	m.grid.SetCompact(true)
	m.grid.SetSelectable(false)
	m.attachPlayer()
	m.resize()
	m.first = m.loopCmd() // armed here: Init cannot change the model
	return m
}

// Init implements tea.Model: ask for the background colour and start playing.
func (m Presenter) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.first)
}

// Close releases the demo's cluster.
func (m Presenter) Close() error { return m.player.Close() }

// Update implements tea.Model.
func (m Presenter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m, nil
	case presenterTickMsg:
		if msg.gen != m.tickGen || !m.ticking {
			return m, nil // a tick of an older loop
		}
		m.ticking = false
		m.player.Tick(tickInterval)
		m.refresh()
		m.fitGrid()
		return m, m.loopCmd()
	case autoNextMsg:
		if msg.gen != m.autoGen || m.player.State() != demo.Paused {
			return m, nil
		}
		m.player.Next()
		m.refresh()
		return m, m.loopCmd()
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

// handleKey handles the presenter's keys: quit, help, next, previous, restart.
func (m Presenter) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	keys := m.keys
	switch {
	case key.Matches(k, keys.ForceQuit, keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case m.showHelp:
		if key.Matches(k, keys.Help, keys.Leave) {
			m.showHelp = false
		}
		return m, nil
	case key.Matches(k, keys.Help):
		m.showHelp = true
	case key.Matches(k, keys.DemoNext):
		m.player.Next()
	case key.Matches(k, keys.DemoPrev):
		m.failure = m.player.Prev()
	case key.Matches(k, keys.DemoRestart):
		m.failure = m.player.Restart()
	default:
		return m, nil
	}
	m.autoGen++ // a key press replaces a pending auto-advance
	m.refresh()
	m.fitGrid()
	return m, m.loopCmd()
}

// loopCmd keeps the screen moving: a tick while a step plays, an
// auto-advance at a pause when --auto is set.
func (m *Presenter) loopCmd() tea.Cmd {
	switch m.player.State() {
	case demo.Playing:
		if m.ticking {
			return nil
		}
		m.tickGen++
		m.ticking = true
		gen := m.tickGen
		return tea.Tick(tickInterval, func(time.Time) tea.Msg { return presenterTickMsg{gen: gen} })
	case demo.Paused:
		m.ticking = false
		if m.cfg.Auto <= 0 {
			return nil
		}
		m.autoGen++
		gen := m.autoGen
		return tea.Tick(m.cfg.Auto, func(time.Time) tea.Msg { return autoNextMsg{gen: gen} })
	}
	m.ticking = false
	return nil
}

// attachPlayer draws the player's current cluster: fresh panes after a
// replay started a new one. The bench's driver only reads the cluster
// (snapshots and events); the player moves its clock.
func (m *Presenter) attachPlayer() {
	m.clusterGen = m.player.Generation()
	c := m.player.Cluster()
	m.hasAnswer = false
	m.noteAnswer(c.EventsSince(0, nil)) // a replay: the answer it ended on
	m.attach(c, nil)
	m.grid.SetCompact(true)
	m.grid.SetSelectable(false)
	m.resize()
}

// refresh hands the cluster's new state to the panes, and notes the worker
// that answered last.
func (m *Presenter) refresh() {
	if m.player.Generation() != m.clusterGen {
		m.attachPlayer()
		return
	}
	m.driver.refresh()
	m.noteAnswer(m.driver.fresh)
	m.bench.refresh()
}

// noteAnswer remembers the newest answered request among evs.
func (m *Presenter) noteAnswer(evs []sim.Event) {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind == sim.EventRequest {
			m.answered, m.hasAnswer = evs[i], true
			return
		}
	}
}

// status is where the demo is, for the footer: step n/total and whether it
// plays, waits for the presenter, or has ended.
func (m Presenter) status() string {
	n, total := m.player.Step()
	s := fmt.Sprintf(textDemoStep, n, total)
	switch m.player.State() {
	case demo.Playing:
		s += " " + textDemoPlaying
	case demo.Paused:
		s += " " + textDemoPaused
	case demo.Ended:
		s += " · " + textDemoEnd
	}
	if m.cfg.Auto > 0 {
		s += " · " + fmt.Sprintf(textDemoAuto, m.cfg.Auto)
	}
	return s
}
