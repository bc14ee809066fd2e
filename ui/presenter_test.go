package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/demo"
	"github.com/workerlab/workerlab/sim"
)

// newTestPresenter plays the built-in demo called name at w × h.
func newTestPresenter(t testing.TB, name string, w, h int, auto time.Duration) Presenter {
	t.Helper()
	ds, err := demo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	d := demo.Find(ds, name)
	if d == nil {
		t.Fatalf("no demo %q", name)
	}
	p, err := demo.NewPlayer(d, 0, demo.NewCluster)
	if err != nil {
		t.Fatal(err)
	}
	m := NewPresenter(PresenterConfig{Player: p, Auto: auto})
	t.Cleanup(func() { m.Close() })
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Presenter)
}

// presenterSend delivers msg and returns the new presenter.
func presenterSend(m Presenter, msg tea.Msg) Presenter {
	next, _ := m.Update(msg)
	return next.(Presenter)
}

// toPause presses → until the demo waits at the pause after step n.
func toPause(t testing.TB, m Presenter, n int) Presenter {
	t.Helper()
	for i := 0; i < 100; i++ {
		if got, _ := m.player.Step(); got == n && m.player.State() == demo.Paused {
			return m
		}
		m = presenterSend(m, press("right"))
	}
	t.Fatalf("never reached the pause after step %d", n)
	return m
}

// TestPresenterScreens: goldens of the talk at the pause after step 5 (reads
// that miss) and step 9 (threads), at a projector's 80×24 and at 160×48.
func TestPresenterScreens(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, step := range []int{5, 9} {
			t.Run(fmt.Sprintf("%dx%d/step%d", sz.w, sz.h, step), func(t *testing.T) {
				m := toPause(t, newTestPresenter(t, demo.Talk, sz.w, sz.h, 0), step)
				view := m.View().Content
				checkSize(t, view, sz.w, sz.h)
				if lines := strings.Count(view, "\n") + 1; lines != sz.h {
					t.Errorf("%d lines, want %d", lines, sz.h)
				}
				plain := ansi.Strip(view)
				for _, want := range []string{m.player.Caption(), textPathClients, "worker ", textLogTitle, "q quit"} {
					if !strings.Contains(plain, want) {
						t.Errorf("screen lacks %q", want)
					}
				}
				if strings.Contains(plain, "lesson") {
					t.Error("the presenter shows lesson text")
				}
				golden.RequireEqual(t, plain)
			})
		}
	}
}

// TestPathLightsTheWorkerThatAnswered: the path line marks exactly the
// worker of the newest answered request, and says what it answered.
func TestPathLightsTheWorkerThatAnswered(t *testing.T) {
	m := toPause(t, newTestPresenter(t, demo.Talk, 80, 24, 0), 5)
	evs := m.player.Cluster().EventsSince(0, nil)
	var last sim.Event
	for _, e := range evs {
		if e.Kind == sim.EventRequest {
			last = e
		}
	}
	if last.Slot == 0 {
		t.Fatal("no request was answered by step 5")
	}
	line := ansi.Strip(m.path(80))
	lit := regexp.MustCompile(`\[(\d+)\]`).FindAllStringSubmatch(line, -1)
	if len(lit) != 1 || lit[0][1] != fmt.Sprint(last.Slot) {
		t.Fatalf("path %q lights %v, want only worker %d", line, lit, last.Slot)
	}
	if want := fmt.Sprintf(textPathAnswer, last.Slot, last.Result); !strings.Contains(line, want) {
		t.Errorf("path %q does not say %q", line, want)
	}
	if !strings.Contains(line, fmt.Sprintf(textPathDicts, 4)) {
		t.Errorf("path %q does not name four dicts", line)
	}
	m = toPause(t, m, 11) // the store is Redis from step 11
	if line := ansi.Strip(m.path(80)); !strings.Contains(line, textPathRedis) {
		t.Errorf("path with the Redis store: %q", line)
	}
}

// TestPresenterKeys: → finishes a step then starts the next, ← replays to
// the pause before, r restarts, and a tick of an older loop is dropped.
func TestPresenterKeys(t *testing.T) {
	m := newTestPresenter(t, "four-copies", 80, 24, 0)
	if n, _ := m.player.Step(); n != 1 || m.player.State() != demo.Playing || !m.ticking {
		t.Fatalf("a new presenter is at step %d, %v, ticking %v; want playing step 1", n, m.player.State(), m.ticking)
	}
	m = presenterSend(m, press("right")) // finish step 1
	if m.player.State() != demo.Paused || m.ticking {
		t.Fatalf("after →: %v, ticking %v; want paused", m.player.State(), m.ticking)
	}
	stale := m.tickGen
	m = presenterSend(m, press("space")) // start step 2
	if n, _ := m.player.Step(); n != 2 || m.player.State() != demo.Playing || m.tickGen == stale {
		t.Fatalf("after space: step %d, %v", n, m.player.State())
	}
	before := m.player.Cluster().Snapshot().Now
	m = presenterSend(m, presenterTickMsg{gen: stale})
	if now := m.player.Cluster().Snapshot().Now; now != before {
		t.Fatalf("a stale tick moved the clock from %v to %v", before, now)
	}
	m = presenterSend(m, presenterTickMsg{gen: m.tickGen})
	if now := m.player.Cluster().Snapshot().Now; now != before+tickInterval {
		t.Fatalf("a tick moved the clock from %v to %v, want one interval", before, now)
	}
	m = toPause(t, m, 3)
	m = presenterSend(m, press("left"))
	if n, _ := m.player.Step(); n != 2 || m.player.State() != demo.Paused {
		t.Fatalf("after ←: step %d %v, want the pause after step 2", n, m.player.State())
	}
	if got := ansi.Strip(m.View().Content); !strings.Contains(got, "A write changes the dict") {
		t.Errorf("after ← the caption is not step 2's:\n%s", got)
	}
	m = presenterSend(m, press("r"))
	if n, _ := m.player.Step(); n != 1 || m.player.State() != demo.Playing {
		t.Fatalf("after r: step %d %v", n, m.player.State())
	}
	if _, cmd := m.Update(press("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q does not quit")
	}
}

// TestPresenterAuto: with --auto a pause moves on by itself, and a key
// pressed meanwhile cancels that pending move.
func TestPresenterAuto(t *testing.T) {
	m := newTestPresenter(t, "four-copies", 80, 24, 10*time.Second)
	m = presenterSend(m, press("right"))
	gen := m.autoGen
	m = presenterSend(m, autoNextMsg{gen: gen})
	if n, _ := m.player.Step(); n != 2 || m.player.State() != demo.Playing {
		t.Fatalf("auto: step %d %v, want step 2 playing", n, m.player.State())
	}
	m = presenterSend(m, press("right")) // at the pause after step 2
	old := m.autoGen
	m = presenterSend(m, press("left")) // the presenter steps in
	m = presenterSend(m, autoNextMsg{gen: old})
	if n, _ := m.player.Step(); n != 1 || m.player.State() != demo.Paused {
		t.Fatalf("a cancelled auto-advance moved on: step %d %v", n, m.player.State())
	}
}
