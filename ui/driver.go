package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// Defaults of the animation loop.
const (
	// tickInterval is the wall time between two ticks (20 frames a second).
	tickInterval = 50 * time.Millisecond
	// maxEventsPerTick bounds the work of one tick so Update stays short.
	maxEventsPerTick = 4000
)

// tickMsg drives the animation loop; gen tags the loop it belongs to.
type tickMsg struct{ gen int }

// IsTick reports whether msg is the animation tick that advances a screen's
// cluster. A wrapper that holds the tick (the classroom does, while a
// student looks away) stops the clock until it hands the tick back.
func IsTick(msg tea.Msg) bool {
	_, ok := msg.(tickMsg)
	return ok
}

// driver runs a sim.Cluster for a screen: it advances virtual time from a
// tea.Tick loop tagged with a generation, in bounded slices, keeps the latest
// Snapshot and collects new events. It never ticks while the cluster is paused.
type driver struct {
	// Interval is the wall time between ticks.
	Interval time.Duration
	// MaxEventsPerTick caps the events one tick may run.
	MaxEventsPerTick int

	cluster sim.Cluster
	exec    execFunc // how a line runs on a simulated cluster
	snap    sim.Snapshot
	seq     uint64
	fresh   []sim.Event // events not yet taken
	gen     int
	armed   bool   // a tick of generation gen is in flight
	ticks   int    // ticks that advanced the cluster
	lastRan int    // events the last tick ran
	epoch   uint64 // the cluster's timeline epoch when the events were taken
	rewound bool   // the cluster went back: the events taken so far are void
}

// execFunc runs one command-language line and returns its reply.
type execFunc func(line string) (string, error)

// newDriver returns a driver for c with the default loop settings. Lines run
// through exec (a lesson's Run.Exec, which checks the goals as the line
// runs); nil runs them with c.Exec. A live cluster's lines always run with
// c.Exec, in a command (see Exec).
func newDriver(c sim.Cluster, exec execFunc) *driver {
	if exec == nil {
		exec = c.Exec
	}
	d := &driver{Interval: tickInterval, MaxEventsPerTick: maxEventsPerTick, cluster: c, exec: exec}
	d.refresh()
	return d
}

// Cluster returns the driven cluster.
func (d *driver) Cluster() sim.Cluster { return d.cluster }

// Snapshot returns the latest snapshot.
func (d *driver) Snapshot() sim.Snapshot { return d.snap }

// Ticks returns how many ticks advanced the cluster so far.
func (d *driver) Ticks() int { return d.ticks }

// Running reports whether the animation loop is armed.
func (d *driver) Running() bool { return d.armed }

// TakeEvents returns the events logged since the last call, oldest first.
func (d *driver) TakeEvents() []sim.Event {
	evs := d.fresh
	d.fresh = nil
	return evs
}

// TakeRewound reports, once, that the cluster went back along its timeline
// since the last call: the events taken before are not its past any more.
func (d *driver) TakeRewound() bool {
	r := d.rewound
	d.rewound = false
	return r
}

// Init starts the loop unless the cluster is paused.
func (d *driver) Init() tea.Cmd { return d.sync() }

// Update handles the driver's tick. It reports whether the snapshot changed.
func (d *driver) Update(msg tea.Msg) (tea.Cmd, bool) {
	t, ok := msg.(tickMsg)
	if !ok {
		return nil, false
	}
	if t.gen != d.gen || !d.armed {
		return nil, false // a tick from an older loop: drop it
	}
	d.armed = false
	if d.snap.Settings.Paused {
		return nil, false
	}
	speed := d.snap.Settings.Speed
	if speed <= 0 {
		speed = 1
	}
	d.lastRan = d.cluster.Advance(time.Duration(float64(d.Interval)*speed), d.MaxEventsPerTick)
	d.ticks++
	d.refresh()
	return d.sync(), true
}

// execDoneMsg carries the reply of a line that ran in the background (a live
// cluster's lines send real HTTP requests, which must not block Update).
type execDoneMsg struct {
	Line string
	Out  string
	Err  error
}

// Exec runs one command-language line and refreshes the snapshot. The
// returned command (re)starts or stops the loop if the line paused or
// resumed time. On a live cluster the line runs with the cluster's own Exec
// in the returned command instead (real HTTP must not block Update, and
// nothing else may touch the screen's state from that goroutine), which
// answers with an execDoneMsg; out then says it is running.
func (d *driver) Exec(line string) (string, tea.Cmd, error) {
	if d.snap.Live {
		c := d.cluster
		return textSending + line, func() tea.Msg {
			out, err := c.Exec(line)
			return execDoneMsg{Line: line, Out: out, Err: err}
		}, nil
	}
	out, err := d.exec(line)
	d.refresh()
	return out, d.sync(), err
}

// Done takes the reply of a background line: it refreshes the snapshot and
// returns the loop command, as Exec does.
func (d *driver) Done(execDoneMsg) tea.Cmd {
	d.refresh()
	return d.sync()
}

// Step runs one pending event, reporting whether there was one.
func (d *driver) Step() bool {
	ok := d.cluster.Step()
	d.refresh()
	return ok
}

// sync arms a new loop when time runs and none is armed; a paused cluster
// orphans any tick in flight.
func (d *driver) sync() tea.Cmd {
	if d.snap.Settings.Paused {
		if d.armed {
			d.gen++
			d.armed = false
		}
		return nil
	}
	if d.armed {
		return nil
	}
	d.gen++
	d.armed = true
	gen := d.gen
	return tea.Tick(d.Interval, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// refresh takes a new snapshot and pulls the new events.
func (d *driver) refresh() {
	d.snap = d.cluster.Snapshot()
	if e := d.snap.Timeline.Epoch; e != d.epoch { // the log went back: take it again
		d.epoch, d.seq, d.fresh, d.rewound = e, 0, nil, true
	}
	{
		n := len(d.fresh)
		d.fresh = d.cluster.EventsSince(d.seq, d.fresh)
		if len(d.fresh) > n {
			d.seq = d.fresh[len(d.fresh)-1].Seq
		}
	}
	if over := len(d.fresh) - logCapacity; over > 0 {
		d.fresh = append(d.fresh[:0], d.fresh[over:]...)
	}
}
