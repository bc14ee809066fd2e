package main

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

func TestClassroomRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"classroom", "--max", "0"}, "bad --max 0: expected a whole number 1..500"},
		{[]string{"classroom", "--idle", "5s"}, "bad --idle 5s: expected at least 1m0s"},
		{[]string{"classroom", "--bind", "2222"}, `bad --bind "2222": expected HOST:PORT`},
	} {
		err := runCLIErr(t, tc.args...)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v (exit %d), want exit 2 and %q", tc.args, err, exitCode(err), tc.want)
		}
	}
}

// TestClassroomHeadless runs `workerlab classroom` without a terminal: it
// says where students connect, prints a line when one joins, and stops,
// saving, when its context ends.
func TestClassroomHeadless(t *testing.T) {
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := &cobra.Command{}
	cmd.SetContext(ctx)
	addASCIIFlag(cmd)
	done := make(chan error, 1)
	go func() {
		done <- runClassroom(cmd, classroomOptions{bind: "127.0.0.1:0", max: 5, idle: time.Hour, dir: t.TempDir()}, wr)
		wr.Close()
	}()
	lines := bufio.NewScanner(rd)
	next := func() string {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("the classroom printed nothing more (%v)", lines.Err())
		}
		return lines.Text()
	}
	first := next()
	if !strings.HasPrefix(first, "workerlab classroom: listening on 127.0.0.1:") || !strings.Contains(first, "host key SHA256:") {
		t.Fatalf("first line %q", first)
	}
	join := next()
	addr := strings.Fields(strings.TrimPrefix(first, "workerlab classroom: listening on "))[0]
	_, port, _ := strings.Cut(addr, ":")
	if want := "students join with: ssh -p " + port + " 127.0.0.1"; join != want {
		t.Fatalf("join line %q, want %q", join, want)
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "alice", HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	if line := next(); !strings.Contains(line, "alice (no key): connected, on the lesson list, 0 done") {
		t.Fatalf("join line %q", line)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("classroom ended with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the classroom did not stop")
	}
}
