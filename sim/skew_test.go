package sim

import (
	"sort"
	"testing"
)

// shares returns each worker's share of the console's sequential requests.
func shares(t *testing.T, seed uint64, st Settings, n int) []float64 {
	s := newSim(t, seed, st)
	s.Advance(bootDelay, 0)
	exec(t, s, "think 20ms", "get k x"+itoa(n))
	s.RunUntilIdle(RunLimit)
	served := s.Snapshot().Metrics.ServedPerWorker
	out := make([]float64, len(served))
	for i, c := range served {
		out[i] = float64(c) / float64(n)
	}
	sort.Float64s(out)
	return out
}

// meanExtremes averages the quietest and busiest worker's share over seeds.
func meanExtremes(t *testing.T, st Settings, seeds int) (quietest, busiest float64) {
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		sh := shares(t, seed, st, 400)
		quietest += sh[0]
		busiest += sh[len(sh)-1]
	}
	return quietest / float64(seeds), busiest / float64(seeds)
}

// FACTS.md A, 400 sequential requests on new connections, -w 4: sync workers
// come out near uniform (busiest 0.27–0.35); gthread and gevent (epoll) are
// more skewed (quietest 2–18 %, busiest 31–43 %).
func TestAcceptShares(t *testing.T) {
	q, b := meanExtremes(t, Settings{Workers: 4}, 40)
	if q < 0.18 || b > 0.35 {
		t.Errorf("sync: mean quietest %.3f, busiest %.3f; want near uniform (quietest >= 0.18, busiest <= 0.35)", q, b)
	}
	for _, class := range []string{"gthread", "gevent"} {
		q, b := meanExtremes(t, Settings{Workers: 4, Class: class}, 40)
		if q < 0.02 || q > 0.18 || b < 0.31 || b > 0.43 {
			t.Errorf("%s: mean quietest %.3f, busiest %.3f; want 0.02..0.18 and 0.31..0.43", class, q, b)
		}
	}
}
