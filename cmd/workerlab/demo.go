package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/demo"
	"github.com/workerlab/workerlab/ui"
)

// demoOptions are the flags of `workerlab demo`.
type demoOptions struct {
	list   bool
	auto   time.Duration
	seed   uint64
	demos  string // a directory of the teacher's own demos
	record string
}

// minAuto is the shortest --auto: a class needs time to read a step.
const minAuto = time.Second

// errDemoNeedsTerminal is returned when stdout is not a terminal.
var errDemoNeedsTerminal = errors.New("demo needs a terminal (stdout is not one); " +
	"`workerlab demo --list` lists the demos and `workerlab demo check FILE` checks one")

// newDemoCmd builds `workerlab demo [NAME|FILE]` and `workerlab demo check`.
func newDemoCmd() *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [NAME|FILE]",
		Short: "Play a demo for a class, step by step (--list shows them)",
		Long: "demo plays a demo script at human pace, for a teacher in front of a class: a caption\n" +
			"on top, the worker cards, the path each request takes. A script is the console's\n" +
			"command language plus `say TEXT` (the caption) and `pause` (wait for you): wait\n" +
			"lines take their time. → or space goes on, ← goes back a step (replayed from the\n" +
			"seed, so it shows exactly what it showed), r restarts, q quits.\n\n" +
			"With no NAME it plays " + demo.Talk + ", a five-minute talk.",
		Example: "  workerlab demo --list\n" +
			"  workerlab demo " + demo.Talk + " --auto 20s --record talk.cast\n" +
			"  workerlab demo my-class.demo\n" +
			"  workerlab demo check my-class.demo",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := demo.Talk
			if len(args) == 1 {
				name = args[0]
			}
			return runDemo(cmd, o, name, os.Stdout)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.list, "list", false, "list the demos and exit")
	f.DurationVar(&o.auto, "auto", 0, "go on from each pause by itself after this long (e.g. 20s)")
	f.Uint64Var(&o.seed, "seed", 0, "seed of the demo's cluster (default: the demo's own)")
	f.StringVar(&o.demos, "demos", "", "a directory of your own NAME.demo files, added to the list (same name: replaces)")
	addRecordFlag(cmd, &o.record)
	addASCIIFlag(cmd)
	var seeds int
	check := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check demo files: every line runs and every expect line holds",
		Long: "check parses each demo file, then plays it to the end on a fresh cluster from its\n" +
			"seed (and from seeds 1..N with --seeds N): every line must run, and every\n" +
			"`expect COND` line must hold where it stands, counted from the start of its step.\n" +
			"The first problem is printed as FILE:LINE: message and the command exits 1.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runDemoCheck(cmd, args, seeds) },
	}
	check.Flags().IntVar(&seeds, "seeds", 0, "also check from seeds 1..N")
	cmd.AddCommand(check)
	return cmd
}

// loadDemos returns the built-in demos with the teacher's own merged in.
func loadDemos(dir string) ([]*demo.Demo, error) {
	ds, err := demo.Builtin()
	if err != nil {
		return nil, err
	}
	if dir != "" {
		own, err := demo.LoadDir(dir)
		if err != nil {
			return nil, usageError{fmt.Errorf("bad --demos: %w", err)}
		}
		ds = demo.Merge(ds, own)
	}
	return ds, nil
}

// findDemo resolves NAME (a demo in the list) or FILE (a path to a demo).
func findDemo(ds []*demo.Demo, arg string) (*demo.Demo, error) {
	if d := demo.Find(ds, arg); d != nil {
		return d, nil
	}
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".demo") {
		d, err := demo.LoadFile(arg)
		if err != nil {
			return nil, usageError{err}
		}
		return d, nil
	}
	return nil, usagef("no demo %q; expected a file (NAME.demo) or one of: %s", arg, strings.Join(demo.Names(ds), ", "))
}

func runDemo(cmd *cobra.Command, o demoOptions, name string, out *os.File) error {
	if o.auto != 0 && o.auto < minAuto {
		return usagef("bad --auto %s: expected at least %s, or 0 to wait for the presenter", o.auto, minAuto)
	}
	ds, err := loadDemos(o.demos)
	if err != nil {
		return err
	}
	if o.list {
		printDemoList(cmd.OutOrStdout(), ds)
		return nil
	}
	d, err := findDemo(ds, name)
	if err != nil {
		return err
	}
	if !term.IsTerminal(out.Fd()) {
		return codeError{exitFailure, errDemoNeedsTerminal}
	}
	p, err := demo.NewPlayer(d, o.seed, demo.NewCluster)
	if err != nil {
		return err
	}
	screen := ui.NewPresenter(ui.PresenterConfig{Player: p, Auto: o.auto, ASCII: wantASCII(cmd, os.Getenv)})
	defer screen.Close()
	rec, recOpts, err := startRecording(o.record, out)
	if err != nil {
		return err
	}
	prog := tea.NewProgram(screen, append([]tea.ProgramOption{tea.WithContext(cmd.Context()), tea.WithOutput(out)}, recOpts...)...)
	_, err = prog.Run()
	if rerr := rec.Close(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// printDemoList prints each demo: its name, steps and title, and its about
// line below.
func printDemoList(w io.Writer, ds []*demo.Demo) {
	nameW := 0
	for _, d := range ds {
		nameW = max(nameW, len(d.Name))
	}
	for _, d := range ds {
		fmt.Fprintf(w, "%-*s  %2d steps  %s\n", nameW, d.Name, d.Steps, d.Title)
		if d.About != "" {
			fmt.Fprintf(w, "    %s\n", d.About)
		}
	}
}

func runDemoCheck(cmd *cobra.Command, files []string, seeds int) error {
	if seeds < 0 || seeds > 1000 {
		return usagef("--seeds %d: expected a whole number 0..1000", seeds)
	}
	for _, f := range files {
		d, err := demo.LoadFile(f)
		if err != nil {
			return checkFailed(cmd, err)
		}
		tried := []uint64{d.Seed}
		for s := uint64(1); s <= uint64(seeds); s++ {
			if s != d.Seed {
				tried = append(tried, s)
			}
		}
		for _, seed := range tried {
			if err := demo.Check(d, seed, demo.NewCluster); err != nil {
				var de *demo.Error
				if errors.As(err, &de) && seed != d.Seed {
					de.Msg += fmt.Sprintf(" (seed %d)", seed)
				}
				return checkFailed(cmd, err)
			}
		}
		claims := 0
		for _, l := range d.Lines {
			if l.Kind == demo.Expect {
				claims++
			}
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %s, %d steps, %d expect lines hold (%d seeds), %s of waits\n",
			f, d.Name, d.Steps, claims, len(tried), d.Duration())
	}
	return nil
}
