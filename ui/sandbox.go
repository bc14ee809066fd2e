package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// panelTab is which pane the small layout shows below the grid.
type panelTab uint8

const (
	tabLog panelTab = iota
	tabDjango
	tabDiagram // the sequence diagram (beside the grid in a wide terminal)
)

// Sandbox is the root model of `workerlab sandbox`: the worker grid, traffic
// log, metrics bar, console and Django panel over one driven cluster.
type Sandbox struct {
	bench

	width, height int
	layout        layout
	showHelp      bool
	tab           panelTab
	quitting      bool
	diagram       diagramPane
}

// NewSandbox returns the sandbox screen over c. The cluster is driven by the
// screen and closed by the caller after the program ends.
func NewSandbox(c sim.Cluster) Sandbox {
	m := Sandbox{bench: newBench(), width: minWidth, height: minHeight}
	m.attach(c, nil)
	m.resize()
	return m
}

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
		m.setStyles(msg.IsDark())
		return m, nil
	case tickMsg:
		cmd, _ := m.tick(msg)
		m.fitGrid()
		return m, cmd
	case execDoneMsg:
		cmd := m.execDone(msg)
		m.fitGrid()
		return m, cmd
	case sweepProgressMsg, sweepDoneMsg:
		return m, m.sweepMsg(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		mouse := msg.Mouse()
		if mouse.Button == tea.MouseLeft && !m.showHelp && m.layout.grid.contains(mouse.X, mouse.Y) {
			m.grid.SelectAt(mouse.X-m.layout.grid.x, mouse.Y-m.layout.grid.y)
		}
		return m, nil
	case tea.MouseWheelMsg:
		m.wheel(msg.Mouse().Button)
		return m, nil
	}
	return m, m.console.Forward(msg) // pastes and cursor blinks go to the console
}

// wheel scrolls the console's output while it is open, else pages the cards.
func (m *Sandbox) wheel(b tea.MouseButton) {
	m.scrollWheel(b, m.grid.Page)
}

// handleKey handles a key press: quit first, then help, the console when it
// has focus, then the screen's keys.
func (m Sandbox) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if taken, quit := m.firstKey(k, &m.showHelp); taken {
		if quit {
			m.quitting = true
			return m, tea.Quit
		}
		return m, nil
	}
	if m.console.Focused() {
		cmd, _ := m.consoleKey(k)
		m.fitGrid()
		return m, cmd
	}
	if cmd, ok := m.timeKey(k); ok {
		m.fitGrid()
		return m, cmd
	}
	if cmd, ok := m.stepsKey(k); ok {
		m.fitGrid()
		return m, cmd
	}
	if cmd, ok := m.timelineKey(k); ok {
		m.fitGrid()
		return m, cmd
	}
	var cmd tea.Cmd
	s := m.snap().Settings
	switch {
	case key.Matches(k, m.keys.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.Console):
		return m, m.console.Focus()
	case key.Matches(k, m.keys.AddWorker):
		cmd = m.addWorkers(+1)
	case key.Matches(k, m.keys.DropWorker):
		cmd = m.addWorkers(-1)
	case key.Matches(k, m.keys.Store):
		cmd = m.run(toggle(s.Store == "redis", "store local", "store redis"), true)
	case key.Matches(k, m.keys.Kill):
		slot := m.grid.Selected()
		if slot == 0 {
			m.fail(textNoSelection)
			return m, nil
		}
		cmd = m.run(fmt.Sprintf("kill %d", slot), true)
	case key.Matches(k, m.keys.Redis):
		cmd = m.run(toggle(s.RedisDown, "redis up", "redis down"), true)
	case key.Matches(k, m.keys.Traffic):
		cmd = m.run(toggle(s.Traffic.Workload != "", "traffic off", defaultTraffic), true)
	case key.Matches(k, m.keys.Prev):
		m.grid.Move(-1)
	case key.Matches(k, m.keys.Next):
		m.grid.Move(+1)
	case key.Matches(k, m.keys.PageUp):
		m.grid.Page(-1)
	case key.Matches(k, m.keys.PageDown):
		m.grid.Page(+1)
	case key.Matches(k, m.keys.Panel):
		cmd = m.nextTab()
	}
	m.fitGrid()
	return m, cmd
}

// toggle returns on when cond holds, else off: the line a toggle key types.
func toggle(cond bool, on, off string) string {
	if cond {
		return on
	}
	return off
}

// defaultTraffic is the generator the t key starts.
const defaultTraffic = "traffic set-then-get 20/s clients 4"

// addWorkers changes the worker count by delta within 1..sim.MaxWorkers.
func (m *Sandbox) addWorkers(delta int) tea.Cmd {
	n := m.snap().Settings.Workers + delta
	if n < 1 || n > sim.MaxWorkers {
		m.fail(fmt.Sprintf(textWorkersBounds, sim.MaxWorkers))
		return nil
	}
	return m.run(fmt.Sprintf("workers %d", n), true)
}

// fitGrid lays the screen out again when the grid now wants a different
// height (workers came or went, a card holds more keys).
func (m *Sandbox) fitGrid() {
	if m.grid.Want(m.gridWidth()) != m.layout.gridWant {
		m.resize()
	}
	m.drawDiagram()
}

// gridWidth is the width the grid gets at the current terminal size.
func (m Sandbox) gridWidth() int {
	if m.width >= wideWidth && m.height >= wideHeight {
		return m.width - djangoWidth - 1
	}
	return m.width
}

// resize recomputes the layout and sizes every pane.
func (m *Sandbox) resize() {
	m.layout = computeLayout(m.width, m.height, m.grid.Want(m.gridWidth()))
	l := m.layout
	if l.tooSmall {
		return
	}
	m.metrics.SetSize(l.metrics.w, l.metrics.h)
	m.grid.SetSize(l.grid.w, l.grid.h)
	m.log.SetSize(l.log.w, l.log.h-1)
	m.django.SetSize(l.django.w, l.django.h-1)
	m.console.SetSize(l.console.w, l.console.h)
	m.resizeSweep()
	m.console.SetPaneHeight(l.console.y - l.grid.y)
	m.drawDiagram()
}

// WithASCII returns the sandbox drawn in ASCII (on) or with its Unicode
// glyphs: for a terminal that cannot draw ✓ ✗ ∅ and box lines.
func (m Sandbox) WithASCII(on bool) Sandbox {
	m.ascii = on
	return m
}

// WithMessage returns the sandbox with msg shown under the console, as if a
// command had printed it (the CLI uses it to say where a live server listens).
func (m Sandbox) WithMessage(msg string) Sandbox {
	m.console.SetResult(msg, nil)
	return m
}
