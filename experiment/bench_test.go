package experiment

import (
	"context"
	"strconv"
	"testing"

	"github.com/workerlab/workerlab/sim"
)

// issuePlan is the sweep the lab promises to finish in under 5 s on 2 cores:
// 16 worker counts × 2 stores × 20 seeds × 10,000 requests (640 runs, 6.4M
// requests).
func issuePlan() Plan {
	workers := make([]string, 16)
	for i := range workers {
		workers[i] = strconv.Itoa(i + 1)
	}
	return Plan{Base: sim.DefaultSettings(), Traffic: sim.Traffic{Workload: "set-then-get", Limit: 10_000},
		Axes: []Axis{{"workers", workers}, {"store", []string{"local", "redis"}}}, Seed: 1, Repeat: 20}
}

// BenchmarkSweep16x2x20x10k times the whole sweep on GOMAXPROCS cores; run
// it with -cpu 1,2 to see it scale. It reports simulated requests per wall
// second.
func BenchmarkSweep16x2x20x10k(b *testing.B) {
	p := issuePlan()
	b.ReportAllocs()
	var requests int64
	for b.Loop() {
		res, err := Run(context.Background(), p, nil)
		if err != nil || !res.Complete() {
			b.Fatal(err)
		}
		for _, pt := range res.Points {
			for _, tr := range pt.Trials {
				requests += tr.Metrics.Requests
			}
		}
	}
	b.ReportMetric(float64(requests)/b.Elapsed().Seconds(), "req/s")
}
