package sim

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// RunLimit is the most virtual time a headless run may take. A run goes on
// until every request of its workload is answered; only absurd settings (a
// rate of a few requests a day) reach this, and then the run stops with a
// *RunLimitError rather than report part of the workload as if it were all.
const RunLimit = 365 * 24 * time.Hour

// headlessLogSize is the event log of a headless run: only its snapshot
// leaves RunContext, so no one reads the log (the screen's holds ringSize).
const headlessLogSize = 8

// runChunk is how many events a headless run runs between two looks at its
// context and its progress callback.
const runChunk = 1 << 14

// ErrEndlessTraffic is returned by Run when the script leaves a generator
// running with no request limit and no workload replaces it: such a run has
// no end.
var ErrEndlessTraffic = errors.New("the script leaves traffic running with no request limit, so the run would never end; " +
	"end the script with `traffic off`, give its traffic line `requests N`, or pick a workload")

// RunLimitError says a headless run reached RunLimit with requests unanswered.
type RunLimitError struct {
	Answered int64 // requests answered when the run stopped
	Wanted   int64 // requests the workload sends (0 when the script sent them)
}

// Error implements error.
func (e *RunLimitError) Error() string {
	of := ""
	if e.Wanted > 0 {
		of = fmt.Sprintf(" of %d", e.Wanted)
	}
	return fmt.Sprintf("the run stopped at the limit of %s of virtual time with %d%s requests answered; "+
		"a faster rate, fewer requests or shorter waits fit in it", fmtLimit(RunLimit), e.Answered, of)
}

func fmtLimit(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

// Run builds a cluster from cfg and lets its workers boot, runs script
// (command language), starts t when t.Workload is set (replacing any traffic
// the script started) and runs until every request is answered. It returns
// the final snapshot. With a workload, the snapshot's ThroughputRPS counts
// the workload's requests over the workload's time, as a load test of a
// server that is up measures it (not the boot before it, which would
// dilute a short run).
func Run(cfg Config, script string, t Traffic) (Snapshot, error) {
	return RunContext(context.Background(), cfg, script, t, nil)
}

// RunContext is Run with a context and a progress callback. progress, when
// not nil, is called now and then from the calling goroutine with the
// requests answered so far. When ctx is cancelled, RunContext stops within a
// few milliseconds and returns ctx's error.
func RunContext(ctx context.Context, cfg Config, script string, t Traffic, progress func(answered int64)) (Snapshot, error) {
	s, err := newWithLog(cfg, headlessLogSize)
	if err != nil {
		return Snapshot{}, err
	}
	defer s.Close()
	s.RunUntilIdle(RunLimit) // the workers boot: nothing else is pending yet
	if err := s.RunScript(script); err != nil {
		return Snapshot{}, fmt.Errorf("script: %w", err)
	}
	start, before := s.now, s.obs.requests
	if t.Workload != "" {
		s.startTraffic(t)
	} else if s.traffic != nil && s.traffic.t.Limit == 0 {
		return Snapshot{}, ErrEndlessTraffic
	}
	if err := s.runToEnd(ctx, progress); err != nil {
		return Snapshot{}, err
	}
	snap := s.Snapshot()
	if t.Workload != "" && s.now > start {
		snap.Metrics.ThroughputRPS = float64(s.obs.requests-before) / (s.now - start).Seconds()
	}
	return snap, nil
}

// runToEnd runs events until no work is pending, in chunks between which it
// looks at ctx and reports progress.
func (s *Sim) runToEnd(ctx context.Context, progress func(int64)) error {
	until := s.now + RunLimit
	for s.work > 0 {
		for n := 0; n < runChunk && s.work > 0; n++ {
			if s.q.peek().at > until {
				e := &RunLimitError{Answered: s.obs.requests}
				if s.traffic != nil {
					e.Wanted = s.traffic.t.Limit
				}
				return e
			}
			s.step()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if progress != nil {
			progress(s.obs.requests)
		}
	}
	if progress != nil {
		progress(s.obs.requests)
	}
	return nil
}

// Configure returns the settings a fresh cluster with base has after the
// setting lines run (such as "workers 8", "class gthread 4", "store redis"):
// the way a command-line flag becomes a setting, so a flag and a console
// line can never disagree. A bad line returns a *LineError naming it.
func Configure(base Settings, lines ...string) (Settings, error) {
	base.Traffic = Traffic{}
	s, err := New(Config{Settings: base})
	if err != nil {
		return Settings{}, err
	}
	defer s.Close()
	for _, l := range lines {
		if _, err := s.Exec(l); err != nil {
			return Settings{}, err
		}
	}
	return s.Settings(), nil
}
