package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/sim/live"
)

// liveLessonWorkers is how many worker processes a live lesson starts with;
// its setup may change that.
const liveLessonWorkers = 4

// errNoProcesses marks a live cluster that could not start: the machine (a
// sandbox, a missing binary) does not let this program start its workers.
var errNoProcesses = errors.New("this lesson runs real worker processes, and they could not start here")

// newLiveLessonCluster starts real worker processes of this binary on a free
// loopback port for a lesson in live mode.
func newLiveLessonCluster() (sim.Cluster, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("%w (finding the workerlab binary: %v); the other lessons run in the simulation", errNoProcesses, err)
	}
	c, _, err := live.Open(live.Config{Exe: exe, Workers: liveLessonWorkers, Bind: "127.0.0.1:0", Store: live.StoreLocal,
		Threads: 1, Timeout: 30 * time.Second, GracefulTimeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("%w (%v); the other lessons run in the simulation", errNoProcesses, err)
	}
	return c, nil
}

// proveLive proves a lesson in live mode once on real worker processes
// (seeds do not apply to them). It reports skipped, with why, when the
// processes cannot start here.
func proveLive(l *lessons.Lesson, newCluster func() (sim.Cluster, error)) (skipped string, err error) {
	var startErr error
	err = lessons.Prove(l, 0, func(uint64) (sim.Cluster, error) {
		c, err := newCluster()
		startErr = err
		return c, err
	})
	if startErr != nil && errors.Is(startErr, errNoProcesses) {
		return startErr.Error(), nil
	}
	return "", err
}
