package sim

import (
	"fmt"
	"testing"
	"time"
)

func staleShare(m Metrics) float64 {
	if m.Reads == 0 {
		return 0
	}
	return float64(m.StaleReads) / float64(m.Reads)
}

func TestOneWorkerNeverStale(t *testing.T) {
	for seed := uint64(1); seed <= 100; seed++ {
		m := runWith(t, seed, Settings{Workers: 1}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 2000})
		if m.StaleReads != 0 {
			t.Fatalf("seed %d: 1 worker gave %d stale reads, want 0 (one dict)", seed, m.StaleReads)
		}
		if m.Reads < 990 {
			t.Fatalf("seed %d: only %d reads of 2000 requests", seed, m.Reads)
		}
	}
}

func TestFourWorkersDiverge(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		m := runWith(t, seed, Settings{Workers: 4}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 2000})
		if sh := staleShare(m); sh < 0.4 || sh > 0.9 {
			t.Errorf("seed %d: stale share %.2f with 4 workers, want 0.4..0.9", seed, sh)
		}
		r := runWith(t, seed, Settings{Workers: 4, Store: "redis"}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 2000})
		if r.StaleReads != 0 {
			t.Errorf("seed %d: store redis gave %d stale reads, want 0", seed, r.StaleReads)
		}
	}
}

func TestLocmemDivergesLikeTheDict(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 4, Store: "locmem"}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 2000})
	if sh := staleShare(m); sh < 0.4 {
		t.Fatalf("locmem stale share %.2f, want >= 0.4 (one cache per process)", sh)
	}
}

func TestRedisCounterRacesUnlessAtomic(t *testing.T) {
	base := Settings{Workers: 4, Store: "redis", IO: msec}
	tr := Traffic{Workload: "counter", Clients: 8, Limit: 800}
	for seed := uint64(1); seed <= 50; seed++ {
		if m := runWith(t, seed, base, tr); m.LostUpdates == 0 || m.Increments != 800 {
			t.Errorf("seed %d: GET then SET lost %d of %d increments, want > 0", seed, m.LostUpdates, m.Increments)
		}
		atomic := base
		atomic.Atomic = true
		if m := runWith(t, seed, atomic, tr); m.LostUpdates != 0 || m.Increments != 800 {
			t.Errorf("seed %d: INCR lost %d of %d increments, want 0 of 800", seed, m.LostUpdates, m.Increments)
		}
	}
}

// Every Redis command is a round trip, so GET then SET races with no other I/O
// (FACTS.md A: about half lost with no sleep).
func TestRedisRoundTripAloneRaces(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 4, Store: "redis"}, Traffic{Workload: "counter", Clients: 8, Limit: 800})
	if m.LostUpdates < 200 || m.LostUpdates > 700 {
		t.Fatalf("GET then SET with io 0 lost %d of 800, want a large share (200..700)", m.LostUpdates)
	}
}

func TestThreadsRaceOnlyAcrossIO(t *testing.T) {
	tr := Traffic{Workload: "counter", Clients: 8, Limit: 400}
	for seed := uint64(1); seed <= 200; seed++ {
		for _, class := range []string{"gthread", "gevent"} {
			st := Settings{Workers: 1, Class: class, Threads: 4, IO: 5 * msec}
			if m := runWith(t, seed, st, tr); m.LostUpdates == 0 {
				t.Errorf("seed %d %s: read-modify-write across I/O lost nothing", seed, class)
			}
			st.IO = 0
			if m := runWith(t, seed, st, tr); m.LostUpdates != 0 {
				t.Errorf("seed %d %s: with no I/O between read and write lost %d, want 0", seed, class, m.LostUpdates)
			}
			st.IO, st.Lock = 5*msec, true
			if m := runWith(t, seed, st, tr); m.LostUpdates != 0 {
				t.Errorf("seed %d %s: with the lock lost %d, want 0", seed, class, m.LostUpdates)
			}
		}
	}
}

func TestSyncWorkerNeverRacesWithItself(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		m := runWith(t, seed, Settings{Workers: 1, IO: 5 * msec}, Traffic{Workload: "counter", Clients: 8, Limit: 200})
		if m.LostUpdates != 0 {
			t.Fatalf("seed %d: one sync worker lost %d updates, want 0 (one request at a time)", seed, m.LostUpdates)
		}
	}
}

func TestMaxRequestsForgets(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 2, MaxRequests: 50}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 1000})
	if m.LostToRestarts == 0 || m.Restarts == 0 {
		t.Fatalf("max-requests 50: lost_to_restarts %d, restarts %d; want both > 0", m.LostToRestarts, m.Restarts)
	}
	if m.Errors != 0 {
		t.Fatalf("recycling gave %d errors; a recycled worker finishes its request first", m.Errors)
	}
	// 1000 requests / 50 per worker ≈ 20 restarts (FACTS.md A: 320 / 50 → 6).
	if m.Restarts < 18 || m.Restarts > 20 {
		t.Fatalf("restarts %d for 1000 requests at max-requests 50, want 18..20", m.Restarts)
	}
}

func TestPinnedClientSeesItsWrites(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		ka := Settings{Workers: 4, Class: "gthread", KeepAlive: true}
		// ip_hash pins a client to a server: with one worker per server
		// that is one dict (FACTS.md B25).
		ih := Settings{Workers: 1, Servers: 4, Balancer: "ip-hash"}
		for name, st := range map[string]Settings{"keep-alive": ka, "ip-hash over single-worker servers": ih} {
			one := runWith(t, seed, st, Traffic{Workload: "set-then-get", Clients: 1, Limit: 1000})
			if one.StaleReads != 0 {
				t.Errorf("seed %d %s, one client: %d stale reads, want 0 (pinned)", seed, name, one.StaleReads)
			}
			many := runWith(t, seed, st, Traffic{Workload: "set-then-get", Clients: 8, Limit: 1000})
			if many.StaleReads == 0 {
				t.Errorf("seed %d %s, 8 clients: no stale reads; pinning hides the bug only per client", seed, name)
			}
		}
	}
}

// nginx's ip_hash pins a client to a server, not to a worker: behind one
// gunicorn address the kernel still picks the worker (FACTS.md B25, M7).
// And behind nginx a kept-alive client connection pins nothing, since nginx
// speaks HTTP/1.0 to its upstreams by default (B4).
func TestNginxPinsServersNotWorkers(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		for name, st := range map[string]Settings{
			"ip-hash, 1 server × 4 workers":       {Workers: 4, Balancer: "ip-hash"},
			"ip-hash, 2 servers × 2 workers":      {Workers: 2, Servers: 2, Balancer: "ip-hash"},
			"keep-alive behind nginx round-robin": {Workers: 4, Class: "gthread", KeepAlive: true, Balancer: "round-robin"},
		} {
			one := runWith(t, seed, st, Traffic{Workload: "set-then-get", Clients: 1, Limit: 400})
			if one.StaleReads == 0 {
				t.Errorf("seed %d %s, one client: no stale reads; the client is pinned to a server, not a worker", seed, name)
			}
		}
	}
	s := newSim(t, 1, Settings{Workers: 2, Servers: 3, Balancer: "ip-hash"})
	s.Advance(bootDelay, 0)
	exec(t, s, "get k x30", "get k x30 clients 6")
	s.RunUntilIdle(RunLimit)
	serverOf := map[int]int{}
	for _, w := range s.Snapshot().Workers {
		serverOf[w.Slot] = w.Server
	}
	byClient := map[int]map[int]bool{}
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest {
			if byClient[e.Client] == nil {
				byClient[e.Client] = map[int]bool{}
			}
			byClient[e.Client][serverOf[e.Slot]] = true
		}
	}
	servers := map[int]bool{}
	for c, srv := range byClient {
		if len(srv) != 1 {
			t.Errorf("ip-hash: client %d reached servers %v, want one", c, srv)
		}
		for x := range srv {
			servers[x] = true
		}
	}
	if len(servers) < 2 {
		t.Errorf("ip-hash: 7 clients all reached one server %v; the hash should spread them", servers)
	}
}

// The kernel's accept() is not a rotation: back to back, one client, the
// worker that just answered wins about 2.5/(2.5+N-1) of the time (FACTS.md A).
func TestAcceptIsStickyNotRoundRobin(t *testing.T) {
	for _, c := range []struct {
		workers  int
		lo, hi   float64
		uniform  float64
		label    string
		settings Settings
	}{
		{2, 0.62, 0.82, 0.5, "w=2", Settings{Workers: 2}},
		{4, 0.35, 0.55, 0.25, "w=4", Settings{Workers: 4}},
		{8, 0.18, 0.34, 0.125, "w=8", Settings{Workers: 8}},
	} {
		s := newSim(t, 7, c.settings)
		s.Advance(bootDelay, 0)
		exec(t, s, "get k x2000")
		s.RunUntilIdle(RunLimit)
		evs := s.EventsSince(0, nil)
		same, total, prev := 0, 0, -1
		for _, e := range evs {
			if e.Kind != EventRequest || e.Client != 0 {
				continue
			}
			if prev >= 0 {
				total++
				if e.Pid == prev {
					same++
				}
			}
			prev = e.Pid
		}
		share := float64(same) / float64(total)
		if share < c.lo || share > c.hi {
			t.Errorf("%s: same worker as the request before %.2f, want %.2f..%.2f (uniform would be %.2f)", c.label, share, c.lo, c.hi, c.uniform)
		}
	}
}

// nginx's round-robin takes the servers in turn; inside one server the
// kernel picks the worker, which is no rotation.
func TestRoundRobinRotatesServers(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Servers: 4, Balancer: "round-robin"})
	s.Advance(bootDelay, 0)
	exec(t, s, "get k x8")
	s.RunUntilIdle(RunLimit)
	var slots []int
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest {
			slots = append(slots, e.Slot)
		}
	}
	want := []int{1, 2, 3, 4, 1, 2, 3, 4}
	if fmt.Sprint(slots) != fmt.Sprint(want) {
		t.Fatalf("round-robin over 4 single-worker servers: slots %v, want %v", slots, want)
	}
	one := newSim(t, 1, Settings{Workers: 4, Balancer: "round-robin"})
	one.Advance(bootDelay, 0)
	exec(t, one, "get k x40")
	one.RunUntilIdle(RunLimit)
	repeats, prev := 0, 0
	for _, e := range one.EventsSince(0, nil) {
		if e.Kind == EventRequest {
			if e.Slot == prev {
				repeats++
			}
			prev = e.Slot
		}
	}
	if repeats == 0 {
		t.Fatalf("round-robin in front of one server × 4 workers rotated the workers; nginx picks servers, the kernel picks workers")
	}
}

func TestCoresCapCPUBoundThroughput(t *testing.T) {
	tr := Traffic{Workload: "set-then-get", Clients: 32, Limit: 4000}
	two := runWith(t, 1, Settings{Workers: 8, Cores: 2}, tr)
	four := runWith(t, 1, Settings{Workers: 8, Cores: 4}, tr)
	if four.ThroughputRPS < 1.3*two.ThroughputRPS {
		t.Fatalf("CPU-bound: 4 cores %.0f req/s vs 2 cores %.0f; want more cores to scale", four.ThroughputRPS, two.ThroughputRPS)
	}
	w2 := runWith(t, 1, Settings{Workers: 2, Cores: 2}, tr)
	w8 := runWith(t, 1, Settings{Workers: 8, Cores: 2}, tr)
	if w8.ThroughputRPS > 1.2*w2.ThroughputRPS {
		t.Fatalf("CPU-bound on 2 cores: 8 workers %.0f req/s vs 2 workers %.0f; past the cores, workers add no throughput", w8.ThroughputRPS, w2.ThroughputRPS)
	}
}

func TestSlowViewScalesWithThreads(t *testing.T) {
	tr := Traffic{Workload: "slow", Clients: 32, Limit: 64}
	sync := runWith(t, 1, Settings{Workers: 4}, tr)
	threads := runWith(t, 1, Settings{Workers: 4, Class: "gthread", Threads: 8}, tr)
	if threads.ThroughputRPS < 6*sync.ThroughputRPS {
		t.Fatalf("slow view: gthread 4x8 %.2f req/s vs sync 4 %.2f; I/O-bound work should scale with threads", threads.ThroughputRPS, sync.ThroughputRPS)
	}
}

// Each copy of a counter reports the increments it lost; with no restarts
// the copies' losses add up to the lost updates counted, on every seed, in
// the workers' dicts and in the shared store.
func TestCopiesReportTheirLostUpdates(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		for _, store := range []string{"local", "redis"} {
			s := newSim(t, seed, Settings{Workers: 2, Class: "gthread", Threads: 4, Store: store, IO: 5 * msec})
			exec(t, s, "incr hits x200 clients 8", "wait 10s")
			snap := s.Snapshot()
			var sum int64
			for _, w := range snap.Workers {
				for _, kv := range w.Keys {
					sum += kv.Lost
				}
			}
			if store == "redis" {
				sum /= int64(len(snap.Workers)) // every card shows the one shared copy
			}
			if m := snap.Metrics; m.LostUpdates == 0 || sum != m.LostUpdates {
				t.Errorf("seed %d %s: copies report %d lost, the metrics %d (want equal, above 0)", seed, store, sum, m.LostUpdates)
			}
		}
	}
}

// Lost updates never fall: an increment counts as applied when it writes,
// not when its answer leaves, so an answer still on its way (a gthread
// request sends its response after the write) cannot make the count dip.
func TestLostUpdatesNeverFall(t *testing.T) {
	for _, st := range []Settings{
		{Workers: 1, Class: "gthread", Threads: 4, CPU: 10 * msec},
		{Workers: 4, Store: "redis"},
	} {
		s := newSim(t, 1, st)
		exec(t, s, "incr hits x200 clients 8", "wait 5s", "lock on", "incr hits x200 clients 8", "incr hits x200 clients 8 --atomic")
		prev := s.Snapshot().Metrics.LostUpdates
		if prev == 0 {
			t.Fatalf("%s: the first batch lost nothing; the test needs a copy with lost updates", st.Class)
		}
		for end := s.Now() + 6*time.Second; s.Now() < end; {
			s.Advance(200*time.Microsecond, 0)
			if cur := s.Snapshot().Metrics.LostUpdates; cur < prev {
				t.Fatalf("%s: lost updates fell from %d to %d at %v", st.Class, prev, cur, s.Now())
			} else {
				prev = cur
			}
		}
		if m := s.Snapshot(); m.Pending != 0 || m.Metrics.Increments != 600 {
			t.Fatalf("%s: %d increments, %d pending; want all 600 answered", st.Class, m.Metrics.Increments, m.Pending)
		}
	}
}
