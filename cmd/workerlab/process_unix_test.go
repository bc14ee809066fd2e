//go:build unix

package main

import "syscall"

// processRunning reports whether pid names a running process (signal 0
// checks without sending anything).
func processRunning(pid int) error { return syscall.Kill(pid, 0) }
