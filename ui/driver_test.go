package ui

import (
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

func newTestDriver(t *testing.T) *driver {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return newDriver(s, nil)
}

func TestDriverTickAdvancesIntervalTimesSpeed(t *testing.T) {
	d := newTestDriver(t)
	if cmd := d.Init(); cmd == nil || !d.Running() {
		t.Fatal("Init did not start the loop")
	}
	if _, _, err := d.Exec("speed 4"); err != nil {
		t.Fatal(err)
	}
	before := d.Snapshot().Now
	cmd, changed := d.Update(tickMsg{gen: d.gen})
	if !changed || cmd == nil {
		t.Fatalf("a current tick: changed=%v cmd=%v", changed, cmd != nil)
	}
	if got, want := d.Snapshot().Now-before, 4*tickInterval; got != want {
		t.Errorf("one tick at speed 4 advanced %v, want %v", got, want)
	}
}

func TestDriverDropsStaleTicks(t *testing.T) {
	d := newTestDriver(t)
	d.Init()
	old := d.gen
	// Pause then resume: the tick of the first loop is still in flight.
	if _, _, err := d.Exec("pause"); err != nil {
		t.Fatal(err)
	}
	if d.Running() {
		t.Fatal("the loop runs while paused")
	}
	if cmd, changed := d.Update(tickMsg{gen: old}); cmd != nil || changed {
		t.Fatal("a tick was handled while paused")
	}
	_, cmd, err := d.Exec("resume")
	if err != nil || cmd == nil {
		t.Fatalf("resume: cmd=%v err=%v", cmd != nil, err)
	}
	now := d.Snapshot().Now
	if cmd, changed := d.Update(tickMsg{gen: old}); cmd != nil || changed || d.Snapshot().Now != now {
		t.Fatal("a tick from the old loop advanced time (two loops would run)")
	}
	if _, changed := d.Update(tickMsg{gen: d.gen}); !changed || d.Snapshot().Now == now {
		t.Fatal("the new loop's tick did not advance time")
	}
	// Resuming twice does not start a second loop.
	if _, cmd, _ := d.Exec("resume"); cmd != nil {
		t.Error("resume while running armed a second loop")
	}
}

func TestDriverBoundsOneTick(t *testing.T) {
	d := newTestDriver(t)
	d.MaxEventsPerTick = 50
	for _, l := range []string{"workers 64", "traffic counter 100000/s clients 64", "speed 1000"} {
		if _, _, err := d.Exec(l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
	d.Init()
	d.Update(tickMsg{gen: d.gen})
	if d.lastRan != 50 {
		t.Errorf("a tick under heavy traffic ran %d events, want the cap 50", d.lastRan)
	}
	evs := d.TakeEvents()
	if len(evs) == 0 {
		t.Fatal("no events after a tick under heavy traffic")
	}
	// The cap stops the tick early: virtual time stays far short of 50 ms × 1000.
	if got := d.Snapshot().Now; got >= 50*time.Second {
		t.Errorf("a capped tick advanced to %v", got)
	}
}
