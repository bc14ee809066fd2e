package sim

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestRewindThroughEveryWorkload: the timeline's property (timeline_test.go)
// from runs that start each stateful workload: broadcasts over Redis
// pub/sub (whose miniredis subscribers a restore subscribes again), lists
// appended by RPUSH or by mutating a cached copy, jobs on a Redis broker,
// a periodic job, nginx in front of two servers.
func TestRewindThroughEveryWorkload(t *testing.T) {
	lines := scriptLines(t)
	starts := [][]string{
		{"layer redis", "subscribe 6", "traffic broadcast 300/s clients 4"},
		{"store redis", "append-by rpush", "traffic carts 500/s clients 4"},
		{"queue redis", "acks late", "traffic jobs 300/s clients 3"},
		{"schedule 100ms", "traffic counter 400/s clients 4"},
		{"servers 2", "workers 3", "layer redis", "subscribe 4", "traffic broadcast 200/s clients 3", "store redis"},
		{"append-by mutate", "store locmem", "traffic carts 500/s clients 4"},
	}
	for seed := uint64(1); seed <= 36; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		script := append(append([]string{}, starts[int(seed)%len(starts)]...), randomScript(rng, lines, 14)...)
		s := newSim(t, seed, Settings{})
		if err := s.KeepTimeline(); err != nil {
			t.Fatal(err)
		}
		s.tl.interval = 128
		plain := newSim(t, seed, Settings{})
		seen := map[uint64]instant{}
		for _, l := range script {
			_, e1 := s.Exec(l)
			_, e2 := plain.Exec(l)
			if (e1 == nil) != (e2 == nil) {
				t.Fatalf("seed %d %q: %v vs %v", seed, l, e1, e2)
			}
			seen[s.events] = instant{view(s.Snapshot()), logText(s)}
		}
		if !reflect.DeepEqual(view(s.Snapshot()), view(plain.Snapshot())) || logText(s) != logText(plain) {
			t.Fatalf("seed %d: timeline run differs from plain\n%q", seed, script)
		}
		var at []uint64
		for p := range seen {
			at = append(at, p)
		}
		rng.Shuffle(len(at), func(i, j int) { at[i], at[j] = at[j], at[i] })
		for _, p := range at {
			if err := s.tl.seek(s, p); err != nil {
				t.Fatal(err)
			}
			if got := view(s.Snapshot()); !reflect.DeepEqual(got, seen[p].snap) || logText(s) != seen[p].events {
				t.Fatalf("seed %d: at %d differs\n got %+v\nwant %+v\n%q", seed, p, got.Metrics, seen[p].snap.Metrics, script)
			}
		}
	}
}
