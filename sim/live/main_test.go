//go:build unix

package live

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binPath is the workerlab binary the integration tests run, built once.
var binPath string

// TestMain builds ./cmd/workerlab once for every test in the package. Set
// WORKERLAB_BIN to test an already-built binary instead.
func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	k, v, _ := strings.Cut(ownerEnv(), "=")
	os.Setenv(k, v) // inherited by every process the tests start
	if p := os.Getenv("WORKERLAB_BIN"); p != "" {
		binPath = p
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "workerlab-live-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "live tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" {
		fmt.Fprintln(os.Stderr, "live tests: finding the module root with `go env GOMOD`:", err)
		return 1
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	binPath = filepath.Join(dir, "workerlab")
	build := exec.Command("go", "build", "-o", binPath, "./cmd/workerlab")
	build.Dir = root
	var out bytes.Buffer
	build.Stdout, build.Stderr = &out, &out
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "live tests: building ./cmd/workerlab: %v\n%s", err, out.String())
		return 1
	}
	return m.Run()
}
