package sim

import (
	"context"
	"testing"
	"time"
)

func explore(t *testing.T, st Settings, script string, tr Traffic, opts ExploreOptions) ExploreResult {
	t.Helper()
	res, err := Explore(context.Background(), Config{Seed: 1, Settings: st}, script, tr, opts)
	if err != nil {
		t.Fatalf("Explore(%+v, %q): %v", st, script, err)
	}
	return res
}

var twoIncrements = Traffic{Workload: "counter", Clients: 2, Limit: 2}

// The lab's smallest race: two threads of one gthread worker each read the
// counter, then write it. A switch between one thread's read and its write
// loses an update: read 0, read 0, write 1, write 1.
func TestExploreFindsTheFourStepLostUpdate(t *testing.T) {
	gthread2 := Settings{Workers: 1, Class: "gthread", Threads: 2}
	res := explore(t, gthread2, "", twoIncrements, ExploreOptions{})
	v := res.Violation
	if v == nil || !res.Complete() {
		t.Fatalf("found %v in %d schedules (stopped by %q), want the lost update", v, res.Schedules, res.StoppedBy)
	}
	if v.Value != 1 || v.Switches != 1 {
		t.Fatalf("violation loses %d with %d switches, want 1 update lost by 1 switch", v.Value, v.Switches)
	}
	var steps []string
	for _, e := range v.Events {
		if e.Kind == EventStep && (e.Step == StepRead || e.Step == StepWrite) {
			what := "read " + e.Key + "=" + e.Value
			if e.Step == StepWrite {
				what = "write " + e.Key + "=" + e.Value
			}
			if !e.Found && e.Step == StepRead {
				what = "read " + e.Key + " (missing)"
			}
			steps = append(steps, what)
		}
	}
	want := []string{"read hits (missing)", "read hits (missing)", "write hits=1", "write hits=1"}
	if len(steps) != 4 || steps[0] != want[0] || steps[1] != want[1] || steps[2] != want[2] || steps[3] != want[3] {
		t.Fatalf("the violation's steps are %q, want %q", steps, want)
	}
	last := v.Events[len(v.Events)-1]
	for _, e := range v.Events {
		if e.Kind == EventStep && e.Step == StepWrite && e.Lost {
			last = e
		}
	}
	if !last.Lost || last.Over == nil || last.Over.Value != "1" || last.Over.ReadWas != "0" {
		t.Fatalf("the lost write %+v does not name what it overwrote", last)
	}
}

// With a lock around read and write, or INCR, no schedule loses an update,
// and the explorer says how many it covered.
func TestExploreProvesTheFixes(t *testing.T) {
	gthread2 := Settings{Workers: 1, Class: "gthread", Threads: 2}
	for _, script := range []string{"lock on", "atomic on"} {
		res := explore(t, gthread2, script, twoIncrements, ExploreOptions{})
		if res.Violation != nil || !res.Complete() || res.Schedules < 1 {
			t.Fatalf("%s: violation %+v after %d schedules (stopped by %q), want none, complete", script, res.Violation, res.Schedules, res.StoppedBy)
		}
	}
	if res := explore(t, gthread2, "lock on", twoIncrements, ExploreOptions{}); res.Schedules < 3 {
		t.Fatalf("lock on covered %d schedules, want the switch between read and write tried (3)", res.Schedules)
	}
}

// Greenlets switch only at I/O: with none between read and write no
// schedule loses an update; with a sleep there, the default one does.
func TestExploreGreenlets(t *testing.T) {
	gevent := Settings{Workers: 1, Class: "gevent"}
	if res := explore(t, gevent, "", twoIncrements, ExploreOptions{}); res.Violation != nil || !res.Complete() {
		t.Fatalf("gevent without I/O: %+v", res)
	}
	res := explore(t, gevent, "io 5ms", twoIncrements, ExploreOptions{})
	if res.Violation == nil || res.Violation.Switches != 0 {
		t.Fatalf("gevent with io 5ms: %+v, want a loss in the default schedule", res.Violation)
	}
}

func TestExploreAcrossWorkers(t *testing.T) {
	// Two sync workers, each with its own dict: no copy loses an update.
	if res := explore(t, Settings{Workers: 2}, "", twoIncrements, ExploreOptions{}); res.Violation != nil || res.Schedules != 2 {
		t.Fatalf("sync ×2, local: %d schedules, violation %+v; want both accepts tried, no loss", res.Schedules, res.Violation)
	}
	// Through Redis, GET then SET races across processes.
	if res := explore(t, Settings{Workers: 2, Store: "redis"}, "", twoIncrements, ExploreOptions{}); res.Violation == nil {
		t.Fatal("sync ×2, redis: no schedule lost an update")
	}
	// A stale read: one client sets, another worker's dict answers its get.
	res := explore(t, Settings{Workers: 2}, "", Traffic{Workload: "set-then-get", Clients: 1, Limit: 2}, ExploreOptions{Property: "stale_reads"})
	if res.Violation == nil || res.Violation.Value != 1 {
		t.Fatalf("set-then-get on 2 workers: %+v, want a stale read", res.Violation)
	}
}

func TestExploreBounds(t *testing.T) {
	wide := Settings{Workers: 1, Class: "gthread", Threads: 4}
	four := Traffic{Workload: "counter", Clients: 4, Limit: 4}
	if res := explore(t, wide, "lock on", four, ExploreOptions{MaxSchedules: 5}); res.StoppedBy != StoppedByCount || res.Schedules != 5 {
		t.Fatalf("count bound: %d schedules, stopped by %q", res.Schedules, res.StoppedBy)
	}
	if res := explore(t, wide, "lock on", four, ExploreOptions{Depth: 1}); res.StoppedBy != StoppedByDepth || res.Schedules > 4 {
		t.Fatalf("depth bound: %d schedules, stopped by %q", res.Schedules, res.StoppedBy)
	}
	if res := explore(t, wide, "lock on", four, ExploreOptions{MaxTime: time.Nanosecond}); res.StoppedBy != StoppedByTime || res.Schedules != 256 {
		t.Fatalf("time bound: %d schedules, stopped by %q", res.Schedules, res.StoppedBy)
	}
	if _, err := Explore(context.Background(), Config{Seed: 1}, "", Traffic{Workload: "counter"}, ExploreOptions{}); err == nil {
		t.Fatal("a workload with no end was explored")
	}
	if _, err := Explore(context.Background(), Config{Seed: 1}, "", twoIncrements, ExploreOptions{Property: "errors"}); err == nil {
		t.Fatal("an unknown property was explored")
	}
}

// A schedule replays: the same choices from the same start give the same run.
func TestReplayScheduleReproducesTheViolation(t *testing.T) {
	st := Settings{Workers: 1, Class: "gthread", Threads: 2}
	res := explore(t, st, "", twoIncrements, ExploreOptions{})
	s, err := ExploreStart(Config{Seed: 1, Settings: st}, "", twoIncrements)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetChooser(ReplaySchedule(res.Violation.Choices))
	exec(t, s, "steps on")
	s.RunUntilIdle(RunLimit)
	if m := s.Snapshot().Metrics; m.LostUpdates != 1 {
		t.Fatalf("the replayed schedule lost %d updates, want 1", m.LostUpdates)
	}
}

// explored_no_loss proves a fix for every schedule, where lost_updates == 0
// only reports one run: gthread without a lock reads no, with one yes.
func TestExploredNoLossMetric(t *testing.T) {
	kind, _, ok := MetricInfo("explored_no_loss")
	if !ok || kind != Setting {
		t.Fatalf("explored_no_loss: kind %v, known %v", kind, ok)
	}
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"class gthread 2"}, "no"},
		{[]string{"class gthread 2", "lock on"}, "yes"},
		{[]string{"class gthread 2", "atomic on"}, "yes"},
		{[]string{"class gevent 10"}, "yes"},
		{[]string{"class gevent 10", "io 5ms"}, "no"},
		{[]string{"store redis", "workers 2"}, "no"},
	} {
		s := newSim(t, 1, Settings{Workers: 1})
		exec(t, s, c.lines...)
		snap := s.Snapshot()
		v, err := Measure("explored_no_loss", &snap, nil)
		if err != nil || v.Word != c.want {
			t.Errorf("%q: explored_no_loss = %v (%v), want %s", c.lines, v, err, c.want)
		}
	}
}
