//go:build unix && !linux

package live

import "syscall"

// workerSysProcAttr has no parent-death signal outside Linux; workers rely on
// watching their parent pid instead.
func workerSysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }
