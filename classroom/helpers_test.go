package classroom

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/lessons"
	gossh "golang.org/x/crypto/ssh"
)

// startClass runs a classroom on a random loopback port with the built-in
// track; cfg's zero fields take test defaults.
func startClass(t testing.TB, cfg Config) (*Server, string) {
	t.Helper()
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Lessons = track
	cfg.Addr = "127.0.0.1:0"
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	var logBuf syncBuffer
	srv, err := New(cfg, &logBuf)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logBuf.String())
		}
	})
	return srv, ln.Addr().String()
}

// newKey returns a fresh ed25519 signer.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects as user with key (nil: keyboard-interactive, no key).
func dial(t testing.TB, addr, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("dial as %s: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// lab is a student's terminal: an SSH session with a pty, its input and
// everything it has shown.
type lab struct {
	sess *gossh.Session
	in   io.WriteCloser
	out  *syncBuffer
	done chan error
}

// openLab asks for a w×h terminal and a shell, as `ssh HOST` does.
func openLab(t testing.TB, c *gossh.Client, w, h int) *lab {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	l := &lab{sess: s, in: in, out: &syncBuffer{}, done: make(chan error, 1)}
	s.Stdout = l.out
	s.Stderr = l.out
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { l.done <- s.Wait() }()
	return l
}

// typeKeys sends keys as a terminal would.
func (l *lab) typeKeys(t testing.TB, keys string) {
	t.Helper()
	if _, err := io.WriteString(l.in, keys); err != nil {
		t.Fatalf("typing %q: %v", keys, err)
	}
}

// waitScreen waits until the student's terminal has shown want.
func (l *lab) waitScreen(t testing.TB, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(ansi.Strip(l.out.String()), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it showed:\n%s", want, tail(ansi.Strip(l.out.String()), 2000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEnd waits for the session to end and returns what it showed.
func (l *lab) waitEnd(t *testing.T) string {
	t.Helper()
	select {
	case <-l.done:
	case <-time.After(15 * time.Second):
		t.Fatal("the session did not end")
	}
	return ansi.Strip(l.out.String())
}

// waitRoster waits until cond holds for the roster.
func waitRoster(t testing.TB, srv *Server, what string, cond func([]Student) bool) []Student {
	t.Helper()
	ch := srv.Roster().Subscribe()
	deadline := time.After(15 * time.Second)
	for {
		st := srv.Roster().Students()
		if cond(st) {
			return st
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("the roster never showed %s: %+v", what, st)
		}
	}
}

// find returns the roster line of user.
func find(st []Student, user string) (Student, bool) {
	for _, s := range st {
		if s.User == user {
			return s, true
		}
	}
	return Student{}, false
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testTrack is the built-in lesson track.
func testTrack(t *testing.T) []*lessons.Lesson {
	t.Helper()
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return track
}
