package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoList(t *testing.T) {
	code, out, errOut := runCLI(t, "demo", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "global-dict       14 steps  The global dict") {
		t.Errorf("first line %q: want the talk first", lines[0])
	}
	for _, want := range []string{"four-copies", "how-many-workers", "Lesson 11: GET then SET loses updates", "Lesson 20: real processes"} {
		if !strings.Contains(out, want) {
			t.Errorf("--list lacks %q:\n%s", want, out)
		}
	}
	for _, l := range lines {
		if len([]rune(l)) > 80 {
			t.Errorf("line wider than 80 columns: %q", l)
		}
	}
}

func TestDemoListWithOwnDemos(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "my-class.demo"), []byte("# title: Mine\n# about: my own\nsay hello\nworkers 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "demo", "--list", "--demos", dir)
	if code != 0 || !strings.Contains(out, "my-class           1 steps  Mine") {
		t.Fatalf("exit %d, out:\n%s\nerr: %s", code, out, errOut)
	}
	err := runCLIErr(t, "demo", "--list", "--demos", filepath.Join(dir, "nope"))
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "bad --demos") {
		t.Errorf("a missing --demos dir: %v", err)
	}
}

func TestDemoCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.demo")
	bad := filepath.Join(dir, "bad.demo")
	os.WriteFile(good, []byte("say four workers\nworkers 4\nset k v\nget k x20\nwait 1s\nexpect stale_reads >= 1\n"), 0o644)
	os.WriteFile(bad, []byte("say one worker\nworkers 1\nset k v\nget k x20\nwait 1s\nexpect stale_reads >= 1\n"), 0o644)
	code, out, errOut := runCLI(t, "demo", "check", good, "--seeds", "5")
	if code != 0 || !strings.Contains(out, good+": ok: good, 1 steps, 1 expect lines hold (5 seeds)") {
		t.Fatalf("check good: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "demo", "check", bad)
	if code != 1 || !strings.HasPrefix(errOut, bad+":6: expect stale_reads >= 1: measured 0") {
		t.Fatalf("check bad: exit %d, stderr %q", code, errOut)
	}
	typo := filepath.Join(dir, "typo.demo")
	os.WriteFile(typo, []byte("say hi\n\nworkrs 4\n"), 0o644)
	code, _, errOut = runCLI(t, "demo", "check", typo)
	if code != 1 || !strings.HasPrefix(errOut, typo+`:3: unknown command "workrs"`) {
		t.Fatalf("check typo: exit %d, stderr %q", code, errOut)
	}
}

func TestDemoRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"demo", "no-such-demo"}, `no demo "no-such-demo"; expected a file (NAME.demo) or one of: global-dict,`},
		{[]string{"demo", "--auto", "100ms"}, "bad --auto 100ms: expected at least 1s"},
		{[]string{"demo", "missing/file.demo"}, "missing/file.demo"},
	} {
		err := runCLIErr(t, tc.args...)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v (exit %d); want exit 2 and %q", tc.args, err, exitCode(err), tc.want)
		}
	}
}

// runCLIErr runs the CLI in-process and returns the error it ended with.
func runCLIErr(t *testing.T, args ...string) error {
	t.Helper()
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		t.Fatalf("%v: no error", args)
	}
	return err
}

func TestDemoNeedsATerminal(t *testing.T) {
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := newDemoCmd()
	err = runDemo(cmd, demoOptions{}, "four-copies", out)
	if exitCode(err) != exitFailure || !strings.Contains(err.Error(), "demo --list") {
		t.Fatalf("err %v (exit %d)", err, exitCode(err))
	}
}

// The README's example demo passes demo check.
func TestREADMEDemoChecks(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "```\n# title: Four workers\n")
	src, _, ok2 := strings.Cut(after, "```\n")
	if !ok || !ok2 {
		t.Fatal("the README lacks its example demo")
	}
	path := filepath.Join(t.TempDir(), "four.demo")
	if err := os.WriteFile(path, []byte("# title: Four workers\n"+src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "demo", "check", path, "--seeds", "20"); code != 0 || !strings.Contains(out, "1 expect lines hold") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
}
