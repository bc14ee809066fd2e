package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/ui"
)

// traceFlags are the flags of `workerlab trace`.
type traceFlags struct {
	runFlags
	last  int
	width int
}

// Bounds of trace's own flags.
const (
	maxTraceLast  = 50
	minTraceWidth = 60
	maxTraceWidth = 400
)

func newTraceCmd() *cobra.Command {
	f := traceFlags{}
	cmd := &cobra.Command{
		Use:   "trace",
		Short: "Draw the last requests of a run as a sequence diagram",
		Long: "trace runs a simulated cluster as run does (the same flags, one value each), with\n" +
			"each request's steps recorded, and draws the last requests as a sequence diagram:\n" +
			"a column for each client, each worker's thread or greenlet that ran one, and the\n" +
			"dicts or Redis; a row for every step in time order (the request, each read, write\n" +
			"and Redis round trip, the waits, the answer). A lost update names the pair behind\n" +
			"it. It draws as many of the last --last requests as fit --width columns.\n\n" +
			"Exit status: 0 done, 1 a runtime failure, 2 a bad flag or script line.",
		Example: "  workerlab trace --workload counter --class gthread --threads 2 --workers 1 --io 5ms --clients 2 --requests 2\n" +
			"  workerlab trace --workload counter --store redis --workers 2 --last 3 --width 160",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrace(cmd, f)
		},
	}
	fl := cmd.Flags()
	addClusterFlags(fl, &f.runFlags, clusterDefaults{workload: "counter", requests: "20", clients: "2",
		workers: strconv.Itoa(sim.DefaultSettings().Workers)}, false)
	fl.IntVar(&f.last, "last", 4, fmt.Sprintf("requests to draw, 1..%d (fewer when they would not fit)", maxTraceLast))
	fl.IntVar(&f.width, "width", 0, fmt.Sprintf("columns to fit, %d..%d (default: the terminal's width, else 80)", minTraceWidth, maxTraceWidth))
	addASCIIFlag(cmd)
	return cmd
}

// runTrace runs the point with steps on and prints its diagram.
func runTrace(cmd *cobra.Command, f traceFlags) error {
	if f.last < 1 || f.last > maxTraceLast {
		return usagef("invalid --last %d; expected 1..%d requests", f.last, maxTraceLast)
	}
	width, err := diagramWidth(cmd.OutOrStdout(), f.width)
	if err != nil {
		return err
	}
	pt, err := f.point("trace")
	if err != nil {
		return err
	}
	s, err := sim.New(sim.Config{Seed: pt.seed, Settings: pt.settings})
	if err != nil {
		return usageError{err}
	}
	defer s.Close()
	s.RunUntilIdle(sim.RunLimit)
	lines := []string{"steps on"}
	if pt.traffic.Workload != "" {
		lines = append(lines, sim.TrafficLine(pt.traffic))
	}
	if _, err := s.Exec(lines[0]); err != nil {
		return codeError{exitFailure, err}
	}
	if err := s.RunScript(pt.script); err != nil {
		return usageError{fmt.Errorf("script: %w", err)}
	}
	for _, l := range lines[1:] {
		if _, err := s.Exec(l); err != nil {
			return usageError{err}
		}
	}
	s.RunUntilIdle(sim.RunLimit)
	snap := s.Snapshot()
	out := cmd.OutOrStdout()
	w := wrapWriter{out, width, wantASCII(cmd, os.Getenv)}
	fmt.Fprintf(w, "trace: %s (seed %d)\n", pt.describe(), pt.seed)
	fmt.Fprintf(w, "lost updates %d, stale reads %d of %d requests; the last requests' steps:\n\n",
		snap.Metrics.LostUpdates, snap.Metrics.StaleReads, snap.Metrics.Requests)
	return printDiagram(cmd, out, s.EventsSince(0, nil), snap.Settings, width, f.last)
}

// printDiagram prints a sequence diagram, in ASCII when asked.
func printDiagram(cmd *cobra.Command, out io.Writer, evs []sim.Event, settings sim.Settings, width, requests int) error {
	d := ui.SequenceDiagram(evs, settings, width, requests)
	if wantASCII(cmd, os.Getenv) {
		d = ui.ToASCII(d)
	}
	_, err := fmt.Fprintln(out, d)
	return err
}

// diagramWidth is the width a diagram fits: --width when given (0: the
// terminal's), checked against the bounds a diagram can be drawn in.
func diagramWidth(out io.Writer, flag int) (int, error) {
	width := flag
	if width == 0 {
		width = terminalWidth(out)
	}
	if width < minTraceWidth || width > maxTraceWidth {
		return 0, usagef("invalid --width %d; expected %d..%d columns", width, minTraceWidth, maxTraceWidth)
	}
	return width, nil
}

// terminalWidth is the width of w when it is a terminal, else 80.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if cols, _, err := term.GetSize(f.Fd()); err == nil && cols >= minTraceWidth {
			return min(cols, maxTraceWidth)
		}
	}
	return 80
}
