package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/workerlab/workerlab/asciicast"
	"github.com/workerlab/workerlab/demo"
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

// screenOf replays what a recording drew into a terminal emulator of its
// size and returns the screen as it stood just before the program left the
// alternate screen (its last frame).
func screenOf(t *testing.T, cast *asciicast.Cast) string {
	t.Helper()
	out := cast.Output()
	if i := strings.LastIndex(out, "\x1b[?1049l"); i >= 0 {
		out = out[:i]
	}
	// Without a terminal for input, Bubble Tea leaves \n to the tty's line
	// discipline (onlcr) to turn into \r\n: do what the tty would.
	out = strings.ReplaceAll(strings.ReplaceAll(out, "\r\n", "\n"), "\n", "\r\n")
	term := vt.NewEmulator(cast.Header.Width, cast.Header.Height)
	drained := make(chan struct{})
	go func() { io.Copy(io.Discard, term); close(drained) }() // its answers to the program's queries
	defer func() {
		// End the reader by closing the answers' pipe (Emulator.Close races
		// with a Read in progress).
		term.InputPipe().(io.Closer).Close()
		<-drained
	}()
	if _, err := term.WriteString(out); err != nil {
		t.Fatal(err)
	}
	return term.String()
}

// trimLines drops trailing spaces of every line and blank lines at the end.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// TestRecordDemoReplaysToTheLastFrame records the presenter through the
// --record wiring while keys move it on, replays the file into a terminal
// emulator, and finds on its screen exactly the last frame the program drew.
func TestRecordDemoReplaysToTheLastFrame(t *testing.T) {
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "screen"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	path := filepath.Join(dir, "demo.cast")
	rec, opts, err := startRecording(path, out)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := demo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := demo.NewPlayer(demo.Find(ds, "four-copies"), 0, demo.NewCluster)
	if err != nil {
		t.Fatal(err)
	}
	screen := ui.NewPresenter(ui.PresenterConfig{Player: p})
	defer screen.Close()
	opts = append(opts, tea.WithInput(strings.NewReader("  q")), tea.WithWindowSize(80, 24))
	final, err := tea.NewProgram(screen, opts...).Run()
	if err != nil {
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
	want := trimLines(ansi.Strip(final.View().Content))
	got := trimLines(screenOf(t, cast))
	if got != want {
		t.Fatalf("the replayed recording shows\n%s\n\nthe program's last frame was\n%s", got, want)
	}
	if !strings.Contains(got, "A write changes the dict") {
		t.Errorf("two presses did not reach step 2:\n%s", got)
	}
}
