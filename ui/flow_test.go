package ui

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/workerlab/workerlab/sim"
)

// flowLines is what the flow test types after pausing the clock.
var flowLines = []string{"set key0 hello", "get key0 x8", "wait 1s"}

// typeLine types a console line into a running test program.
func typeLine(tm *teatest.TestModel, line string) {
	for _, r := range line {
		if r == ' ' {
			tm.Send(press("space"))
			continue
		}
		tm.Send(press(string(r)))
	}
	tm.Send(press("enter"))
}

// runFlow runs the divergence flow in a real program and returns its final
// model and its output.
func runFlow(t *testing.T, opts ...tea.ProgramOption) (Sandbox, []byte) {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: 1, Settings: sim.Settings{Workers: 4}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	tm := teatest.NewTestModel(t, NewSandbox(s), teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(opts...))
	tm.Send(press("space")) // pause: the run no longer depends on wall time
	tm.Send(press(":"))
	for _, l := range flowLines {
		typeLine(tm, l)
	}
	tm.Send(press("esc"))
	tm.Send(press("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Sandbox)
	out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	return final, out
}

func TestFlowEndToEnd(t *testing.T) {
	final, _ := runFlow(t, tea.WithColorProfile(colorprofile.ASCII))
	if !final.quitting {
		t.Fatal("the program ended without q")
	}
	// The same lines on a fresh cluster with the same seed, headless.
	ref, err := sim.New(sim.Config{Seed: 1, Settings: sim.Settings{Workers: 4}})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	for _, l := range append([]string{"pause"}, flowLines...) {
		if _, err := ref.Exec(l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
	got, want := final.snap(), ref.Snapshot()
	if got.Metrics.Requests != want.Metrics.Requests || got.Metrics.StaleReads != want.Metrics.StaleReads {
		t.Errorf("TUI run: %d requests, %d stale; headless: %d, %d",
			got.Metrics.Requests, got.Metrics.StaleReads, want.Metrics.Requests, want.Metrics.StaleReads)
	}
	if got.Metrics.Requests != 9 || got.Metrics.StaleReads < 1 {
		t.Errorf("want 9 requests and ≥ 1 stale read, got %d and %d", got.Metrics.Requests, got.Metrics.StaleReads)
	}
	if h := final.console.History(); strings.Join(h, "|") != strings.Join(flowLines, "|") {
		t.Errorf("history = %q", h)
	}
	if final.log.Len() == 0 {
		t.Error("the traffic log is empty")
	}
}

// colourSGR finds SGR sequences that set a colour.
var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

func colourCodes(out []byte) int {
	n := 0
	for _, m := range sgr.FindAllSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ';' || r == ':' }) {
			c, _ := strconv.Atoi(p)
			if (c >= 30 && c <= 38) || (c >= 40 && c <= 48) || (c >= 90 && c <= 97) || (c >= 100 && c <= 107) {
				n++
			}
		}
	}
	return n
}

func TestNoColor(t *testing.T) {
	env := []string{"TTY_FORCE=1", "TERM=xterm-256color"}
	_, coloured := runFlow(t, tea.WithEnvironment(env))
	if colourCodes(coloured) == 0 {
		t.Fatal("the control run without NO_COLOR has no colour: the check proves nothing")
	}
	_, plain := runFlow(t, tea.WithEnvironment(append(env, "NO_COLOR=1")))
	if n := colourCodes(plain); n > 0 {
		t.Errorf("NO_COLOR output holds %d colour codes", n)
	}
	// Agreement still reads in words and marks.
	for _, want := range []string{"newest", "stale", "not here", "STALE"} {
		if !bytes.Contains(plain, []byte(want)) {
			t.Errorf("NO_COLOR output lacks %q", want)
		}
	}
}
