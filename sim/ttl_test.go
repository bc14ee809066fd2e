package sim

import (
	"strings"
	"testing"
	"time"
)

// readAfter sets key to hello with the cluster's TTL, lets gap pass, reads it
// and returns what the read saw.
func readAfter(t *testing.T, s *Sim, gap time.Duration) Event {
	t.Helper()
	s.Advance(bootDelay, 0)
	exec(t, s, "set key0 hello")
	s.RunUntilIdle(RunLimit)
	s.Advance(gap, 0)
	exec(t, s, "get key0")
	s.RunUntilIdle(RunLimit)
	evs := s.EventsSince(0, nil)
	return evs[len(evs)-1]
}

// Django's default timeout is 300 s on both cache stores: a value set with
// no timeout of its own is gone five minutes later, and the miss counts as
// an expired read, not a stale one.
func TestCachesExpireAfterDjangosDefault(t *testing.T) {
	for _, store := range []string{"redis", "locmem"} {
		s := newSim(t, 1, Settings{Workers: 1, Store: store})
		if s.Settings().TTL != 300*time.Second {
			t.Fatalf("default TTL %v, want Django's 300s", s.Settings().TTL)
		}
		e := readAfter(t, s, 299*time.Second)
		if e.Result != "hello" {
			t.Errorf("%s: read after 299 s = %q, want hello", store, e.Result)
		}
		e = readAfter(t, s, 301*time.Second)
		m := s.Snapshot().Metrics
		if e.Result != "(missing)" || m.ExpiredReads != 1 || m.StaleReads != 0 {
			t.Errorf("%s: read 301 s after the set = %q, expired %d, stale %d; want (missing), 1, 0", store, e.Result, m.ExpiredReads, m.StaleReads)
		}
	}
}

// TTLNone is timeout=None: the value never expires.
func TestTTLNoneNeverExpires(t *testing.T) {
	for _, store := range []string{"redis", "locmem"} {
		s := newSim(t, 1, Settings{Workers: 1, Store: store, TTL: TTLNone})
		if e := readAfter(t, s, 2*time.Hour); e.Result != "hello" {
			t.Errorf("%s, ttl none: read two hours later = %q, want hello", store, e.Result)
		}
	}
}

// A TTL of 0 is timeout=0: the value is not cached. RedisCache deletes the
// key; LocMemCache stores it already expired. The read misses because of the
// timeout, so it is an expired read, not a stale one.
func TestTTLZeroDoesNotCache(t *testing.T) {
	for _, store := range []string{"redis", "locmem"} {
		s := newSim(t, 1, Settings{Workers: 1, Store: store})
		s.set.TTL = 0
		exec(t, s, "redis SET key0 old")
		e := readAfter(t, s, time.Millisecond)
		m := s.Snapshot().Metrics
		if e.Result != "(missing)" || m.ExpiredReads != 1 || m.StaleReads != 0 {
			t.Errorf("%s, ttl 0: read = %q, expired %d, stale %d; want (missing), 1, 0", store, e.Result, m.ExpiredReads, m.StaleReads)
		}
		if store == "redis" {
			if out, _ := s.Exec("redis EXISTS key0"); out != "(integer) 0" {
				t.Errorf("ttl 0: redis EXISTS key0 = %s, want 0 (the set deleted the key)", out)
			}
		}
	}
}

// A module-level dict has no timeout: the TTL setting does not touch it.
func TestDictNeverExpires(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "local", TTL: time.Second})
	if e := readAfter(t, s, time.Hour); e.Result != "hello" {
		t.Errorf("store local, ttl 1s: read an hour later = %q, want hello (a dict never expires)", e.Result)
	}
}

// The key expires exactly at its deadline although miniredis's clock lags
// virtual time between syncs, and TTL answers in virtual time.
func TestRedisTTLExactWithALaggingClock(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "redis", TTL: 10 * time.Second})
	exec(t, s, "redis DBSIZE") // sync the clock now, then let it lag
	s.Advance(5*time.Second, 0)
	exec(t, s, "set key0 hello")
	s.RunUntilIdle(RunLimit)
	set := s.Now()
	if out, _ := s.Exec("redis PTTL key0"); !strings.HasPrefix(out, "(integer) 99") && out != "(integer) 10000" {
		t.Errorf("PTTL right after the set = %s, want about 10000", out)
	}
	for _, c := range []struct {
		at   time.Duration
		want string
	}{{10*time.Second - time.Millisecond, "hello"}, {10*time.Second + time.Millisecond, "(missing)"}} {
		s.Advance(set+c.at-s.Now()-redisRTT-requestCPU, 0)
		exec(t, s, "get key0")
		s.RunUntilIdle(RunLimit)
		evs := s.EventsSince(0, nil)
		if got := evs[len(evs)-1].Result; got != c.want {
			t.Errorf("get about %v after the set = %q, want %q", c.at, got, c.want)
		}
	}
}

// INCR keeps a key's TTL, so a counter created by cache.add with the default
// timeout vanishes that long after it was created, however busy it is.
func TestAtomicCounterKeepsItsCreationTTL(t *testing.T) {
	for _, store := range []string{"redis", "locmem"} {
		s := newSim(t, 1, Settings{Workers: 1, Store: store, TTL: 2 * time.Second})
		s.Advance(bootDelay, 0)
		for i := 0; i < 4; i++ {
			exec(t, s, "incr hits --atomic")
			s.RunUntilIdle(RunLimit)
			s.Advance(600*time.Millisecond, 0)
		}
		exec(t, s, "get hits")
		s.RunUntilIdle(RunLimit)
		evs := s.EventsSince(0, nil)
		if got := evs[len(evs)-1].Result; got != "(missing)" {
			t.Errorf("%s: counter read 2.4 s after cache.add created it = %q, want (missing)", store, got)
		}
	}
}

// The heap of TTL deadlines stays near the number of keys with a TTL,
// however many writes superseded their deadlines (each write with Django's
// default timeout pushes one), and keys still expire on time.
func TestTTLDeadlinesStayBounded(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 4, Store: "redis"})
	exec(t, s, "traffic set-then-get clients 8 keys 16 requests 20000")
	s.RunUntilIdle(RunLimit)
	if n, keys := len(s.store.deadline), len(s.store.shadow); n > 2*keys+64 {
		t.Fatalf("%d deadlines for %d keys, want at most %d", n, keys, 2*keys+64)
	}
	s = newSim(t, 1, Settings{Workers: 4, Store: "redis", TTL: 20 * time.Millisecond, Think: 25 * time.Millisecond})
	exec(t, s, "traffic set-then-get clients 8 keys 16 requests 4000")
	s.RunUntilIdle(RunLimit)
	if m := s.Snapshot().Metrics; m.ExpiredReads == 0 {
		t.Fatal("no read found its value expired with a 20 ms TTL and 25 ms pauses")
	}
}

// The ttl verb speaks Django's timeouts, and a set may name its own.
func TestTTLVerbAndPerSetTimeout(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "redis"})
	for _, c := range []struct {
		line, reply string
		want        time.Duration
	}{
		{"ttl none", "ttl none (never expires)", TTLNone},
		{"ttl 0", "ttl 0 (not cached)", 0},
		{"ttl 10s", "ttl 10s", 10 * time.Second},
		{"ttl default", "ttl 5m0s", 300 * time.Second},
	} {
		out, err := s.Exec(c.line)
		if err != nil || out != c.reply || s.Settings().TTL != c.want {
			t.Errorf("%s: reply %q, %v, setting %v; want %q and %v", c.line, out, err, s.Settings().TTL, c.reply, c.want)
		}
	}
	exec(t, s, "ttl 1s", "wait 100ms", "set kept a ttl none", "set gone b ttl 0", "set short c", "wait 2s",
		"get kept", "get gone", "get short", "wait 1s")
	got := map[string]string{}
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest && strings.HasPrefix(e.Route, "GET /get") {
			got[strings.TrimPrefix(e.Route, "GET /get?k=")] = e.Result
		}
	}
	want := map[string]string{"kept": "a", "gone": "(missing)", "short": "(missing)"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("get %s after 2 s = %q, want %q (ttl none keeps, ttl 0 does not cache, the 1 s setting expires)", k, got[k], v)
		}
	}
	if out, err := s.Exec("cpu 10ms"); err != nil || out != "cpu 10ms" || s.Settings().CPU != 10*time.Millisecond {
		t.Errorf("cpu 10ms: %q, %v, setting %v", out, err, s.Settings().CPU)
	}
}
