//go:build unix

package live

import (
	"os"
	"os/signal"
	"syscall"
)

// Supported reports whether this system can run the real pre-fork mode.
const Supported = true

// Run starts a master and serves until TERM, INT or QUIT stops it, handling
// gunicorn's signals on the way. It is the body of `workerlab serve`.
func Run(cfg Config) error {
	sigs := make(chan os.Signal, 8)
	// Listen before the workers exist, so a signal sent right after the
	// "Listening at" line is handled, not fatal.
	signal.Notify(sigs, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	m, err := Start(cfg)
	if err != nil {
		return err
	}
	for {
		select {
		case s := <-sigs:
			_ = m.Signal(s)
		case <-m.Done():
			return nil
		}
	}
}
