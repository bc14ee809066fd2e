//go:build unix

package live

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// newTestCluster starts a live cluster of the test binary on a free port.
func newTestCluster(t *testing.T, cfg Config) *Cluster {
	t.Helper()
	cfg.Exe, cfg.Bind, cfg.GracefulTimeout = binPath, "127.0.0.1:0", 2*time.Second
	c, err := NewCluster(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// snapshotWhen polls the background refresh until ok holds, for at most 3 s.
func snapshotWhen(t *testing.T, c *Cluster, what string, ok func(sim.Snapshot) bool) sim.Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	for {
		s := c.Snapshot()
		if ok(s) {
			return s
		}
		if err := c.WaitPoll(ctx); err != nil {
			t.Fatalf("waiting for %s: last snapshot %+v", what, s.Workers)
		}
	}
}

func TestClusterLocal(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 2})
	s := snapshotWhen(t, c, "2 polled workers", func(s sim.Snapshot) bool {
		return len(s.Workers) == 2 && s.Workers[0].Doing == "idle" && s.Workers[1].Doing == "idle"
	})
	if !s.Live || s.Settings.Store != StoreLocal || s.Settings.Workers != 2 || s.Settings.Class != "sync" {
		t.Fatalf("snapshot settings %+v live=%v", s.Settings, s.Live)
	}
	for i, w := range s.Workers {
		if w.Slot != i+1 || !alive(w.Pid) {
			t.Fatalf("worker card %+v: want slot %d and a running pid", w, i+1)
		}
	}

	out, err := c.Exec("set user ada")
	if err != nil || !strings.HasPrefix(out, "OK (pid ") {
		t.Fatalf("Exec(set) = %q, %v", out, err)
	}
	// Four console clients at once reach both sync workers; the one without
	// the value answers a stale read, seen by the console, the events, the
	// metrics and the cards.
	if out, err = c.Exec("get user x40 clients 4"); err != nil || !strings.HasPrefix(out, "40 requests, last: ") {
		t.Fatalf("Exec(get x40) = %q, %v", out, err)
	}
	stale := false
	for _, ev := range c.EventsSince(0, nil) {
		if ev.Kind == sim.EventRequest && ev.Client == 0 && ev.Route == "GET /get?k=user" && ev.Result == "(missing)" && ev.Stale {
			stale = true
		}
	}
	if !stale {
		t.Fatal("40 console gets from 4 clients on 2 workers logged no stale (missing) read")
	}
	s = snapshotWhen(t, c, "cards showing the divergence", func(s sim.Snapshot) bool {
		ag := map[string]int{}
		for _, w := range s.Workers {
			for _, kv := range w.Keys {
				if kv.Key == "user" {
					ag[kv.Agreement]++
				}
			}
		}
		return ag["agrees"] == 1 && ag["missing"] == 1 && s.Metrics.StaleReads >= 1 && s.Metrics.PidsAnswering == 2
	})
	if len(s.Keys) != 1 || s.Keys[0].Newest != "ada" || s.Keys[0].Divergence != 2 || s.Keys[0].Agreement != 0.5 {
		t.Fatalf("key states %+v; want user newest ada, divergence 2, agreement 0.5", s.Keys)
	}
	evs := c.EventsSince(0, nil)
	var spawns, staleEvs int
	for _, ev := range evs {
		if ev.Kind == sim.EventSpawn {
			spawns++
		}
		if ev.Kind == sim.EventRequest && ev.Stale {
			staleEvs++
		}
	}
	if spawns != 2 || staleEvs < 1 {
		t.Fatalf("events: %d spawns, %d stale reads; want 2 and >= 1", spawns, staleEvs)
	}

	// kill 1: a new pid appears in slot 1 with generation 1.
	old := s.Workers[0].Pid
	if _, err := c.Exec("kill 1"); err != nil {
		t.Fatal(err)
	}
	snapshotWhen(t, c, "a respawned slot 1", func(s sim.Snapshot) bool {
		return len(s.Workers) == 2 && s.Workers[0].Pid != old && s.Workers[0].Generation == 1 && s.Workers[0].Doing == "idle" && s.Metrics.Restarts == 1
	})

	// workers 3, then 1: TTIN and TTOU.
	if out, err := c.Exec("workers 3"); err != nil || !strings.Contains(out, "TTIN x1") {
		t.Fatalf("Exec(workers 3) = %q, %v", out, err)
	}
	snapshotWhen(t, c, "3 workers", func(s sim.Snapshot) bool { return len(s.Workers) == 3 })
	if out, err := c.Exec("workers 1"); err != nil || !strings.Contains(out, "TTOU x2") {
		t.Fatalf("Exec(workers 1) = %q, %v", out, err)
	}
	snapshotWhen(t, c, "1 worker", func(s sim.Snapshot) bool { return len(s.Workers) == 1 })
}

// TestLiveHelpComesFromTheTable checks that live mode's help is built from
// the shared verb specs: the same usage lines, its own docs, only its verbs.
func TestLiveHelpComesFromTheTable(t *testing.T) {
	help := liveMode.Help()
	for _, verb := range liveMode.Verbs() {
		v, _ := sim.LookupVerb(verb)
		if !strings.Contains(help, "  "+v.Usage+"\n") {
			t.Errorf("live help lacks the usage of %s (%q)", verb, v.Usage)
		}
	}
	if strings.Contains(help, "traffic") || !strings.Contains(help, "TTIN/TTOU") {
		t.Errorf("live help = %q, want its own verbs with its own docs", help)
	}
	out, err := liveMode.HelpVerb("traffic")
	if err != nil || !strings.Contains(out, "not available in live mode") {
		t.Errorf("help traffic = %q, %v", out, err)
	}
}

func TestClusterRejectsWhatLiveCannotDo(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 1})
	for _, tc := range []struct{ line, word, msg string }{
		{"traffic counter 100/s", "traffic", "not available in live mode"},
		{"class gthread 4", "class", "not available in live mode"},
		{"set k v ttl 5s", "ttl", "not available in live mode"},
		{"set k v ttl none", "ttl", "not available in live mode"},
		{"set k v ttl 0", "ttl", "not available in live mode"},
		{"redis KEYS *", "redis", "store is local"},
		{"kill 9", "9", "no worker in slot 9"},
		{"get k x5000", "x5000", "at most 1000"},
		{"wrks 3", "wrks", "unknown command"},
		{"set onlykey", "", "set needs a key and a value"},
		{"lookup k", "lookup", "live mode runs: set, get, incr, wait, workers, store, io, kill, hup, redis, help"},
		{"wait 2m", "2m0s", "live mode waits at most 1m0s"},
	} {
		_, err := c.Exec(tc.line)
		var le *sim.LineError
		if !errors.As(err, &le) || le.Word != tc.word || !strings.Contains(le.Msg, tc.msg) {
			t.Errorf("Exec(%q) error %#v, want a LineError on %q saying %q", tc.line, err, tc.word, tc.msg)
		}
	}
}

func TestClusterRedisIncr(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 4, Store: StoreRedis})
	if _, err := c.Exec("io 2ms"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec("incr racy x400 clients 8"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec("incr safe x400 clients 8 --atomic"); err != nil {
		t.Fatal(err)
	}
	racy, err := c.Exec("redis GET racy")
	if err != nil {
		t.Fatal(err)
	}
	safe, _ := c.Exec("redis GET safe")
	if safe != `"400"` || racy == `"400"` {
		t.Fatalf("racy %s, atomic %s; want racy < 400 and atomic exactly 400", racy, safe)
	}
	s := snapshotWhen(t, c, "the counters on every card", func(s sim.Snapshot) bool {
		for _, w := range s.Workers {
			if v, ok := lookupKV(w.Keys, "safe"); !ok || v != "400" {
				return false // every worker reads the shared store
			}
		}
		return len(s.Workers) == 4 && s.Metrics.Increments == 800
	})
	if s.Metrics.AtomicIncrements != 400 || s.RedisAddr == "" || s.Settings.Store != StoreRedis {
		t.Fatalf("metrics %+v, redis %q", s.Metrics, s.RedisAddr)
	}
	t.Logf("live cluster, 4 workers, 8 clients x 50, io 2ms: GET+SET %s of 400, INCR %s", racy, safe)
}

func TestClusterSwitchStore(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 2})
	addr := c.Master().Addr()
	old := map[int]bool{}
	for _, w := range snapshotWhen(t, c, "two workers", func(s sim.Snapshot) bool { return len(s.Workers) == 2 }).Workers {
		old[w.Pid] = true
	}
	if _, err := c.Exec("set user ada"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Exec("store redis")
	if err != nil || !strings.Contains(out, "store redis") {
		t.Fatalf("Exec(store redis) = %q, %v", out, err)
	}
	if c.Master().Addr() != addr {
		t.Fatalf("the server moved from %s to %s", addr, c.Master().Addr())
	}
	// The first new worker boots alone; wait until both new ones answer /state.
	snapshotWhen(t, c, "both new workers", func(s sim.Snapshot) bool {
		fresh := 0
		for _, w := range s.Workers {
			if !old[w.Pid] {
				fresh++
			}
		}
		return fresh == 2
	})
	// The new workers share one store: set once, every read finds it.
	if _, err := c.Exec("set user grace"); err != nil {
		t.Fatal(err)
	}
	// Four clients at once: a sync worker takes one connection at a time, so
	// the reads cannot all land on one worker.
	if _, err := c.Exec("get user x40 clients 4"); err != nil {
		t.Fatal(err)
	}
	pids := map[int]bool{}
	reads := 0
	for _, e := range c.EventsSince(0, nil) {
		if e.Kind != sim.EventRequest || !strings.HasPrefix(e.Route, "GET /get") {
			continue
		}
		reads++
		if e.Result != "grace" {
			t.Fatalf("get after store redis answered %q from pid %d, want grace", e.Result, e.Pid)
		}
		pids[e.Pid] = true
	}
	if reads != 40 || len(pids) < 2 {
		t.Fatalf("40 gets: %d logged, reaching %d pid(s); want 40 reaching both workers", reads, len(pids))
	}
	if v, err := c.Exec("redis GET user"); err != nil || v != `"grace"` {
		t.Fatalf("redis GET user = %q, %v", v, err)
	}
	s := snapshotWhen(t, c, "redis settings and 2 cards", func(s sim.Snapshot) bool {
		return s.Settings.Store == StoreRedis && len(s.Workers) == 2 && s.RedisAddr != ""
	})
	if s.Metrics.StaleReads != 0 {
		t.Fatalf("stale reads %d after switching to redis", s.Metrics.StaleReads)
	}
	var le *sim.LineError
	if _, err := c.Exec("store locmem"); !errors.As(err, &le) || le.Word != "locmem" {
		t.Fatalf("store locmem error %v, want a LineError on locmem", err)
	}
}

// TestSwitchStoreNeverBlocksSnapshot: while `store redis` waits for a busy
// worker to finish (a graceful stop of more than a second), Snapshot answers at
// once from the last poll.
func TestSwitchStoreNeverBlocksSnapshot(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 1})
	addr := c.Master().Addr()
	slow := make(chan error, 1)
	go func() {
		_, err := httpGet(&http.Client{Timeout: patience}, "http://"+addr+"/incr?k=slow&io=1800ms")
		slow <- err
	}()
	snapshotWhen(t, c, "the slow request in flight", func(s sim.Snapshot) bool {
		return len(s.Workers) == 1 && s.Workers[0].InFlight == 1
	})
	switched := make(chan error, 1)
	start := time.Now()
	go func() { _, err := c.Exec("store redis"); switched <- err }()
	var worst time.Duration
	calls := 0
	for done := false; !done; {
		select {
		case err := <-switched:
			if err != nil {
				t.Fatalf("store redis: %v", err)
			}
			done = true
		default:
			t0 := time.Now()
			c.Snapshot()
			worst = max(worst, time.Since(t0))
			calls++
			time.Sleep(5 * time.Millisecond)
		}
	}
	took := time.Since(start)
	if err := <-slow; err != nil {
		t.Fatalf("the request in flight during the switch got no answer: %v", err)
	}
	if took < 500*time.Millisecond {
		t.Fatalf("the switch took %s; the old worker's 1.8 s request should have held it", took)
	}
	if worst > 200*time.Millisecond {
		t.Fatalf("a Snapshot during the %s switch took %s; it must not wait for the stop", took, worst)
	}
	t.Logf("switch took %s; %d Snapshots meanwhile, slowest %s", took.Round(time.Millisecond), calls, worst)
}

// TestSwitchStoreFailureSaysBoth: when the new server does not start, the
// old one is started again; when that fails too, both reasons are returned.
func TestSwitchStoreFailureSaysBoth(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 1})
	c.start = func(cfg Config) (*Master, error) {
		if cfg.Store == StoreRedis {
			return nil, errors.New("first reason")
		}
		return Start(cfg)
	}
	_, err := c.Exec("store redis")
	if err == nil || !strings.Contains(err.Error(), "first reason") || !strings.Contains(err.Error(), "runs again with store local") {
		t.Fatalf("store redis with a failing start: %v", err)
	}
	if out, err := c.Exec("set user ada"); err != nil || !strings.HasPrefix(out, "OK") {
		t.Fatalf("after the restored start, set = %q, %v", out, err)
	}
	second := errors.New("second reason")
	c.start = func(cfg Config) (*Master, error) {
		if cfg.Store == StoreRedis {
			return nil, errors.New("first reason")
		}
		return nil, second
	}
	_, err = c.Exec("store redis")
	if err == nil || !strings.Contains(err.Error(), "first reason") || !errors.Is(err, second) {
		t.Fatalf("store redis when both starts fail: %v; want both reasons", err)
	}
}

// wait lets real time pass in live mode, so a lesson's counts catch up; hup
// replaces every worker with a new process.
func TestClusterWaitsAndHUPs(t *testing.T) {
	c := newTestCluster(t, Config{Workers: 2})
	before := snapshotWhen(t, c, "2 polled workers", func(s sim.Snapshot) bool { return len(s.Workers) == 2 && s.Workers[1].Pid != 0 })
	start := time.Now()
	if out, err := c.Exec("wait 300ms"); err != nil || !strings.Contains(out, "300ms passed") {
		t.Fatalf("wait: %q, %v", out, err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("wait 300ms returned after %s", d)
	}
	if _, err := c.Exec("hup"); err != nil {
		t.Fatal(err)
	}
	old := map[int]bool{before.Workers[0].Pid: true, before.Workers[1].Pid: true}
	snapshotWhen(t, c, "2 new workers after HUP", func(s sim.Snapshot) bool {
		return len(s.Workers) == 2 && s.Workers[0].Pid != 0 && s.Workers[1].Pid != 0 && !old[s.Workers[0].Pid] && !old[s.Workers[1].Pid]
	})
}
