package lessons

import (
	"fmt"
	"strings"

	"github.com/workerlab/workerlab/sim"
)

// Prove shows that a lesson can be failed and solved on a fresh cluster with
// the given seed: after the setup alone no stage's goals hold, and playing the
// solution, run line by line through Run.Exec as the lesson console runs
// them, completes every stage in order. newCluster is usually NewCluster.
func Prove(l *Lesson, seed uint64, newCluster func(uint64) (sim.Cluster, error)) error {
	c, err := newCluster(seed)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := Start(l, c)
	if err != nil {
		return err
	}
	setup := c.Snapshot()
	for i, st := range l.Stages {
		if _, all := r.measureFrom(st, &setup, &setup); all {
			return errAt(l.File, st.Line, "stage %d %q already holds after the setup alone (seed %d); a lesson must be possible to fail", i+1, st.Name, seed)
		}
	}
	live := setup.Live
	for _, ln := range l.Solution {
		if _, err := r.Exec(ln.Text); err != nil {
			return errAt(l.File, ln.Line, "solution line %q: %s", ln.Text, lineMsg(err))
		}
		if live {
			r.Check() // a live cluster's Exec checks nothing: look after each line, as the lesson screen does
		}
	}
	if !r.Done() {
		st := l.Stages[r.stage]
		var failing []string
		for _, g := range r.Status().Goals {
			if !g.Holds {
				failing = append(failing, fmt.Sprintf("%s (measured %s)", g.Goal.Text, g.Value))
			}
		}
		return errAt(l.File, st.Line, "the solution does not complete stage %d %q (seed %d): %s", r.stage+1, st.Name, seed, strings.Join(failing, ", "))
	}
	return nil
}

// measureFrom evaluates a stage's goals on cur counted from base.
func (r *Run) measureFrom(st Stage, cur, base *sim.Snapshot) ([]GoalStatus, bool) {
	out := make([]GoalStatus, len(st.Goals))
	all := true
	for i, g := range st.Goals {
		ok, v := g.Eval(cur, base)
		out[i] = GoalStatus{Goal: g, Holds: ok, Value: v}
		all = all && ok
	}
	return out, all
}
