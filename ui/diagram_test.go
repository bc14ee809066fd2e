package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/sim"
)

// lostUpdateSchedule is the lab's smallest race as the explorer finds it:
// two threads of one gthread worker, a switch between one's read and its
// write.
func lostUpdateSchedule(t *testing.T) *sim.Schedule {
	t.Helper()
	res, err := sim.Explore(context.Background(), sim.Config{Seed: 1, Settings: sim.Settings{Workers: 1, Class: "gthread", Threads: 2}},
		"", sim.Traffic{Workload: "counter", Clients: 2, Limit: 2}, sim.ExploreOptions{})
	if err != nil || res.Violation == nil {
		t.Fatalf("explore: %v, violation %v", err, res.Violation)
	}
	return res.Violation
}

func TestSequenceDiagramGolden(t *testing.T) {
	v := lostUpdateSchedule(t)
	for _, w := range []int{80, 160} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			d := SequenceDiagram(v.Events, v.Settings, w, 4)
			for i, l := range strings.Split(d, "\n") {
				if ansi.StringWidth(l) > w {
					t.Fatalf("line %d is %d columns wide, want at most %d: %q", i, ansi.StringWidth(l), w, l)
				}
			}
			for _, want := range []string{"w1·t1", "w1·t2", "w1 dict", "read hits→none", "write hits←1", "preempted here",
				"✗ c1 wrote 1 over c2's 1: c1 read 0 before c2 wrote", "1 ✗ LOST UPDATE"} {
				if !strings.Contains(d, want) {
					t.Errorf("the diagram lacks %q:\n%s", want, d)
				}
			}
			golden.RequireEqual(t, d)
		})
	}
}

// The reads and writes run down the page in the order they happened: both
// reads before either write.
func TestSequenceDiagramShowsTheInterleaving(t *testing.T) {
	d := SequenceDiagram(lostUpdateSchedule(t).Events, sim.Settings{Class: "gthread"}, 80, 4)
	var order []string
	for _, l := range strings.Split(d, "\n") {
		switch {
		case strings.Contains(l, "read hits"):
			order = append(order, "read")
		case strings.Contains(l, "write hits"):
			order = append(order, "write")
		}
	}
	if strings.Join(order, " ") != "read read write write" {
		t.Fatalf("rows in order %v, want both reads before both writes:\n%s", order, d)
	}
}

// With many requests the diagram draws as many of the last as fit.
func TestSequenceDiagramFitsTheWidth(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 2, Settings: sim.Settings{Workers: 4, Store: "redis"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, l := range []string{"steps on", "traffic counter clients 8 requests 200", "wait 2s"} {
		if _, err := s.Exec(l); err != nil {
			t.Fatal(err)
		}
	}
	evs := s.EventsSince(0, nil)
	for _, w := range []int{80, 120, 160} {
		d := SequenceDiagram(evs, s.Settings(), w, 20)
		lines := strings.Split(d, "\n")
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: a line is %d wide: %q", w, ansi.StringWidth(l), l)
			}
		}
		if !strings.Contains(lines[0], "redis") || !strings.Contains(d, "GET hits") || !strings.Contains(d, "SET hits") {
			t.Fatalf("width %d: no Redis round trips drawn:\n%s", w, d)
		}
	}
	if d := SequenceDiagram(nil, sim.Settings{}, 80, 4); d != textDiagramEmpty {
		t.Fatalf("empty diagram = %q", d)
	}
}
