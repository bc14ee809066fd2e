package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/ui"
)

// learnOptions are the flags of `workerlab learn` (zero values: the defaults).
type learnOptions struct {
	progress string // progress file ("" = the user's config directory)
	lessons  string // a directory of the learner's own lessons
	reset    bool   // clear the progress after a confirmation
	record   string // --record FILE.cast
	open     string // a lesson to open at once: its id or its number in the track
}

// newLearnCmd builds `workerlab learn`.
func newLearnCmd() *cobra.Command {
	var o learnOptions
	cmd := &cobra.Command{
		Use:   "learn [LESSON]",
		Short: "Open the lesson track (the default command)",
		Long: "learn opens the lesson track: twenty lessons, each beside a live cluster\n" +
			"whose goals tick as you work. Progress is saved between sessions.\n" +
			"LESSON opens one lesson at once: its id or its number, as `workerlab lessons list` shows.",
		Example: "  workerlab learn\n  workerlab learn threads-race\n  workerlab learn 6",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.open = args[0]
			}
			return runLearn(cmd, o)
		},
	}
	addTrackFlags(cmd, &o)
	addASCIIFlag(cmd)
	addRecordFlag(cmd, &o.record)
	cmd.Flags().BoolVar(&o.reset, "reset", false, "clear saved progress (asks first)")
	return cmd
}

func addTrackFlags(cmd *cobra.Command, o *learnOptions) {
	cmd.Flags().StringVar(&o.progress, "progress", "", "progress file (default: <config dir>/workerlab/progress.json)")
	cmd.Flags().StringVar(&o.lessons, "lessons", "", "a directory of your own lesson files, added to the track (same id: replaces)")
}

// newLessonsCmd builds `workerlab lessons list|check`.
func newLessonsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lessons",
		Short: "List the lesson track or check lesson files",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	var o learnOptions
	list := &cobra.Command{
		Use:   "list",
		Short: "Print each lesson's id, title and status",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runLessonsList(cmd, o) },
	}
	addTrackFlags(list, &o)
	var seeds int
	check := &cobra.Command{
		Use:   "check FILE...",
		Short: "Validate lesson files and prove each one can be failed and solved",
		Long: "check parses each lesson file, then runs it on fresh clusters: after the setup\n" +
			"no stage may hold, and the solution must complete every stage. The first problem\n" +
			"is printed as FILE:LINE: message and the command exits 1.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runLessonsCheck(cmd, args, seeds) },
	}
	check.Flags().IntVar(&seeds, "seeds", 5, "prove each lesson over seeds 1..N")
	cmd.AddCommand(list, check)
	return cmd
}

// loadTrack returns the built-in track with the learner's own lessons merged in.
func loadTrack(o learnOptions) ([]*lessons.Lesson, error) {
	track, err := lessons.Builtin()
	if err != nil {
		return nil, err
	}
	if o.lessons != "" {
		own, err := lessons.LoadDir(o.lessons)
		if err != nil {
			return nil, err
		}
		track = lessons.Merge(track, own)
	}
	return track, nil
}

func progressPath(o learnOptions) (string, error) {
	if o.progress != "" {
		return o.progress, nil
	}
	return lessons.DefaultProgressPath()
}

// openTrack loads the track and reads the progress file without touching
// it; a corrupt file gives an empty record and a warning.
func openTrack(o learnOptions, path string) ([]*lessons.Lesson, *lessons.Progress, string, error) {
	track, err := loadTrack(o)
	if err != nil {
		return nil, nil, "", err
	}
	p, warn, err := lessons.ReadProgress(path)
	if err != nil {
		return nil, nil, "", err
	}
	return track, p, warn, nil
}

func runLessonsList(cmd *cobra.Command, o learnOptions) error {
	path, err := progressPath(o)
	if err != nil {
		return err
	}
	track, p, warn, err := openTrack(o, path)
	if err != nil {
		return err
	}
	if warn != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "warning:", warn)
	}
	out := cmd.OutOrStdout()
	idW := 2
	for _, l := range track {
		idW = max(idW, len(l.ID))
	}
	for i, l := range track {
		status := "todo"
		switch {
		case p.IsDone(l.ID):
			status = "done"
		case l.ID == p.Current:
			status = "current"
		case p.Lessons[l.ID].Stage > 0:
			status = fmt.Sprintf("%d/%d stages", p.Lessons[l.ID].Stage, len(l.Stages))
		}
		fmt.Fprintf(out, "%2d  %-*s  %-8s %s\n", i+1, idW, l.ID, status, l.Title)
	}
	return nil
}

func runLessonsCheck(cmd *cobra.Command, files []string, seeds int) error {
	if seeds < 1 || seeds > 1000 {
		return usagef("--seeds %d: expected a whole number 1..1000", seeds)
	}
	var loaded []*lessons.Lesson
	for _, f := range files {
		l, err := lessons.LoadFile(f)
		if err != nil {
			return checkFailed(cmd, err)
		}
		if prev := lessons.Find(loaded, l.ID); prev != nil {
			return checkFailed(cmd, &lessons.Error{File: l.File, Line: l.IDLine,
				Msg: fmt.Sprintf("duplicate id %q (also in %s:%d)", l.ID, prev.File, prev.IDLine)})
		}
		loaded = append(loaded, l)
	}
	for _, l := range loaded {
		for seed := uint64(1); seed <= uint64(seeds); seed++ {
			if err := lessons.Prove(l, seed, lessons.NewCluster); err != nil {
				return checkFailed(cmd, err)
			}
		}
		real := ""
		if l.Live {
			skipped, err := proveLive(l, newLiveLessonCluster)
			if err != nil {
				return checkFailed(cmd, fmt.Errorf("with real worker processes: %w", err))
			}
			real = ", and once with real worker processes"
			if skipped != "" {
				real = "; real worker processes skipped: " + skipped
			}
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %s, %d stage(s), failable and solvable over seeds 1..%d%s\n", l.File, l.ID, len(l.Stages), seeds, real)
	}
	return nil
}

// checkFailed prints a lesson problem as FILE:LINE: message and exits 1.
func checkFailed(cmd *cobra.Command, err error) error {
	fmt.Fprintln(cmd.ErrOrStderr(), err)
	return codeError{code: exitFailure, err: silentError{err}}
}

// silentError is an error already printed.
type silentError struct{ err error }

func (e silentError) Error() string { return e.err.Error() }
func (e silentError) Unwrap() error { return e.err }

// findLesson resolves `learn LESSON`, an id or a number in the track, to the
// lesson's id ("" stays "": the list).
func findLesson(track []*lessons.Lesson, arg string) (string, error) {
	if arg == "" {
		return "", nil
	}
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 1 || n > len(track) {
			return "", usagef("lesson %d: expected a number 1..%d or a lesson id (`workerlab lessons list` shows them)", n, len(track))
		}
		return track[n-1].ID, nil
	}
	if l := lessons.Find(track, arg); l != nil {
		return l.ID, nil
	}
	ids := make([]string, len(track))
	for i, l := range track {
		ids[i] = l.ID
	}
	return "", usagef("no lesson %q: expected a number 1..%d or one of: %s", arg, len(track), strings.Join(ids, ", "))
}

// errLearnNeedsTerminal is returned when stdout is not a terminal.
var errLearnNeedsTerminal = errors.New("the lesson track needs a terminal (stdout is not one); " +
	"`workerlab lessons list` prints the track and `workerlab run` runs experiments headless")

// runLearn opens the lesson track (also `workerlab` with no arguments).
func runLearn(cmd *cobra.Command, o learnOptions) error {
	path, err := progressPath(o)
	if err != nil {
		return err
	}
	if o.reset {
		return resetProgress(cmd.InOrStdin(), cmd.OutOrStdout(), path)
	}
	track, p, warn, err := openTrack(o, path)
	if err != nil {
		return err
	}
	open, err := findLesson(track, o.open)
	if err != nil {
		return err
	}
	if f, ok := cmd.OutOrStdout().(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		return codeError{exitFailure, errLearnNeedsTerminal}
	}
	if warn != "" {
		// The track saves over the file: keep the unreadable one aside first.
		if p, warn, err = lessons.LoadProgress(path); err != nil {
			return err
		}
		fmt.Fprintln(cmd.ErrOrStderr(), "warning:", warn)
	}
	m := ui.NewLearn(ui.LearnConfig{
		Lessons:        track,
		Progress:       p,
		Save:           func(p *lessons.Progress) error { return lessons.SaveProgress(path, p) },
		NewLiveCluster: newLiveLessonCluster,
		NewCluster: func(seed uint64) (sim.Cluster, error) {
			s, err := sim.New(sim.Config{Seed: seed, Listen: true})
			if err != nil {
				return nil, fmt.Errorf("starting the lesson's cluster: %w", err)
			}
			return s, nil
		},
		Seed:    rand.Uint64,
		Warning: warn,
		ASCII:   wantASCII(cmd, os.Getenv),
		Open:    open,
	})
	rec, recOpts, err := startRecording(o.record, os.Stdout)
	if err != nil {
		return err
	}
	final, err := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(cmd.Context())}, recOpts...)...).Run()
	if rerr := rec.Close(); rerr != nil && err == nil {
		err = rerr
	}
	if fm, ok := final.(ui.Learn); ok {
		fm.Close()
		if serr := lessons.SaveProgress(path, fm.Progress()); serr != nil && err == nil {
			err = serr
		}
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("running the lesson track: %w", err)
	}
	return nil
}

// resetProgress asks for a confirmation, then removes the progress file.
func resetProgress(in io.Reader, out io.Writer, path string) error {
	fmt.Fprintf(out, "Clear all lesson progress in %s? Type yes to confirm: ", path)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(out)
		return usagef("no confirmation read; progress kept")
	}
	if strings.TrimSpace(strings.ToLower(line)) != "yes" {
		fmt.Fprintln(out, "Progress kept.")
		return nil
	}
	if err := lessons.ResetProgress(path); err != nil {
		return err
	}
	fmt.Fprintln(out, "Progress cleared.")
	return nil
}
