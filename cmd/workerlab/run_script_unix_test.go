//go:build unix

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// --script reads only a regular file: a FIFO would block forever and a link
// to /dev/zero would fill memory.
func TestRunScriptMustBeARegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "x.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		for _, cmd := range []string{"run", "sandbox"} {
			root := newRootCmd()
			root.SetArgs([]string{cmd, "--script", path})
			root.SetOut(&bytes.Buffer{})
			err := root.ExecuteContext(context.Background())
			if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s --script %s: exit %d, err %v; want 2, not a regular file", cmd, path, exitCode(err), err)
			}
		}
	}
}
