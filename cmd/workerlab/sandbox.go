package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/sim/live"
	"github.com/workerlab/workerlab/ui"
)

// sandboxOptions are the flags of `workerlab sandbox`.
type sandboxOptions struct {
	workers int
	store   string
	seed    uint64
	script  string
	live    bool
	bind    string
	record  string
}

// errNeedTerminal is returned when stdout is not a terminal.
var errNeedTerminal = errors.New("sandbox needs a terminal (stdout is not one); " +
	"for headless use run `workerlab run` instead")

func newSandboxCmd() *cobra.Command {
	var o sandboxOptions
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Open a free-play cluster of workers in the terminal",
		Long: "sandbox opens a full-screen view of a simulated gunicorn-style cluster: one card per\n" +
			"worker with its own view of the keys, a traffic log, metrics and a console for the\n" +
			"command language (type : then `help`). Press ? for the keys.",
		Example: "  workerlab sandbox --workers 4 --seed 1\n" +
			"  workerlab sandbox --store redis --script warmup.txt",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSandbox(cmd, o, os.Stdout)
		},
	}
	f := cmd.Flags()
	f.IntVarP(&o.workers, "workers", "w", sim.DefaultSettings().Workers, fmt.Sprintf("live workers, 1..%d", sim.MaxWorkers))
	f.StringVar(&o.store, "store", sim.DefaultSettings().Store, "where views keep state: "+strings.Join(sim.Stores(), ", "))
	f.Uint64Var(&o.seed, "seed", 1, "seed of the simulation (same seed, same run)")
	f.StringVar(&o.script, "script", "", "a file of command-language lines to run first")
	f.BoolVar(&o.live, "live", false, "draw real worker processes (HTTP on --bind) instead of the simulation; needs Linux, macOS or WSL")
	f.StringVar(&o.bind, "bind", live.DefaultBind, "with --live: the address the real server listens on")
	addASCIIFlag(cmd)
	addRecordFlag(cmd, &o.record)
	return cmd
}

// runSandbox validates the options, builds the cluster, runs the script and
// opens the TUI on out (which must be a terminal).
func runSandbox(cmd *cobra.Command, o sandboxOptions, out *os.File) error {
	settings, err := sandboxSettings(o)
	if err != nil {
		return err
	}
	var script string
	if o.script != "" {
		if script, err = readScript(o.script); err != nil {
			return err
		}
	}
	if o.live && script != "" {
		return usagef("--script cannot be combined with --live; type the lines in the console instead")
	}
	if o.live && !live.Supported {
		return usageError{fmt.Errorf("sandbox --live: %w", live.ErrNeedsUnix)}
	}
	var (
		c   sim.Cluster
		msg string
	)
	if o.live {
		if !term.IsTerminal(out.Fd()) {
			return codeError{exitFailure, errNeedTerminal}
		}
		c, msg, err = newSandboxLive(o)
	} else {
		// The script runs first, so a bad line is reported even without a terminal.
		c, err = newSandboxSim(o, settings, script)
		if err == nil && !term.IsTerminal(out.Fd()) {
			c.Close()
			return codeError{exitFailure, errNeedTerminal}
		}
	}
	if err != nil {
		return err
	}
	defer c.Close()
	screen := ui.NewSandbox(c).WithASCII(wantASCII(cmd, os.Getenv))
	if msg != "" {
		screen = screen.WithMessage(msg)
	}
	rec, recOpts, err := startRecording(o.record, out)
	if err != nil {
		return err
	}
	p := tea.NewProgram(screen, append([]tea.ProgramOption{tea.WithContext(cmd.Context()), tea.WithOutput(out)}, recOpts...)...)
	_, err = p.Run()
	if rerr := rec.Close(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}

// newSandboxLive starts a real pre-fork server (worker processes of this
// binary) and returns it as a cluster, with a line saying where it listens.
func newSandboxLive(o sandboxOptions) (sim.Cluster, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("sandbox --live: finding the workerlab binary to start workers from: %w", err)
	}
	cfg := live.Config{Exe: exe, Workers: o.workers, Bind: o.bind, Store: o.store, Seed: o.seed,
		Threads: 1, Timeout: 30 * time.Second, GracefulTimeout: 5 * time.Second}
	if err := cfg.Validate(); err != nil {
		return nil, "", usageError{fmt.Errorf("sandbox --live: %w", err)}
	}
	c, addr, err := live.Open(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("sandbox --live: %w", err)
	}
	return c, fmt.Sprintf("live: %d worker processes on http://%s (try curl '%s/get?k=key0')",
		o.workers, addr, addr), nil
}

// sandboxSettings turns the flags into command lines ("workers 4", "store
// redis") and checks them the way the console would, so a flag and a
// console line can never disagree.
func sandboxSettings(o sandboxOptions) (sim.Settings, error) {
	return settingsFromFlags(sim.DefaultSettings(),
		flagLine{"workers", strconv.Itoa(o.workers)},
		flagLine{"store", o.store})
}

// newSandboxSim builds the simulated cluster with the embedded Redis
// listening, then runs the script (a bad line is a usage error naming it).
func newSandboxSim(o sandboxOptions, settings sim.Settings, script string) (*sim.Sim, error) {
	s, err := sim.New(sim.Config{Seed: o.seed, Settings: settings, Listen: true, Timeline: true})
	if err != nil {
		return nil, fmt.Errorf("sandbox: starting the cluster: %w", err)
	}
	if strings.TrimSpace(script) != "" {
		if err := s.RunScript(script); err != nil {
			s.Close()
			return nil, usagef("bad --script %s: %w", o.script, err)
		}
	}
	return s, nil
}
