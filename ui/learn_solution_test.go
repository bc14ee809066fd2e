package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// solutionSeeds are the seeds every built-in lesson's typed solution is
// checked over.
const solutionSeeds = 20

// provedAt runs a lesson the way lessons.Prove does (a fresh cluster, the
// setup, then the solution played line by line) and returns the index of
// the line after which the lesson was done, or -1.
func provedAt(t *testing.T, l *lessons.Lesson, seed uint64) int {
	t.Helper()
	c, err := lessons.NewCluster(seed)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := lessons.Start(l, c)
	if err != nil {
		t.Fatal(err)
	}
	for i, ln := range l.Solution {
		if _, err := r.Exec(ln.Text); err != nil {
			t.Fatalf("%s seed %d: solution line %q: %v", l.ID, seed, ln.Text, err)
		}
		if r.Done() {
			return i
		}
	}
	return -1
}

// typedAt opens lesson i of track on the lesson screen with seed, types its
// solution into the console key by key, and returns the index of the line
// after which the screen showed the lesson done, or -1. No tick is ever
// delivered: virtual time moves only as the typed lines move it.
func typedAt(t *testing.T, track []*lessons.Lesson, i int, seed uint64) int {
	t.Helper()
	m := NewLearn(LearnConfig{
		Lessons:    track,
		NewCluster: lessons.NewCluster,
		// The lesson on real processes, typed on the simulation: the
		// console's path is the one under test.
		NewLiveCluster: func() (sim.Cluster, error) { return lessons.NewCluster(seed) },
		Seed:           func() uint64 { return seed },
	})
	defer func() { m.Close() }()
	step := func(msg tea.Msg) {
		next, _ := m.Update(msg)
		m = next.(Learn)
	}
	step(tea.WindowSizeMsg{Width: 80, Height: 24})
	for m.cursor < i {
		step(press("down"))
	}
	for m.cursor > i {
		step(press("up"))
	}
	step(press("enter"))
	if m.run == nil || m.lesson().ID != track[i].ID {
		t.Fatalf("opening lesson %d: got %v (start error %v)", i+1, m.screen, m.startErr)
	}
	for n, ln := range track[i].Solution {
		step(press(":"))
		for _, r := range ln.Text {
			step(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		step(press("enter"))
		if out, isErr := m.console.Output(); isErr {
			t.Fatalf("%s seed %d: typed %q: %q", track[i].ID, seed, ln.Text, out)
		}
		step(press("esc"))
		if m.lastStatus.Done != m.run.Done() {
			t.Fatalf("%s seed %d: the screen shows done=%v, the run is done=%v", track[i].ID, seed, m.lastStatus.Done, m.run.Done())
		}
		if m.run.Done() {
			return n
		}
	}
	return -1
}

// TestTypedSolutionCompletesWhenProveDoes types every built-in lesson's
// solution into the lesson console, line by line, and checks the lesson
// completes after exactly the line it completes after when proved headless:
// the console runs the same code as the proofs.
func TestTypedSolutionCompletesWhenProveDoes(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	seeds := uint64(solutionSeeds)
	if testing.Short() {
		seeds = 3
	}
	start := time.Now()
	for i, l := range track {
		t.Run(l.ID, func(t *testing.T) {
			for seed := uint64(1); seed <= seeds; seed++ {
				want := provedAt(t, l, seed)
				if want < 0 {
					t.Fatalf("seed %d: the proof's path never completes the lesson", seed)
				}
				if got := typedAt(t, track, i, seed); got != want {
					typed := "never completes"
					if got >= 0 {
						typed = fmt.Sprintf("completes after line %d", got+1)
					}
					t.Errorf("seed %d: the typed solution %s; the proof completes after line %d (%q)",
						seed, typed, want+1, l.Solution[want].Text)
				}
			}
		})
	}
	t.Logf("%d lessons × %d seeds in %v", len(track), seeds, time.Since(start).Round(time.Millisecond))
}
