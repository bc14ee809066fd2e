package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/asciicast"
	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/ui"
)

// TestRecordSandbox draws the sandbox through the --record wiring and reads
// the file back: the header has the screen's size and the frames hold the
// worker cards.
func TestRecordSandbox(t *testing.T) {
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "screen")) // not a terminal: the size falls back to 80x24
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	path := filepath.Join(dir, "sandbox.cast")
	rec, opts, err := startRecording(path, out)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.New(sim.Config{Seed: 1, Settings: sim.Settings{Workers: 3}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	opts = append(opts, tea.WithInput(strings.NewReader("q")), tea.WithWindowSize(80, 24))
	if _, err := tea.NewProgram(ui.NewSandbox(c), opts...).Run(); err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cast, err := asciicast.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if cast.Header.Width != 80 || cast.Header.Height != 24 || cast.Header.Version != 2 {
		t.Errorf("header = %+v, want version 2, 80x24", cast.Header)
	}
	shown, _ := os.ReadFile(out.Name())
	if string(shown) != cast.Output() {
		t.Errorf("the recording differs from what the screen got (%d vs %d bytes)", len(cast.Output()), len(shown))
	}
	screen := ansi.Strip(cast.Output())
	for _, want := range []string{"worker 1", "worker 3"} {
		if !strings.Contains(screen, want) {
			t.Errorf("recording lacks %q:\n%s", want, screen)
		}
	}
}

func TestRecordRejectsAnUnwritablePath(t *testing.T) {
	_, _, err := startRecording(filepath.Join(t.TempDir(), "no", "such", "dir", "x.cast"), os.Stdout)
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--record") {
		t.Fatalf("err = %v (exit %d), want a usage error naming --record", err, exitCode(err))
	}
}
