package live

import "syscall"

// workerSysProcAttr makes the kernel send SIGTERM to a worker when the thread
// that started it dies, so a master killed with -9 leaves no worker behind.
// Workers stay in the master's process group, so a terminal's Ctrl-C reaches
// them too.
func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
