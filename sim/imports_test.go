package sim

import (
	"strings"
	"testing"
)

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

// Once the server runs, a global line edits the code on disk: the running
// workers keep their import. HUP reloads the code only when the app is not
// preloaded; with preload a restart of the master is needed (FACTS.md B10).
func TestHUPReloadsOnlyWithoutPreload(t *testing.T) {
	for _, preload := range []bool{false, true} {
		s := newSim(t, 3, Settings{Workers: 4, Preload: preload})
		exec(t, s, "global mode fast", "wait 100ms", "global mode slow")
		m := s.Snapshot().Metrics
		if got := values(s, "mode"); distinct(got) != 1 || got[1] != "fast" || m.OutdatedWorkers != 4 || m.CodeChanges != 1 {
			t.Fatalf("preload %v: after editing the code, mode %v, outdated %d, code changes %d; want fast everywhere, 4, 1", preload, got, m.OutdatedWorkers, m.CodeChanges)
		}
		out := execOut(t, s, "hup")
		exec(t, s, "wait 200ms")
		snap := s.Snapshot()
		want, outdated := "slow", 0
		if preload {
			want, outdated = "fast", 4
			if !strings.Contains(out, "does not reload") {
				t.Errorf("preload: hup says %q; want it to say the app is not reloaded", out)
			}
		}
		if got := values(s, "mode"); len(got) != 4 || distinct(got) != 1 || got[1] != want || snap.Metrics.OutdatedWorkers != outdated {
			t.Fatalf("preload %v: after hup mode %v, outdated %d; want %s in all 4, %d outdated", preload, got, snap.Metrics.OutdatedWorkers, want, outdated)
		}
		for _, w := range snap.Workers {
			if w.Generation != 1 {
				t.Fatalf("preload %v: hup left worker %d at generation %d, want 1 (replaced)", preload, w.Slot, w.Generation)
			}
		}
		if snap.Metrics.Restarts != 4 {
			t.Fatalf("preload %v: hup counted %d restarts, want 4", preload, snap.Metrics.Restarts)
		}
		exec(t, s, "restart", "wait 200ms")
		if got := values(s, "mode"); distinct(got) != 1 || got[1] != "slow" || s.Snapshot().Metrics.OutdatedWorkers != 0 {
			t.Fatalf("preload %v: after restart mode %v; want slow everywhere", preload, got)
		}
	}
}

// preload on|off on a running server restarts it: with preload every new
// worker forks one import, so a random global is the same everywhere.
func TestPreloadOnRestartsIntoOneImport(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4})
		exec(t, s, "wait 100ms", "global secret random", "hup", "wait 200ms")
		if got := s.Snapshot().Metrics.GlobalCopies; got != 4 {
			t.Fatalf("seed %d: without preload %d copies of secret, want 4 (each worker drew its own)", seed, got)
		}
		exec(t, s, "get key x40 clients 4", "preload on", "wait 1s")
		snap := s.Snapshot()
		if snap.Metrics.GlobalCopies != 1 || len(values(s, "secret")) != 4 {
			t.Fatalf("seed %d: preload on: %d copies in %d workers, want 1 value in all 4", seed, snap.Metrics.GlobalCopies, len(values(s, "secret")))
		}
		if snap.Metrics.Errors != 0 || snap.Pending != 0 {
			t.Fatalf("seed %d: restarting gracefully failed %d requests (%d pending)", seed, snap.Metrics.Errors, snap.Pending)
		}
	}
}

func execOut(t testing.TB, s *Sim, line string) string {
	t.Helper()
	out, err := s.Exec(line)
	if err != nil {
		t.Fatalf("Exec(%q): %v", line, err)
	}
	return out
}
