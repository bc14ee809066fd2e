package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/experiment/chart"
	"github.com/workerlab/workerlab/sim"
)

// runFlags are the flags of `workerlab run` as typed.
type runFlags struct {
	workers, threads, connections, class string // comma-separated: swept
	store, balancer, cores, io, think    string
	cpu                                  string
	maxRequests, clients, rate, requests string
	workload                             string
	atomic, lock, keepAlive              bool
	seed                                 uint64
	repeat                               int
	script, format, out, x               string
	plot, wide                           bool
}

// Output formats of `workerlab run`.
var runFormats = []string{"table", "json", "csv", "svg"}

func newRunCmd() *cobra.Command {
	f := runFlags{}
	d := sim.DefaultSettings()
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run a simulated cluster headless and print its metrics",
		Long: "run simulates a cluster with the given settings, sends the workload's requests\n" +
			"and prints what the observer measured. Each flag is a line of the command language\n" +
			"(--workers 4 is `workers 4`), checked as the console checks it. A flag marked\n" +
			"\"sweep\" takes a comma list (whole numbers also a range, 1..16): the rows are the\n" +
			"cross product of every list. --repeat N runs each row over seeds S..S+N-1 and shows\n" +
			"the median and min–max; --plot then draws the swept axis against stale reads, lost\n" +
			"updates, throughput and p99 latency.\n\n" +
			"A run goes until every request is answered, for up to " + strconv.Itoa(int(sim.RunLimit.Hours()/24)) + " days of virtual\n" +
			"time: a workload that needs longer is refused, and a run that reaches the limit\n" +
			"stops with exit status 1.\n\n" +
			"Output: a table that fits 80 columns (--wide for every column), JSON or CSV (with\n" +
			"--repeat: a record per seed and a summary per row), or the charts as an image\n" +
			"(--format svg, --out FILE.svg|FILE.png). On a terminal stderr shows progress, and\n" +
			"Ctrl-C prints the rows finished so far. Exit status: 0 done, 1 a runtime failure\n" +
			"or interrupted, 2 a bad flag or script line.",
		Example: "  workerlab run --workers 1,2,4,8,16 --store local,redis --repeat 20 --plot\n" +
			"  workerlab run --workers 1..16 --store local,redis --repeat 20 --out sweep.svg\n" +
			"  workerlab run --workload counter --workers 4 --clients 8 --store redis --io 1ms --atomic\n" +
			"  workerlab run --workers 1,2,4,8 --store local,redis --format csv > sweep.csv",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runHeadless(cmd, f)
		},
	}
	fl := cmd.Flags()
	addClusterFlags(fl, &f, clusterDefaults{workload: "set-then-get", requests: "1000", clients: "8", workers: strconv.Itoa(d.Workers)}, true)
	fl.IntVar(&f.repeat, "repeat", 1, fmt.Sprintf("runs per row, over seeds seed..seed+N-1, 1..%d: the table shows median and min–max", maxRepeat))
	fl.StringVar(&f.format, "format", "table", "output: "+strings.Join(runFormats, ", ")+" (svg: the charts as an image)")
	fl.BoolVar(&f.wide, "wide", false, "the table shows every column, not only those that fit 80 columns")
	fl.BoolVar(&f.plot, "plot", false, "after the table, draw charts of the swept axis (terminal text)")
	fl.StringVar(&f.x, "x", "", "the swept flag along the charts' x axis (default workers, or the first swept flag)")
	fl.StringVar(&f.out, "out", "", "also write the charts to FILE.svg or FILE.png")
	return cmd
}

// runHeadless validates the flags, runs the experiment and prints it.
func runHeadless(cmd *cobra.Command, f runFlags) error {
	if !slices.Contains(runFormats, f.format) {
		return usagef("invalid --format %q; expected one of %s", f.format, strings.Join(runFormats, ", "))
	}
	if f.plot && f.format != "table" {
		return usagef("--plot draws text charts after the table; with --format %s, write the charts with --out FILE.svg instead", f.format)
	}
	imageFormat := ""
	if f.out != "" {
		imageFormat = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.out)), ".")
		if imageFormat != chart.SVG && imageFormat != chart.PNG {
			return usagef("invalid --out %q: expected a file name ending in .svg or .png", f.out)
		}
	}
	p, err := f.plan()
	if err != nil {
		return err
	}
	if f.plot || f.out != "" || f.format == "svg" {
		if _, err := chart.PickAxis(p.Axes, f.x); err != nil {
			return usagef("invalid --x: %v", err)
		}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	show := newProgressLine(cmd.ErrOrStderr(), cmd.OutOrStdout(), f.format)
	res, runErr := experiment.Run(ctx, p, func(pr experiment.Progress) {
		show.update(pr)
		if runProgressHook != nil {
			runProgressHook(pr)
		}
	})
	show.done()
	interrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted {
		return runFailure(runErr)
	}
	out := cmd.OutOrStdout()
	if err := f.write(out, res); err != nil {
		return err
	}
	if imageFormat != "" && !interrupted {
		if err := writeChartFile(f.out, imageFormat, res, f.x); err != nil {
			return err
		}
	}
	if interrupted {
		return codeError{exitFailure, fmt.Errorf("interrupted: %d of %d rows finished", len(res.Points), res.Planned)}
	}
	return nil
}

// runProgressHook, when set (by tests), sees every progress report.
var runProgressHook func(experiment.Progress)

// write prints the result in the chosen format.
func (f runFlags) write(w io.Writer, res experiment.Result) error {
	switch f.format {
	case "svg":
		if !res.Complete() {
			return nil
		}
		charts, err := chart.FromResult(res, f.x)
		if err != nil {
			return err
		}
		return chart.WriteImage(w, charts, chart.SVG)
	case "json":
		return writeJSON(w, f, res)
	case "csv":
		return writeCSV(w, f, res)
	}
	if err := writeTable(w, f, res); err != nil {
		return err
	}
	if f.plot && res.Complete() {
		return writePlots(colorprofile.NewWriter(w, os.Environ()), res, f.x)
	}
	return nil
}

// runFailure words a failed run: a script line that fails at run time (no
// such worker to kill) or a workload that cannot end is the user's to fix
// (exit 2); anything else is a runtime failure (exit 1).
func runFailure(err error) error {
	var le *sim.LineError
	if errors.As(err, &le) || errors.Is(err, sim.ErrEndlessTraffic) {
		return usageError{err}
	}
	return codeError{exitFailure, err}
}

// clusterDefaults are the defaults of the flags that differ between the
// commands that share them.
type clusterDefaults struct{ workload, requests, clients, workers string }

// addClusterFlags adds the flags that say what cluster runs and what it is
// sent: those of run, trace and explore. swept says they take comma lists
// (run's sweeps); trace and explore take one value each.
func addClusterFlags(fl *pflag.FlagSet, f *runFlags, def clusterDefaults, swept bool) {
	d := sim.DefaultSettings()
	itoa := strconv.Itoa
	sweep := ""
	if swept {
		sweep = " (sweep)"
	}
	fl.StringVar(&f.workers, "workers", def.workers, fmt.Sprintf("worker processes, 1..%d"+sweep, sim.MaxWorkers))
	fl.StringVar(&f.class, "class", d.Class, "worker class: "+strings.Join(sim.Classes(), ", ")+sweep)
	fl.StringVar(&f.threads, "threads", itoa(d.Threads), fmt.Sprintf("threads per gthread worker, 1..%d"+sweep, sim.MaxThreads))
	fl.StringVar(&f.connections, "connections", itoa(d.Connections), fmt.Sprintf("greenlets per gevent worker, 1..%d"+sweep, sim.MaxConnections))
	fl.StringVar(&f.store, "store", d.Store, "store: "+strings.Join(sim.Stores(), ", ")+sweep)
	fl.StringVar(&f.balancer, "balancer", d.Balancer, "balancer: "+strings.Join(sim.Balancers(), ", ")+sweep)
	fl.StringVar(&f.workload, "workload", def.workload, "workload: "+strings.Join(sim.Workloads(), ", ")+", or none")
	fl.StringVar(&f.requests, "requests", def.requests, fmt.Sprintf("requests the workload sends, 1..%d"+sweep, maxRunRequests))
	fl.StringVar(&f.clients, "clients", def.clients, fmt.Sprintf("concurrent clients, 1..%d"+sweep, sim.MaxClients))
	fl.StringVar(&f.rate, "rate", "0", "requests per second over all clients, "+ftoa(sim.MinRate)+".."+ftoa(sim.MaxRate)+"; 0 = as fast as answers come"+sweep)
	fl.StringVar(&f.think, "think", "0", "a client's pause between its requests, e.g. 50ms"+sweep)
	fl.StringVar(&f.io, "io", "0", "I/O wait inside the view between read and write, e.g. 5ms"+sweep)
	fl.StringVar(&f.cpu, "cpu", "0", "CPU work inside an increment between read and write, e.g. 10ms; gthread preempts it after 5ms"+sweep)
	fl.BoolVar(&f.atomic, "atomic", false, "increments use INCR (atomic) instead of GET then SET")
	fl.BoolVar(&f.lock, "lock", false, "a lock around read-modify-write inside each worker")
	fl.StringVar(&f.maxRequests, "max-requests", "0", fmt.Sprintf("recycle a worker after this many requests, 0..%d; 0 = never"+sweep, sim.MaxMaxRequests))
	fl.StringVar(&f.cores, "cores", itoa(d.Cores), fmt.Sprintf("cores of the simulated machine, 1..%d"+sweep, sim.MaxCores))
	fl.BoolVar(&f.keepAlive, "keep-alive", false, "keep connections open under gthread and gevent (pins a client to a worker)")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same run")
	fl.StringVar(&f.script, "script", "", "a file of command-language lines run on every cluster before its workload starts")
}
