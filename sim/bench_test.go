package sim

import (
	"runtime"
	"testing"
)

// benchRequests runs b.N requests of set-then-get on 8 sync workers and
// reports simulated requests per wall second.
func benchRequests(b *testing.B, store string) {
	s, err := New(Config{Seed: 1, Settings: Settings{Workers: 8, Store: store}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.startTraffic(Traffic{Workload: "set-then-get", Clients: 16, Limit: int64(b.N)})
	b.ReportAllocs()
	b.ResetTimer()
	s.RunUntilIdle(RunLimit)
	b.StopTimer()
	if got := s.obs.requests; got != int64(b.N) {
		b.Fatalf("completed %d of %d requests", got, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkSetThenGetLocal(b *testing.B) { benchRequests(b, "local") }

func BenchmarkSetThenGetRedis(b *testing.B) { benchRequests(b, "redis") }

// BenchmarkHeapFlat10M runs 10 million requests and reports how much the heap
// in use grew between the first million and the end; it fails past 16 MB.
func BenchmarkHeapFlat10M(b *testing.B) {
	for i := 0; i < b.N; i++ {
		growth := heapGrowth(b, 1_000_000, 10_000_000)
		b.ReportMetric(float64(growth)/(1<<20), "heap-growth-MB")
		if growth > 16<<20 {
			b.Fatalf("heap in use grew %d MB over 10M requests, want < 16 MB", growth>>20)
		}
	}
}

// heapGrowth runs total requests and returns the growth of heap in use from
// after warm requests to the end.
func heapGrowth(tb testing.TB, warm, total int64) int64 {
	s, err := New(Config{Seed: 1, Settings: Settings{Workers: 8, MaxRequests: 1000}})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	s.startTraffic(Traffic{Workload: "set-then-get", Clients: 16, Keys: 1000, Limit: total})
	for s.obs.requests < warm && s.Step() {
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := int64(m.HeapInuse)
	s.RunUntilIdle(RunLimit)
	if s.obs.requests != total {
		tb.Fatalf("completed %d of %d requests", s.obs.requests, total)
	}
	_ = s.Snapshot()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse) - before
}
