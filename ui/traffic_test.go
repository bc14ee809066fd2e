package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/sim"
)

func TestTrafficLogMarks(t *testing.T) {
	l := newTrafficLog(newTheme(true))
	l.SetSize(90, 5)
	l.Append([]sim.Event{
		{Seq: 1, At: time.Second, Kind: sim.EventRequest, Client: 0, Slot: 2, Route: "PUT /set?k=key0", Result: "OK"},
		{Seq: 2, At: 2 * time.Second, Kind: sim.EventRequest, Client: 3, Slot: 1, Route: "GET /get?k=key0", Result: "(missing)", Stale: true},
		{Seq: 3, At: 3 * time.Second, Kind: sim.EventRequest, Client: 1, Slot: 4, Route: "POST /incr?k=hits", Result: "7", Lost: true},
		{Seq: 4, At: 4 * time.Second, Kind: sim.EventExit, Text: "worker 2 killed (pid 1001)"},
	})
	view := ansi.Strip(l.View())
	checkSize(t, view, 90, 5)
	lines := strings.Split(view, "\n")
	checks := []struct {
		line int
		want []string
	}{
		{0, []string{"1.00s", "you", "PUT /set?k=key0", "w2", "OK"}},
		{1, []string{"c3", "w1", "(missing)", textMarkStale}},
		{2, []string{"c1", "w4", textMarkLost}},
		{3, []string{"worker 2 killed"}},
	}
	for _, c := range checks {
		for _, w := range c.want {
			if !strings.Contains(lines[c.line], w) {
				t.Errorf("line %d = %q, want it to contain %q", c.line, lines[c.line], w)
			}
		}
	}
	if strings.Contains(lines[0], "✗") {
		t.Errorf("a fresh request is marked: %q", lines[0])
	}
}

func TestTrafficLogIsBounded(t *testing.T) {
	l := newTrafficLog(newTheme(true))
	l.SetSize(80, 3)
	for i := range 3000 {
		l.Append([]sim.Event{{Seq: uint64(i + 1), Kind: sim.EventRequest, Route: "GET /get?k=k", Result: "x"}})
	}
	if l.Len() != logCapacity {
		t.Fatalf("log holds %d events, want %d", l.Len(), logCapacity)
	}
	if got := l.events[len(l.events)-1].Seq; got != 3000 {
		t.Errorf("newest = %d, want 3000", got)
	}
	big := make([]sim.Event, 2000)
	l.Append(big)
	if l.Len() != logCapacity {
		t.Errorf("after a big batch the log holds %d, want %d", l.Len(), logCapacity)
	}
}

func TestShortRoute(t *testing.T) {
	for route, want := range map[string]string{
		"GET /set?k=user&v=ada":     "set user ada",
		"GET /get?k=key0":           "get key0",
		"GET /incr?k=hits&atomic=1": "incr hits --atomic",
		"GET /lookup?k=page&x=2":    "lookup page x=2",
		"GET /state":                "GET /state",
		"GET /signup":               "GET /signup",
		"GET /publish?m=hello":      "publish hello",
		"GET /get?k=%zz":            "GET /get?k=%zz",
		"garbage":                   "garbage",
	} {
		if got := shortRoute(route); got != want {
			t.Errorf("shortRoute(%q) = %q, want %q", route, got, want)
		}
	}
}

// A cluster event longer than the log is wide wraps at spaces: every word
// shows, none is cut, and the newest lines stay in view.
func TestTrafficLogWrapsLongEvents(t *testing.T) {
	l := newTrafficLog(newTheme(true))
	l.SetSize(40, 3)
	l.Append([]sim.Event{
		{Seq: 1, At: time.Second, Kind: sim.EventRequest, Slot: 1, Route: "GET /get?k=key0", Result: "hello"},
		{Seq: 2, At: 2 * time.Second, Kind: sim.EventExit, Text: "worker 1 (pid 1060) reached max-requests 50, recycled"},
		{Seq: 3, At: 3 * time.Second, Kind: sim.EventSpawn, Text: "worker 1 booted (pid 1065)"},
	})
	view := ansi.Strip(l.View())
	checkSize(t, view, 40, 3)
	if strings.Contains(view, "…") {
		t.Errorf("a word was cut:\n%s", view)
	}
	for _, w := range []string{"reached", "max-requests 50, recycled", "booted (pid 1065)"} {
		if !strings.Contains(view, w) {
			t.Errorf("%q is not in the log:\n%s", w, view)
		}
	}
}

// Once a generator has sent the requests it was asked for, the metrics bar
// says so instead of showing it as if it still ran.
func TestMetricsBarSaysTrafficFinished(t *testing.T) {
	m := newTestSandbox(t, 1, 2, 120, 40, false)
	m = console(m, "traffic counter requests 40")
	m = ticks(m, 1)
	if v := view(m); !strings.Contains(v, "traffic: counter") || strings.Contains(v, "all 40 sent") {
		t.Fatalf("while the generator runs the bar should say traffic: counter only:\n%s", v)
	}
	m = ticks(m, 200)
	if v := view(m); !strings.Contains(v, "traffic: counter, all 40 sent") {
		t.Fatalf("after its 40 requests the bar should say the generator is finished:\n%s", v)
	}
}
