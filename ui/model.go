package ui

import (
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// panelTab is which pane the small layout shows below the grid.
type panelTab uint8

const (
	tabLog panelTab = iota
	tabDjango
)

// speeds are the steps of the + and - keys.
var speeds = []float64{0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64}

// Sandbox is the root model of `workerlab sandbox`: the worker grid, traffic
// log, metrics bar, console and Django panel over one driven cluster.
type Sandbox struct {
	keys    KeyMap
	styles  *Styles
	help    help.Model
	driver  *Driver
	grid    Grid
	log     TrafficLog
	metrics MetricsBar
	console Console
	django  DjangoPanel

	width, height int
	layout        layout
	showHelp      bool
	tab           panelTab
	quitting      bool
}

// NewSandbox returns the sandbox screen over c. The cluster is driven by the
// screen (see Driver) and closed by the caller after the program ends.
func NewSandbox(c sim.Cluster) Sandbox {
	st := NewStyles(true)
	keys := DefaultKeyMap()
	m := Sandbox{
		keys:    keys,
		styles:  st,
		help:    help.New(),
		driver:  NewDriver(c),
		grid:    NewGrid(st),
		log:     NewTrafficLog(st),
		metrics: NewMetricsBar(st),
		console: NewConsole(st, keys, simComplete),
		django:  NewDjangoPanel(st),
		width:   MinWidth,
		height:  MinHeight,
	}
	m.refresh()
	m.resize()
	return m
}

// Driver returns the driver of the sandbox's cluster.
func (m Sandbox) Driver() *Driver { return m.driver }

// Init implements tea.Model: ask for the background colour and start time.
func (m Sandbox) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.driver.Init())
}

// Update implements tea.Model.
func (m Sandbox) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(NewStyles(msg.IsDark()), msg.IsDark())
		return m, nil
	case tickMsg:
		cmd, changed := m.driver.Update(msg)
		if changed {
			m.refresh()
		}
		return m, cmd
	case ExecDoneMsg:
		cmd := m.driver.Done(msg)
		m.console.SetResult(msg.Out, msg.Err)
		m.refresh()
		return m, cmd
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		mouse := msg.Mouse()
		if mouse.Button == tea.MouseLeft && !m.showHelp && m.layout.grid.contains(mouse.X, mouse.Y) {
			m.grid.SelectAt(mouse.X-m.layout.grid.x, mouse.Y-m.layout.grid.y)
		}
		return m, nil
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.grid.Page(-1)
		case tea.MouseWheelDown:
			m.grid.Page(+1)
		}
		return m, nil
	}
	return m, m.console.Forward(msg) // pastes and cursor blinks go to the console
}

// handleKey handles a key press: quit first, then help, the console when it
// has focus, then the screen's keys.
func (m Sandbox) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(k, m.keys.ForceQuit) {
		m.quitting = true
		return m, tea.Quit
	}
	if m.showHelp {
		switch {
		case key.Matches(k, m.keys.Quit):
			m.quitting = true
			return m, tea.Quit
		case key.Matches(k, m.keys.Help, m.keys.Leave):
			m.showHelp = false
		}
		return m, nil
	}
	if m.console.Focused() {
		if key.Matches(k, m.keys.Leave) {
			m.console.Blur()
			return m, nil
		}
		cmd, line, ok := m.console.Update(k)
		if !ok {
			return m, cmd
		}
		return m, tea.Batch(cmd, m.run(line, false))
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.Console):
		return m, m.console.Focus()
	case key.Matches(k, m.keys.Pause):
		if m.snap().Settings.Paused {
			return m, m.run("resume", true)
		}
		return m, m.run("pause", true)
	case key.Matches(k, m.keys.Step):
		var cmd tea.Cmd
		if !m.snap().Settings.Paused {
			cmd = m.run("pause", true)
		}
		m.driver.Step()
		m.refresh()
		return m, cmd
	case key.Matches(k, m.keys.Faster):
		return m, m.run("speed "+fmtSpeed(nextSpeed(m.snap().Settings.Speed, +1)), true)
	case key.Matches(k, m.keys.Slower):
		return m, m.run("speed "+fmtSpeed(nextSpeed(m.snap().Settings.Speed, -1)), true)
	case key.Matches(k, m.keys.AddWorker):
		return m, m.addWorkers(+1)
	case key.Matches(k, m.keys.DropWorker):
		return m, m.addWorkers(-1)
	case key.Matches(k, m.keys.Store):
		if m.snap().Settings.Store == "redis" {
			return m, m.run("store local", true)
		}
		return m, m.run("store redis", true)
	case key.Matches(k, m.keys.Kill):
		slot := m.grid.Selected()
		if slot == 0 {
			m.console.SetResult("", fmt.Errorf("%s", textNoSelection))
			return m, nil
		}
		return m, m.run(fmt.Sprintf("kill %d", slot), true)
	case key.Matches(k, m.keys.Redis):
		if m.snap().Settings.RedisDown {
			return m, m.run("redis up", true)
		}
		return m, m.run("redis down", true)
	case key.Matches(k, m.keys.Traffic):
		if m.snap().Settings.Traffic.Workload != "" {
			return m, m.run("traffic off", true)
		}
		return m, m.run(defaultTraffic, true)
	case key.Matches(k, m.keys.Prev):
		m.grid.Move(-1)
	case key.Matches(k, m.keys.Next):
		m.grid.Move(+1)
	case key.Matches(k, m.keys.PageUp):
		m.grid.Page(-1)
	case key.Matches(k, m.keys.PageDown):
		m.grid.Page(+1)
	case key.Matches(k, m.keys.Panel):
		m.tab = (m.tab + 1) % 2
	}
	return m, nil
}

// defaultTraffic is the generator the t key starts.
const defaultTraffic = "traffic set-then-get 20/s clients 4"

// addWorkers changes the worker count by delta within 1..64.
func (m *Sandbox) addWorkers(delta int) tea.Cmd {
	n := m.snap().Settings.Workers + delta
	if n < 1 || n > 64 {
		m.console.SetResult("", fmt.Errorf("%s", textWorkersBounds))
		return nil
	}
	return m.run(fmt.Sprintf("workers %d", n), true)
}

// run executes a command-language line, shows its reply (after the line
// itself when a key sent it) and refreshes every pane.
func (m *Sandbox) run(line string, fromKey bool) tea.Cmd {
	out, cmd, err := m.driver.Exec(line)
	if fromKey && err == nil {
		out = textPrompt + line + "\n" + out
	}
	m.console.SetResult(out, err)
	m.refresh()
	return cmd
}

// nextSpeed returns the speed step above (dir > 0) or below cur.
func nextSpeed(cur float64, dir int) float64 {
	if cur <= 0 {
		cur = 1
	}
	if dir > 0 {
		for _, s := range speeds {
			if s > cur {
				return s
			}
		}
		return speeds[len(speeds)-1]
	}
	for i := len(speeds) - 1; i >= 0; i-- {
		if speeds[i] < cur {
			return speeds[i]
		}
	}
	return speeds[0]
}

func (m Sandbox) snap() sim.Snapshot { return m.driver.Snapshot() }

// refresh hands the driver's latest snapshot and events to every pane.
func (m *Sandbox) refresh() {
	s := m.driver.Snapshot()
	wantBefore := m.grid.Want(m.layout.grid.w)
	m.grid.SetSnapshot(s)
	m.metrics.SetSnapshot(s)
	m.django.SetSnapshot(s)
	if s.Live {
		m.console.SetLiveRedisAddr(s.RedisAddr)
	} else {
		m.console.SetRedisAddr(s.RedisAddr)
	}
	m.log.Append(m.driver.TakeEvents())
	if m.grid.Want(m.layout.grid.w) != wantBefore {
		m.resize()
	}
}

// resize recomputes the layout and sizes every pane.
func (m *Sandbox) resize() {
	gridW := m.width
	if m.width >= wideWidth && m.height >= wideHeight {
		gridW = m.width - djangoWidth - 1
	}
	m.layout = computeLayout(m.width, m.height, m.grid.Want(gridW))
	l := m.layout
	if l.tooSmall {
		return
	}
	m.metrics.SetSize(l.metrics.w, l.metrics.h)
	m.grid.SetSize(l.grid.w, l.grid.h)
	m.log.SetSize(l.log.w, l.log.h-1)
	m.django.SetSize(l.django.w, l.django.h-1)
	m.console.SetSize(l.console.w, l.console.h)
	m.help.SetWidth(l.help.w)
}

// setStyles switches every pane to st.
func (m *Sandbox) setStyles(st *Styles, isDark bool) {
	m.styles = st
	m.grid.SetStyles(st)
	m.log.SetStyles(st)
	m.metrics.SetStyles(st)
	m.console.SetStyles(st)
	m.django.SetStyles(st)
	m.help.Styles = help.DefaultStyles(isDark)
}

// WithMessage returns the sandbox with msg shown under the console, as if a
// command had printed it (the CLI uses it to say where a live server listens).
func (m Sandbox) WithMessage(msg string) Sandbox {
	m.console.SetResult(msg, nil)
	return m
}
