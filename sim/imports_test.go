package sim

import "testing"

// values returns what each live worker holds for key, by slot.
func values(s *Sim, key string) map[int]string {
	out := map[int]string{}
	for _, w := range s.Snapshot().Workers {
		for _, kv := range w.Keys {
			if kv.Key == key && kv.Present {
				out[w.Slot] = kv.Value
			}
		}
	}
	return out
}

func distinct(m map[int]string) int {
	seen := map[string]bool{}
	for _, v := range m {
		seen[v] = true
	}
	return len(seen)
}

// FACTS.md B10: --preload copies the import-time globals into every worker,
// random values included; without it each worker runs the import itself.
func TestPreloadForksOneImport(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4, Preload: true})
		exec(t, s, "global token random", "global mode fast", "wait 100ms")
		tok := values(s, "token")
		if len(tok) != 4 || distinct(tok) != 1 {
			t.Fatalf("seed %d, preload on: token per worker %v, want one value in all 4", seed, tok)
		}
		exec(t, s, "kill 2", "wait 100ms")
		if after := values(s, "token"); after[2] != tok[1] {
			t.Fatalf("seed %d, preload on: the respawned worker has %q, want the master's %q", seed, after[2], tok[1])
		}
		exec(t, s, "set token mine", "wait 100ms")
		if got := distinct(values(s, "token")); got != 2 {
			t.Fatalf("seed %d: after one write, %d distinct values; want 2 (the copies diverge on the first write)", seed, got)
		}

		n := newSim(t, seed, Settings{Workers: 4})
		exec(t, n, "global token random", "global mode fast", "wait 100ms")
		if got := distinct(values(n, "token")); got != 4 {
			t.Fatalf("seed %d, preload off: %d distinct tokens, want 4 (each worker drew its own)", seed, got)
		}
		if got := values(n, "mode"); len(got) != 4 || distinct(got) != 1 {
			t.Fatalf("seed %d: a constant global differs across workers: %v", seed, got)
		}
		before := values(n, "token")[3]
		exec(t, n, "kill 3", "wait 100ms")
		if after := values(n, "token")[3]; after == before || after == "" {
			t.Fatalf("seed %d, preload off: the respawned worker kept %q; a fresh import draws again", seed, after)
		}
	}
}

func TestImportStateIsNotAWrite(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 2})
	exec(t, s, "global token random", "wait 100ms", "kill 1", "get token x4", "wait 1s")
	m := s.Snapshot().Metrics
	if m.LostToRestarts != 0 || m.StaleReads != 0 || m.Writes != 0 {
		t.Fatalf("import-time state counted as writes: lost_to_restarts %d stale %d writes %d", m.LostToRestarts, m.StaleReads, m.Writes)
	}
}
