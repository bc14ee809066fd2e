package sim

import "testing"

// benchWorkload runs b.N requests of a workload on st and reports simulated
// requests per wall second.
func benchWorkload(b *testing.B, st Settings, workload string, setup ...string) {
	s, err := New(Config{Seed: 1, Settings: st})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.RunUntilIdle(RunLimit)
	for _, l := range setup {
		if _, err := s.Exec(l); err != nil {
			b.Fatal(err)
		}
	}
	t := Traffic{Workload: workload, Clients: 16, Limit: int64(b.N)}
	if workload == "carts" {
		t.Keys = b.N/25 + 4 // carts of about 25 items, however long the run
	}
	s.startTraffic(t)
	b.ReportAllocs()
	b.ResetTimer()
	s.RunUntilIdle(RunLimit)
	b.StopTimer()
	if got := s.obs.requests; got != int64(b.N) {
		b.Fatalf("completed %d of %d requests", got, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// RPUSH into real Redis lists from 16 clients (carts of about 25 items).
func BenchmarkCartsRPUSH(b *testing.B) {
	benchWorkload(b, Settings{Workers: 8, Store: "redis", AppendBy: "rpush"}, "carts")
}

// A list read, appended and set back (the racy version): each request reads
// and writes the whole cart.
func BenchmarkCartsSetBack(b *testing.B) {
	benchWorkload(b, Settings{Workers: 8, Store: "redis", AppendBy: "set"}, "carts")
}

// group_send through real PUBLISH on the embedded Redis to 8 subscribed
// workers holding 64 websocket clients.
func BenchmarkBroadcastRedis(b *testing.B) {
	benchWorkload(b, Settings{Workers: 8, Layer: "redis"}, "broadcast", "subscribe 64", "wait 100ms")
}

// Sign-ups through the Redis broker, with its job worker taking each job.
func BenchmarkJobsBroker(b *testing.B) {
	benchWorkload(b, Settings{Workers: 8, Queue: "redis", JobTime: 1000}, "jobs")
}

// Four schedulers ticking every 10 ms beside set-then-get traffic.
func BenchmarkSetThenGetWithSchedulers(b *testing.B) {
	benchWorkload(b, Settings{Workers: 4}, "set-then-get", "schedule 10ms")
}

// Requests behind nginx: 4 servers of 2 workers, least_conn.
func BenchmarkSetThenGetBehindNginx(b *testing.B) {
	benchWorkload(b, Settings{Workers: 2, Servers: 4, Balancer: "least-conn", Store: "redis"}, "set-then-get")
}
