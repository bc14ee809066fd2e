package lessons

import (
	"errors"
	"fmt"

	"github.com/workerlab/workerlab/sim"
)

// lineMsg is what a command line's error says, without the script line
// number (the lesson file's own line is reported instead).
func lineMsg(err error) string {
	var le *sim.LineError
	if errors.As(err, &le) {
		return le.Msg
	}
	return err.Error()
}

// checkCommand validates one command-language line without running it.
func checkCommand(line string) error {
	_, err := sim.Parse(line)
	return err
}

// NewCluster starts a fresh simulated cluster with the default settings and
// the given seed, without a network listener.
func NewCluster(seed uint64) (sim.Cluster, error) {
	s, err := sim.New(sim.Config{Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("starting a cluster with seed %d: %w", seed, err)
	}
	return s, nil
}
