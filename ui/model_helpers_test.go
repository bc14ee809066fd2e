package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/sim"
)

// send feeds msgs to m in order.
func send(m Sandbox, msgs ...tea.Msg) Sandbox {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Sandbox)
	}
	return m
}

// console focuses the console and runs each line.
func console(m Sandbox, lines ...string) Sandbox {
	if !m.console.Focused() {
		m = send(m, press(":"))
	}
	for _, l := range lines {
		for _, r := range l {
			if r == ' ' {
				m = send(m, press("space"))
			} else {
				m = send(m, press(string(r)))
			}
		}
		m = send(m, press("enter"))
	}
	return m
}

// ticks delivers n ticks of the current animation loop, as the runtime
// would (each advances Interval × speed of virtual time).
func ticks(m Sandbox, n int) Sandbox {
	for range n {
		if !m.driver.Running() {
			break
		}
		m = send(m, tickMsg{gen: m.driver.gen})
	}
	return m
}

// newTestSandbox returns a sandbox over a fresh simulated cluster at w × h.
// The embedded Redis does not listen (goldens must not hold a random port)
// unless listen is set.
func newTestSandbox(t testing.TB, seed uint64, workers int, w, h int, listen bool) Sandbox {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: seed, Settings: sim.Settings{Workers: workers}, Listen: listen, Timeline: true})
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return send(NewSandbox(s), tea.WindowSizeMsg{Width: w, Height: h})
}

// view returns the plain text of the root view.
func view(m Sandbox) string { return ansi.Strip(m.View().Content) }

// cardsWith counts the worker cards whose text holds s: the cards are the
// column blocks between │/┃ borders on the lines of the grid.
func cardsWith(m Sandbox, s string) int {
	g := m.layout.grid
	lines := strings.Split(view(m), "\n")[g.y : g.y+g.h]
	n := 0
	for _, l := range lines {
		n += strings.Count(l, s)
	}
	return n
}
