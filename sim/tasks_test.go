package sim

import (
	"strings"
	"testing"
)

// FACTS.md B24: a job queued in a worker's own queue dies with the worker;
// a broker keeps it.
func TestQueuedJobsDieWithTheirWorker(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		for _, queue := range []string{"local", "redis"} {
			s := newSim(t, seed, Settings{Workers: 2})
			exec(t, s, "queue "+queue, "job-time 1s", "enqueue x10 clients 4", "wait 200ms", "kill 1", "kill 2", "wait 20s")
			m := s.Snapshot().Metrics
			if m.JobsQueued != 10 || m.Restarts != 2 {
				t.Fatalf("seed %d %s: %d jobs queued, %d restarts; want 10, 2", seed, queue, m.JobsQueued, m.Restarts)
			}
			if m.JobsDone+m.JobsLost != 10 || m.JobsTwice != 0 {
				t.Fatalf("seed %d %s: %d done + %d lost, %d twice; want 10 in all, none twice", seed, queue, m.JobsDone, m.JobsLost, m.JobsTwice)
			}
			if queue == "local" && (m.JobsLost < 6 || m.WaitingAtRestart == 0) {
				t.Fatalf("seed %d: killing both workers lost %d of 10 queued jobs (%d waiting); want most", seed, m.JobsLost, m.WaitingAtRestart)
			}
			if queue == "redis" && (m.JobsLost != 0 || m.WaitingAtRestart == 0) {
				t.Fatalf("seed %d: the broker lost %d jobs (%d waiting at the restarts); want 0 with jobs waiting", seed, m.JobsLost, m.WaitingAtRestart)
			}
		}
	}
}

// FACTS.md B24: acknowledged before running (Celery's default), a job whose
// worker dies mid-job is lost; acknowledged after (acks_late), it is
// delivered again and may run twice.
func TestAcksEarlyLosesAcksLateRepeats(t *testing.T) {
	for _, tc := range []struct {
		acks              string
		at                string // when the job worker dies: before or after the job's email
		lost, twice, done int64
		interrupted       int64 // cut short before the email
	}{
		{"early", "300ms", 1, 0, 2, 1},
		{"early", "800ms", 0, 0, 3, 0},
		{"late", "300ms", 0, 0, 3, 1},
		{"late", "800ms", 0, 1, 3, 0},
	} {
		s := newSim(t, 1, Settings{Workers: 2, Queue: "redis", Acks: tc.acks, JobTime: 1000 * msec})
		// The job worker boots in 500ms; the first job starts then.
		exec(t, s, "enqueue x3", "wait 500ms", "wait "+tc.at)
		out := execOut(t, s, "kill jobs")
		exec(t, s, "wait 10s")
		m := s.Snapshot().Metrics
		if m.JobsInterrupted != tc.interrupted || m.JobsLost != tc.lost || m.JobsTwice != tc.twice || m.JobsDone != tc.done {
			t.Errorf("acks %s, killed %s into a job (%s): interrupted %d lost %d twice %d done %d; want %d, %d, %d, %d",
				tc.acks, tc.at, out, m.JobsInterrupted, m.JobsLost, m.JobsTwice, m.JobsDone, tc.interrupted, tc.lost, tc.twice, tc.done)
		}
	}
}

func TestKillJobsNeedsAJobWorker(t *testing.T) {
	s := newSim(t, 1, Settings{})
	if _, err := s.Exec("kill jobs"); err == nil || !strings.Contains(err.Error(), "no job worker") {
		t.Fatalf("kill jobs with queue local: err %v", err)
	}
	if _, err := s.Exec("kill job"); err == nil || !strings.Contains(err.Error(), "or jobs") {
		t.Fatalf("kill job: err %v, want the accepted words named", err)
	}
}

func TestJobsTraffic(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 4, Queue: "redis", JobTime: 10 * msec}, Traffic{Workload: "jobs", Clients: 4, Limit: 200})
	if m.JobsQueued != 200 || m.JobsDone != 200 || m.JobsWaiting != 0 {
		t.Fatalf("jobs through the broker: queued %d done %d waiting %d; want 200, 200, 0", m.JobsQueued, m.JobsDone, m.JobsWaiting)
	}
	m = runWith(t, 1, Settings{Workers: 4, MaxRequests: 20, JobTime: 100 * msec}, Traffic{Workload: "jobs", Clients: 4, Limit: 400})
	if m.JobsLost == 0 || m.JobsDone+m.JobsLost != 400 {
		t.Fatalf("jobs in recycled workers: done %d lost %d; want losses, 400 in all", m.JobsDone, m.JobsLost)
	}
}
