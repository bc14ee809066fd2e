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
	if _, err := r.Play("incr hits x200 clients 8"); err != nil {
		t.Fatal(err)
	}
	restarted := false
	for i := 0; i < 50 && !restarted; i++ {
		r.Play("wait 100ms")
		st := r.Status()
		restarted = strings.Contains(st.Restarted, "lost_updates reached")
	}
	if !restarted || r.Done() {
		t.Fatalf("stage did not start over after a lost update (done=%v)", r.Done())
	}
	// With the lock on, the next 100 increments complete it.
	for _, line := range l.Solution {
		if _, err := r.Play(line.Text); err != nil {
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
