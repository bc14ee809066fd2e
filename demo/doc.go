// Package demo plays demo scripts at human pace: a teacher's walk through the
// lab, step by step, in front of a class.
//
// A demo is a text file, NAME.demo. Its lines are the lab's command language
// (see sim.Parse), plus four words of its own:
//
//	say TEXT       show TEXT as the caption, large over the cluster ("say" alone clears it)
//	pause          wait for the presenter (→ or space); the clock stops meanwhile
//	expect COND    a claim about this step, checked by `workerlab demo check`:
//	               COND is a lesson goal such as "stale_reads >= 1", counted
//	               from the start of the step (the previous pause)
//	# title: TEXT  in the comment lines at the top: the demo's title, and
//	# about: TEXT  a one-line summary, and the seed of its cluster
//	# seed: N      (default 1)
//
// Lines between two pauses form a step. A wait line lets its virtual time
// pass at the cluster's speed, so a demo paces itself instead of running to
// the end before the first frame. The simulation is deterministic, so a step
// reached by replaying from the seed is the step the class saw: the previous
// step is one replay away.
//
// Player is the stepping engine; Parse, LoadFile, LoadDir and Builtin read
// demos; Check plays one to the end and proves its expect lines.
package demo
