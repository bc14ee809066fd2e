package lessons

import (
	"fmt"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// Slice is how much virtual time passes between two goal checks while a
// "wait" line runs, wherever it runs: the lesson console, a solution, Prove.
const Slice = 100 * time.Millisecond

// Run is one attempt at a lesson on one cluster.
type Run struct {
	lesson    *Lesson
	cluster   sim.Cluster
	stage     int          // index of the current stage; len(Stages) when finished
	base      sim.Snapshot // where the current stage's counts start
	prev      sim.Settings // settings at the previous check
	restarts  int          // times the current stage started counting again
	completed []int        // stages completed by the last check
	restarted string       // why the current stage started over at the last check
	goals     []GoalStatus // the current stage's goals at the last check
}

// GoalStatus is one goal of the current stage as last measured.
type GoalStatus struct {
	Goal  Condition
	Holds bool
	Value sim.Value // measured from the stage's start
}

// Status is what a lesson screen shows: the current stage and its goals.
type Status struct {
	Stage     int          // current stage index; equals Total when the lesson is done
	Total     int          // number of stages
	Done      bool         // every stage is complete
	Goals     []GoalStatus // the current stage's goals (nil when done)
	Completed []int        // stages completed by the last check, in order
	Restarted string       // why the current stage started counting again at the last check
	Restarts  int          // how many times the current stage started counting again
}

// Start runs the lesson's setup on cluster (which should be fresh: its
// settings then configure the launch, so workers are numbered from 1) and
// starts the first stage from the resulting snapshot.
func Start(l *Lesson, cluster sim.Cluster) (*Run, error) {
	return StartAt(l, cluster, 0)
}

// StartAt is Start for a learner who already reached stage (0-based): the
// earlier stages count as done and the current one counts from the setup.
// A stage past the last one starts the lesson done.
func StartAt(l *Lesson, cluster sim.Cluster, stage int) (*Run, error) {
	for _, ln := range l.Setup {
		if _, err := cluster.Exec(ln.Text); err != nil {
			return nil, errAt(l.File, ln.Line, "setup line %q: %s", ln.Text, lineMsg(err))
		}
	}
	snap := cluster.Snapshot()
	r := &Run{lesson: l, cluster: cluster, base: snap, prev: snap.Settings, stage: min(max(stage, 0), len(l.Stages))}
	r.Observe(&snap)
	return r, nil
}

// Lesson returns the lesson being run.
func (r *Run) Lesson() *Lesson { return r.lesson }

// Cluster returns the cluster the lesson runs on.
func (r *Run) Cluster() sim.Cluster { return r.cluster }

// Stage returns the index of the current stage (len(Stages) when done).
func (r *Run) Stage() int { return r.stage }

// Done reports whether every stage is complete.
func (r *Run) Done() bool { return r.stage >= len(r.lesson.Stages) }

// Base returns the snapshot the current stage counts from.
func (r *Run) Base() sim.Snapshot { return r.base }

// Check takes a snapshot of the cluster and checks the current stage.
func (r *Run) Check() Status {
	snap := r.cluster.Snapshot()
	return r.Observe(&snap)
}

// Observe checks the current stage against cur, a snapshot taken after a
// batch of events. When every goal holds the stage completes and the next one
// starts from cur (and is checked at once: a stage of settings alone may
// complete in the same call). Otherwise the stage starts counting again from
// cur when the experiment changed or when a capped count passed its cap.
func (r *Run) Observe(cur *sim.Snapshot) Status {
	r.completed = r.completed[:0]
	r.restarted = ""
	stages := r.lesson.Stages
	for r.stage < len(stages) {
		goals, all := r.measure(stages[r.stage], cur)
		r.goals = goals
		if all {
			r.completed = append(r.completed, r.stage)
			r.stage++
			r.base = *cur
			r.restarts = 0
			continue
		}
		// A stage that began at this check already counts from cur.
		if why := r.restartReason(goals, cur); why != "" && len(r.completed) == 0 {
			r.base = *cur
			r.restarted = why
			r.restarts++
			r.goals, _ = r.measure(stages[r.stage], cur)
		}
		break
	}
	if r.Done() {
		r.goals = nil
	}
	r.prev = cur.Settings
	return r.Status()
}

func (r *Run) measure(st Stage, cur *sim.Snapshot) ([]GoalStatus, bool) {
	return r.measureFrom(st, cur, &r.base)
}

func (r *Run) restartReason(goals []GoalStatus, cur *sim.Snapshot) string {
	if experimentChanged(r.prev, cur.Settings) {
		return "the setup changed, so this stage counts from now"
	}
	for _, g := range goals {
		// A capped count starts over only once it passed its cap: a count
		// still below "readers == 1" has not failed, it has not arrived.
		under := g.Goal.Op == "==" && !g.Value.IsWord && g.Value.Num < g.Goal.Want.Num
		if !g.Holds && g.Goal.capsCount() && !under {
			return fmt.Sprintf("%s reached %s (goal: %s), so this stage counts again from now", g.Goal.Metric, g.Value, g.Goal.Text)
		}
	}
	return ""
}

// experimentChanged reports whether the settings that shape an experiment
// changed between two checks. Speed and pause do not count, and neither does
// traffic stopping by itself (a generator that reached its request limit).
func experimentChanged(prev, cur sim.Settings) bool {
	prev.Speed, cur.Speed = 0, 0
	prev.Paused, cur.Paused = false, false
	if cur.Traffic.Workload == "" {
		cur.Traffic = prev.Traffic
	}
	return prev != cur
}

// Status returns the result of the last check.
func (r *Run) Status() Status {
	return Status{
		Stage:     r.stage,
		Total:     len(r.lesson.Stages),
		Done:      r.Done(),
		Goals:     append([]GoalStatus(nil), r.goals...),
		Completed: append([]int(nil), r.completed...),
		Restarted: r.restarted,
		Restarts:  r.restarts,
	}
}

// Exec runs one command line as the learner typed it, then checks the
// current stage. A "wait D" line lets D of virtual time pass in slices of
// Slice with a check after each, so a goal that holds for a moment during
// the wait is seen; any other line runs on the cluster. The lesson console,
// the solution and Prove all run lines through here.
//
// On a live cluster (real processes) every line, wait included, goes to the
// cluster, which may block for real time, and nothing is checked: the
// caller runs the line off its event loop and observes the cluster after.
func (r *Run) Exec(line string) (string, error) {
	cmd, err := sim.Parse(line)
	if err != nil {
		return "", err
	}
	live := r.cluster.Snapshot().Live
	if live {
		return r.cluster.Exec(line)
	}
	if cmd.Verb == "wait" {
		n := sim.Wait(r.cluster, cmd.Dur, Slice, func() { r.Check() })
		return sim.WaitReply(cmd.Dur, n), nil
	}
	out, err := r.cluster.Exec(line)
	if err != nil {
		return out, err
	}
	r.Check()
	return out, nil
}
