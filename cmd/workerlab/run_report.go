package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/sim"
)

// runRow is one run (one seed of one row) and what it measured, in the JSON
// shape of `workerlab run --format json`.
type runRow struct {
	Config  runRowConfig  `json:"config"`
	Metrics runRowMetrics `json:"metrics"`
}

// runRowConfig is the settings of a run's final snapshot (a --script may
// have changed the flags' values) and its workload.
type runRowConfig struct {
	Workers     int     `json:"workers"`
	Class       string  `json:"class"`
	Threads     int     `json:"threads"`
	Connections int     `json:"connections"`
	Store       string  `json:"store"`
	Balancer    string  `json:"balancer"`
	Workload    string  `json:"workload"`
	Requests    int64   `json:"requests"`
	Clients     int     `json:"clients"`
	Rate        float64 `json:"rate"`
	Think       string  `json:"think"`
	IO          string  `json:"io"`
	Atomic      bool    `json:"atomic"`
	Lock        bool    `json:"lock"`
	MaxRequests int     `json:"max_requests"`
	Cores       int     `json:"cores"`
	KeepAlive   bool    `json:"keep_alive"`
	Seed        uint64  `json:"seed"`
	Script      string  `json:"script"`
}

type latencyMS struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

type runRowMetrics struct {
	Requests        int64     `json:"requests"`
	Reads           int64     `json:"reads"`
	StaleReads      int64     `json:"stale_reads"`
	StaleShare      float64   `json:"stale_share"`
	LostUpdates     int64     `json:"lost_updates"`
	LostToRestarts  int64     `json:"lost_to_restarts"`
	Errors          int64     `json:"errors"`
	ThroughputRPS   float64   `json:"throughput_rps"`
	LatencyMS       latencyMS `json:"latency_ms"`
	HitRate         float64   `json:"hit_rate"`
	ServedPerWorker []int64   `json:"served_per_worker"`
	VirtualSeconds  float64   `json:"virtual_seconds"`
}

// summaryRow is one row over its seeds: for every metric, the median, the
// minimum and the maximum of the per-seed values.
type summaryRow struct {
	Config  runRowConfig            `json:"config"` // seed: the first seed
	Seeds   []uint64                `json:"seeds"`
	Metrics map[string]summaryStats `json:"metrics"`
}

type summaryStats struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// repeatReport is the JSON of `run --repeat N` for N > 1.
type repeatReport struct {
	Runs    []runRow     `json:"runs"`
	Summary []summaryRow `json:"summary"`
}

// workloadOf is the traffic a row reports: what the run's final snapshot
// ran (the flags', or the script's when --workload is none).
func workloadOf(pt experiment.Point, tr experiment.Trial) sim.Traffic {
	if tr.Settings.Traffic.Workload != "" {
		return tr.Settings.Traffic
	}
	return pt.Traffic
}

func newRowConfig(f runFlags, s sim.Settings, t sim.Traffic, seed uint64) runRowConfig {
	workload := t.Workload
	if workload == "" {
		workload = "none"
	}
	return runRowConfig{
		Workers: s.Workers, Class: s.Class, Threads: s.Threads, Connections: s.Connections,
		Store: s.Store, Balancer: s.Balancer, Workload: workload, Requests: t.Limit,
		Clients: t.Clients, Rate: t.Rate, Think: s.Think.String(), IO: s.IO.String(),
		Atomic: s.Atomic, Lock: s.Lock, MaxRequests: s.MaxRequests, Cores: s.Cores,
		KeepAlive: s.KeepAlive, Seed: seed, Script: f.script,
	}
}

func newRunRow(f runFlags, pt experiment.Point, tr experiment.Trial) runRow {
	m := tr.Metrics
	of := func(x experiment.Metric) float64 { return x.Of(m) }
	return runRow{
		Config: newRowConfig(f, tr.Settings, workloadOf(pt, tr), tr.Seed),
		Metrics: runRowMetrics{
			Requests: m.Requests, Reads: m.Reads, StaleReads: m.StaleReads, StaleShare: of(experiment.StaleShare),
			LostUpdates: m.LostUpdates, LostToRestarts: m.LostToRestarts, Errors: m.Errors,
			ThroughputRPS: of(experiment.Throughput),
			LatencyMS:     latencyMS{P50: of(experiment.P50), P95: of(experiment.P95), P99: of(experiment.P99)},
			HitRate:       of(experiment.HitRate), ServedPerWorker: m.ServedPerWorker,
			VirtualSeconds: of(experiment.VirtualSeconds),
		},
	}
}

func newSummaryRow(f runFlags, pt experiment.Point) summaryRow {
	tr := pt.Trials[0]
	s := summaryRow{Config: newRowConfig(f, tr.Settings, workloadOf(pt, tr), tr.Seed), Metrics: map[string]summaryStats{}}
	for _, t := range pt.Trials {
		s.Seeds = append(s.Seeds, t.Seed)
	}
	for _, m := range experiment.Metrics() {
		st := pt.Stat(m)
		s.Metrics[m.Name] = summaryStats{Median: st.Median, Min: st.Min, Max: st.Max}
	}
	return s
}

// writeJSON prints one record per run; with --repeat N > 1, an object with
// those records ("runs") and one summary per row ("summary").
func writeJSON(w io.Writer, f runFlags, res experiment.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	rows := []runRow{}
	for _, pt := range res.Points {
		for _, tr := range pt.Trials {
			rows = append(rows, newRunRow(f, pt, tr))
		}
	}
	if f.repeat <= 1 {
		return enc.Encode(rows)
	}
	rep := repeatReport{Runs: rows, Summary: []summaryRow{}}
	for _, pt := range res.Points {
		rep.Summary = append(rep.Summary, newSummaryRow(f, pt))
	}
	return enc.Encode(rep)
}

var csvConfigHeader = []string{
	"workers", "class", "threads", "connections", "store", "balancer", "workload", "requests", "clients",
	"rate", "think", "io", "atomic", "lock", "max_requests", "cores", "keep_alive", "seed",
}

var csvMetricHeader = []string{
	"completed", "reads", "stale_reads", "lost_updates", "lost_to_restarts", "errors", "throughput_rps",
	"p50_ms", "p95_ms", "p99_ms", "hit_rate", "served_per_worker", "virtual_seconds", "stale_share",
}

// csvMetricNames are the experiment metrics behind csvMetricHeader's columns
// ("" for served_per_worker, which has no summary).
var csvMetricNames = []string{
	"requests", "reads", "stale_reads", "lost_updates", "lost_to_restarts", "errors", "throughput_rps",
	"p50_ms", "p95_ms", "p99_ms", "hit_rate", "", "virtual_seconds", "stale_share",
}

// writeCSV prints one record per run; with --repeat N > 1 a first column
// "record" says run, or median, min or max for a row's summary records,
// which follow its runs.
func writeCSV(w io.Writer, f runFlags, res experiment.Result) error {
	cw := csv.NewWriter(w)
	summarise := f.repeat > 1
	header := append(append([]string{}, csvConfigHeader...), csvMetricHeader...)
	if summarise {
		header = append([]string{"record"}, header...)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	byName := map[string]experiment.Metric{}
	for _, m := range experiment.Metrics() {
		byName[m.Name] = m
	}
	for _, pt := range res.Points {
		for _, tr := range pt.Trials {
			r := newRunRow(f, pt, tr)
			rec := append(configRecord(r.Config, strconv.FormatUint(tr.Seed, 10)), metricRecord(r.Metrics)...)
			if summarise {
				rec = append([]string{"run"}, rec...)
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("writing csv: %w", err)
			}
		}
		if !summarise {
			continue
		}
		first, last := pt.Trials[0].Seed, pt.Trials[len(pt.Trials)-1].Seed
		cfg := newSummaryRow(f, pt).Config
		for _, kind := range []string{"median", "min", "max"} {
			rec := append([]string{kind}, configRecord(cfg, fmt.Sprintf("%d..%d", first, last))...)
			for _, name := range csvMetricNames {
				if name == "" {
					rec = append(rec, "")
					continue
				}
				st := pt.Stat(byName[name])
				v := map[string]float64{"median": st.Median, "min": st.Min, "max": st.Max}[kind]
				rec = append(rec, ftoa(v))
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("writing csv: %w", err)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func configRecord(c runRowConfig, seed string) []string {
	return []string{
		itoa(c.Workers), c.Class, itoa(c.Threads), itoa(c.Connections), c.Store, c.Balancer, c.Workload,
		i64(c.Requests), itoa(c.Clients), ftoa(c.Rate), c.Think, c.IO, strconv.FormatBool(c.Atomic),
		strconv.FormatBool(c.Lock), itoa(c.MaxRequests), itoa(c.Cores), strconv.FormatBool(c.KeepAlive), seed,
	}
}

func metricRecord(m runRowMetrics) []string {
	return []string{
		i64(m.Requests), i64(m.Reads), i64(m.StaleReads), i64(m.LostUpdates), i64(m.LostToRestarts), i64(m.Errors),
		ftoa(m.ThroughputRPS), ftoa(m.LatencyMS.P50), ftoa(m.LatencyMS.P95), ftoa(m.LatencyMS.P99),
		ftoa(m.HitRate), joinInts(m.ServedPerWorker, ";"), ftoa(m.VirtualSeconds), ftoa(m.StaleShare),
	}
}

func itoa(n int) string     { return strconv.Itoa(n) }
func i64(n int64) string    { return strconv.FormatInt(n, 10) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func joinInts(ns []int64, sep string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = i64(n)
	}
	return strings.Join(parts, sep)
}
