package sim

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestRedisTTLRunsInVirtualTime(t *testing.T) {
	s := newSim(t, 1, Settings{Store: "redis"})
	exec(t, s, "wait 100ms", "set session abc ttl 10s", "wait 1s", "get session", "wait 1s")
	if m := s.Snapshot().Metrics; m.StaleReads != 0 || m.ExpiredReads != 0 {
		t.Fatalf("before expiry: stale %d expired %d", m.StaleReads, m.ExpiredReads)
	}
	out, err := s.Exec("redis TTL session")
	if err != nil || !strings.HasPrefix(out, "(integer) 8") {
		t.Fatalf("redis TTL session = %q, %v; want (integer) 8 (10s set, 2s passed)", out, err)
	}
	exec(t, s, "wait 9s", "get session", "wait 1s")
	m := s.Snapshot().Metrics
	if m.ExpiredReads != 1 || m.StaleReads != 0 {
		t.Fatalf("after expiry: expired_reads %d stale %d, want 1 and 0 (a miss of an expired key is correct)", m.ExpiredReads, m.StaleReads)
	}
	if out, _ := s.Exec("redis GET session"); out != "(nil)" {
		t.Fatalf("redis GET session after expiry = %q", out)
	}
}

func TestLocmemCullsAndExpires(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "locmem"})
	exec(t, s, "wait 100ms", "traffic set-then-get keys 400 clients 4 requests 2000", "wait 10s")
	w := s.workers[0]
	if n := len(w.dict.m); n > locmemMax {
		t.Fatalf("locmem holds %d entries, want at most %d (culling)", n, locmemMax)
	}
	exec(t, s, "traffic off", "wait 301s")
	if got := s.Snapshot().Workers[0].Keys; len(got) > 0 {
		for _, kv := range got {
			if kv.Present {
				t.Fatalf("key %s survived the 300 s default timeout", kv.Key)
			}
		}
	}
}

func TestRedisDownFailsOrFallsBack(t *testing.T) {
	s := newSim(t, 1, Settings{Store: "redis"})
	exec(t, s, "wait 100ms", "redis down", "get k x5", "wait 1s")
	if m := s.Snapshot().Metrics; m.Errors != 5 {
		t.Fatalf("errors during outage = %d, want 5", m.Errors)
	}
	exec(t, s, "fallback on", "get k x5", "set k v", "wait 1s")
	if m := s.Snapshot().Metrics; m.Errors != 5 {
		t.Fatalf("errors with fallback on = %d, want still 5", m.Errors)
	}
	exec(t, s, "redis up", "set k v", "get k", "wait 1s")
	if out, _ := s.Exec("redis GET k"); out != `"v"` {
		t.Fatalf("after redis up: GET k = %s", out)
	}
}

func TestKillWipesTheDict(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1})
	exec(t, s, "wait 100ms", "set a 1", "set b 2", "wait 1s")
	pid := s.Snapshot().Workers[0].Pid
	exec(t, s, "kill 1", "wait 1s", "get a", "wait 1s")
	snap := s.Snapshot()
	if snap.Workers[0].Pid == pid || snap.Workers[0].Generation != 1 {
		t.Fatalf("after kill: pid %d generation %d; want a new pid, generation 1", snap.Workers[0].Pid, snap.Workers[0].Generation)
	}
	if m := snap.Metrics; m.LostToRestarts != 2 || m.StaleReads != 1 || m.Restarts != 1 {
		t.Fatalf("lost_to_restarts %d stale %d restarts %d, want 2, 1, 1", m.LostToRestarts, m.StaleReads, m.Restarts)
	}
	if _, err := s.Exec("kill 9"); err == nil || !strings.Contains(err.Error(), "live slots: 1") {
		t.Fatalf("kill 9: %v", err)
	}
}

func TestSyncTimeoutKillsSlowWorker(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Timeout: 3 * time.Second})
	exec(t, s, "wait 100ms", "traffic slow clients 1 requests 1", "wait 10s")
	m := s.Snapshot().Metrics
	if m.Errors != 1 || m.Restarts != 1 {
		t.Fatalf("a 5 s view under timeout 3s: errors %d restarts %d, want 1 and 1", m.Errors, m.Restarts)
	}
}

// The embedded Redis listens on loopback: a real client sees what the workers wrote.
func TestEmbeddedRedisListens(t *testing.T) {
	s, err := New(Config{Seed: 1, Settings: Settings{Store: "redis"}, Listen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	exec(t, s, "wait 100ms", "set greeting hello", "incr hits x3 --atomic", "wait 1s")
	addr := s.Snapshot().RedisAddr
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("RedisAddr %q, want 127.0.0.1:port", addr)
	}
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	ctx := context.Background()
	if v, err := c.Get(ctx, "greeting").Result(); err != nil || v != "hello" {
		t.Fatalf("GET greeting over the network = %q, %v", v, err)
	}
	if v, err := c.Get(ctx, "hits").Int(); err != nil || v != 3 {
		t.Fatalf("GET hits = %d, %v", v, err)
	}
}

func TestRawRedisReplies(t *testing.T) {
	s := newSim(t, 1, Settings{Store: "redis"})
	for _, c := range []struct{ line, want string }{
		{"redis SET a 1", `"OK"`},
		{"redis INCR a", "(integer) 2"},
		{"redis KEYS *", `1) "a"`},
		{"redis GET nope", "(nil)"},
		{"redis NOSUCH", "(error) ERR unknown command"},
	} {
		out, err := s.Exec(c.line)
		if err != nil || !strings.HasPrefix(out, c.want) {
			t.Errorf("%s = %q, %v; want %s", c.line, out, err, c.want)
		}
	}
}

func TestServedCountsAnsweredRequestsOnly(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Store: "redis"})
	exec(t, s, "wait 100ms", "redis down", "get k x3", "wait 500ms", "redis up", "get k x2", "wait 1s")
	m := s.Snapshot().Metrics
	if m.Errors != 3 || len(m.ServedPerWorker) != 1 || m.ServedPerWorker[0] != 2 {
		t.Fatalf("errors %d, served per worker %v; want 3 errors and [2]", m.Errors, m.ServedPerWorker)
	}
}
