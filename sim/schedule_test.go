package sim

import (
	"testing"
	"time"
)

// A scheduler started at import runs in every process that imports the app:
// each worker without preload, the master with it, or one beat process.
func TestSchedulerRunsWhereTheAppIsImported(t *testing.T) {
	for _, tc := range []struct {
		name       string
		st         Settings
		lines      []string
		runs       int64
		schedulers int
		inWorkers  int
	}{
		{"per worker", Settings{Workers: 4}, nil, 12, 4, 4},
		{"preload: the master", Settings{Workers: 4, Preload: true}, nil, 3, 1, 0},
		{"beat", Settings{Workers: 4}, []string{"scheduler beat"}, 3, 1, 0},
		{"a lock in Redis", Settings{Workers: 4, Store: "redis"}, []string{"job-lock on"}, 3, 4, 4},
		{"a lock in each worker's dict", Settings{Workers: 4}, []string{"job-lock on"}, 12, 4, 4},
		{"a lock in LocMemCache", Settings{Workers: 4, Store: "locmem"}, []string{"job-lock on"}, 12, 4, 4},
	} {
		s := newSim(t, 1, tc.st)
		exec(t, s, append(tc.lines, "schedule 10s", "wait 35s")...)
		snap := s.Snapshot()
		in := 0
		for _, w := range snap.Workers {
			if w.Scheduler {
				in++
			}
		}
		if snap.Metrics.JobRuns != tc.runs || snap.Metrics.Schedulers != tc.schedulers || in != tc.inWorkers {
			t.Errorf("%s: %d runs, %d schedulers, %d in workers; want %d, %d, %d", tc.name, snap.Metrics.JobRuns,
				snap.Metrics.Schedulers, in, tc.runs, tc.schedulers, tc.inWorkers)
		}
	}
}

// An interval scheduler counts from its start, and a replaced worker starts
// a new one: workers recycled more often than the period never run the job.
// beat, in a process of its own, does not care.
func TestRecycledSchedulersNeverFire(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4})
		exec(t, s, "schedule 10s", "max-requests 50", "traffic set-then-get 100/s clients 4", "wait 60s")
		m := s.Snapshot().Metrics
		if m.Restarts < 20 || m.JobRuns != 0 {
			t.Fatalf("seed %d: %d restarts, %d runs in 60 s; want many restarts and no run", seed, m.Restarts, m.JobRuns)
		}
		exec(t, s, "scheduler beat", "wait 35s")
		if got := s.Snapshot().Metrics.JobRuns; got != 3 {
			t.Fatalf("seed %d: beat ran the job %d times in 35 s, want 3", seed, got)
		}
	}
}

// What the job writes lands in the memory of the process that ran it: with a
// dict, the master's or beat's writes reach no worker, so reads are stale.
func TestTheJobWritesWhereItRuns(t *testing.T) {
	for _, tc := range []struct {
		name  string
		st    Settings
		line  string
		stale bool
	}{
		{"preload, dict", Settings{Workers: 4, Preload: true}, "scheduler app", true},
		{"beat, dict", Settings{Workers: 4}, "scheduler beat", true},
		{"beat, Redis", Settings{Workers: 4, Store: "redis"}, "scheduler beat", false},
		{"preload, Redis", Settings{Workers: 4, Store: "redis", Preload: true}, "scheduler app", false},
	} {
		s := newSim(t, 1, tc.st)
		exec(t, s, tc.line, "schedule 2s", "wait 3s", "get report x20", "wait 1s")
		m := s.Snapshot().Metrics
		if m.JobRuns != 2 || (m.StaleReads > 0) != tc.stale {
			t.Errorf("%s: %d runs, %d stale reads of report; want 2 runs, stale %v", tc.name, m.JobRuns, m.StaleReads, tc.stale)
		}
	}
}

func TestScheduleEventsAreNotWork(t *testing.T) {
	snap, err := Run(Config{Seed: 1, Settings: Settings{Workers: 2}}, "schedule 1s", Traffic{Workload: "set-then-get", Clients: 2, Limit: 100})
	if err != nil || snap.Metrics.Requests != 100 || snap.Now > time.Second {
		t.Fatalf("a headless run with a schedule: %v, %d requests by %s; want it to end with its requests", err, snap.Metrics.Requests, snap.Now)
	}
}
