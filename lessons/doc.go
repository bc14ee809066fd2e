// Package lessons holds the lesson track of workerlab and the engine that runs it.
//
// A lesson is one Markdown file with YAML front matter (id, title, facts, setup,
// stages, hints, solution, django) followed by the lesson text. The files of the
// built-in track are embedded; a directory of the learner's own files can be
// loaded beside them. Every problem found while loading is an *Error that reads
// "file:line: message".
//
// A Run drives one lesson on a sim.Cluster: it runs the setup lines, then checks
// the current stage's goals after every batch of events. Counts in a stage are
// measured from the stage's start. A stage starts counting again when the
// experiment changes (a setting, or new traffic) and when a count it caps has
// already passed its cap, because counts only grow: "lost_updates == 0" then
// means "no lost update since you last changed something".
//
// Progress (which lessons are done, the stage reached, hints shown) is kept in a
// JSON file written atomically.
package lessons
