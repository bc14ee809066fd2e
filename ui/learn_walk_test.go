package ui

import (
	"math/rand/v2"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/lessons"
)

// learnWalkKeys are the keys a random walk on the lesson track presses:
// every binding of its screens and some typing.
var learnWalkKeys = []string{
	"up", "down", "enter", "esc", "h", "S", "y", "n", "p", "?", "f1", "tab", "pgup", "pgdown",
	"[", "]", ":", "/", "space", ".", "right", "+", "-", "k", "j", "x", "backspace",
}

// TestLearnRandomWalk drives the lesson track through random keys, console
// lines, ticks, resizes and wheel turns: it must never panic, and every
// frame must fit the terminal.
func TestLearnRandomWalk(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	steps := 1000 // per seed
	if testing.Short() || raceOn {
		steps = 250
	}
	for seed := uint64(1); seed <= 2; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		m := NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster, Seed: func() uint64 { return seed }})
		step := func(msg tea.Msg) {
			next, cmd := m.Update(msg)
			m = next.(Learn)
			if cmd != nil && r.IntN(4) == 0 { // run some commands: renders, saves
				if msg, ok := cmd().(lessonRenderedMsg); ok {
					next, _ = m.Update(msg)
					m = next.(Learn)
				}
			}
		}
		step(tea.WindowSizeMsg{Width: 100, Height: 30})
		for i := range steps {
			switch n := r.IntN(20); {
			case n < 11:
				step(press(learnWalkKeys[r.IntN(len(learnWalkKeys))]))
			case n < 14:
				step(press(":"))
				for _, c := range walkLines[r.IntN(len(walkLines))] {
					step(tea.KeyPressMsg{Code: c, Text: string(c)})
				}
				step(press("enter"))
			case n < 17:
				if m.driver != nil {
					step(tickMsg{gen: m.driver.gen})
				}
			case n < 18:
				step(tea.WindowSizeMsg{Width: 1 + r.IntN(220), Height: 1 + r.IntN(70)})
			case n < 19:
				step(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
			default:
				step(tea.PasteMsg{Content: walkLines[r.IntN(len(walkLines))]})
			}
			if m.quitting {
				m.Close()
				m = NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster, Seed: func() uint64 { return seed }})
				step(tea.WindowSizeMsg{Width: 100, Height: 30})
			}
			checkSize(t, m.View().Content, max(m.width, 1), max(m.height, 1))
			if t.Failed() {
				t.Fatalf("seed %d step %d", seed, i)
			}
		}
		m.Close()
	}
}
