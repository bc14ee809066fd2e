package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// drainSweep delivers the sweep's messages to m until its result arrives.
func drainSweep(t *testing.T, m Sandbox, cmd tea.Cmd) Sandbox {
	t.Helper()
	for i := 0; cmd != nil; i++ {
		if i > 10000 {
			t.Fatal("the sweep never finished")
		}
		next, c := m.Update(cmd())
		m, cmd = next.(Sandbox), c
	}
	return m
}

// A sweep typed in the sandbox runs headless beside the cluster: the
// cluster's time and events do not move, and its charts show in the console
// output, as wide as the screen.
func TestSweepChartsBesideTheCluster(t *testing.T) {
	m := newTestSandbox(t, 1, 4, 100, 40, false)
	m = console(m, "store redis", "traffic counter 50/s clients 4")
	m = ticks(m, 5)
	m = console(m, "pause")
	before := m.snap()
	events := m.log.Len()
	cmd := m.run("sweep workers 1..4 repeat 2 requests 300", false)
	if out, _ := m.console.Output(); !strings.Contains(strings.Join(out, "\n"), "4 values × 2 seeds × 300 requests") {
		t.Fatalf("no word that the sweep started: %q", out)
	}
	m = drainSweep(t, m, cmd)
	after := m.snap()
	if after.Now != before.Now || after.Metrics.Requests != before.Metrics.Requests || m.log.Len() != events {
		t.Fatalf("the sweep disturbed the cluster: t %v→%v, requests %d→%d", before.Now, after.Now, before.Metrics.Requests, after.Metrics.Requests)
	}
	out, isErr := m.console.Output()
	text := ansi.Strip(strings.Join(out, "\n"))
	if isErr {
		t.Fatalf("sweep failed: %s", text)
	}
	for _, want := range []string{"sweep workers 1..4", "traffic counter 50/s clients 4", "2 seeds per value",
		"stale reads", "lost updates", "throughput", "p99 latency"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sweep's output lacks %q:\n%s", want, text)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Errorf("a chart line is %d wide, more than the screen: %q", w, l)
		}
	}
	// Narrower, the charts are drawn again to fit.
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	out, _ = m.console.Output()
	for _, l := range out {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("after a resize a chart line is %d wide: %q", w, ansi.Strip(l))
		}
	}
}

// A bad sweep line is refused with what is accepted, and changes nothing.
func TestSweepRejectsBadLines(t *testing.T) {
	m := newTestSandbox(t, 1, 4, 100, 40, false)
	for _, c := range []struct{ line, want string }{
		{"sweep frob 1,2", "cannot be swept"},
		{"sweep workers 0..3", "out of range"},
		{"sweep workers 1..999", "at most 256"},
		{"sweep store local,mongo", "unknown store"},
		{"sweep workers 1..4 repeat 99", "1..20"},
	} {
		m = console(m, c.line)
		out, isErr := m.console.Output()
		if !isErr || !strings.Contains(strings.Join(out, " "), c.want) {
			t.Errorf("%s: %v (error %v), want an error saying %q", c.line, out, isErr, c.want)
		}
		if m.sweep.cancel != nil {
			t.Errorf("%s started a sweep", c.line)
		}
	}
}
