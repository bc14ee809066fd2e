package demo

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// mustParse parses src as a demo called t.demo.
func mustParse(t *testing.T, src string) *Demo {
	t.Helper()
	d, err := Parse("t.demo", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mustPlayer starts d from seed.
func mustPlayer(t *testing.T, d *Demo, seed uint64) *Player {
	t.Helper()
	p, err := NewPlayer(d, seed, NewCluster)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// picture is what a pause point shows: the snapshot and every event.
type picture struct {
	snap    sim.Snapshot
	events  []sim.Event
	caption string
}

func pictureOf(p *Player) picture {
	return picture{p.Cluster().Snapshot(), p.Cluster().EventsSince(0, nil), p.Caption()}
}

// TestPacedPlayEqualsReplay plays the talk in frames of random length, as a
// screen does, and checks that every pause point shows exactly what a replay
// from the seed to that pause shows: the previous step is one replay away.
func TestPacedPlayEqualsReplay(t *testing.T) {
	d := builtin(t, Talk)
	for seed := uint64(1); seed <= 5; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		live := mustPlayer(t, d, seed)
		var seen []picture
		for live.State() != Ended {
			switch live.State() {
			case Playing:
				live.Tick(time.Duration(1+rng.IntN(200)) * time.Millisecond)
			case Paused:
				seen = append(seen, pictureOf(live))
				live.Next()
			case Failed:
				t.Fatalf("seed %d: %v", seed, live.Err())
			}
		}
		if len(seen) != d.Steps-1 {
			t.Fatalf("seed %d: %d pauses, want %d", seed, len(seen), d.Steps-1)
		}
		replay := mustPlayer(t, d, seed)
		for k := len(seen) - 1; k >= 0; k-- {
			if err := replay.goTo(k + 1); err != nil { // seen[k] is the pause after step k+1
				t.Fatal(err)
			}
			if got := pictureOf(replay); !reflect.DeepEqual(got, seen[k]) {
				t.Fatalf("seed %d: pause %d differs between paced play (t=%v, %d events) and replay (t=%v, %d events)",
					seed, k, seen[k].snap.Now, len(seen[k].events), got.snap.Now, len(got.events))
			}
		}
	}
}

func TestTickPacesWaits(t *testing.T) {
	p := mustPlayer(t, mustParse(t, "workers 2\nwait 2s\nsay after\nspeed 4\nwait 4s\nsay done\n"), 1)
	p.Tick(time.Second)
	if now := p.Cluster().Snapshot().Now; now != time.Second || p.Caption() != "" || p.WaitLeft() != time.Second {
		t.Fatalf("after 1s of wall time: now %v, caption %q, wait left %v; want 1s, none, 1s", now, p.Caption(), p.WaitLeft())
	}
	p.Tick(time.Second)
	if p.Caption() != "after" || p.Speed() != 4 {
		t.Fatalf("after 2s: caption %q speed %g; want the line after the wait to have run", p.Caption(), p.Speed())
	}
	p.Tick(500 * time.Millisecond) // at speed 4: 2s of the 4s wait
	if now := p.Cluster().Snapshot().Now; now != 4*time.Second {
		t.Fatalf("now %v, want 4s (2s + 0.5s wall at speed 4)", now)
	}
	p.Tick(500 * time.Millisecond)
	if p.State() != Ended || p.Caption() != "done" {
		t.Fatalf("state %v caption %q, want ended with the last caption", p.State(), p.Caption())
	}
	if p.Tick(time.Second) {
		t.Error("an ended demo ticked")
	}
}

func TestNextPrevRestart(t *testing.T) {
	d := mustParse(t, "say one\nwait 10s\npause\nsay two\nwait 10s\npause\nsay three\nwait 10s\n")
	p := mustPlayer(t, d, 1)
	at := func(state State, step int, caption string, now time.Duration) {
		t.Helper()
		n, total := p.Step()
		if p.State() != state || n != step || total != 3 || p.Caption() != caption || p.Cluster().Snapshot().Now != now {
			t.Fatalf("at state %v step %d/%d caption %q t=%v; want state %v step %d/3 caption %q t=%v",
				p.State(), n, total, p.Caption(), p.Cluster().Snapshot().Now, state, step, caption, now)
		}
	}
	at(Playing, 1, "one", 0) // the caption shows as the step starts
	p.Tick(time.Second)
	at(Playing, 1, "one", time.Second)
	p.Next() // finish the step
	at(Paused, 1, "one", 10*time.Second)
	p.Tick(time.Second) // the clock stops at a pause
	at(Paused, 1, "one", 10*time.Second)
	p.Next() // start step 2
	p.Tick(2 * time.Second)
	at(Playing, 2, "two", 12*time.Second)
	gen := p.Generation()
	if err := p.Prev(); err != nil { // back to the pause before step 2
		t.Fatal(err)
	}
	at(Paused, 1, "one", 10*time.Second)
	if p.Generation() == gen {
		t.Error("Prev replayed on the same cluster")
	}
	p.Prev() // to the start
	at(Paused, 0, "", 0)
	p.Prev() // stays at the start
	at(Paused, 0, "", 0)
	p.Next()
	p.Next()
	p.Next()
	p.Next()
	p.Next()
	p.Next()
	at(Ended, 3, "three", 30*time.Second)
	p.Prev() // from the end: the last pause
	at(Paused, 2, "two", 20*time.Second)
	p.Restart()
	at(Playing, 1, "one", 0)
}

func TestFailedLineStopsWithFileAndLine(t *testing.T) {
	p := mustPlayer(t, mustParse(t, "workers 2\nwait 1s\nkill 5\nsay never\n"), 1)
	p.Next()
	var de *Error
	if p.State() != Failed || !errors.As(p.Err(), &de) || de.Line != 3 || !strings.HasPrefix(p.Err().Error(), "t.demo:3: kill 5:") {
		t.Fatalf("state %v err %v, want Failed at t.demo:3", p.State(), p.Err())
	}
	if p.Caption() == "never" {
		t.Error("lines after the failure ran")
	}
}

func TestCheckProvesExpectLines(t *testing.T) {
	ok := mustParse(t, "workers 4\nset k v\nget k x20\nwait 1s\nexpect stale_reads >= 1\npause\nexpect stale_reads == 0\n")
	if err := Check(ok, 1, NewCluster); err != nil {
		t.Fatalf("Check: %v (the second expect counts from its own step)", err)
	}
	bad := mustParse(t, "workers 1\nset k v\nget k x20\nwait 1s\nexpect stale_reads >= 1\n")
	err := Check(bad, 1, NewCluster)
	if err == nil || !strings.Contains(err.Error(), "t.demo:5: expect stale_reads >= 1: measured 0") {
		t.Fatalf("Check err = %v, want the expect line with what was measured", err)
	}
}
