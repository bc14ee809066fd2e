package experiment

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/workerlab/workerlab/sim"
)

func TestSummarise(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want Stat
	}{
		{[]float64{3, 1, 2}, Stat{2, 1, 3}},
		{[]float64{4, 1, 3, 2}, Stat{2.5, 1, 4}},
		{[]float64{7}, Stat{7, 7, 7}},
	} {
		if got := Summarise(c.in); got != c.want {
			t.Errorf("Summarise(%v) = %+v, want %+v", c.in, got, c.want)
		}
	}
	if got := Summarise(nil); !math.IsNaN(got.Median) || !math.IsNaN(got.Min) {
		t.Errorf("Summarise(nil) = %+v, want NaN", got)
	}
}

// Each trial is exactly the run of its seed alone, and each summary is the
// median and range of those trials.
func TestSummariesMatchPerSeedRuns(t *testing.T) {
	p := sweep(Axis{"workers", []string{"1", "4"}}, Axis{"store", []string{"local", "redis"}})
	p.Seed, p.Repeat = 7, 5
	res, err := Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete() || len(res.Points) != 4 {
		t.Fatalf("%d of %d points", len(res.Points), res.Planned)
	}
	for _, pt := range res.Points {
		if len(pt.Trials) != 5 {
			t.Fatalf("point %d: %d trials, want 5", pt.Index, len(pt.Trials))
		}
		for i, tr := range pt.Trials {
			seed := uint64(7 + i)
			snap, err := sim.Run(sim.Config{Seed: seed, Settings: pt.Settings}, "", pt.Traffic)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Seed != seed || !reflect.DeepEqual(tr.Metrics, snap.Metrics) {
				t.Fatalf("point %d seed %d: trial %+v differs from a run of its own %+v", pt.Index, seed, tr.Metrics, snap.Metrics)
			}
		}
		for _, m := range Metrics() {
			st := pt.Stat(m)
			var vs []float64
			for _, tr := range pt.Trials {
				vs = append(vs, m.Of(tr.Metrics))
			}
			if st.Min != slices.Min(vs) || st.Max != slices.Max(vs) {
				t.Errorf("point %d %s: range %v..%v, trials %v", pt.Index, m.Name, st.Min, st.Max, vs)
			}
			below, above := 0, 0
			for _, v := range vs {
				if v <= st.Median {
					below++
				}
				if v >= st.Median {
					above++
				}
			}
			if below < 3 || above < 3 {
				t.Errorf("point %d %s: median %v of %v is not the middle value", pt.Index, m.Name, st.Median, vs)
			}
		}
	}
	// The sweep says what it is about: 4 workers with dicts read stale, Redis never.
	for _, pt := range res.Points {
		st := pt.Stat(StaleShare)
		switch {
		case pt.Settings.Store == "redis" && st.Max != 0:
			t.Errorf("%v: stale share up to %v with redis", pt.Values, st.Max)
		case pt.Settings.Workers == 4 && pt.Settings.Store == "local" && st.Min < 0.3:
			t.Errorf("%v: stale share from %v, want well above 0", pt.Values, st.Min)
		}
	}
}

// Runs go in parallel over the cores, and the result is the same whatever
// the number of cores.
func TestResultIsTheSameWhateverTheCores(t *testing.T) {
	p := sweep(Axis{"workers", []string{"1", "2", "4"}}, Axis{"store", []string{"local", "redis"}})
	p.Repeat = 4
	run := func(procs, parallel int) []Point {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		q := p
		q.Parallel = parallel
		res, err := Run(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Points
	}
	one := run(1, 0)
	for _, c := range []struct{ procs, parallel int }{{4, 0}, {runtime.NumCPU(), 0}, {2, 5}} {
		if got := run(c.procs, c.parallel); !reflect.DeepEqual(one, got) {
			t.Fatalf("GOMAXPROCS %d, parallel %d: the result differs from GOMAXPROCS 1", c.procs, c.parallel)
		}
	}
}

// Cancelled, Run keeps the points that finished, each exactly as a full run
// has it.
func TestCancelKeepsFinishedPoints(t *testing.T) {
	p := sweep(Axis{"workers", []string{"1", "2", "3", "4", "5", "6", "7", "8"}})
	p.Traffic.Limit, p.Repeat, p.Parallel = 3000, 2, 2
	full, err := Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	part, err := Run(ctx, p, func(pr Progress) {
		if pr.PointsDone >= 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if part.Complete() || len(part.Points) < 2 || len(part.Points) >= 8 {
		t.Fatalf("%d of %d points finished, want 2..7", len(part.Points), part.Planned)
	}
	for _, pt := range part.Points {
		if !reflect.DeepEqual(pt, full.Points[pt.Index]) {
			t.Errorf("point %d differs from the full run's", pt.Index)
		}
	}
}

func TestRunErrorNamesPointAndSeed(t *testing.T) {
	p := sweep(Axis{"workers", []string{"4", "1"}})
	p.Script = "kill 3"
	p.Seed = 9
	res, err := Run(context.Background(), p, nil)
	var re *RunError
	var le *sim.LineError
	if !errors.As(err, &re) || !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *RunError around the script's *sim.LineError", err)
	}
	if !strings.Contains(err.Error(), "workers 1, seed 9") || !strings.Contains(err.Error(), "no worker in slot 3") {
		t.Errorf("message %q does not name the point, the seed and the line's fault", err)
	}
	if len(res.Points) > 1 {
		t.Errorf("%d points finished; only workers 4 can", len(res.Points))
	}
}

func TestProgressAddsUp(t *testing.T) {
	p := sweep(Axis{"workers", []string{"1", "2", "4"}})
	p.Repeat = 3
	var last Progress
	calls := 0
	res, err := Run(context.Background(), p, func(pr Progress) {
		calls++
		if pr.Answered < last.Answered || pr.RunsDone < last.RunsDone {
			t.Errorf("progress went backwards: %+v after %+v", pr, last)
		}
		last = pr
	})
	if err != nil || !res.Complete() {
		t.Fatal(err)
	}
	want := Progress{Points: 3, PointsDone: 3, Runs: 9, RunsDone: 9, Wanted: 1800, Answered: 1800}
	last.Elapsed = 0
	if last != want || calls < 3 {
		t.Fatalf("last report %+v after %d calls, want %+v after at least one per point", last, calls, want)
	}
	if last.Fraction() != 1 {
		t.Errorf("fraction %v at the end", last.Fraction())
	}
}
