package classroom

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// TestDroppedConnectionFreesItsSession: a full class refuses the next
// student until a connection drops without a goodbye.
func TestDroppedConnectionFreesItsSession(t *testing.T) {
	srv, addr := startClass(t, Config{Max: 1})
	aliceConn := dial(t, addr, "alice", newKey(t))
	alice := openLab(t, aliceConn, 80, 24)
	alice.waitScreen(t, "It works on my machine")

	bob := openLab(t, dial(t, addr, "bob", newKey(t)), 80, 24)
	if shown := bob.waitEnd(t); !strings.Contains(shown, fmt.Sprintf(textClassFull, 1)) {
		t.Fatalf("bob was not told the class is full:\n%s", shown)
	}

	aliceConn.Close() // the laptop lid closes: no quit key, no goodbye
	waitRoster(t, srv, "alice dropped", func(st []Student) bool {
		a, ok := find(st, "alice")
		return ok && !a.Connected && a.Ended == endDropped
	})
	if n := srv.Roster().Connected(); n != 0 {
		t.Fatalf("%d connected after the drop", n)
	}
	carol := openLab(t, dial(t, addr, "carol", nil), 80, 24)
	carol.waitScreen(t, "It works on my machine")
	st := waitRoster(t, srv, "carol in", func(st []Student) bool {
		c, _ := find(st, "carol")
		return c.Connected
	})
	if c, _ := find(st, "carol"); c.Fingerprint != "" || !strings.Contains(c.Short(), "no key") {
		t.Errorf("carol signed in without a key, roster says %+v", c)
	}
}

// TestSameStudentAgainReplacesTheOldSession: connecting again with the same
// name and key closes the first session and keeps one roster line.
func TestSameStudentAgainReplacesTheOldSession(t *testing.T) {
	srv, addr := startClass(t, Config{})
	key := newKey(t)
	first := openLab(t, dial(t, addr, "alice", key), 80, 24)
	first.waitScreen(t, "It works on my machine")
	second := openLab(t, dial(t, addr, "alice", key), 80, 24)
	if shown := first.waitEnd(t); !strings.Contains(shown, textReplaced) {
		t.Errorf("the first session was not told why it ended:\n%s", tail(shown, 400))
	}
	second.waitScreen(t, "It works on my machine")
	st := waitRoster(t, srv, "alice once", func(st []Student) bool {
		a, _ := find(st, "alice")
		return a.Connected
	})
	if len(st) != 1 {
		t.Errorf("roster has %d lines for one student: %+v", len(st), st)
	}
	other := openLab(t, dial(t, addr, "alice", newKey(t)), 80, 24) // same name, other key: another student
	other.waitScreen(t, "It works on my machine")
	waitRoster(t, srv, "two alices", func(st []Student) bool { return len(st) == 2 && st[0].Connected && st[1].Connected })
}

// TestOffersNothingButTheLab: no commands, no file transfer, no forwarding,
// no session without a terminal.
func TestOffersNothingButTheLab(t *testing.T) {
	_, addr := startClass(t, Config{})
	c := dial(t, addr, "mallory", newKey(t))

	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.CombinedOutput("cat /etc/passwd")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 || !strings.Contains(string(out), "no commands, no shell") || strings.Contains(string(out), "root:") {
		t.Errorf("exec: err %v, output %q; want exit 1 and the refusal", err, out)
	}

	s, _ = c.NewSession()
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was granted")
	}

	if conn, err := c.Dial("tcp", addr); err == nil {
		conn.Close()
		t.Error("local port forwarding was granted")
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("remote port forwarding was granted")
	}

	s, _ = c.NewSession()
	out, _ = s.CombinedOutput("") // a shell without a pty
	if !strings.Contains(string(out), "needs a terminal") {
		t.Errorf("a session without a terminal got %q", out)
	}
}

// TestIdleStopsTheClockThenCloses: no input stops the cluster's clock (the
// roster shows the student not watching), a key starts it again, and a long
// silence closes the session with the progress saved.
func TestIdleStopsTheClockThenCloses(t *testing.T) {
	srv, addr := startClass(t, Config{IdlePause: 150 * time.Millisecond, IdleTimeout: 2 * time.Second})
	alice := openLab(t, dial(t, addr, "alice", newKey(t)), 80, 24)
	alice.typeKeys(t, "\r")
	alice.waitScreen(t, "Read your own write")
	waitRoster(t, srv, "alice away", func(st []Student) bool {
		a, _ := find(st, "alice")
		return a.Connected && !a.Watching
	})
	alice.waitScreen(t, "clock stopped")
	alice.typeKeys(t, "h")
	waitRoster(t, srv, "alice back", func(st []Student) bool {
		a, _ := find(st, "alice")
		return a.Watching && a.Hints == 1
	})
	shown := alice.waitEnd(t)
	if !strings.Contains(shown, "without a key pressed") {
		t.Errorf("the idle student was not told why the session closed:\n%s", tail(shown, 400))
	}
	st := waitRoster(t, srv, "alice idle", func(st []Student) bool {
		a, _ := find(st, "alice")
		return !a.Connected
	})
	if a, _ := find(st, "alice"); a.Ended != endIdle || a.Hints != 1 {
		t.Errorf("roster after idle close: %+v", a)
	}
}

// TestFocusStopsTheClock: a terminal that reports losing focus stops the
// student's cluster; regaining focus starts it.
func TestFocusStopsTheClock(t *testing.T) {
	srv, addr := startClass(t, Config{})
	alice := openLab(t, dial(t, addr, "alice", newKey(t)), 80, 24)
	alice.typeKeys(t, "\r")
	alice.waitScreen(t, "Read your own write")
	alice.typeKeys(t, "\x1b[O") // focus out
	waitRoster(t, srv, "alice unfocused", func(st []Student) bool {
		a, _ := find(st, "alice")
		return !a.Watching
	})
	alice.typeKeys(t, "\x1b[I") // focus in
	waitRoster(t, srv, "alice focused", func(st []Student) bool {
		a, _ := find(st, "alice")
		return a.Watching
	})
}

// panicky is a screen that panics on the key x.
type panicky struct{}

func (panicky) Init() tea.Cmd { return nil }
func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "x" {
		panic("boom")
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "c" {
		return p, func() tea.Msg { panic("boom in a command") }
	}
	return p, nil
}
func (panicky) View() tea.View { return tea.NewView("fine") }

// TestPanicEndsOnlyThatSession: a panic in a screen or in one of its
// commands becomes the end of that session, logged, never a crash.
func TestPanicEndsOnlyThatSession(t *testing.T) {
	srv, err := New(Config{Dir: t.TempDir(), Lessons: testTrack(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"x", "c"} {
		st := &session{srv: srv, id: Identity{User: "eve"}, key: "eve"}
		m := newStudentModel(panicky{}, st)
		next, cmd := m.Update(tea.KeyPressMsg{Code: rune(key[0]), Text: key})
		if key == "c" { // the panic is in the command: run it as Bubble Tea would
			msg := cmd()
			next, cmd = next.Update(msg)
		}
		if cmd == nil || cmd() != tea.Quit() {
			t.Fatalf("key %s: the session did not quit after the panic", key)
		}
		if why, note := st.ending(); why != endCrashed || note != textCrashed {
			t.Errorf("key %s: ended %q %q", key, why, note)
		}
		if v := next.View(); v.Content != textCrashed {
			t.Errorf("key %s: view after the crash = %q", key, v.Content)
		}
	}
}
