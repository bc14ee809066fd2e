package lessons

import (
	"strings"
	"testing"
)

// TestStageCountsAgainAfterCapBroken checks the restart rule: a stage whose
// capped count passed its cap counts again from the next check.
func TestStageCountsAgainAfterCapBroken(t *testing.T) {
	l, err := Parse("t.md", []byte(`---
id: t
title: T
setup: [workers 1, class gthread 4, store local, io 5ms]
stages:
  - name: Clean increments
    goals: [increments >= 100, lost_updates == 0]
solution: [lock on, incr hits x200 clients 8, wait 5s]
---
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := Start(l, c)
	if err != nil {
		t.Fatal(err)
	}
	// Racy increments lose updates: the stage cannot complete, and starts over.
	if _, err := r.Exec("incr hits x200 clients 8"); err != nil {
		t.Fatal(err)
	}
	restarted := false
	for i := 0; i < 50 && !restarted; i++ {
		r.Exec("wait 100ms")
		st := r.Status()
		restarted = strings.Contains(st.Restarted, "lost_updates reached")
	}
	if !restarted || r.Done() {
		t.Fatalf("stage did not start over after a lost update (done=%v)", r.Done())
	}
	// With the lock on, the next 100 increments complete it.
	for _, line := range l.Solution {
		if _, err := r.Exec(line.Text); err != nil {
			t.Fatal(err)
		}
	}
	if !r.Done() {
		t.Fatalf("stage not complete after the fix: %+v", r.Status())
	}
}

func TestExperimentChanged(t *testing.T) {
	c, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a := c.Snapshot().Settings
	b := a
	b.Speed, b.Paused = 8, true
	if experimentChanged(a, b) {
		t.Error("speed and pause changed the experiment")
	}
	b = a
	b.Traffic.Workload, b.Traffic.Clients = "counter", 4
	if !experimentChanged(a, b) {
		t.Error("starting traffic did not change the experiment")
	}
	if experimentChanged(b, a) {
		t.Error("traffic stopping by itself changed the experiment")
	}
	b = a
	b.Store = "redis"
	if !experimentChanged(a, b) {
		t.Error("a store change did not change the experiment")
	}
}

// TestWaitChecksGoalsInSlices shows that a wait line checks the goals after
// every slice: a stage that holds for a moment during the wait completes,
// although it no longer holds when the wait ends.
func TestWaitChecksGoalsInSlices(t *testing.T) {
	l, err := Parse("t.md", []byte(`---
id: t
title: T
setup: [workers 2]
stages:
  - name: A few requests
    goals: [requests >= 1, requests <= 5]
solution: [traffic counter 20/s clients 1 requests 40, wait 5s]
---
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := Start(l, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Exec("traffic counter 20/s clients 1 requests 40"); err != nil {
		t.Fatal(err)
	}
	out, err := r.Exec("WAIT 5s # a comment, and any case")
	if err != nil || !strings.Contains(out, "5s passed") {
		t.Fatalf("wait: %q, %v", out, err)
	}
	if !r.Done() {
		t.Fatal("the stage held after the first slice but the wait did not see it")
	}
	if snap := c.Snapshot(); snap.Metrics.Requests != 40 {
		t.Fatalf("the test needs all 40 requests done by the end of the wait (so one check at the end would fail): %d", snap.Metrics.Requests)
	}
}

// TestStartAtResumesAStage starts a lesson at its second stage: the first
// counts as done, and the second counts from the setup.
func TestStartAtResumesAStage(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var l *Lesson
	for _, x := range ls {
		if len(x.Stages) >= 2 {
			l = x
			break
		}
	}
	c, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := StartAt(l, c, 1)
	if err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); st.Stage != 1 || st.Done || len(st.Goals) != len(l.Stages[1].Goals) {
		t.Fatalf("StartAt(1) of %s: %+v", l.ID, st)
	}
	c2, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if r2, err := StartAt(l, c2, 99); err != nil || !r2.Done() {
		t.Fatalf("StartAt past the end: done=%v, %v", r2 != nil && r2.Done(), err)
	}
}

// TestCapNotReachedDoesNotRestart: "readers == 1" with no reader yet has
// not passed its cap, so the stage does not start counting again; two
// readers pass it, and a stage that begins at a check never restarts at it.
func TestCapNotReachedDoesNotRestart(t *testing.T) {
	l, err := Parse("c.md", []byte(`---
id: c
title: C
setup: [workers 2, store local]
stages:
  - name: Two stores
    goals: [store == redis]
  - name: One reader
    goals: [readers == 1, stale_reads >= 1]
solution: [store redis]
---
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCluster(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := Start(l, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Exec("store redis"); err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); st.Stage != 1 || st.Restarted != "" {
		t.Fatalf("the second stage began at this check: stage %d, restarted %q", st.Stage+1, st.Restarted)
	}
	if _, err := r.Exec("wait 1s"); err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); st.Restarts != 0 {
		t.Fatalf("no reader yet, yet the stage counted again %d times (%q)", st.Restarts, st.Restarted)
	}
	if _, err := r.Exec("get k x4 clients 2"); err != nil {
		t.Fatal(err)
	}
	r.Exec("wait 1s")
	if st := r.Status(); st.Restarts == 0 {
		t.Fatalf("two readers passed the cap of one, yet the stage did not count again")
	}
}
