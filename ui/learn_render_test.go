package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/lessons"
)

// TestRenderCacheIsBounded resizes a lesson through many widths: the
// renderings kept stay at renderCacheSize, the current width's among them.
func TestRenderCacheIsBounded(t *testing.T) {
	f := newLearnFixture(t, 80, 24)
	f.keys("enter")
	for w := 80; w < 80+3*renderCacheSize+10; w++ {
		f.update(tea.WindowSizeMsg{Width: w, Height: 24})
		if n := f.m.renders.len(); n > renderCacheSize {
			t.Fatalf("after width %d the cache keeps %d renderings, want at most %d", w, n, renderCacheSize)
		}
		if !f.m.renders.has(f.m.textKey()) {
			t.Fatalf("width %d: the current width's rendering was dropped", w)
		}
	}
}

// TestRenderCacheDropsLeastRecentlyUsed: a rendering used again outlives
// one not used since.
func TestRenderCacheDropsLeastRecentlyUsed(t *testing.T) {
	c := newRenderCache(2)
	a, b, d := renderKey{id: "x", width: 1}, renderKey{id: "x", width: 2}, renderKey{id: "x", width: 3}
	c.put(a, "a")
	c.put(b, "b")
	c.get(a)
	c.put(d, "d")
	if !c.has(a) || c.has(b) || !c.has(d) || c.len() != 2 {
		t.Fatalf("kept a=%v b=%v d=%v (len %d), want a and d", c.has(a), c.has(b), c.has(d), c.len())
	}
}

// BenchmarkLessonResize renders a lesson at 30 widths, as a terminal
// dragged wider does: memory stays bounded by the cache size.
func BenchmarkLessonResize(b *testing.B) {
	f := &learnFixture{}
	track, err := lessons.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	f.m = NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster})
	b.Cleanup(func() { f.m.Close() })
	f.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	f.keys("enter")
	b.ReportAllocs()
	for b.Loop() {
		for w := 80; w < 110; w++ {
			f.update(tea.WindowSizeMsg{Width: w, Height: 24})
		}
	}
	if n := f.m.renders.len(); n > renderCacheSize {
		b.Fatalf("cache holds %d renderings", n)
	}
}

// TestLongPasteSaysItWasCut: a paste longer than a console line is cut at
// the limit, and the console says how much was left out.
func TestLongPasteSaysItWasCut(t *testing.T) {
	c := newConsole(newTheme(true), defaultKeyMap(), nil)
	c.SetSize(80, 3)
	c.Focus()
	c.Forward(tea.PasteMsg{Content: "set key0 hello"})
	if out, _ := c.Output(); len(out) != 0 {
		t.Fatalf("a short paste got a notice: %q", out)
	}
	c.Forward(tea.PasteMsg{Content: strings.Repeat("x", 600)})
	out, isErr := c.Output()
	want := fmt.Sprintf(textPasteCut, lineLimit, 14+600-lineLimit)
	if len([]rune(c.Value())) != lineLimit || !isErr || len(out) != 1 || out[0] != textErrorPrefix+want {
		t.Fatalf("after a 600-character paste: value %d long, output %q (error %v); want %d and %q",
			len([]rune(c.Value())), out, isErr, lineLimit, want)
	}
}

func TestJoinSoftBreaks(t *testing.T) {
	in := "A paragraph\nthat goes on.\n\n- an item\n  that goes on\n- another\n1. first\n   more\n# Head\nline after\n\n```\ncode\nstays\n```\nhard  \nbreak"
	want := "A paragraph that goes on.\n\n- an item that goes on\n- another\n1. first more\n# Head\nline after\n\n```\ncode\nstays\n```\nhard  \nbreak"
	if got := joinSoftBreaks(in); got != want {
		t.Errorf("joinSoftBreaks =\n%s\nwant\n%s", got, want)
	}
}
