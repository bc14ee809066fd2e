//go:build unix && !linux

package live

import (
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// Without /proc (macOS, the BSDs) the tests ask ps(1).

// alive reports whether pid is a running (not zombie) process.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	out, err := exec.Command("ps", "-o", "stat=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return false // ps exits 1 when there is no such process
	}
	st := strings.TrimSpace(string(out))
	return st != "" && !strings.HasPrefix(st, "Z")
}

// ownProcesses lists running processes (masters or workers) of the binary
// this test run built: it lives in a fresh temporary directory, so no other
// run shares its path.
func ownProcesses() []int {
	out, err := exec.Command("ps", "-axo", "pid=,command=").Output()
	if err != nil {
		return nil
	}
	var pids []int
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] != binPath {
			continue
		}
		if pid, err := strconv.Atoi(f[0]); err == nil && alive(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// readCmdline returns the command line of pid, words joined by spaces.
func readCmdline(pid int) (string, error) {
	out, err := exec.Command("ps", "-o", "command=", "-p", strconv.Itoa(pid)).Output()
	return strings.TrimSpace(string(out)), err
}
