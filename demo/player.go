package demo

import (
	"errors"
	"fmt"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// Cluster is what a demo plays on: a simulated cluster that also runs parsed
// commands (so a wait can pass in slices, one per frame).
type Cluster interface {
	sim.Cluster
	Apply(c sim.Command) (string, error)
}

// NewCluster starts a fresh simulated cluster with the given seed, without a
// network listener.
func NewCluster(seed uint64) (Cluster, error) {
	s, err := sim.New(sim.Config{Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("starting the demo's cluster with seed %d: %w", seed, err)
	}
	return s, nil
}

// State is where a Player is.
type State uint8

// States of a Player.
const (
	Playing State = iota + 1 // running a step's lines; wait lines take their time
	Paused                   // at a pause (or at the start): waiting for Next
	Ended                    // every line has run
	Failed                   // a line failed; Err says which
)

// Player steps through a demo on its own cluster. Tick lets a step's wait
// lines pass at the cluster's speed; Next finishes a step or starts the next
// one; Prev and Restart replay from the seed. It is not safe for concurrent
// use: the screen's update loop drives it.
type Player struct {
	demo       *Demo
	seed       uint64
	newCluster func(seed uint64) (Cluster, error)

	cluster  Cluster
	gen      int // bumped each time the cluster is replaced
	state    State
	pc       int           // next line to run
	passed   int           // pauses passed since the start
	waitLeft time.Duration // virtual time left of the wait line being played
	waitLine int           // index of that wait line
	speed    float64       // virtual seconds per wall second
	caption  string
	last     string       // the last command line run
	reply    string       // what it answered
	base     sim.Snapshot // where the step's expect lines count from
	checking bool         // expect lines are evaluated (Check)
	err      error
}

// NewPlayer starts d on a fresh cluster from seed (0: the demo's own seed)
// and starts playing its first step. newCluster is usually NewCluster.
func NewPlayer(d *Demo, seed uint64, newCluster func(uint64) (Cluster, error)) (*Player, error) {
	if seed == 0 {
		seed = d.Seed
	}
	p := &Player{demo: d, seed: seed, newCluster: newCluster}
	if err := p.reset(); err != nil {
		return nil, err
	}
	p.startStep()
	return p, nil
}

// Demo returns the demo being played.
func (p *Player) Demo() *Demo { return p.demo }

// Cluster returns the cluster the demo plays on. Prev and Restart replace
// it: compare Generation to notice.
func (p *Player) Cluster() Cluster { return p.cluster }

// Generation counts the clusters the player has started.
func (p *Player) Generation() int { return p.gen }

// State returns where the player is.
func (p *Player) State() State { return p.state }

// Err returns the failure that stopped the demo (nil unless Failed).
func (p *Player) Err() error { return p.err }

// Caption returns the caption of the last say line.
func (p *Player) Caption() string { return p.caption }

// LastLine returns the last command line run and its reply. While a wait
// plays, it is that wait.
func (p *Player) LastLine() (line, reply string) { return p.last, p.reply }

// WaitLeft returns the virtual time left of the wait playing now (0 if none).
func (p *Player) WaitLeft() time.Duration { return p.waitLeft }

// Step returns the step playing (or just played), 1-based, and how many the
// demo has. At the start, before anything ran, it is 0.
func (p *Player) Step() (n, total int) {
	switch {
	case p.state == Paused:
		return p.passed, p.demo.Steps
	case p.state == Ended:
		return p.demo.Steps, p.demo.Steps
	}
	return p.passed + 1, p.demo.Steps
}

// Speed returns the virtual seconds that pass per wall second.
func (p *Player) Speed() float64 { return p.speed }

// Tick lets wall time pass: a wait line playing now advances by wall ×
// speed, and the lines after it run as they are reached. It reports whether
// anything ran. Nothing runs unless the player is Playing.
func (p *Player) Tick(wall time.Duration) bool {
	if p.state != Playing || wall <= 0 {
		return false
	}
	budget := time.Duration(float64(wall) * p.speed)
	p.play(max(budget, 1))
	return true
}

// Next finishes the step playing (its waits pass at once and it stops at its
// pause), or, at a pause, starts the next step.
func (p *Player) Next() {
	switch p.state {
	case Playing:
		p.play(-1)
	case Paused:
		p.startStep()
	}
}

// Prev goes back to the pause before the step playing now, or to the pause
// before that when already at one, by replaying the demo from its seed on a
// fresh cluster. At the start it stays there.
func (p *Player) Prev() error {
	target := p.passed
	if p.state == Paused {
		target = max(p.passed-1, 0)
	}
	return p.goTo(target)
}

// Restart starts the demo over on a fresh cluster and plays its first step.
func (p *Player) Restart() error {
	if err := p.reset(); err != nil {
		return err
	}
	p.startStep()
	return nil
}

// Close releases the cluster.
func (p *Player) Close() error {
	if p.cluster == nil {
		return nil
	}
	return p.cluster.Close()
}

// goTo replays from the seed to the pause after passed pauses (0: the start,
// nothing run yet), and waits there.
func (p *Player) goTo(passed int) error {
	if err := p.reset(); err != nil {
		return err
	}
	for p.passed < passed && p.state == Paused {
		p.startStep()
		p.play(-1)
	}
	return nil
}

// reset closes the cluster and starts a fresh one at the start of the demo.
func (p *Player) reset() error {
	c, err := p.newCluster(p.seed)
	if err != nil {
		return err
	}
	if p.cluster != nil {
		p.cluster.Close()
	}
	p.cluster = c
	p.gen++
	p.state, p.pc, p.passed = Paused, 0, 0
	p.waitLeft, p.caption, p.last, p.reply, p.err = 0, "", "", "", nil
	p.speed = c.Snapshot().Settings.Speed
	if p.speed <= 0 {
		p.speed = 1
	}
	p.setClock(false)
	return nil
}

// startStep plays the next step, counting its expect lines from now. Its
// lines up to the first wait run at once, so the step's caption shows as
// soon as it starts.
func (p *Player) startStep() {
	p.state = Playing
	p.setClock(true)
	p.base = p.cluster.Snapshot()
	p.play(0)
}

// setClock shows on the cluster whether the demo's clock runs: paused
// between steps, so a screen drawing the cluster says so. The demo moves
// time itself (Tick), so this changes nothing else.
func (p *Player) setClock(running bool) {
	verb := "pause"
	if running {
		verb = "resume"
	}
	p.cluster.Apply(sim.Command{Verb: verb}) // setting a flag cannot fail
}

// play runs lines until a pause, the end, a failure, or until budget of
// virtual time has passed in wait lines (budget < 0: no limit).
func (p *Player) play(budget time.Duration) {
	for p.state == Playing {
		if p.waitLeft > 0 {
			if budget == 0 {
				return
			}
			d := p.waitLeft
			if budget > 0 && budget < d {
				d = budget
			}
			if _, err := p.cluster.Apply(sim.Command{Verb: "wait", Dur: d}); err != nil {
				p.fail(p.demo.Lines[p.waitLine], err)
				return
			}
			p.waitLeft -= d
			if budget > 0 {
				budget -= d
			}
			continue
		}
		if p.pc >= len(p.demo.Lines) {
			p.state = Ended
			p.setClock(false)
			return
		}
		i := p.pc
		ln := p.demo.Lines[i]
		p.pc++
		switch ln.Kind {
		case Say:
			p.caption = ln.Text
		case Pause:
			p.passed++
			p.state = Paused
			p.setClock(false)
		case Expect:
			if p.checking { // a presentation only shows what happens
				cur := p.cluster.Snapshot()
				if ok, v := ln.Expect.Eval(&cur, &p.base); !ok {
					p.fail(ln, fmt.Errorf("measured %s, counted from the start of step %d", v, p.passed+1))
					return
				}
			}
		case Command:
			p.last, p.reply = ln.Text, ""
			if ln.Cmd.Verb == "wait" {
				p.waitLeft, p.waitLine = ln.Cmd.Dur, i
				continue
			}
			out, err := p.cluster.Apply(ln.Cmd)
			if err != nil {
				p.fail(ln, err)
				return
			}
			p.reply = out
			if ln.Cmd.Verb == "speed" {
				p.speed = ln.Cmd.Factor
			}
		}
	}
}

// fail stops the demo at ln with err.
func (p *Player) fail(ln Line, err error) {
	msg := err.Error()
	var le *sim.LineError
	if errors.As(err, &le) {
		msg = le.Msg
	}
	p.err = errAt(p.demo.File, ln.Num, "%s: %s", ln.Text, msg)
	p.state = Failed
	p.waitLeft = 0
}
