package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// liveLesson returns the built-in lesson in live mode.
func liveLesson(t *testing.T) *lessons.Lesson {
	t.Helper()
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := lessons.Find(track, "real-processes")
	if l == nil || !l.Live {
		t.Fatalf("no built-in lesson in live mode called real-processes")
	}
	return l
}

// startLive starts real worker processes (of this test binary, see
// TestMain), or skips the test where this machine cannot start them.
func startLive(t *testing.T) sim.Cluster {
	t.Helper()
	c, err := newLiveLessonCluster()
	if errors.Is(err, errNoProcesses) {
		t.Skipf("real processes cannot start here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// The live lesson proven on real processes: its setup leaves every stage
// open, and its solution completes both from what the real workers answer.
func TestLiveLessonOnRealProcesses(t *testing.T) {
	l := liveLesson(t)
	skipped, err := proveLive(l, newLiveLessonCluster)
	if skipped != "" {
		t.Skip(skipped)
	}
	if err != nil {
		t.Fatalf("the live lesson on real processes: %v", err)
	}
}

// The goals read the real cluster: distinct live pids answered, and the
// reads they answered without the write count as stale. With the store on
// Redis from the start, the first stage cannot be reached.
func TestLiveLessonGoalsReadRealWorkers(t *testing.T) {
	l := liveLesson(t)
	c := startLive(t)
	r, err := lessons.Start(l, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"set key0 hello", "wait 500ms", "get key0 x40 clients 4", "wait 1s"} {
		if _, err := r.Exec(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	st := r.Check()
	snap := c.Snapshot()
	if !snap.Live || st.Stage != 1 {
		t.Fatalf("after 40 reads from 4 clients: live %v, stage %d (goals %+v); want the first stage done", snap.Live, st.Stage+1, st.Goals)
	}
	pids := map[int]bool{}
	for _, ev := range c.EventsSince(0, nil) {
		if ev.Kind == sim.EventRequest && ev.Pid != 0 {
			pids[ev.Pid] = true
		}
	}
	if len(pids) < 2 {
		t.Fatalf("requests answered by pids %v; want at least 2", pids)
	}
	for pid := range pids {
		if err := processRunning(pid); err != nil {
			t.Errorf("pid %d answered but is no running process: %v", pid, err)
		}
	}

	redis := startLive(t)
	r2, err := lessons.Start(l, redis)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"store redis", "set key0 hello", "wait 500ms", "get key0 x40 clients 4", "wait 1s"} {
		if _, err := r2.Exec(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	if st := r2.Check(); st.Stage != 0 || redis.Snapshot().Metrics.StaleReads != 0 {
		t.Fatalf("store redis from the start: stage %d, %d stale reads; want the first stage open, none stale", st.Stage+1, redis.Snapshot().Metrics.StaleReads)
	}
}

// Where processes cannot start, the check says so and passes; a lesson that
// fails on real processes fails.
func TestLiveCheckSkipsWhereProcessesCannotStart(t *testing.T) {
	l := liveLesson(t)
	noProcs := func() (sim.Cluster, error) {
		return nil, fmt.Errorf("%w (fork/exec: operation not permitted)", errNoProcesses)
	}
	skipped, err := proveLive(l, noProcs)
	if err != nil || !strings.Contains(skipped, "could not start here") {
		t.Fatalf("proveLive without processes = %q, %v; want skipped with the reason", skipped, err)
	}
	broken := *l
	broken.Solution = broken.Solution[:1]
	if skipped, err := proveLive(&broken, newLiveLessonCluster); skipped == "" && err == nil {
		t.Fatalf("a live lesson whose solution stops after one line passed on real processes")
	}
}
