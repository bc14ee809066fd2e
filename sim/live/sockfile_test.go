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

// polledFds lists the descriptors registered with this process's epoll
// instances (the Go runtime's poller), from /proc/self/fdinfo.
func polledFds(t *testing.T) map[int]bool {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	polled := map[int]bool{}
	for _, e := range ents {
		target, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil || target != "anon_inode:[eventpoll]" {
			continue
		}
		b, err := os.ReadFile("/proc/self/fdinfo/" + e.Name())
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == "tfd:" {
				if n, err := strconv.Atoi(f[1]); err == nil {
					polled[n] = true
				}
			}
		}
	}
	if len(polled) == 0 {
		t.Skip("no epoll registrations visible in /proc/self/fdinfo")
	}
	return polled
}

// TestMasterDoesNotPollTheSharedSocket: the master keeps the listening socket
// only to hand it to workers; were it in the master's own poller, every
// connection that arrives for a worker would also wake the master.
func TestMasterDoesNotPollTheSharedSocket(t *testing.T) {
	m, err := Start(Config{Exe: binPath, Workers: 1, Bind: "127.0.0.1:0", GracefulTimeout: patience})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	fd := int(m.lnFile.Fd())
	if polledFds(t)[fd] {
		t.Fatalf("the master's copy of the listening socket (fd %d) is registered with its poller", fd)
	}
	if !nonblocking(t, uintptr(fd)) {
		t.Fatal("the shared listening socket is in blocking mode")
	}
}
