package main

import (
	"context"
	"os"
	"testing"
)

// TestMain lets the test binary serve as the workers of a live cluster: a
// live lesson's master starts os.Executable() with the hidden `worker`
// subcommand, which in a test run is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		os.Exit(execute(context.Background(), os.Args[1:]))
	}
	os.Exit(m.Run())
}
