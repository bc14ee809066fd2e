package sim

import (
	"reflect"
	"testing"
)

// A run of fresh reads counts for a stage only from the stage's start: reads
// before the base snapshot do not make a streak after it.
func TestFreshStreakCountsFromTheBase(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 4, Class: "gthread", KeepAlive: true})
	exec(t, s, "wait 100ms", "set key0 hello", "get key0 x8", "wait 1s")
	base := s.Snapshot()
	if v, _ := Measure("fresh_streak", &base, nil); v.Num < 8 {
		t.Fatalf("pinned client: streak from the start %v, want at least 8", v)
	}
	if v, _ := Measure("fresh_streak", &base, &base); v.Num != 0 {
		t.Fatalf("streak counted from now = %v, want 0", v)
	}
	exec(t, s, "get key0 x3", "wait 1s")
	cur := s.Snapshot()
	if v, _ := Measure("fresh_streak", &cur, &base); v.Num != 0 {
		t.Errorf("a run begun before the stage counted %v, want 0 (it began before the stage)", v)
	}
	exec(t, s, "wait 3s", "get key0", "set key0 again", "get key0 x4", "wait 1s")
	cur = s.Snapshot()
	if v, _ := Measure("fresh_streak", &cur, &base); v.Num < 4 {
		t.Errorf("a run begun after the stage started counted %v, want at least 4", v)
	}
}

// readers counts distinct clients that read since the base.
func TestReadersSinceTheBase(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 2})
	exec(t, s, "wait 100ms", "set key0 hello", "get key0 x3", "wait 1s")
	base := s.Snapshot()
	exec(t, s, "get key0 x2", "wait 1s")
	cur := s.Snapshot()
	if v, _ := Measure("readers", &cur, &base); v.Num != 1 {
		t.Errorf("readers after the console read again = %v, want 1", v)
	}
	exec(t, s, "get key0 x6 clients 3", "wait 1s")
	cur = s.Snapshot()
	if v, _ := Measure("readers", &cur, &base); v.Num != 4 {
		t.Errorf("readers after three more clients read = %v, want 4", v)
	}
	if v, _ := Measure("readers", &cur, &cur); v.Num != 0 {
		t.Errorf("readers counted from now = %v, want 0", v)
	}
}

// addRun keeps only runs that can still be the longest for some start.
func TestAddRunKeepsTheStaircase(t *testing.T) {
	var runs []freshRun
	for _, r := range []freshRun{{0, 5}, {10, 3}, {20, 4}, {30, 1}, {5, 2}, {40, 1}} {
		runs = addRun(runs, r)
	}
	want := []freshRun{{0, 5}, {20, 4}, {40, 1}}
	if !reflect.DeepEqual(runs, want) {
		t.Fatalf("runs = %v, want %v", runs, want)
	}
	m := Metrics{runs: runs}
	for _, c := range []struct{ from, want int64 }{{0, 5}, {1, 4}, {21, 1}, {41, 0}} {
		if got := m.longestRunSince(c.from); got != c.want {
			t.Errorf("longest since %d = %d, want %d", c.from, got, c.want)
		}
	}
}

// Settings read as the lessons need them: a sync or gevent worker runs one
// thread, and the slow view sleeps five seconds unless io says otherwise.
func TestSettingMetricsSayWhatRuns(t *testing.T) {
	for _, c := range []struct {
		st   Settings
		name string
		want float64
	}{
		{Settings{Class: "sync", Threads: 4}, "threads", 1},
		{Settings{Class: "gevent", Threads: 4}, "threads", 1},
		{Settings{Class: "gthread", Threads: 4}, "threads", 4},
		{Settings{}, "slow_view_s", 5},
		{Settings{IO: 10 * msec}, "slow_view_s", 0.01},
	} {
		snap := Snapshot{Settings: c.st}
		if v, _ := Measure(c.name, &snap, nil); v.Num != c.want {
			t.Errorf("%s with %+v = %v, want %v", c.name, c.st, v, c.want)
		}
	}
}
