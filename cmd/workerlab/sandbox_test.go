package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestSandboxNeedsATerminal(t *testing.T) {
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	err = runSandbox(&cobra.Command{}, sandboxOptions{workers: 4, store: "local", seed: 1}, out)
	if code := exitCode(err); code != exitFailure {
		t.Fatalf("exit code %d, want %d (err %v)", code, exitFailure, err)
	}
	if !errors.Is(err, errNeedTerminal) || !strings.Contains(err.Error(), "workerlab run") {
		t.Errorf("error %q does not say it needs a terminal and point to workerlab run", err)
	}
}

func TestSandboxRejectsBadInput(t *testing.T) {
	script := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(script, []byte("workers 2\nworkers many\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"workers too many", []string{"sandbox", "--workers", "65"}, []string{`--workers "65"`, "1..64"}},
		{"workers zero", []string{"sandbox", "--workers", "0"}, []string{`--workers "0"`, "1..64"}},
		{"store", []string{"sandbox", "--store", "memcached"}, []string{`--store "memcached"`, "local, locmem, redis"}},
		{"missing script", []string{"sandbox", "--script", filepath.Join(t.TempDir(), "none.txt")}, []string{"--script", "none.txt"}},
		{"bad script line", []string{"sandbox", "--script", script}, []string{"line 2", `"many"`}},
		{"seed", []string{"sandbox", "--seed", "-1"}, []string{"seed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newRootCmd()
			root.SetArgs(tt.args)
			root.SetOut(io.Discard)
			err := root.ExecuteContext(context.Background())
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit code %d, want %d (err %v)", code, exitUsage, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
