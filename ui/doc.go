// Package ui draws a sim.Cluster in the terminal with Bubble Tea v2: the
// sandbox (Sandbox, `workerlab sandbox`), the lesson track (Learn,
// `workerlab learn`, also served to each student by `workerlab classroom`)
// and the presenter (Presenter, `workerlab demo`). They are root models;
// everything else is unexported.
//
// # Structure
//
// The roots embed one bench, the way soft-serve's pages share a
// common.Common: the keymap (keys.go), the styles (styles.go), a driver that
// runs the cluster, the panes drawn from its snapshots (cards, traffic log,
// metrics, console, Django panel) and the way a console line runs. A root
// adds only its layout and its own keys. Every pane draws exactly the size
// it is given, renders when its input changes (so View only joins strings),
// and every user-facing string lives in text.go.
//
// The driver's loop is a tea.Tick tagged with a generation (STYLE.md 7.3): a
// tick from an older loop is dropped, nothing ticks while the cluster is
// paused, and each tick advances virtual time by interval × speed but runs
// at most maxEventsPerTick events, so Update never blocks for long. A
// lesson's console lines run through lessons.Run.Exec, the same code that
// proves the lesson solvable; a live cluster's lines run in a command.
//
// The presenter's clock is its demo.Player's: the bench's driver only reads
// the cluster, and the presenter's own tick lets the player's wait lines
// pass at the cluster's speed.
//
// See Example (example_test.go) for how a program runs a screen.
package ui
