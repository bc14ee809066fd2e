//go:build unix

package live

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// inheritableFile duplicates the listening socket into an *os.File that can
// be handed to every worker without side effects. (*net.TCPListener).File
// returns a file whose Fd method, which exec calls for ExtraFiles, switches
// the socket to blocking mode; the mode belongs to the socket, shared by every
// worker, so each spawn would leave the running workers' accept calls
// blocking (and deaf to Shutdown) until the new worker switched it back. A
// file made by os.NewFile keeps the mode as it is.
//
// os.NewFile registers a non-blocking descriptor with the master's own
// poller, which would then wake the master for every connection that
// arrives for the workers (about 7% of a core under load). So the duplicate
// is made blocking while os.NewFile looks at it, which keeps it out of the
// poller, and non-blocking again before any worker exists.
func inheritableFile(l *net.TCPListener) (*os.File, error) {
	sc, err := l.SyscallConn()
	if err != nil {
		return nil, fmt.Errorf("listening socket: %w", err)
	}
	var dup int
	var dupErr error
	if err := sc.Control(func(fd uintptr) {
		syscall.ForkLock.RLock()
		defer syscall.ForkLock.RUnlock()
		dup, dupErr = syscall.Dup(int(fd))
		if dupErr == nil {
			syscall.CloseOnExec(dup)
		}
	}); err != nil {
		return nil, fmt.Errorf("listening socket: %w", err)
	}
	if dupErr != nil {
		return nil, fmt.Errorf("duplicating the listening socket: %w", dupErr)
	}
	if err := syscall.SetNonblock(dup, false); err != nil {
		syscall.Close(dup)
		return nil, fmt.Errorf("listening socket: %w", err)
	}
	f := os.NewFile(uintptr(dup), "listener")
	if err := syscall.SetNonblock(dup, true); err != nil {
		f.Close()
		return nil, fmt.Errorf("listening socket: %w", err)
	}
	return f, nil
}
