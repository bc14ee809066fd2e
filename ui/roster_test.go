package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// classOf is a fixed class at a fixed time.
func classOf(now time.Time) []RosterStudent {
	return []RosterStudent{
		{Name: "alice", Key: "ZdpaGtFe", Connected: true, Watching: true, LastInput: now.Add(-4 * time.Second),
			Lesson: "Four workers, four dictionaries", LessonIndex: 2, Stage: 1, Stages: 1, Hints: 0, Done: 2},
		{Name: "bob", Connected: true, LastInput: now.Add(-7 * time.Minute),
			Lesson: "Threads share, and race", LessonIndex: 5, Stage: 1, Stages: 2, Hints: 3, Done: 4},
		{Name: "carol", Key: "k3Jd9aQx", Connected: true, Watching: true, LastInput: now.Add(-1 * time.Second)},
		{Name: "dave", Key: "Pq81LmZz", Ended: "dropped", Lesson: "It works on my machine", LessonIndex: 1, Stage: 0, Stages: 1, Hints: 1},
	}
}

func newTestRoster(t *testing.T, w, h int) (Roster, chan struct{}, *[]RosterStudent) {
	t.Helper()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	class := classOf(now)
	changes := make(chan struct{}, 1)
	m := NewRoster(RosterConfig{
		Students: func() []RosterStudent { return append([]RosterStudent(nil), class...) },
		Changes:  changes, Join: "ssh -p 2222 192.168.1.20", HostKey: "SHA256:QnqCVHnxB3cowpErh7hQiknQ6P8chTcSHIJ7yF7dgSY",
		Max: 60, Now: func() time.Time { return now },
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Roster), changes, &class
}

func TestRosterScreen(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			m, _, _ := newTestRoster(t, sz.w, sz.h)
			view := m.View().Content
			checkSize(t, view, sz.w, sz.h)
			plain := ansi.Strip(view)
			for _, want := range []string{"3 connected (at most 60), 2 looking", "ssh -p 2222 192.168.1.20", "alice", "4s ago", "7m ago", "dropped", "(no key)", "(the lesson list)", "1/2", "q stop the class"} {
				if !strings.Contains(plain, want) {
					t.Errorf("roster lacks %q", want)
				}
			}
			golden.RequireEqual(t, plain)
		})
	}
}

// TestRosterFollowsChanges: a change notice makes the screen read the
// roster again and wait for the next one.
func TestRosterFollowsChanges(t *testing.T) {
	m, changes, class := newTestRoster(t, 80, 24)
	(*class)[1].Hints = 4
	(*class)[1].Stage = 2
	changes <- struct{}{}
	msg := m.waitChange()()
	next, cmd := m.Update(msg)
	m = next.(Roster)
	if cmd == nil {
		t.Fatal("the roster stopped listening for changes")
	}
	line := ""
	for _, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
		if strings.Contains(l, "bob") {
			line = l
		}
	}
	if !strings.Contains(line, "2/2") || !strings.Contains(line, " 4 ") {
		t.Errorf("bob's line after the change: %q", line)
	}
}

// TestRosterAsksBeforeStopping: q asks; only y stops the class.
func TestRosterAsksBeforeStopping(t *testing.T) {
	m, _, _ := newTestRoster(t, 80, 24)
	next, cmd := m.Update(press("q"))
	m = next.(Roster)
	if cmd != nil || !strings.Contains(ansi.Strip(m.View().Content), "Stop the class?") {
		t.Fatal("q did not ask first")
	}
	next, cmd = m.Update(press("n"))
	m = next.(Roster)
	if cmd != nil || m.confirmStop {
		t.Fatal("another key did not cancel")
	}
	next, _ = m.Update(press("q"))
	if _, cmd = next.Update(press("y")); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q then y did not stop the class")
	}
}
