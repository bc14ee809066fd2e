package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/lessons"
)

// checkASCII fails when the drawn screen (escape sequences included) holds
// a byte outside ASCII.
func checkASCII(t *testing.T, content string) {
	t.Helper()
	for i := 0; i < len(content); i++ {
		if content[i] >= 0x80 {
			line := strings.Count(content[:i], "\n") + 1
			t.Fatalf("a byte outside ASCII on line %d:\n%s", line, ansi.Strip(content))
		}
	}
}

// TestASCIIScreens draws the sandbox and a lesson (solved, so marks, cards,
// the log and the takeaway box all show) at 80×24 in ASCII.
func TestASCIIScreens(t *testing.T) {
	t.Run("sandbox-80x24", func(t *testing.T) {
		m := divergence(newTestSandbox(t, 1, 4, 80, 24, false).WithASCII(true))
		v := m.View().Content
		checkASCII(t, v)
		checkSize(t, v, 80, 24)
		golden.RequireEqual(t, ansi.Strip(v))
	})
	t.Run("lesson-80x24", func(t *testing.T) {
		track, err := lessons.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		f := &learnFixture{}
		f.m = NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster, ASCII: true,
			Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		t.Cleanup(func() { f.m.Close() })
		f.update(tea.WindowSizeMsg{Width: 80, Height: 24})
		checkASCII(t, f.m.View().Content)
		f.keys("down", "enter", "h")
		for _, ln := range track[1].Solution {
			f.typeLine(ln.Text)
		}
		v := f.m.View().Content
		checkASCII(t, v)
		checkSize(t, v, 80, 24)
		if !f.m.run.Done() {
			t.Fatal("the solution did not complete the lesson")
		}
		golden.RequireEqual(t, ansi.Strip(v))
	})
}

func TestToASCIIKeepsWidths(t *testing.T) {
	for _, s := range []string{"✓ key0=hello", "╭──╮ │x│ ╰──╯", "▁▂▃█ 12µs ⏸", "日本 ok", "\x1b[1m✗\x1b[0m"} {
		got := toASCII(s)
		if ansi.StringWidth(got) != ansi.StringWidth(s) {
			t.Errorf("toASCII(%q) = %q: width %d, want %d", s, got, ansi.StringWidth(got), ansi.StringWidth(s))
		}
		for _, r := range got {
			if r >= 0x80 {
				t.Errorf("toASCII(%q) = %q keeps %q", s, got, r)
			}
		}
	}
}
