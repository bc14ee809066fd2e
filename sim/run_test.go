package sim

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A slow workload runs to its end: 1000 requests at 0.1/s need 10,000 s of
// virtual time, past the hour a headless run used to stop at in silence.
func TestRunGoesOnUntilEveryRequestIsAnswered(t *testing.T) {
	snap, err := Run(Config{Seed: 1}, "", Traffic{Workload: "set-then-get", Rate: 0.1, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Metrics.Requests != 1000 || snap.Pending != 0 {
		t.Fatalf("answered %d requests with %d pending, want all 1000", snap.Metrics.Requests, snap.Pending)
	}
	if snap.Now < 9990*time.Second {
		t.Fatalf("virtual time %s, want about 10000s (1000 requests at 0.1/s)", snap.Now)
	}
}

// A run that cannot fit in RunLimit stops there and says how far it got.
func TestRunStopsAtTheLimitAndSaysSo(t *testing.T) {
	// One client thinking 24h between requests: 400 requests need 400 days.
	_, err := Run(Config{Seed: 1, Settings: Settings{Think: 24 * time.Hour}}, "",
		Traffic{Workload: "set-then-get", Clients: 1, Limit: 400})
	var le *RunLimitError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *RunLimitError", err)
	}
	if le.Wanted != 400 || le.Answered < 360 || le.Answered >= 400 {
		t.Fatalf("answered %d of %d, want 365 days' worth (about 365) of 400", le.Answered, le.Wanted)
	}
	if !strings.Contains(err.Error(), "365 days") || !strings.Contains(err.Error(), "of 400") {
		t.Errorf("message %q does not name the limit and the requests", err)
	}
}

func TestRunRefusesEndlessScriptTraffic(t *testing.T) {
	if _, err := Run(Config{Seed: 1}, "traffic counter 50/s", Traffic{}); !errors.Is(err, ErrEndlessTraffic) {
		t.Fatalf("endless traffic from the script: err = %v, want ErrEndlessTraffic", err)
	}
	snap, err := Run(Config{Seed: 1}, "traffic counter 50/s\nwait 2s\ntraffic off", Traffic{})
	if err != nil {
		t.Fatalf("a script that turns its traffic off: %v", err)
	}
	if snap.Metrics.Requests < 90 || snap.Pending != 0 {
		t.Fatalf("answered %d (pending %d), want about 100 and none pending", snap.Metrics.Requests, snap.Pending)
	}
	// A workload from the caller replaces the script's endless traffic.
	snap, err = Run(Config{Seed: 1}, "traffic counter 50/s", Traffic{Workload: "counter", Limit: 300})
	if err != nil || snap.Metrics.Requests != 300 {
		t.Fatalf("workload after endless script traffic: %d requests, err %v; want 300", snap.Metrics.Requests, err)
	}
}

func TestRunContextCancelsAndReportsProgress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []int64
	_, err := RunContext(ctx, Config{Seed: 1}, "", Traffic{Workload: "set-then-get", Limit: 1_000_000},
		func(n int64) {
			seen = append(seen, n)
			if n >= 50_000 {
				cancel()
			}
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	last := seen[len(seen)-1]
	if len(seen) < 2 || last < 50_000 || last >= 1_000_000 {
		t.Fatalf("progress %v: want several reports, stopping soon after 50000 of 1000000", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("progress went backwards: %v", seen)
		}
	}
}

func TestConfigure(t *testing.T) {
	s, err := Configure(DefaultSettings(), "workers 8", "class gthread 6", "store redis", "io 2ms", "atomic on")
	if err != nil {
		t.Fatal(err)
	}
	if s.Workers != 8 || s.Class != "gthread" || s.Threads != 6 || s.Store != "redis" || s.IO != 2*time.Millisecond || !s.Atomic {
		t.Fatalf("settings %+v", s)
	}
	_, err = Configure(DefaultSettings(), "workers 4", "workers 99")
	var le *LineError
	if !errors.As(err, &le) || le.Word != "99" {
		t.Fatalf("bad line: err = %v, want a *LineError on %q", err, "99")
	}
}

// Throughput is the workload's: a short run and a long one of the same
// cluster agree, as the workers boot before the workload starts.
func TestRunThroughputIsTheWorkloads(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		short, err := Run(Config{Seed: 1, Settings: Settings{Workers: workers}}, "", Traffic{Workload: "set-then-get", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		long, err := Run(Config{Seed: 1, Settings: Settings{Workers: workers}}, "", Traffic{Workload: "set-then-get", Limit: 50_000})
		if err != nil {
			t.Fatal(err)
		}
		a, b := short.Metrics.ThroughputRPS, long.Metrics.ThroughputRPS
		if a < 0.95*b || a > 1.05*b {
			t.Errorf("%d workers: %.0f req/s over 1000 requests, %.0f over 50000; want within 5%%", workers, a, b)
		}
	}
}

// A generator the script started and the workload replaced leaves its next
// sends in the queue, at its own slow pace; they do nothing, so the run ends
// when the workload's last request is answered, not when they come due.
func TestReplacedScriptTrafficDoesNotHoldTheRun(t *testing.T) {
	alone, err := Run(Config{Seed: 1}, "", Traffic{Workload: "set-then-get", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	after, err := Run(Config{Seed: 1}, "traffic counter 0.001/s requests 3\nwait 10s", Traffic{Workload: "set-then-get", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if after.Now > alone.Now+11*time.Second {
		t.Errorf("the run ended at %s, want within the script's 10s of the workload alone (%s)", after.Now, alone.Now)
	}
	if r := after.Metrics.ThroughputRPS; r < 0.9*alone.Metrics.ThroughputRPS {
		t.Errorf("throughput %.2f req/s after replaced script traffic, want about %.0f", r, alone.Metrics.ThroughputRPS)
	}
}

// A headless run keeps a short event log, since no one reads it; the log's
// size must change nothing else: the same run with the screen's log ends
// with the same metrics, seed by seed.
func TestHeadlessLogChangesNoOutcome(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		cfg := Config{Seed: seed, Settings: Settings{Workers: 3, Class: "gthread", Threads: 2, IO: msec}}
		tr := Traffic{Workload: "counter", Limit: 400}
		got, err := Run(cfg, "", tr)
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		s.RunUntilIdle(RunLimit)
		s.startTraffic(tr)
		if err := s.runToEnd(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		want := s.Snapshot()
		s.Close()
		if got.Metrics.LostUpdates != want.Metrics.LostUpdates || got.Metrics.Requests != want.Metrics.Requests || got.Now != want.Now {
			t.Errorf("seed %d: headless run lost %d of %d at %s; with the full log %d of %d at %s",
				seed, got.Metrics.LostUpdates, got.Metrics.Requests, got.Now, want.Metrics.LostUpdates, want.Metrics.Requests, want.Now)
		}
	}
}
