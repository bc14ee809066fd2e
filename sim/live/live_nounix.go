//go:build !unix

package live

import "github.com/workerlab/workerlab/sim"

// Supported reports whether this system can run the real pre-fork mode.
const Supported = false

// Run explains that serve needs a Unix-like system.
func Run(Config) error { return ErrNeedsUnix }

// RunWorker explains that workers need a Unix-like system.
func RunWorker([]string) error { return ErrNeedsUnix }

// Open explains that sandbox --live needs a Unix-like system.
func Open(Config) (sim.Cluster, string, error) { return nil, "", ErrNeedsUnix }
