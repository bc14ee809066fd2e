package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/asciicast"
)

// recordFlagUsage is the help of --record on every screen command.
const recordFlagUsage = "record the session to FILE.cast (asciicast v2: plays in asciinema)"

// addRecordFlag adds --record to a command that opens a screen.
func addRecordFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "record", "", recordFlagUsage)
}

// recording is an open --record file: what the screen draws on out goes to
// the terminal and, with its timing, to the file.
type recording struct {
	file *os.File
	rec  *asciicast.Recorder
}

// startRecording creates path and returns the program options that draw
// through it (nil options and a nil recording when path is ""). Close the
// recording after the program ends.
func startRecording(path string, out *os.File) (*recording, []tea.ProgramOption, error) {
	if path == "" {
		return nil, nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, usagef("bad --record %s: %w", path, err)
	}
	w, h, err := term.GetSize(out.Fd())
	if err != nil {
		w, h = 80, 24
	}
	env := map[string]string{"TERM": os.Getenv("TERM"), "SHELL": os.Getenv("SHELL")}
	rec, err := asciicast.NewRecorder(f, w, h, asciicast.WithEnv(env), asciicast.WithTitle("workerlab"))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("--record %s: %w", path, err)
	}
	r := &recording{file: f, rec: rec}
	return r, []tea.ProgramOption{
		tea.WithOutput(asciicast.NewTerminal(out, rec)),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			if ws, ok := msg.(tea.WindowSizeMsg); ok {
				rec.Resize(ws.Width, ws.Height)
			}
			return msg
		}),
	}, nil
}

// Close flushes and closes the recording file (a nil recording is fine).
func (r *recording) Close() error {
	if r == nil {
		return nil
	}
	err := r.rec.Close()
	if cerr := r.file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("saving the recording %s: %w", r.file.Name(), err)
	}
	return nil
}
