package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/workerlab/workerlab/sim"
)

// runRow is one configuration and what it measured, in the JSON shape of
// `workerlab run --format json`.
type runRow struct {
	Config  runRowConfig  `json:"config"`
	Metrics runRowMetrics `json:"metrics"`
}

type runRowConfig struct {
	Workers     int     `json:"workers"`
	Class       string  `json:"class"`
	Threads     int     `json:"threads"`
	Connections int     `json:"connections"`
	Store       string  `json:"store"`
	Balancer    string  `json:"balancer"`
	Workload    string  `json:"workload"`
	Requests    int     `json:"requests"`
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
	LostUpdates     int64     `json:"lost_updates"`
	LostToRestarts  int64     `json:"lost_to_restarts"`
	Errors          int64     `json:"errors"`
	ThroughputRPS   float64   `json:"throughput_rps"`
	LatencyMS       latencyMS `json:"latency_ms"`
	HitRate         float64   `json:"hit_rate"`
	ServedPerWorker []int64   `json:"served_per_worker"`
	VirtualSeconds  float64   `json:"virtual_seconds"`
}

func round(f float64, places int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', places, 64), 64)
	return v
}

func newRunRow(c runConfig, f runFlags, snap sim.Snapshot) runRow {
	s, m := c.settings, snap.Metrics
	workload := c.traffic.Workload
	if workload == "" {
		workload = "none"
	}
	return runRow{
		Config: runRowConfig{
			Workers: s.Workers, Class: s.Class, Threads: s.Threads, Connections: s.Connections,
			Store: s.Store, Balancer: s.Balancer, Workload: workload, Requests: int(c.traffic.Limit),
			Clients: c.traffic.Clients, Rate: c.traffic.Rate, Think: s.Think.String(), IO: s.IO.String(),
			Atomic: s.Atomic, Lock: s.Lock, MaxRequests: s.MaxRequests, Cores: s.Cores,
			KeepAlive: s.KeepAlive, Seed: f.seed, Script: f.script,
		},
		Metrics: runRowMetrics{
			Requests: m.Requests, Reads: m.Reads, StaleReads: m.StaleReads, LostUpdates: m.LostUpdates,
			LostToRestarts: m.LostToRestarts, Errors: m.Errors, ThroughputRPS: round(m.ThroughputRPS, 1),
			LatencyMS: latencyMS{
				P50: round(m.P50.Seconds()*1000, 3), P95: round(m.P95.Seconds()*1000, 3), P99: round(m.P99.Seconds()*1000, 3),
			},
			HitRate: round(m.HitRate, 4), ServedPerWorker: m.ServedPerWorker, VirtualSeconds: round(m.VirtualSeconds, 6),
		},
	}
}

// writeReport prints the rows as a table, JSON or CSV.
func writeReport(w io.Writer, format string, rows []runRow) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "csv":
		return writeCSV(w, rows)
	}
	return writeTable(w, rows)
}

var csvHeader = []string{
	"workers", "class", "threads", "connections", "store", "balancer", "workload", "requests", "clients",
	"rate", "think", "io", "atomic", "lock", "max_requests", "cores", "keep_alive", "seed",
	"completed", "reads", "stale_reads", "lost_updates", "lost_to_restarts", "errors", "throughput_rps",
	"p50_ms", "p95_ms", "p99_ms", "hit_rate", "served_per_worker", "virtual_seconds",
}

func writeCSV(w io.Writer, rows []runRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	for _, r := range rows {
		c, m := r.Config, r.Metrics
		rec := []string{
			itoa(c.Workers), c.Class, itoa(c.Threads), itoa(c.Connections), c.Store, c.Balancer, c.Workload,
			itoa(c.Requests), itoa(c.Clients), ftoa(c.Rate), c.Think, c.IO, strconv.FormatBool(c.Atomic),
			strconv.FormatBool(c.Lock), itoa(c.MaxRequests), itoa(c.Cores), strconv.FormatBool(c.KeepAlive),
			strconv.FormatUint(c.Seed, 10),
			i64(m.Requests), i64(m.Reads), i64(m.StaleReads), i64(m.LostUpdates), i64(m.LostToRestarts), i64(m.Errors),
			ftoa(m.ThroughputRPS), ftoa(m.LatencyMS.P50), ftoa(m.LatencyMS.P95), ftoa(m.LatencyMS.P99),
			ftoa(m.HitRate), joinInts(m.ServedPerWorker, ";"), ftoa(m.VirtualSeconds),
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("writing csv: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeTable(w io.Writer, rows []runRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workers\tclass\tstore\tbalancer\trequests\treads\tstale\tstale %\tlost upd\tlost rst\terrors\treq/s\tp50 ms\tp99 ms\tserved per worker\t")
	for _, r := range rows {
		c, m := r.Config, r.Metrics
		share := "-"
		if m.Reads > 0 {
			share = strconv.FormatFloat(100*float64(m.StaleReads)/float64(m.Reads), 'f', 1, 64)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t%.0f\t%.3f\t%.3f\t%s\t\n",
			c.Workers, c.Class, c.Store, c.Balancer, m.Requests, m.Reads, m.StaleReads, share,
			m.LostUpdates, m.LostToRestarts, m.Errors, m.ThroughputRPS, m.LatencyMS.P50, m.LatencyMS.P99,
			joinInts(m.ServedPerWorker, " "))
	}
	return tw.Flush()
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
