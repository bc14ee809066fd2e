package main

import (
	"strings"
	"testing"
)

// The lab's smallest race, as the issue states it: gthread with 2 threads, 2
// clients × 1 increment. explore finds the 4-step lost update; with a lock
// or INCR it covers every schedule and finds none.
func TestExploreFindsTheLostUpdateAndProvesTheFixes(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	code, out, errOut := runCLI(t, "explore", "--class", "gthread", "--threads", "2", "--width", "80")
	if code != exitFailure {
		t.Fatalf("exit %d, want 1 (a violation found); stderr %s", code, errOut)
	}
	for _, want := range []string{"covered: 3 schedules", "every schedule its choice points allow",
		"✗ lost_updates == 0 breaks: lost_updates reaches 1 in a schedule with 1 switch",
		"a preemption between a read and its write",
		"✗ c1 wrote 1 over c2's 1: c1 read 0 before c2 wrote", "--open"} {
		if !strings.Contains(out, want) {
			t.Errorf("explore output lacks %q:\n%s", want, out)
		}
	}
	steps := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "read hits") || strings.Contains(l, "write hits") {
			steps++
		}
		if len([]rune(l)) > 80 {
			t.Errorf("a line is wider than --width 80: %q", l)
		}
	}
	if steps != 4 {
		t.Errorf("the diagram draws %d reads and writes, want the 4 steps of the race:\n%s", steps, out)
	}
	for _, fix := range []string{"--lock", "--atomic"} {
		code, out, errOut := runCLI(t, "explore", "--class", "gthread", "--threads", "2", fix)
		if code != exitOK || !strings.Contains(out, "✓ no schedule breaks lost_updates == 0") ||
			!strings.Contains(out, "every schedule its choice points allow") || strings.Contains(out, "time ") {
			t.Errorf("%s: exit %d, stderr %s, output:\n%s", fix, code, errOut, out)
		}
	}
}

func TestExploreSaysWhichBoundStoppedIt(t *testing.T) {
	base := []string{"explore", "--class", "gthread", "--threads", "4", "--clients", "4", "--requests", "4", "--lock"}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--max-schedules", "7"}, "covered: 7 schedules"},
		{[]string{"--max-schedules", "7"}, "the count bound stopped it"},
		{[]string{"--depth", "1"}, "the depth bound stopped it"},
		{[]string{"--max-time", "1ns"}, "the time bound stopped it"},
	} {
		code, out, errOut := runCLI(t, append(base, c.flags...)...)
		if code != exitOK || !strings.Contains(out, c.want) || !strings.Contains(out, "not a proof") {
			t.Errorf("%v: exit %d, stderr %s, output lacks %q:\n%s", c.flags, code, errOut, c.want, out)
		}
	}
}

func TestExploreUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--workers", "1,2"}, "explore runs one cluster"},
		{[]string{"--property", "errors"}, "invalid --property"},
		{[]string{"--depth", "0"}, "invalid --depth"},
		{[]string{"--max-schedules", "0"}, "invalid --max-schedules"},
		{[]string{"--max-time", "2h"}, "invalid --max-time"},
		{[]string{"--width", "20"}, "invalid --width"},
		{[]string{"--workload", "none"}, "needs a workload"},
		{[]string{"--class", "fibers"}, "unknown class"},
	} {
		err := runCLIErr(t, append([]string{"explore"}, c.args...)...)
		if code := exitCode(err); code != exitUsage || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: exit %d, %q, want exit 2 naming %q", c.args, code, err, c.want)
		}
	}
}

func TestTraceDrawsTheLastRequests(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	code, out, errOut := runCLI(t, "trace", "--workers", "1", "--class", "gthread", "--threads", "2", "--io", "5ms",
		"--clients", "2", "--requests", "2", "--width", "160")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"lost updates 1", "w1·t1", "w1·t2", "w1 dict", "I/O 5ms", "write hits←1",
		"wrote 1 over", "LOST UPDATE"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace output lacks %q:\n%s", want, out)
		}
	}
	t.Setenv("LANG", "C")
	_, ascii, _ := runCLI(t, "trace", "--workers", "1", "--requests", "3", "--width", "80")
	for _, r := range ascii {
		if r > 127 {
			t.Fatalf("trace in the C locale printed %q:\n%s", r, ascii)
		}
	}
	for _, bad := range [][]string{{"--last", "0"}, {"--width", "1000"}, {"--store", "local,redis"}} {
		if code, _, _ := runCLI(t, append([]string{"trace"}, bad...)...); code != exitUsage {
			t.Errorf("trace %v: exit %d, want 2", bad, code)
		}
	}
}
