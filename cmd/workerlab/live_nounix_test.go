//go:build !unix

package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/workerlab/workerlab/sim/live"
)

// TestLiveCommandsExplainThemselves: on a system without Unix processes,
// serve and sandbox --live stay in --help, and exit 2 saying what they need.
func TestLiveCommandsExplainThemselves(t *testing.T) {
	for _, args := range [][]string{{"serve", "-w", "4"}, {"sandbox", "--live"}} {
		root := newRootCmd()
		root.SetArgs(args)
		root.SetOut(io.Discard)
		err := root.ExecuteContext(context.Background())
		if code := exitCode(err); code != exitUsage {
			t.Errorf("%v: exit code %d, want %d (err %v)", args, code, exitUsage, err)
		}
		if !errors.Is(err, live.ErrNeedsUnix) || !strings.Contains(err.Error(), "WSL") {
			t.Errorf("%v: error %v, want the Unix-like-system explanation", args, err)
		}
	}
	root := newRootCmd()
	var help strings.Builder
	root.SetOut(&help)
	root.SetArgs([]string{"--help"})
	_ = root.Execute()
	if !strings.Contains(help.String(), "serve") {
		t.Errorf("serve is missing from --help:\n%s", help.String())
	}
}
