package experiment

import (
	"sync"
	"time"
)

// Progress is how far a plan has got.
type Progress struct {
	Points, PointsDone int           // points planned, and finished (every seed)
	Runs, RunsDone     int           // runs planned (points × seeds), and finished
	Wanted             int64         // requests all runs send (0 when no workload)
	Answered           int64         // requests answered so far, over every run
	Elapsed            time.Duration // wall time since the plan started
}

// Fraction is the share of the work done, 0..1: by requests when the plan
// has a workload, by runs otherwise.
func (p Progress) Fraction() float64 {
	if p.Wanted > 0 {
		return min(1, float64(p.Answered)/float64(p.Wanted))
	}
	if p.Runs == 0 {
		return 1
	}
	return float64(p.RunsDone) / float64(p.Runs)
}

// Rate is simulated requests answered per wall second.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Answered) / p.Elapsed.Seconds()
}

// Left estimates the wall time left from the pace so far (0 when unknown).
func (p Progress) Left() time.Duration {
	f := p.Fraction()
	if f <= 0 || f >= 1 {
		return 0
	}
	return time.Duration(float64(p.Elapsed) * (1 - f) / f)
}

// tracker adds up the progress of concurrent runs and reports it, at most
// every progressEvery and after every finished point, one report at a time.
type tracker struct {
	mu      sync.Mutex
	fn      func(Progress) // nil: nothing to report to
	start   time.Time
	last    time.Time // when fn was last called
	p       Progress
	done    int64         // requests answered by finished runs
	current map[int]int64 // requests answered so far by each worker's run in progress
}

func newTracker(fn func(Progress), points, runs int, wanted int64) *tracker {
	return &tracker{fn: fn, start: time.Now(), current: map[int]int64{},
		p: Progress{Points: points, Runs: runs, Wanted: wanted}}
}

// running records that worker slot's run has answered n requests.
func (t *tracker) running(slot int, n int64) {
	if t.fn == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.current[slot] = n
	if time.Since(t.last) >= progressEvery {
		t.emitLocked()
	}
}

// finished records that worker slot's run ended with n requests answered;
// pointDone says it was the last run of its point.
func (t *tracker) finished(slot int, n int64, pointDone bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.current, slot)
	t.done += n
	t.p.RunsDone++
	if pointDone {
		t.p.PointsDone++
	}
	if t.fn != nil && (pointDone || time.Since(t.last) >= progressEvery) {
		t.emitLocked()
	}
}

// report sends the progress now (final: the runs have stopped).
func (t *tracker) report(final bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if final {
		clear(t.current)
	}
	if t.fn != nil {
		t.emitLocked()
	}
}

func (t *tracker) emitLocked() {
	p := t.p
	p.Answered = t.done
	for _, n := range t.current {
		p.Answered += n
	}
	p.Elapsed = time.Since(t.start)
	t.last = time.Now()
	t.fn(p)
}
