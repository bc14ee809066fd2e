package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// TestEveryBinding drives Update with each binding's key and checks its effect.
func TestEveryBinding(t *testing.T) {
	tests := []struct {
		name  string
		setup func(Sandbox) Sandbox
		key   string
		check func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd)
	}{
		{"space pauses", nil, "space", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if !a.snap().Settings.Paused || a.driver.Running() {
				t.Errorf("paused=%v running=%v, want paused and no loop", a.snap().Settings.Paused, a.driver.Running())
			}
		}},
		{"space resumes", func(m Sandbox) Sandbox { return send(m, press("space")) }, "space", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if a.snap().Settings.Paused || !a.driver.Running() || cmd == nil {
				t.Errorf("paused=%v running=%v cmd=%v, want running with a tick", a.snap().Settings.Paused, a.driver.Running(), cmd != nil)
			}
		}},
		{". steps one event", nil, ".", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.snap().Settings.Paused {
				t.Errorf("stepping did not pause")
			}
			if a.snap().Now <= b.snap().Now || a.snap().Workers[0].Doing == b.snap().Workers[0].Doing {
				t.Errorf("step changed nothing: now %v→%v, worker 1 %q→%q", b.snap().Now, a.snap().Now, b.snap().Workers[0].Doing, a.snap().Workers[0].Doing)
			}
		}},
		{"→ steps too", nil, "right", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.snap().Settings.Paused || a.snap().Now <= b.snap().Now {
				t.Errorf("→ did not step: paused=%v now %v→%v", a.snap().Settings.Paused, b.snap().Now, a.snap().Now)
			}
		}},
		{"+ doubles the speed", nil, "+", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Speed; got != 2 {
				t.Errorf("speed = %v, want 2", got)
			}
		}},
		{"- halves the speed", nil, "-", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Speed; got != 0.5 {
				t.Errorf("speed = %v, want 0.5", got)
			}
		}},
		{"w adds a worker", nil, "w", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Workers; got != 5 {
				t.Errorf("workers = %d, want 5", got)
			}
		}},
		{"W removes a worker", nil, "W", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Workers; got != 3 {
				t.Errorf("workers = %d, want 3", got)
			}
		}},
		{"W stops at one", func(m Sandbox) Sandbox { return send(console(m, "workers 1"), press("esc")) }, "W", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Workers; got != 1 {
				t.Errorf("workers = %d, want 1", got)
			}
			if out, isErr := a.console.Output(); !isErr || !strings.Contains(strings.Join(out, " "), fmt.Sprintf(textWorkersBounds, sim.MaxWorkers)) {
				t.Errorf("no bound message: %q", out)
			}
		}},
		{"s switches to redis", nil, "s", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Store; got != "redis" {
				t.Errorf("store = %q, want redis", got)
			}
		}},
		{"s switches back", func(m Sandbox) Sandbox { return send(m, press("s")) }, "s", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if got := a.snap().Settings.Store; got != "local" {
				t.Errorf("store = %q, want local", got)
			}
		}},
		{"k kills the selected worker", func(m Sandbox) Sandbox { return ticks(send(m, press("down")), 4) }, "k", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if b.grid.Selected() != 2 {
				t.Fatalf("selected %d before k, want 2", b.grid.Selected())
			}
			if a.snap().Workers[1].Pid == b.snap().Workers[1].Pid && a.snap().Metrics.Restarts == b.snap().Metrics.Restarts {
				t.Errorf("worker 2 was not killed: pid %d, restarts %d", a.snap().Workers[1].Pid, a.snap().Metrics.Restarts)
			}
			if a.snap().Workers[0].Pid != b.snap().Workers[0].Pid {
				t.Errorf("worker 1 was replaced too")
			}
		}},
		{"r takes redis down", nil, "r", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.snap().Settings.RedisDown {
				t.Errorf("redis still up")
			}
		}},
		{"r brings redis up", func(m Sandbox) Sandbox { return send(m, press("r")) }, "r", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.snap().Settings.RedisDown {
				t.Errorf("redis still down")
			}
		}},
		{"t starts traffic", nil, "t", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.snap().Settings.Traffic.Workload == "" {
				t.Errorf("no traffic")
			}
			if a = ticks(a, 20); a.snap().Metrics.Requests == 0 {
				t.Errorf("traffic sent no requests in 1s")
			}
		}},
		{"t stops traffic", func(m Sandbox) Sandbox { return send(m, press("t")) }, "t", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.snap().Settings.Traffic.Workload != "" {
				t.Errorf("traffic still %q", a.snap().Settings.Traffic.Workload)
			}
		}},
		{"↓ selects the next card", nil, "down", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.Selected() != 2 {
				t.Errorf("selected %d, want 2", a.grid.Selected())
			}
		}},
		{"↑ selects the previous card", func(m Sandbox) Sandbox { return send(m, press("down"), press("down")) }, "up", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.Selected() != 2 {
				t.Errorf("selected %d, want 2", a.grid.Selected())
			}
		}},
		{"← selects the previous card", func(m Sandbox) Sandbox { return send(m, press("down")) }, "left", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.Selected() != 1 {
				t.Errorf("selected %d, want 1", a.grid.Selected())
			}
		}},
		{"pgdown pages the grid", func(m Sandbox) Sandbox { return send(console(m, "workers 40"), press("esc")) }, "pgdown", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.page != 1 || !strings.Contains(view(a), "page 2/") {
				t.Errorf("page = %d\n%s", a.grid.page, view(a))
			}
		}},
		{"pgup pages back", func(m Sandbox) Sandbox { return send(console(m, "workers 40"), press("esc"), press("pgdown")) }, "pgup", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.page != 0 {
				t.Errorf("page = %d, want 0", a.grid.page)
			}
		}},
		{"> pages the grid too", func(m Sandbox) Sandbox { return send(console(m, "workers 40"), press("esc")) }, ">", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.page != 1 {
				t.Errorf("page = %d, want 1", a.grid.page)
			}
		}},
		{"< pages back too", func(m Sandbox) Sandbox { return send(console(m, "workers 40"), press("esc"), press(">")) }, "<", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.grid.page != 0 {
				t.Errorf("page = %d, want 0", a.grid.page)
			}
		}},
		{"tab shows the Django panel", nil, "tab", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !strings.Contains(view(a), "STORE = {}") || strings.Contains(view(b.Sandbox), "STORE = {}") {
				t.Errorf("tab did not switch to the Django panel\n%s", view(a))
			}
		}},
		{": focuses the console", nil, ":", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.console.Focused() || a.console.Value() != "" {
				t.Errorf("focused=%v value=%q", a.console.Focused(), a.console.Value())
			}
		}},
		{"/ focuses the console", nil, "/", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.console.Focused() {
				t.Errorf("not focused")
			}
		}},
		{"esc leaves the console", func(m Sandbox) Sandbox { return send(m, press(":"), press("q")) }, "esc", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if a.console.Focused() || a.quitting {
				t.Errorf("focused=%v quitting=%v", a.console.Focused(), a.quitting)
			}
		}},
		{"q types in the console", func(m Sandbox) Sandbox { return send(m, press(":")) }, "q", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if a.quitting || a.console.Value() != "q" {
				t.Errorf("quitting=%v value=%q", a.quitting, a.console.Value())
			}
		}},
		{"enter runs the line", func(m Sandbox) Sandbox {
			return send(console(m, ""), press("w"), press("a"), press("i"), press("t"), press("space"), press("1"), press("s"))
		}, "enter", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.snap().Now-b.snap().Now < 1e9 {
				t.Errorf("wait 1s advanced %v", a.snap().Now-b.snap().Now)
			}
		}},
		{"tab completes in the console", func(m Sandbox) Sandbox { return send(m, press(":"), press("s"), press("t"), press("o")) }, "tab", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.console.Value() != "store " {
				t.Errorf("value = %q, want %q", a.console.Value(), "store ")
			}
		}},
		{"↑ recalls the last line", func(m Sandbox) Sandbox { return console(m, "workers 3") }, "up", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.console.Value() != "workers 3" {
				t.Errorf("value = %q", a.console.Value())
			}
		}},
		{"↓ returns to the draft", func(m Sandbox) Sandbox { return send(console(m, "workers 3"), press("up")) }, "down", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.console.Value() != "" {
				t.Errorf("value = %q", a.console.Value())
			}
		}},
		{"? opens help", nil, "?", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.showHelp || !strings.Contains(view(a), textHelpClose) {
				t.Errorf("no help screen")
			}
		}},
		{"f1 opens help too", nil, "f1", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.showHelp {
				t.Errorf("no help screen")
			}
		}},
		{"? closes help", func(m Sandbox) Sandbox { return send(m, press("?")) }, "?", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.showHelp {
				t.Errorf("help still open")
			}
		}},
		{"esc closes help", func(m Sandbox) Sandbox { return send(m, press("?")) }, "esc", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if a.showHelp {
				t.Errorf("help still open")
			}
		}},
		{"q quits", nil, "q", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if !a.quitting || cmd == nil {
				t.Fatalf("quitting=%v", a.quitting)
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Errorf("cmd is not tea.Quit")
			}
		}},
		{"x turns steps on", nil, "x", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if !a.snap().Settings.Steps || b.before.Settings.Steps {
				t.Errorf("steps %v → %v, want off → on", b.before.Settings.Steps, a.snap().Settings.Steps)
			}
		}},
		{"[ goes one event back", func(m Sandbox) Sandbox { return send(console(m, "wait 1s"), press("esc")) }, "[", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			tl := a.snap().Timeline
			if tl.Event != b.before.Timeline.Event-1 || !tl.InPast() || !a.snap().Settings.Paused {
				t.Errorf("timeline %+v after [, want one event before %d, paused", tl, b.before.Timeline.Event)
			}
			if !strings.Contains(view(a), fmt.Sprintf(textTimelineAt, tl.Event, tl.End)) {
				t.Errorf("no scrub bar in the past:\n%s", view(a))
			}
		}},
		{"] goes one event forward", func(m Sandbox) Sandbox { return send(console(m, "wait 1s"), press("esc"), press("["), press("[")) }, "]", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			if tl := a.snap().Timeline; tl.Event != b.before.Timeline.Event+1 {
				t.Errorf("event %d after ], want %d", tl.Event, b.before.Timeline.Event+1)
			}
		}},
		{"{ goes back to the previous anomaly", func(m Sandbox) Sandbox {
			return send(console(m, "set key0 hello", "get key0 x8", "wait 1s"), press("esc"))
		}, "{", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			tl := a.snap().Timeline
			evs := a.log.events
			if !tl.InPast() || len(evs) == 0 || !evs[len(evs)-1].Stale {
				t.Errorf("after {: timeline %+v, the log does not end at a stale read", tl)
			}
		}},
		{"} goes forward to the next anomaly", func(m Sandbox) Sandbox {
			return send(console(m, "set key0 hello", "get key0 x8", "wait 1s"), press("esc"), press("{"), press("{"))
		}, "}", func(t *testing.T, b snapSandbox, a Sandbox, _ tea.Cmd) {
			tl := a.snap().Timeline
			evs := a.log.events
			if tl.Event <= b.before.Timeline.Event || len(evs) == 0 || !evs[len(evs)-1].Stale {
				t.Errorf("after }: event %d (from %d), want a later stale read", tl.Event, b.before.Timeline.Event)
			}
		}},
		{"ctrl+c quits from the console", func(m Sandbox) Sandbox { return send(m, press(":")) }, "ctrl+c", func(t *testing.T, b snapSandbox, a Sandbox, cmd tea.Cmd) {
			if !a.quitting || cmd == nil {
				t.Fatalf("quitting=%v", a.quitting)
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Errorf("cmd is not tea.Quit")
			}
		}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestSandbox(t, 1, 4, 100, 30, false)
			if tt.setup != nil {
				m = tt.setup(m)
			}
			b := snapSandbox{m, m.snap()} // the driver is shared: keep the snapshot before
			next, cmd := m.Update(press(tt.key))
			a := next.(Sandbox)
			tt.check(t, b, a, cmd)
			checkSize(t, a.View().Content, 100, 30)
		})
		covered[tt.key] = true
	}
	// Every key of every binding has a row above.
	keys := defaultKeyMap()
	for _, group := range keys.sandboxKeys() {
		for _, b := range group {
			for _, k := range b.Keys() {
				if !covered[k] && !alias[k] {
					t.Errorf("binding %q (%s) has no test", k, b.Help().Desc)
				}
			}
		}
	}
}

// snapSandbox is a sandbox with the snapshot taken before a key.
type snapSandbox struct {
	Sandbox
	before sim.Snapshot
}

func (s snapSandbox) snap() sim.Snapshot { return s.before }

// alias lists second keys of a binding tested through the first.
var alias = map[string]bool{"=": true, "_": true}

func TestAliasesMatch(t *testing.T) {
	k := defaultKeyMap()
	for _, c := range []struct {
		key string
		b   key.Binding
	}{{"=", k.Faster}, {"_", k.Slower}} {
		if !key.Matches(press(c.key), c.b) {
			t.Errorf("%q does not match its binding", c.key)
		}
	}
}

func TestMouseSelectsCard(t *testing.T) {
	m := newTestSandbox(t, 1, 4, 100, 30, false)
	g := m.layout.grid
	// The third card starts at 2 × card width; click inside it.
	cardW := g.w / 4
	m = send(m, tea.MouseClickMsg{X: 2*cardW + 3, Y: g.y + 2, Button: tea.MouseLeft})
	if got := m.grid.Selected(); got != 3 {
		t.Errorf("click selected %d, want 3", got)
	}
	m = send(m, tea.MouseClickMsg{X: 5, Y: 0, Button: tea.MouseLeft})
	if got := m.grid.Selected(); got != 3 {
		t.Errorf("a click on the metrics changed the selection to %d", got)
	}
}
