//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCommandsRefuseSpecialFiles: a named pipe given as --progress, as a
// lesson to check, in --lessons or as a sandbox script makes the command
// exit at once, naming it, and leaves it in place.
func TestCommandsRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"lessons", "list", "--progress", fifo}, exitFailure},
		{[]string{"lessons", "check", fifo}, exitFailure},
		{[]string{"lessons", "list", "--lessons", dir}, exitFailure},
		{[]string{"learn", "--reset", "--progress", fifo}, exitFailure},
		{[]string{"sandbox", "--script", fifo}, exitUsage},
	} {
		args := tc.args
		done := make(chan struct{})
		var code int
		var errOut string
		go func() {
			defer close(done)
			root := newRootCmd()
			root.SetArgs(args)
			root.SetIn(strings.NewReader("yes\n"))
			var out, eout strings.Builder
			root.SetOut(&out)
			root.SetErr(&eout)
			err := root.Execute()
			code, errOut = exitCode(err), eout.String()
			if err != nil {
				errOut += err.Error()
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("workerlab %v still blocked after 5 s", args)
		}
		if code != tc.code || !strings.Contains(errOut, fifo) || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("workerlab %v: exit %d, %q; want %d naming %s", args, code, errOut, tc.code, fifo)
		}
		if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("workerlab %v moved or replaced the pipe: %v", args, err)
		}
	}
}
