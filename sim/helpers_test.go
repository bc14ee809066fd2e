package sim

import (
	"testing"
	"time"
)

// runWith runs a headless workload and returns its metrics.
func runWith(t testing.TB, seed uint64, st Settings, tr Traffic) Metrics {
	t.Helper()
	snap, err := Run(Config{Seed: seed, Settings: st}, "", tr)
	if err != nil {
		t.Fatalf("Run(seed %d, %+v): %v", seed, st, err)
	}
	if snap.Pending != 0 {
		t.Fatalf("seed %d: %d requests still pending after the run", seed, snap.Pending)
	}
	return snap.Metrics
}

// newSim builds a cluster for a test and closes it with the test.
func newSim(t testing.TB, seed uint64, st Settings) *Sim {
	t.Helper()
	s, err := New(Config{Seed: seed, Settings: st})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exec runs lines and fails the test on any error.
func exec(t testing.TB, s *Sim, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if _, err := s.Exec(l); err != nil {
			t.Fatalf("Exec(%q): %v", l, err)
		}
	}
}

const msec = time.Millisecond
