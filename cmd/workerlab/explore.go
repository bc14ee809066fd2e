package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/ui"
)

// exploreFlags are the flags of `workerlab explore`.
type exploreFlags struct {
	runFlags
	property     string
	depth        int
	maxSchedules int
	maxTime      time.Duration
	open         bool
	width        int
}

// Bounds of explore's own flags.
const (
	maxExploreDepth     = 1000
	maxExploreSchedules = 100_000_000
	maxExploreTime      = time.Hour
)

func newExploreCmd() *cobra.Command {
	f := exploreFlags{}
	cmd := &cobra.Command{
		Use:   "explore",
		Short: "Search the schedules of a small workload for a lost update or a stale read",
		Long: "explore is the lab's small model checker. It starts a cluster as run does (the same\n" +
			"flags, one value each), sends the workload with every client at once, and then runs\n" +
			"it again and again, each time taking other choices where the model allows more than\n" +
			"one: which idle worker wins accept(), which waiting thread gets the GIL or a core,\n" +
			"whether a thread is preempted between its read and its write. It checks a property\n" +
			"(--property lost_updates or stale_reads: the counter must stay 0) at the end of every\n" +
			"schedule and prints the violating schedule with the fewest switches from the default\n" +
			"order as a sequence diagram; --open shows it in the sandbox's timeline. When none\n" +
			"violates it, it says how many schedules it covered, and whether a bound (--depth,\n" +
			"--max-schedules, --max-time) stopped the search before it covered them all.\n\n" +
			"Exit status: 0 no violation found, 1 a violation found (or a runtime failure), 2 a\n" +
			"bad flag or script line.",
		Example: "  workerlab explore --class gthread --threads 2\n" +
			"  workerlab explore --class gthread --threads 2 --lock\n" +
			"  workerlab explore --class gthread --threads 2 --atomic\n" +
			"  workerlab explore --workers 2 --store redis --open\n" +
			"  workerlab explore --workers 2 --workload set-then-get --clients 1 --property stale_reads",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExplore(cmd, f)
		},
	}
	fl := cmd.Flags()
	addClusterFlags(fl, &f.runFlags, clusterDefaults{workload: "counter", requests: "2", clients: "2", workers: "1"}, false)
	fl.StringVar(&f.property, "property", "lost_updates", "the counter that must stay 0: "+strings.Join(sim.Properties(), ", "))
	fl.IntVar(&f.depth, "depth", sim.DefaultExploreDepth, fmt.Sprintf("choice points per schedule the search branches at, 1..%d (later ones take the default)", maxExploreDepth))
	fl.IntVar(&f.maxSchedules, "max-schedules", sim.DefaultExploreSchedules, fmt.Sprintf("the most schedules to run, 1..%d", maxExploreSchedules))
	fl.DurationVar(&f.maxTime, "max-time", sim.DefaultExploreTime, "the most wall time to search, e.g. 10s (at most 1h)")
	fl.BoolVar(&f.open, "open", false, "open the violating schedule in the sandbox, at its end: { goes to the anomaly, [ ] step")
	fl.IntVar(&f.width, "width", 0, fmt.Sprintf("columns the diagram fits, %d..%d (default: the terminal's width, else 80)", minTraceWidth, maxTraceWidth))
	addASCIIFlag(cmd)
	return cmd
}

// runExplore checks the flags, explores, prints what it found and, with
// --open, shows the violating schedule in the sandbox.
func runExplore(cmd *cobra.Command, f exploreFlags) error {
	switch {
	case !slices.Contains(sim.Properties(), f.property):
		return usagef("invalid --property %q; expected one of %s", f.property, strings.Join(sim.Properties(), ", "))
	case f.depth < 1 || f.depth > maxExploreDepth:
		return usagef("invalid --depth %d; expected 1..%d choice points", f.depth, maxExploreDepth)
	case f.maxSchedules < 1 || f.maxSchedules > maxExploreSchedules:
		return usagef("invalid --max-schedules %d; expected 1..%d", f.maxSchedules, maxExploreSchedules)
	case f.maxTime <= 0 || f.maxTime > maxExploreTime:
		return usagef("invalid --max-time %s; expected a duration more than 0 and at most %s, e.g. 10s", f.maxTime, maxExploreTime)
	}
	width, err := diagramWidth(cmd.OutOrStdout(), f.width)
	if err != nil {
		return err
	}
	pt, err := f.point("explore")
	if err != nil {
		return err
	}
	if pt.traffic.Workload == "" {
		return usagef("explore needs a workload (--workload); with none, there are no requests to schedule")
	}
	if f.open && !term.IsTerminal(os.Stdout.Fd()) {
		return codeError{exitFailure, errors.New("--open needs a terminal (stdout is not one)")}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := sim.Explore(ctx, sim.Config{Seed: pt.seed, Settings: pt.settings}, pt.script, pt.traffic,
		sim.ExploreOptions{Property: f.property, Depth: f.depth, MaxSchedules: f.maxSchedules, MaxTime: f.maxTime})
	if err != nil {
		return runFailure(err)
	}
	out := cmd.OutOrStdout()
	writeExploreResult(out, pt, res, f.depth, width, wantASCII(cmd, os.Getenv))
	if res.Violation == nil {
		return nil
	}
	fmt.Fprintln(out)
	if err := printDiagram(cmd, out, res.Violation.Events, res.Violation.Settings, width, pt.traffic.Clients*int(pt.traffic.Limit)); err != nil {
		return err
	}
	if !f.open {
		fmt.Fprintln(wrapWriter{out, width, false}, "\n(--open shows it in the sandbox's timeline: { goes to the anomaly, [ and ] step)")
		return codeError{exitFailure, silentError{errors.New("a schedule violates " + f.property + " == 0")}}
	}
	return openSchedule(cmd, pt, res.Violation)
}

// writeExploreResult says what the search covered and found, in lines of
// at most width columns.
func writeExploreResult(out io.Writer, pt onePoint, res sim.ExploreResult, depth, width int, ascii bool) {
	w := wrapWriter{out, width, ascii}
	fmt.Fprintf(w, "explore: %s (seed %d)\n", pt.describe(), pt.seed)
	fmt.Fprintf(w, "property: %s == 0, checked at the end of every schedule\n", res.Property)
	covered := fmt.Sprintf("%d schedule%s in %s", res.Schedules, plural(res.Schedules), res.Elapsed.Round(time.Microsecond))
	switch res.StoppedBy {
	case "":
		covered += ": every schedule its choice points allow"
	case sim.StoppedByDepth:
		covered += fmt.Sprintf(": the depth bound stopped it (schedules meet up to %d choice points; only the first %d branch, --depth)", res.ChoicePoints, depth)
	case sim.StoppedByCount:
		covered += ": the count bound stopped it (--max-schedules); more schedules remain"
	case sim.StoppedByTime:
		covered += ": the time bound stopped it (--max-time); more schedules remain"
	}
	fmt.Fprintf(w, "covered: %s\n", covered)
	v := res.Violation
	switch {
	case v == nil && res.Complete():
		fmt.Fprintf(w, "✓ no schedule breaks %s == 0: it holds in every one of them\n", res.Property)
		return
	case v == nil:
		fmt.Fprintf(w, "✓ none of the %d schedules covered breaks %s == 0 (not a proof: a bound stopped the search)\n", res.Schedules, res.Property)
		return
	}
	fmt.Fprintf(w, "✗ %s == 0 breaks: %s reaches %d in a schedule with %s\n", res.Property, res.Property, v.Value, describeSwitches(v))
}

// describeSwitches says how the violating schedule leaves the default order.
func describeSwitches(v *sim.Schedule) string {
	if v.Switches == 0 {
		return "no switch: the default order already breaks it"
	}
	var what []string
	for _, c := range v.Choices {
		if c.Took == 0 {
			continue
		}
		switch c.Kind {
		case sim.ChoicePreempt:
			what = append(what, "a preemption between a read and its write")
		case sim.ChoiceAccept:
			what = append(what, fmt.Sprintf("idle worker %d of %d wins accept()", c.Took+1, c.Alts))
		case sim.ChoiceWake, sim.ChoiceSwitch:
			what = append(what, fmt.Sprintf("waiting thread %d of %d gets the GIL", c.Took+1, c.Alts))
		case sim.ChoiceCore:
			what = append(what, fmt.Sprintf("waiting worker %d of %d gets a core", c.Took+1, c.Alts))
		}
	}
	return fmt.Sprintf("%d switch%s from the default order (%s)", v.Switches, map[bool]string{true: "", false: "es"}[v.Switches == 1], strings.Join(what, "; "))
}

// openSchedule runs the violating schedule again on a cluster that keeps a
// timeline, with steps on, and opens the sandbox at its end.
func openSchedule(cmd *cobra.Command, pt onePoint, v *sim.Schedule) error {
	s, err := sim.ExploreStart(sim.Config{Seed: pt.seed, Settings: pt.settings, Listen: true}, pt.script, pt.traffic)
	if err != nil {
		return runFailure(err)
	}
	defer s.Close()
	s.SetChooser(sim.ReplaySchedule(v.Choices))
	if err := s.KeepTimeline(); err != nil {
		return codeError{exitFailure, err}
	}
	for _, l := range []string{"steps on", "pause"} {
		if _, err := s.Exec(l); err != nil {
			return codeError{exitFailure, err}
		}
	}
	s.RunUntilIdle(sim.RunLimit)
	screen := ui.NewSandbox(s).WithASCII(wantASCII(cmd, os.Getenv)).
		WithMessage("the violating schedule, at its end: { goes back to the anomaly, [ and ] step one event, tab shows the sequence")
	p := tea.NewProgram(screen, tea.WithContext(cmd.Context()), tea.WithOutput(os.Stdout))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("explore --open: %w", err)
	}
	return nil
}

// wrapWriter writes each line wrapped at width columns (at spaces), the
// lines after the first indented.
type wrapWriter struct {
	w     io.Writer
	width int
	ascii bool // redraw the glyphs in ASCII, as --ascii asks
}

// Write implements io.Writer.
func (ww wrapWriter) Write(p []byte) (int, error) {
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(p), "\n") {
		text := strings.TrimSuffix(line, "\n")
		for i, l := range wrap.Items(strings.Fields(text), " ", ww.width-2) {
			if i > 0 {
				b.WriteString("\n  ")
			}
			b.WriteString(l)
		}
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	text := b.String()
	if ww.ascii {
		text = ui.ToASCII(text)
	}
	if _, err := io.WriteString(ww.w, text); err != nil {
		return 0, err
	}
	return len(p), nil
}
