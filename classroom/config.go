package classroom

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// Defaults of a classroom.
const (
	DefaultAddr        = "127.0.0.1:2222"
	DefaultMax         = 60
	DefaultIdleTimeout = 30 * time.Minute
	DefaultIdlePause   = 3 * time.Minute
	// MaxSessions bounds --max: 40 sessions were measured on 2 cores (README).
	MaxSessions = 500
)

// Config is what a classroom server needs. Zero fields take the defaults.
type Config struct {
	Addr string // where to listen; DefaultAddr when ""
	// Dir holds the host key (host_ed25519), the students' progress
	// (progress/ID.json) and nothing else; DefaultDir when "".
	Dir         string
	Max         int           // concurrent sessions; DefaultMax when 0
	IdleTimeout time.Duration // close a session after this long with no input
	IdlePause   time.Duration // stop a session's clock after this long with no input
	Lessons     []*lessons.Lesson
	// NewCluster starts a fresh cluster for a student's lesson; the default
	// is a simulated cluster with no network listener.
	NewCluster func(seed uint64) (sim.Cluster, error)
	// Seed picks the seed of each lesson's cluster (nil: always 1).
	Seed func() uint64
}

// DefaultDir is os.UserConfigDir()/workerlab/classroom.
func DefaultDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory for the classroom: %w", err)
	}
	return filepath.Join(dir, "workerlab", "classroom"), nil
}

// withDefaults fills the zero fields and checks the others.
func (c Config) withDefaults() (Config, error) {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.Dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return c, err
		}
		c.Dir = d
	}
	if c.Max == 0 {
		c.Max = DefaultMax
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.IdlePause == 0 {
		c.IdlePause = DefaultIdlePause
	}
	if c.NewCluster == nil {
		c.NewCluster = func(seed uint64) (sim.Cluster, error) {
			s, err := sim.New(sim.Config{Seed: seed})
			if err != nil {
				return nil, fmt.Errorf("starting a student's cluster: %w", err)
			}
			return s, nil
		}
	}
	switch {
	case c.Max < 1 || c.Max > MaxSessions:
		return c, fmt.Errorf("max sessions %d: expected 1..%d", c.Max, MaxSessions)
	case c.IdleTimeout < 0 || c.IdlePause < 0:
		return c, fmt.Errorf("idle times must be positive (timeout %v, pause %v)", c.IdleTimeout, c.IdlePause)
	case len(c.Lessons) == 0:
		return c, fmt.Errorf("no lessons to serve")
	}
	return c, nil
}
