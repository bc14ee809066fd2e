package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/sim"
)

// helpSizes are the sizes the console's help output is drawn at.
var helpSizes = [][2]int{{80, 24}, {120, 34}, {160, 48}}

// TestHelpOutputShows types help into the sandbox's and a lesson's console
// and checks the output is on screen where the learner is looking, from its
// first line, with the lines it shows named and the rest a page key away.
func TestHelpOutputShows(t *testing.T) {
	for _, sz := range helpSizes {
		t.Run(fmt.Sprintf("sandbox-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := console(newTestSandbox(t, 1, 4, sz[0], sz[1], false), "help")
			checkHelpPane(t, view(m), sz)
			golden.RequireEqual(t, view(m))
			m = send(m, press("pgdown"))
			if v := view(m); !strings.Contains(v, "lines ") || strings.Contains(v, "lines 1–") {
				t.Errorf("pgdown did not scroll the output:\n%s", v)
			}
		})
		t.Run(fmt.Sprintf("lesson-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			f := newLearnFixture(t, sz[0], sz[1])
			f.keys("enter", ":")
			for _, r := range "help" {
				f.update(press(string(r)))
			}
			f.keys("enter")
			v := ansi.Strip(f.m.render())
			checkHelpPane(t, v, sz)
			golden.RequireEqual(t, v)
		})
	}
}

// checkHelpPane checks a screen showing help's output: the first group of
// commands from the top, no "output above" without the output, every line
// within the width.
func checkHelpPane(t *testing.T, v string, sz [2]int) {
	t.Helper()
	checkSize(t, v, sz[0], sz[1])
	if !strings.Contains(v, textOutputTitle) || !strings.Contains(v, "requests:") || !strings.Contains(v, "set KEY VALUE") {
		t.Errorf("help's output is not on screen from its first line:\n%s", v)
	}
	if strings.Contains(v, textOutputAbove) && !strings.Contains(v, "requests:") {
		t.Errorf("the console points at output that is not shown")
	}
	if strings.Contains(v, "…") {
		t.Errorf("a line of help is cut:\n%s", v)
	}
}

// TestHelpSetInLesson types `help set` into a lesson's console at 80×24:
// the usage, what it does and the example all show.
func TestHelpSetInLesson(t *testing.T) {
	var set sim.HelpEntry
	for _, e := range sim.HelpEntries() {
		if e.Verb == "set" {
			set = e
		}
	}
	if set.Usage == "" || set.Example == "" {
		t.Fatalf("no help entry with an example for set: %+v", set)
	}
	f := newLearnFixture(t, 80, 24)
	f.keys("down", "enter", ":")
	for _, r := range "help set" {
		f.update(press(string(r)))
	}
	f.keys("enter")
	v := ansi.Strip(f.m.render())
	flat := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{set.Usage, set.Doc, set.Example} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("help set does not show %q:\n%s", want, v)
		}
	}
	checkSize(t, v, 80, 24)
	golden.RequireEqual(t, v)
}
