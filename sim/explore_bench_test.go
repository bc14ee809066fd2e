package sim

import (
	"context"
	"testing"
)

// BenchmarkExplore2Clients2Steps measures the explorer on the lab's
// smallest race: 2 clients × 1 increment (2 steps each, read and write) on
// one gthread worker with 2 threads. An op is one schedule: restore the
// root, run it with the explorer's chooser, check the property.
func BenchmarkExplore2Clients2Steps(b *testing.B) {
	s, err := ExploreStart(Config{Seed: 1, Settings: Settings{Workers: 1, Class: "gthread", Threads: 2}}, "",
		Traffic{Workload: "counter", Clients: 2, Limit: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	res, err := s.explore(ctx, ExploreOptions{})
	if err != nil || res.Violation == nil {
		b.Fatalf("explore: %v, violation %v", err, res.Violation)
	}
	root := s.checkpoint(nil)
	prefixes := [][]int{nil, {0, 1}, {1}}
	lost := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := s.restore(root); err != nil {
			b.Fatal(err)
		}
		s.chooser = &explorer{prefix: prefixes[i%len(prefixes)], depth: DefaultExploreDepth}
		if err := s.runToEnd(ctx, nil); err != nil {
			b.Fatal(err)
		}
		if s.propertyValue("lost_updates") > 0 {
			lost++
		}
	}
	b.StopTimer()
	if lost == 0 {
		b.Fatal("no schedule lost an update")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
}

// BenchmarkExploreWhole runs a whole exploration of the same race (its root
// checkpoint, every schedule, the replay of the violating one with steps).
func BenchmarkExploreWhole(b *testing.B) {
	cfg := Config{Seed: 1, Settings: Settings{Workers: 1, Class: "gthread", Threads: 2}}
	tr := Traffic{Workload: "counter", Clients: 2, Limit: 2}
	s, err := ExploreStart(cfg, "", tr)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	root := s.checkpoint(nil)
	schedules := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := s.restore(root); err != nil {
			b.Fatal(err)
		}
		res, err := s.explore(context.Background(), ExploreOptions{})
		if err != nil || res.Violation == nil {
			b.Fatal(err)
		}
		schedules += res.Schedules
	}
	b.ReportMetric(float64(schedules)/b.Elapsed().Seconds(), "schedules/s")
}
