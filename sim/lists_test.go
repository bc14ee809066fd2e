package sim

import (
	"strings"
	"testing"
)

// listOf returns the list the shared store holds under key, or what worker
// slot 1 holds for a dict.
func listOf(t *testing.T, s *Sim, key string) string {
	t.Helper()
	for _, k := range s.Snapshot().Workers[0].Keys {
		if k.Key == key && k.Present {
			return k.Value
		}
	}
	return ""
}

// FACTS.md B18: a cached value is a pickled copy. Appending to what a dict
// returned changes the dict; appending to what a cache returned changes
// nothing until it is set again.
func TestAppendToTheCopy(t *testing.T) {
	for _, tc := range []struct {
		store, by string
		lost      int64
		list      string
	}{
		{"local", "mutate", 0, "[apple +2]"},
		{"locmem", "mutate", 3, ""},
		{"redis", "mutate", 3, ""},
		{"locmem", "set", 0, "[apple +2]"},
		{"redis", "set", 0, "[apple +2]"},
		{"redis", "rpush", 0, "[apple +2]"},
		{"local", "rpush", 0, "[apple +2]"},
	} {
		s := newSim(t, 1, Settings{Workers: 1})
		exec(t, s, "store "+tc.store, "append-by "+tc.by, "append cart apple x3", "wait 1s", "get cart", "wait 1s")
		m := s.Snapshot().Metrics
		if m.Appends != 3 || m.LostAppends != tc.lost || m.Errors != 0 {
			t.Errorf("%s, append-by %s: appends %d lost %d errors %d; want 3, %d, 0", tc.store, tc.by, m.Appends, m.LostAppends, m.Errors, tc.lost)
		}
		if got := listOf(t, s, "cart"); got != tc.list {
			t.Errorf("%s, append-by %s: the store holds %q, want %q", tc.store, tc.by, got, tc.list)
		}
		if want := int64(0); tc.lost > 0 {
			want = 1
			if m.StaleReads != want {
				t.Errorf("%s, append-by %s: %d stale reads, want %d (the read misses the appended items)", tc.store, tc.by, m.StaleReads, want)
			}
		}
	}
}

// Reading the whole list, appending and setting it back is a
// read-modify-write: concurrent appends overwrite each other. RPUSH loses
// none. Every acknowledged append is either in the list or counted lost.
func TestSettingTheListBackRaces(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		for _, by := range []string{"set", "rpush"} {
			s := newSim(t, seed, Settings{Workers: 4, Store: "redis"})
			exec(t, s, "append-by "+by, "append cart x x200 clients 8", "wait 5s")
			m := s.Snapshot().Metrics
			n := 0
			if v, _, ok := s.store.get(s.keys.id("cart"), "cart", s.now); ok {
				n = len(v.items())
			}
			if m.Appends != 200 || int64(n)+m.LostAppends != 200 {
				t.Fatalf("seed %d %s: %d appends, list of %d, %d lost; want 200 = list + lost", seed, by, m.Appends, n, m.LostAppends)
			}
			if by == "set" && m.LostAppends == 0 {
				t.Errorf("seed %d: setting the list back from 8 clients lost nothing", seed)
			}
			if by == "rpush" && m.LostAppends != 0 {
				t.Errorf("seed %d: RPUSH lost %d appends", seed, m.LostAppends)
			}
		}
	}
}

// Threads of one worker share the dict's own list: each appends to the same
// object, so setting it back loses nothing inside one process.
func TestThreadsShareTheDictsList(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Class: "gthread", Threads: 8, IO: 5 * msec})
	exec(t, s, "append-by set", "append cart x x200 clients 8", "wait 5s")
	if m := s.Snapshot().Metrics; m.Appends != 200 || m.LostAppends != 0 {
		t.Fatalf("one process, 8 threads: %d appends, %d lost; want 200, 0", m.Appends, m.LostAppends)
	}
}

func TestPushNeedsAListOrRedis(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "redis"})
	exec(t, s, "append-by set", "append cart a", "wait 1s", "append-by rpush", "append cart b", "wait 1s")
	evs := s.EventsSince(0, nil)
	last := evs[len(evs)-1]
	if !last.Error || !strings.Contains(last.Result, "WRONGTYPE") {
		t.Fatalf("RPUSH on a list cache.set stored as a string: %+v, want a WRONGTYPE error", last)
	}
	out, _ := s.Exec("redis TYPE cart")
	if out != `"string"` && out != "string" {
		t.Fatalf("redis TYPE cart = %q, want string", out)
	}
	exec(t, s, "append cart2 b", "wait 1s")
	if out, _ := s.Exec("redis LRANGE cart2 0 -1"); !strings.Contains(out, `"b"`) {
		t.Fatalf("RPUSH made no Redis list: LRANGE says %q", out)
	}
	l := newSim(t, 1, Settings{Workers: 1, Store: "locmem", AppendBy: "rpush"})
	exec(t, l, "append cart b", "wait 1s")
	if m := l.Snapshot().Metrics; m.Errors != 1 || m.Appends != 0 {
		t.Fatalf("rpush on LocMemCache: errors %d appends %d; want the request refused", m.Errors, m.Appends)
	}
}

func TestCartsTraffic(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 4, Store: "redis", AppendBy: "set"}, Traffic{Workload: "carts", Clients: 8, Limit: 400})
	if m.Appends != 400 || m.LostAppends == 0 {
		t.Fatalf("carts, set back: %d appends, %d lost; want 400 with losses", m.Appends, m.LostAppends)
	}
	m = runWith(t, 1, Settings{Workers: 4, Store: "redis", AppendBy: "rpush"}, Traffic{Workload: "carts", Clients: 8, Limit: 400})
	if m.Appends != 400 || m.LostAppends != 0 {
		t.Fatalf("carts, rpush: %d appends, %d lost; want 400, 0", m.Appends, m.LostAppends)
	}
}
