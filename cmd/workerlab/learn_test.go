package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/workerlab/workerlab/lessons"
)

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return exitCode(err), out.String(), errOut.String()
}

func TestLessonsListWithCorruptProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "lessons", "list", "--progress", path)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if !strings.Contains(errOut, "warning: progress file") || !strings.Contains(errOut, "leaving the file as it is") {
		t.Errorf("no warning about the corrupt file: %q", errOut)
	}
	if !strings.Contains(out, " 2  four-copies       todo     Four workers, four dictionaries") {
		t.Errorf("list output:\n%s", out)
	}
	// A read-only command moves nothing.
	if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) != 0 {
		t.Errorf("lessons list moved the corrupt file aside: %v", m)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "{not json" {
		t.Errorf("lessons list changed the progress file: %q, %v", b, err)
	}
}

func TestLessonsCheckMisspeltMetric(t *testing.T) {
	src, err := os.ReadFile("../../lessons/four-copies.md")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.md")
	if err := os.WriteFile(bad, bytes.Replace(src, []byte("stale_reads >= 1"), []byte("stale_read >= 1"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "lessons", "check", bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	line := bytes.Count(src[:bytes.Index(src, []byte("stale_reads >= 1"))], []byte("\n")) + 1
	if want := fmt.Sprintf("%s:%d: unknown metric %q (known: ", bad, line, "stale_read"); !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr = %q\nwant prefix %q", errOut, want)
	}
}

func TestLessonsCheckGood(t *testing.T) {
	code, out, errOut := runCLI(t, "lessons", "check", "--seeds", "2", "../../lessons/four-copies.md", "../../lessons/threads-race.md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, "failable and solvable over seeds 1..2") != 2 {
		t.Errorf("output:\n%s", out)
	}
}

func TestLearnReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"lessons":{"one-process":{"done":true}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetIn(strings.NewReader("no\n"))
	root.SetArgs([]string{"learn", "--reset", "--progress", path})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("progress removed without a yes: %v", err)
	}
	root = newRootCmd()
	root.SetOut(&out)
	root.SetIn(strings.NewReader("yes\n"))
	root.SetArgs([]string{"learn", "--reset", "--progress", path})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("progress still there after yes: %v", err)
	}
}

func TestLearnNeedsATerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	for _, args := range [][]string{{"--progress", path}, {"learn", "--progress", path}} {
		root := newRootCmd()
		root.SetArgs(args)
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		err := root.Execute()
		if code := exitCode(err); code != exitFailure || err == nil || !strings.Contains(err.Error(), "needs a terminal") {
			t.Fatalf("workerlab %v without a terminal: exit %d, %v; want 1 and a message naming the terminal", args, code, err)
		}
	}
}

// `learn LESSON` takes an id or a number in the track and names both forms
// when the argument is neither.
func TestFindLesson(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{"": "", "6": track[5].ID, "threads-race": "threads-race", "1": track[0].ID} {
		if got, err := findLesson(track, arg); err != nil || got != want {
			t.Errorf("findLesson(%q) = %q, %v; want %q", arg, got, err, want)
		}
	}
	for _, arg := range []string{"0", "21", "-3", "thread-race"} {
		_, err := findLesson(track, arg)
		if err == nil || !strings.Contains(err.Error(), "expected a number 1..20") {
			t.Errorf("findLesson(%q) = %v; want an error naming the accepted numbers and ids", arg, err)
		}
	}
}
