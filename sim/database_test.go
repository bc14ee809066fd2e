package sim

import "testing"

// A cache fill reads the database's current row; it does not make a new
// version. With no update, the per-worker caches all hold the same row, so no
// lookup is stale however many workers fill their own copy.
func TestFillsReadTheCurrentRow(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4, Store: "locmem"})
		s.Advance(bootDelay, 0)
		exec(t, s, "lookup page:1 x40 clients 4")
		s.RunUntilIdle(RunLimit)
		m := s.Snapshot().Metrics
		if m.Lookups != 40 || m.Hits == 0 || m.StaleReads != 0 {
			t.Errorf("seed %d: %d lookups, %d hits, %d stale; want 40, some hits, 0 stale (nothing wrote the database)", seed, m.Lookups, m.Hits, m.StaleReads)
		}
	}
}

// While Redis is down with the fallback on, every lookup misses and reads the
// database, which has not changed: the same value every time.
func TestOutageLookupsReadTheSameRow(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 4, Store: "redis"})
	s.Advance(bootDelay, 0)
	exec(t, s, "fallback on", "redis down", "lookup page:1 x20")
	s.RunUntilIdle(RunLimit)
	seen := map[string]bool{}
	n := 0
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest {
			n++
			seen[e.Result] = true
		}
	}
	if n != 20 || len(seen) != 1 || s.Snapshot().Metrics.Errors != 0 {
		t.Fatalf("%d lookups during the outage gave %d distinct values %v; want 20 lookups, one value, no errors", n, len(seen), seen)
	}
}

// Updates during an outage change the database while their cache writes are
// dropped; when Redis comes back it still serves the rows from before, and
// those reads are stale.
func TestOldEntriesAfterAnOutageAreStale(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4, Store: "redis", TTL: 60e9})
		exec(t, s, "fallback on", "traffic cache-aside 100/s clients 4 keys 10", "wait 3s", "redis down", "wait 3s")
		during := s.Snapshot().Metrics
		exec(t, s, "redis up", "wait 3s")
		after := s.Snapshot().Metrics
		if during.StaleReads != 0 {
			t.Errorf("seed %d: %d stale reads before Redis came back, want 0 (misses read the database)", seed, during.StaleReads)
		}
		if after.StaleReads == during.StaleReads {
			t.Errorf("seed %d: no stale read after Redis came back with the entries from before the outage", seed)
		}
	}
}
