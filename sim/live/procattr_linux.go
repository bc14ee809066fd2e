package live

import (
	"os"
	"syscall"
)

// envNoPdeathsig, set to 1, starts workers without the parent-death signal,
// so they notice a vanished master only by watching their parent pid, as on
// macOS; the tests use it to check that path on Linux.
const envNoPdeathsig = "WORKERLAB_NO_PDEATHSIG"

// workerSysProcAttr makes the kernel send SIGTERM to a worker when the thread
// that started it dies, so a master killed with -9 leaves no worker behind.
// Workers stay in the master's process group, so a terminal's Ctrl-C reaches
// them too.
func workerSysProcAttr() *syscall.SysProcAttr {
	if os.Getenv(envNoPdeathsig) == "1" {
		return &syscall.SysProcAttr{}
	}
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
