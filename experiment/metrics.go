package experiment

import (
	"math"

	"github.com/workerlab/workerlab/sim"
)

// Metric is one number a run measures, by the name reports use for it.
// Values are rounded to what the model can tell apart (a microsecond of
// latency, a tenth of a request per second), so a summary is computed from
// exactly the numbers a per-seed report shows.
type Metric struct {
	Name string                      // the JSON and CSV name, e.g. "stale_share"
	Of   func(m sim.Metrics) float64 // its value in one run
}

// roundTo rounds v to places decimal places.
func roundTo(v float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(v*p) / p
}

// staleShare is the share of reads that were stale (0 when there were none).
func staleShare(m sim.Metrics) float64 {
	if m.Reads == 0 {
		return 0
	}
	return roundTo(float64(m.StaleReads)/float64(m.Reads), 6)
}

// The metrics a summary covers, in report order.
var (
	Requests       = Metric{"requests", func(m sim.Metrics) float64 { return float64(m.Requests) }}
	Reads          = Metric{"reads", func(m sim.Metrics) float64 { return float64(m.Reads) }}
	StaleReads     = Metric{"stale_reads", func(m sim.Metrics) float64 { return float64(m.StaleReads) }}
	StaleShare     = Metric{"stale_share", staleShare}
	LostUpdates    = Metric{"lost_updates", func(m sim.Metrics) float64 { return float64(m.LostUpdates) }}
	LostToRestarts = Metric{"lost_to_restarts", func(m sim.Metrics) float64 { return float64(m.LostToRestarts) }}
	Errors         = Metric{"errors", func(m sim.Metrics) float64 { return float64(m.Errors) }}
	Throughput     = Metric{"throughput_rps", func(m sim.Metrics) float64 { return roundTo(m.ThroughputRPS, 1) }}
	P50            = Metric{"p50_ms", func(m sim.Metrics) float64 { return roundTo(m.P50.Seconds()*1000, 3) }}
	P95            = Metric{"p95_ms", func(m sim.Metrics) float64 { return roundTo(m.P95.Seconds()*1000, 3) }}
	P99            = Metric{"p99_ms", func(m sim.Metrics) float64 { return roundTo(m.P99.Seconds()*1000, 3) }}
	HitRate        = Metric{"hit_rate", func(m sim.Metrics) float64 { return roundTo(m.HitRate, 4) }}
	VirtualSeconds = Metric{"virtual_seconds", func(m sim.Metrics) float64 { return roundTo(m.VirtualSeconds, 6) }}
)

// Metrics lists every metric a summary covers, in report order.
func Metrics() []Metric {
	return []Metric{Requests, Reads, StaleReads, StaleShare, LostUpdates, LostToRestarts, Errors,
		Throughput, P50, P95, P99, HitRate, VirtualSeconds}
}
