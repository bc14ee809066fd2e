package classroom

import (
	"strings"
	"testing"

	"github.com/workerlab/workerlab/lessons"
)

// TestTwoStudentsSeparateProgress: two students, each with their own lab and
// progress file; the roster follows what each does.
func TestTwoStudentsSeparateProgress(t *testing.T) {
	srv, addr := startClass(t, Config{})
	alice := openLab(t, dial(t, addr, "alice", newKey(t)), 80, 24)
	bob := openLab(t, dial(t, addr, "bob", newKey(t)), 80, 24)
	waitRoster(t, srv, "two students connected", func(st []Student) bool {
		a, _ := find(st, "alice")
		b, _ := find(st, "bob")
		return a.Connected && b.Connected
	})
	alice.waitScreen(t, "It works on my machine")

	alice.typeKeys(t, "\r") // open the first lesson
	alice.waitScreen(t, "Read your own write")
	alice.typeKeys(t, ":")
	for _, line := range []string{"set greeting hello", "get greeting x3", "wait 1s"} {
		alice.typeKeys(t, line+"\r")
	}
	st := waitRoster(t, srv, "alice's first lesson done", func(st []Student) bool {
		a, _ := find(st, "alice")
		return a.Done == 1
	})
	a, _ := find(st, "alice")
	if a.Lesson != "one-process" || a.LessonIndex != 1 || a.Stage != 1 || a.Stages != 1 || a.Hints != 0 {
		t.Errorf("alice's line: %+v", a)
	}

	bob.typeKeys(t, "\r")
	bob.typeKeys(t, "h")
	st = waitRoster(t, srv, "bob's hint", func(st []Student) bool {
		b, _ := find(st, "bob")
		return b.Hints == 1
	})
	b, _ := find(st, "bob")
	if b.Lesson != "one-process" || b.Done != 0 || b.Stage != 0 {
		t.Errorf("bob's line: %+v", b)
	}

	alice.typeKeys(t, "\x03") // ctrl+c quits, even from the console
	if shown := alice.waitEnd(t); !strings.Contains(shown, textGoodbye) {
		t.Errorf("alice was not told her progress is saved:\n%s", tail(shown, 400))
	}
	waitRoster(t, srv, "alice gone", func(st []Student) bool {
		a, _ := find(st, "alice")
		return !a.Connected && a.Ended == endLeft
	})
	pa := loadProgress(t, srv, a.Identity)
	pb := loadProgress(t, srv, b.Identity)
	if !pa.IsDone("one-process") || pb.IsDone("one-process") || pb.Lessons["one-process"].Hints != 1 || pa.Lessons["one-process"].Hints != 0 {
		t.Errorf("progress files mixed up: alice %+v, bob %+v", pa, pb)
	}
}

func loadProgress(t *testing.T, srv *Server, id Identity) *lessons.Progress {
	t.Helper()
	p, warn, err := lessons.LoadProgress(progressPath(srv.Config().Dir, id))
	if err != nil || warn != "" {
		t.Fatalf("progress of %s: %v %s", id.User, err, warn)
	}
	return p
}
