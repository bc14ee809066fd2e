package ui

import (
	"testing"
	"time"
)

// TestLearnFrameKeepsTheSpeed: with a longer frame (the classroom's), a
// lesson's cluster ticks less often and moves further per tick, so virtual
// time still passes at the speed shown.
func TestLearnFrameKeepsTheSpeed(t *testing.T) {
	for _, frame := range []time.Duration{0, 100 * time.Millisecond} {
		f := newLearnFixture(t, 80, 24)
		f.m.cfg.Frame = frame
		f.keys("enter")
		want := tickInterval
		if frame > 0 {
			want = frame
		}
		if f.m.driver.Interval != want {
			t.Fatalf("frame %v: the driver ticks every %v, want %v", frame, f.m.driver.Interval, want)
		}
		before := f.m.driver.Snapshot().Now
		f.update(tickMsg{gen: f.m.driver.gen})
		if moved := f.m.driver.Snapshot().Now - before; moved != want {
			t.Errorf("frame %v: one tick moved virtual time %v, want %v at speed 1", frame, moved, want)
		}
	}
}
