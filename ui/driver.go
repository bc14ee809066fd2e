package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// Defaults of the animation loop.
const (
	// DefaultInterval is the wall time between two ticks (20 frames a second).
	DefaultInterval = 50 * time.Millisecond
	// DefaultMaxEventsPerTick bounds the work of one tick so Update stays short.
	DefaultMaxEventsPerTick = 4000
)

// tickMsg drives the animation loop; gen tags the loop it belongs to.
type tickMsg struct{ gen int }

// IsTick reports whether msg is the Driver's animation tick.
func IsTick(msg tea.Msg) bool {
	_, ok := msg.(tickMsg)
	return ok
}

// Driver runs a sim.Cluster for a screen: it advances virtual time from a
// tea.Tick loop tagged with a generation, in bounded slices, keeps the latest
// Snapshot and collects new events. It never ticks while the cluster is paused.
type Driver struct {
	// Interval is the wall time between ticks.
	Interval time.Duration
	// MaxEventsPerTick caps the events one tick may run.
	MaxEventsPerTick int

	cluster sim.Cluster
	snap    sim.Snapshot
	seq     uint64
	fresh   []sim.Event // events not yet taken
	gen     int
	armed   bool // a tick of generation gen is in flight
	ticks   int  // ticks that advanced the cluster
	lastRan int  // events the last tick ran
}

// NewDriver returns a driver for c with the default loop settings.
func NewDriver(c sim.Cluster) *Driver {
	d := &Driver{Interval: DefaultInterval, MaxEventsPerTick: DefaultMaxEventsPerTick, cluster: c}
	d.refresh()
	return d
}

// Cluster returns the driven cluster.
func (d *Driver) Cluster() sim.Cluster { return d.cluster }

// Snapshot returns the latest snapshot.
func (d *Driver) Snapshot() sim.Snapshot { return d.snap }

// Ticks returns how many ticks advanced the cluster so far.
func (d *Driver) Ticks() int { return d.ticks }

// Running reports whether the animation loop is armed.
func (d *Driver) Running() bool { return d.armed }

// TakeEvents returns the events logged since the last call, oldest first.
func (d *Driver) TakeEvents() []sim.Event {
	evs := d.fresh
	d.fresh = nil
	return evs
}

// Init starts the loop unless the cluster is paused.
func (d *Driver) Init() tea.Cmd { return d.sync() }

// Update handles the driver's tick. It reports whether the snapshot changed.
func (d *Driver) Update(msg tea.Msg) (tea.Cmd, bool) {
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

// ExecDoneMsg carries the reply of a line that ran in the background (a live
// cluster's lines send real HTTP requests, which must not block Update).
type ExecDoneMsg struct {
	Line string
	Out  string
	Err  error
}

// Exec runs one command-language line and refreshes the snapshot. The
// returned command (re)starts or stops the loop if the line paused or
// resumed time. On a live cluster the line runs in the returned command
// instead, which answers with an ExecDoneMsg; out then says it is running.
func (d *Driver) Exec(line string) (string, tea.Cmd, error) {
	if d.snap.Live {
		c := d.cluster
		return textSending + line, func() tea.Msg {
			out, err := c.Exec(line)
			return ExecDoneMsg{Line: line, Out: out, Err: err}
		}, nil
	}
	out, err := d.cluster.Exec(line)
	d.refresh()
	return out, d.sync(), err
}

// Done takes the reply of a background line: it refreshes the snapshot and
// returns the loop command, as Exec does.
func (d *Driver) Done(ExecDoneMsg) tea.Cmd {
	d.refresh()
	return d.sync()
}

// Step runs one pending event, reporting whether there was one.
func (d *Driver) Step() bool {
	ok := d.cluster.Step()
	d.refresh()
	return ok
}

// sync arms a new loop when time runs and none is armed; a paused cluster
// orphans any tick in flight.
func (d *Driver) sync() tea.Cmd {
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
func (d *Driver) refresh() {
	d.snap = d.cluster.Snapshot()
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
