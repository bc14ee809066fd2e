package sim

import (
	"testing"
	"time"
)

// rewindRun is a 64-worker cluster with a timeline that has run events
// events of set-then-get traffic from 128 clients, advanced the way the
// sandbox advances it (slices of 50 ms of virtual time).
func rewindRun(tb testing.TB, events uint64) *Sim {
	tb.Helper()
	s, err := New(Config{Seed: 1, Settings: Settings{Workers: 64}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.KeepTimeline(); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Exec("traffic set-then-get clients 128"); err != nil {
		tb.Fatal(err)
	}
	for s.events < events {
		s.Advance(50*time.Millisecond, 4000)
	}
	return s
}

// BenchmarkRewind1M goes back from the end of a 1M-event, 64-worker run to
// events spread over the whole run, and reports the mean and the slowest
// jump beside what replaying from event 0 to the end costs.
func BenchmarkRewind1M(b *testing.B) {
	s := rewindRun(b, 1_000_000)
	end := s.events
	cp0 := s.tl.cps[0]
	start := time.Now()
	if err := s.restore(cp0); err != nil {
		b.Fatal(err)
	}
	s.tl.cursor = cp0.cursor
	s.tl.forward(s, end)
	fromZero := time.Since(start)
	if s.events != end {
		b.Fatalf("replaying from 0 reached %d, want %d", s.events, end)
	}
	var worst, total time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := end - 1 - uint64(i*7919*104729)%end
		b.StopTimer()
		if err := s.tl.seek(s, end); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if err := s.tl.seek(s, p); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		total += d
		worst = max(worst, d)
		if s.events != p {
			b.Fatalf("seek(%d) reached %d", p, s.events)
		}
	}
	b.StopTimer()
	mean := total / time.Duration(b.N)
	b.ReportMetric(float64(mean)/1e6, "rewind-ms")
	b.ReportMetric(float64(worst)/1e6, "worst-ms")
	b.ReportMetric(float64(fromZero)/1e6, "replay-from-0-ms")
	b.ReportMetric(float64(fromZero)/float64(mean), "x-faster")
	b.ReportMetric(float64(len(s.tl.cps)), "checkpoints")
}
