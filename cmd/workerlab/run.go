package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/sim"
)

// runFlags are the flags of `workerlab run` as typed.
type runFlags struct {
	workers, class, store, balancer string // comma-separated: swept
	threads, connections, cores     int
	workload                        string
	requests, clients, maxRequests  int
	rate                            float64
	think, io                       string
	atomic, lock, keepAlive         bool
	seed                            uint64
	script, format                  string
}

func newRunCmd() *cobra.Command {
	f := runFlags{}
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run a simulated cluster headless and print its metrics",
		Long: "run simulates a cluster with the given settings, sends the workload's requests and\n" +
			"prints what the observer measured. Comma-separated values of --workers, --store,\n" +
			"--class and --balancer sweep their cross product, one row each.",
		Example: "  workerlab run --workers 1,2,4,8 --store local,redis --format csv\n" +
			"  workerlab run --workload counter --workers 4 --clients 8 --store redis --io 1ms --atomic",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runHeadless(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.workers, "workers", "4", "worker processes, 1..64 (comma-separated to sweep)")
	fl.StringVar(&f.class, "class", "sync", "worker class: sync, gthread, gevent (comma-separated to sweep)")
	fl.IntVar(&f.threads, "threads", 4, "threads per gthread worker")
	fl.IntVar(&f.connections, "connections", 1000, "greenlets per gevent worker")
	fl.StringVar(&f.store, "store", "local", "store: local, locmem, redis (comma-separated to sweep)")
	fl.StringVar(&f.balancer, "balancer", "accept", "balancer: accept, round-robin, least-conn, ip-hash (comma-separated to sweep)")
	fl.StringVar(&f.workload, "workload", "set-then-get", "workload: set-then-get, counter, cache-aside, slow, sessions, or none")
	fl.IntVar(&f.requests, "requests", 1000, "requests the workload sends")
	fl.IntVar(&f.clients, "clients", 8, "concurrent clients")
	fl.Float64Var(&f.rate, "rate", 0, "requests per second over all clients (0 = as fast as answers come)")
	fl.StringVar(&f.think, "think", "0", "a client's pause between its requests, e.g. 50ms")
	fl.StringVar(&f.io, "io", "0", "I/O wait inside the view between read and write, e.g. 5ms")
	fl.BoolVar(&f.atomic, "atomic", false, "increments use INCR (atomic) instead of GET then SET")
	fl.BoolVar(&f.lock, "lock", false, "a lock around read-modify-write inside each worker")
	fl.IntVar(&f.maxRequests, "max-requests", 0, "recycle a worker after this many requests (0 = never)")
	fl.IntVar(&f.cores, "cores", 2, "CPU cores of the simulated machine")
	fl.BoolVar(&f.keepAlive, "keep-alive", false, "gthread/gevent keep connections open (pins a client to a worker)")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same run")
	fl.StringVar(&f.script, "script", "", "a file of command-language lines run after the flags are applied")
	fl.StringVar(&f.format, "format", "table", "output: table, json or csv")
	return cmd
}

// runHeadless validates the flags, runs every configuration of the sweep and
// prints the report.
func runHeadless(cmd *cobra.Command, f runFlags) error {
	configs, script, err := f.configs()
	if err != nil {
		return err
	}
	rows := make([]runRow, 0, len(configs))
	for _, c := range configs {
		snap, err := sim.Run(sim.Config{Seed: f.seed, Settings: c.settings}, script, c.traffic)
		if err != nil {
			return fmt.Errorf("running %s: %w", c.label(), err)
		}
		rows = append(rows, newRunRow(c, f, snap))
	}
	return writeReport(cmd.OutOrStdout(), f.format, rows)
}

// runConfig is one point of the sweep.
type runConfig struct {
	settings sim.Settings
	traffic  sim.Traffic
}

func (c runConfig) label() string {
	s := c.settings
	return fmt.Sprintf("workers %d, class %s, store %s, balancer %s", s.Workers, s.Class, s.Store, s.Balancer)
}

// configs expands the sweep after checking every flag value.
func (f runFlags) configs() ([]runConfig, string, error) {
	workers, err := sweepInts("workers", f.workers, 1, sim.MaxWorkers)
	if err != nil {
		return nil, "", err
	}
	classes, err := sweepWords("class", f.class, []string{"sync", "gthread", "gevent"})
	if err != nil {
		return nil, "", err
	}
	stores, err := sweepWords("store", f.store, []string{"local", "locmem", "redis"})
	if err != nil {
		return nil, "", err
	}
	balancers, err := sweepWords("balancer", f.balancer, []string{"accept", "round-robin", "least-conn", "ip-hash"})
	if err != nil {
		return nil, "", err
	}
	workloads := []string{"set-then-get", "counter", "cache-aside", "slow", "sessions", "none"}
	if !slices.Contains(workloads, f.workload) {
		return nil, "", usagef("invalid --workload %q; expected one of %s", f.workload, strings.Join(workloads, ", "))
	}
	if err := checkRange("threads", f.threads, 1, sim.MaxThreads); err != nil {
		return nil, "", err
	}
	if err := checkRange("connections", f.connections, 1, 100000); err != nil {
		return nil, "", err
	}
	if err := checkRange("cores", f.cores, 1, sim.MaxCores); err != nil {
		return nil, "", err
	}
	if err := checkRange("requests", f.requests, 1, 100_000_000); err != nil {
		return nil, "", err
	}
	if err := checkRange("clients", f.clients, 1, sim.MaxClients); err != nil {
		return nil, "", err
	}
	if err := checkRange("max-requests", f.maxRequests, 0, 1_000_000); err != nil {
		return nil, "", err
	}
	if f.rate < 0 || f.rate > 1e7 || f.rate != f.rate {
		return nil, "", usagef("invalid --rate %v; expected requests per second, 0..10000000 (0 = as fast as answers come)", f.rate)
	}
	think, err := flagDuration("think", f.think)
	if err != nil {
		return nil, "", err
	}
	io, err := flagDuration("io", f.io)
	if err != nil {
		return nil, "", err
	}
	if !slices.Contains([]string{"table", "json", "csv"}, f.format) {
		return nil, "", usagef("invalid --format %q; expected table, json or csv", f.format)
	}
	script := ""
	if f.script != "" {
		b, err := os.ReadFile(f.script)
		if err != nil {
			return nil, "", usagef("reading --script: %w", err)
		}
		script = string(b)
		if _, err := sim.ParseScript(script); err != nil {
			return nil, "", usagef("script %s: %w", f.script, err)
		}
	}
	traffic := sim.Traffic{Clients: f.clients, Rate: f.rate, Limit: int64(f.requests)}
	if f.workload != "none" {
		traffic.Workload = f.workload
	}
	var out []runConfig
	for _, w := range workers {
		for _, cl := range classes {
			for _, st := range stores {
				for _, b := range balancers {
					s := sim.DefaultSettings()
					s.Workers, s.Class, s.Store, s.Balancer = w, cl, st, b
					s.Threads, s.Connections, s.Cores = f.threads, f.connections, f.cores
					s.Atomic, s.Lock, s.KeepAlive = f.atomic, f.lock, f.keepAlive
					s.MaxRequests, s.Think, s.IO = f.maxRequests, think, io
					out = append(out, runConfig{settings: s, traffic: traffic})
				}
			}
		}
	}
	return out, script, nil
}

func sweepInts(flag, v string, lo, hi int) ([]int, error) {
	var out []int
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, usagef("invalid --%s %q: %q is not a number; expected whole numbers %d..%d, comma-separated", flag, v, p, lo, hi)
		}
		if n < lo || n > hi {
			return nil, usagef("invalid --%s %q: %d is out of range; expected %d..%d", flag, v, n, lo, hi)
		}
		out = append(out, n)
	}
	return out, nil
}

func sweepWords(flag, v string, allowed []string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(v, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if !slices.Contains(allowed, p) {
			return nil, usagef("invalid --%s %q: unknown %s %q; expected one of %s (comma-separated to sweep)", flag, v, flag, p, strings.Join(allowed, ", "))
		}
		out = append(out, p)
	}
	return out, nil
}

func checkRange(flag string, n, lo, hi int) error {
	if n < lo || n > hi {
		return usagef("invalid --%s %d; expected %d..%d", flag, n, lo, hi)
	}
	return nil
}

func flagDuration(flag, v string) (time.Duration, error) {
	d, err := sim.ParseDuration(v)
	if err != nil {
		return 0, usagef("invalid --%s: %w", flag, err)
	}
	return d, nil
}
