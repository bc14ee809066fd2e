//go:build unix

package live

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// nonblocking reports whether fd's open file description has O_NONBLOCK,
// from /proc/self/fdinfo.
func nonblocking(t *testing.T, fd uintptr) bool {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", fd))
	if err != nil {
		t.Skipf("no /proc fdinfo: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "flags:"); ok {
			f, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			if err != nil {
				t.Fatalf("fdinfo flags %q: %v", v, err)
			}
			return f&0o4000 != 0 // O_NONBLOCK
		}
	}
	t.Fatalf("no flags line in fdinfo of %d", fd)
	return false
}

// TestSpawnKeepsSocketNonblocking: starting workers must not switch the
// shared listening socket to blocking mode under the running workers.
func TestSpawnKeepsSocketNonblocking(t *testing.T) {
	m, err := Start(Config{Exe: binPath, Workers: 3, Bind: "127.0.0.1:0", GracefulTimeout: patience})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	// Start returns right after the spawns, before any worker has booted and
	// could have set the mode back itself.
	if !nonblocking(t, m.lnFile.Fd()) {
		t.Fatal("the shared listening socket is in blocking mode after spawning workers")
	}
}
