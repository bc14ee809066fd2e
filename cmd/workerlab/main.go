// Command workerlab is a terminal lab about module-level state in multi-process
// web servers: run it with no arguments for the lesson track.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/fang"
	"github.com/spf13/cobra"
)

// Exit codes of every subcommand.
const (
	exitOK      = 0
	exitFailure = 1 // a runtime failure
	exitUsage   = 2 // a bad flag value, argument or script line
)

// usageError marks an error caused by what the user typed; it exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError from a format.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func newRootCmd() *cobra.Command {
	var opts learnOptions
	root := &cobra.Command{
		Use:   "workerlab",
		Short: "A lab for global state in multi-process web servers",
		Long: "workerlab runs simulated gunicorn-style workers side by side so you can watch a\n" +
			"module-level dict drift apart across workers, vanish on restarts and race between\n" +
			"threads, then fix it with a shared Redis and atomic commands.\n\n" +
			"With no subcommand it opens the lesson track.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLearn(cmd, opts)
		},
	}
	addTrackFlags(root, &opts)
	addASCIIFlag(root)
	addRecordFlag(root, &opts.record)
	root.AddCommand(newRunCmd(), newTraceCmd(), newExploreCmd(), newSandboxCmd(), newLearnCmd(), newLessonsCmd(), newDemoCmd(), newClassroomCmd(), newServeCmd(), newWorkerCmd())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	return root
}

func main() {
	os.Exit(execute(context.Background(), os.Args[1:]))
}

// execute runs the CLI with args and returns the process exit code.
func execute(ctx context.Context, args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := fang.Execute(ctx, root, fang.WithVersion(version()), fang.WithErrorHandler(printError))
	return exitCode(err)
}

// printError prints an error the way fang does, except errors a command has
// already printed in its own format (such as `lessons check`'s FILE:LINE).
func printError(w io.Writer, styles fang.Styles, err error) {
	var silent silentError
	if errors.As(err, &silent) {
		return
	}
	// Keep the message as written: flag names and addresses are case-sensitive.
	styles.ErrorText = styles.ErrorText.UnsetTransform()
	fang.DefaultErrorHandler(w, styles, err)
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	// An explicit code first: a checked file's message may itself say
	// "unknown command" (a typo in a lesson or a demo), which is not cobra's.
	var ce codeError
	if errors.As(err, &ce) {
		return ce.code
	}
	if isCobraUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// codeError carries an explicit exit code (used by subcommands that must exit
// with a code other than 1 or 2, and by silent exits).
type codeError struct {
	code int
	err  error
}

func (e codeError) Error() string { return e.err.Error() }
func (e codeError) Unwrap() error { return e.err }
