package experiment

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// Result is what a plan measured: the points whose every seed finished, in
// plan order (all of them unless the run was cancelled or failed).
type Result struct {
	Plan    Plan
	Planned int     // points in the plan
	Points  []Point // finished points, in plan order
}

// Complete reports whether every point of the plan finished.
func (r Result) Complete() bool { return len(r.Points) == r.Planned }

// progressEvery is the least wall time between two progress reports while
// runs are going (a finished point is always reported).
const progressEvery = 100 * time.Millisecond

// Run runs every point of the plan over its seeds, Parallel runs at a time,
// and returns the result. progress, when not nil, is called from one
// goroutine at a time, now and then and after every finished point.
//
// When ctx is cancelled, Run stops within milliseconds and returns the points
// finished so far with ctx's error. When a run fails, Run stops the others
// and returns the finished points with an error naming the point and seed.
func Run(ctx context.Context, p Plan, progress func(Progress)) (Result, error) {
	points, err := p.Points()
	if err != nil {
		return Result{Plan: p}, err
	}
	e := newEngine(p, points, progress)
	err = e.run(ctx)
	res := Result{Plan: p, Planned: len(points)}
	for i := range points {
		if e.left[i].Load() == 0 {
			points[i].Trials = e.runs[i]
			res.Points = append(res.Points, points[i])
		}
	}
	return res, err
}

// engine shares the runs of a plan among worker goroutines.
type engine struct {
	plan    Plan
	points  []Point
	repeat  int
	runs    [][]Trial      // [point][seed]
	left    []atomic.Int32 // seeds of each point not yet finished
	next    atomic.Int64   // the next job: point*repeat + seed
	tracker *tracker
}

func newEngine(p Plan, points []Point, progress func(Progress)) *engine {
	e := &engine{plan: p, points: points, repeat: p.repeat(),
		runs: make([][]Trial, len(points)), left: make([]atomic.Int32, len(points))}
	var wanted int64
	for i, pt := range points {
		e.runs[i] = make([]Trial, e.repeat)
		e.left[i].Store(int32(e.repeat))
		if pt.Traffic.Workload != "" {
			wanted += pt.Traffic.Limit * int64(e.repeat)
		}
	}
	e.tracker = newTracker(progress, len(points), len(points)*e.repeat, wanted)
	return e
}

func (e *engine) workers() int {
	n := e.plan.Parallel
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, len(e.points)*e.repeat))
}

// run starts the workers and waits for them; the first failure cancels the rest.
func (e *engine) run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for w := range e.workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.work(ctx, w); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	e.tracker.report(true)
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

// work runs jobs until none is left or ctx is done.
func (e *engine) work(ctx context.Context, slot int) error {
	total := int64(len(e.points) * e.repeat)
	for {
		if ctx.Err() != nil {
			return nil
		}
		job := e.next.Add(1) - 1
		if job >= total {
			return nil
		}
		pi, si := int(job)/e.repeat, int(job)%e.repeat
		pt := &e.points[pi]
		seed := e.plan.Seed + uint64(si)
		snap, err := sim.RunContext(ctx, sim.Config{Seed: seed, Settings: pt.Settings}, e.plan.Script, pt.Traffic,
			func(answered int64) { e.tracker.running(slot, answered) })
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil
			}
			return &RunError{Point: pt.label(e.plan.Axes), Seed: seed, Err: err}
		}
		e.runs[pi][si] = Trial{Seed: seed, Settings: snap.Settings, Metrics: snap.Metrics}
		e.tracker.finished(slot, snap.Metrics.Requests, e.left[pi].Add(-1) == 0)
	}
}

// RunError is a run that failed: the point (by its axis values) and seed.
type RunError struct {
	Point string
	Seed  uint64
	Err   error
}

// Error implements error.
func (e *RunError) Error() string {
	if e.Point == "" {
		return fmt.Sprintf("seed %d: %v", e.Seed, e.Err)
	}
	return fmt.Sprintf("%s, seed %d: %v", e.Point, e.Seed, e.Err)
}

// Unwrap returns the run's error.
func (e *RunError) Unwrap() error { return e.Err }
