package sim

import (
	"fmt"
	"time"
)

// RunLimit bounds a headless run in virtual time, so a script that starts
// endless traffic still ends.
const RunLimit = time.Hour

// Run builds a cluster from cfg, runs script (command language), starts t
// with t.Limit requests (when t.Workload is set), runs until every request is
// answered (or RunLimit passes), and returns the final snapshot.
func Run(cfg Config, script string, t Traffic) (Snapshot, error) {
	s, err := New(cfg)
	if err != nil {
		return Snapshot{}, err
	}
	defer s.Close()
	if err := s.RunScript(script); err != nil {
		return Snapshot{}, fmt.Errorf("script: %w", err)
	}
	if t.Workload != "" {
		s.startTraffic(t)
	}
	s.RunUntilIdle(RunLimit)
	return s.Snapshot(), nil
}
