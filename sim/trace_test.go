package sim

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// stepScripts are runs that exercise every kind of step: threads racing at
// I/O and on CPU, greenlets, a lock, Redis round trips, INCR, cache-aside,
// restarts and a Redis outage.
var stepScripts = []string{
	"class gthread 4\nio 5ms\ntraffic counter clients 8 requests 300\nwait 3s",
	"class gthread 4\ncpu 10ms\nworkers 1\ntraffic counter clients 8 requests 200\nwait 5s",
	"class gevent 20\nio 2ms\nlock on\ntraffic counter clients 8 requests 300\nwait 3s",
	"store redis\nworkers 4\ntraffic counter clients 8 requests 400\nwait 2s\nincr hits x20 clients 4 --atomic\nwait 1s",
	"store redis\nttl 2s\ntraffic cache-aside clients 6 requests 400\nwait 1s\nredis down\nwait 200ms\nredis up\nwait 3s",
	"max-requests 20 jitter 3\ntraffic set-then-get clients 8 requests 400\nwait 1s\nkill 2\nwait 2s",
	"class gthread 2\nkeep-alive on\nworkers 3\ntraffic sessions clients 5 requests 300\nwait 3s",
}

// withoutSteps is a snapshot as it would be with steps off: the setting and
// the threads' steps cleared.
func withoutSteps(s Snapshot) Snapshot {
	s.Settings.Steps = false
	s.RedisAddr = ""
	for i := range s.Workers {
		s.Workers[i].Threads = nil
	}
	return s
}

// outcomeEvents renders every event but the steps, without sequence numbers.
func outcomeEvents(s *Sim) string {
	var b strings.Builder
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventStep {
			continue
		}
		over := e.Over
		e.Seq, e.Over = 0, nil
		fmt.Fprintf(&b, "%+v", e)
		if over != nil {
			fmt.Fprintf(&b, " %+v", *over)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestStepsChangeNoOutcome(t *testing.T) {
	for i, script := range stepScripts {
		for seed := uint64(1); seed <= 20; seed++ {
			off := newSim(t, seed, Settings{})
			on := newSim(t, seed, Settings{})
			exec(t, on, "steps on")
			if err := off.RunScript(script); err != nil {
				t.Fatal(err)
			}
			if err := on.RunScript(script); err != nil {
				t.Fatal(err)
			}
			a, b := withoutSteps(off.Snapshot()), withoutSteps(on.Snapshot())
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("script %d seed %d: the snapshot differs with steps on:\noff %+v\non  %+v", i, seed, a.Metrics, b.Metrics)
			}
			// Steps fill the log's ring sooner: what it still holds of the
			// other events must be the newest of the run without steps.
			ea, eb := outcomeEvents(off), outcomeEvents(on)
			if eb == "" || !strings.HasSuffix(ea, eb) {
				t.Fatalf("script %d seed %d: the events differ with steps on", i, seed)
			}
			steps := 0
			for _, e := range on.EventsSince(0, nil) {
				if e.Kind == EventStep {
					steps++
				}
			}
			if steps == 0 {
				t.Fatalf("script %d seed %d: steps on logged no step", i, seed)
			}
		}
	}
}

// TestLostUpdateNamesThePair: two threads of one worker read 0, both sleep
// 5 ms, both write 1; the second write names the pair.
func TestLostUpdateNamesThePair(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1})
	exec(t, s, "class gthread 2", "io 5ms", "steps on", "wait 1s", "incr hits x2 clients 2", "wait 1s")
	var order []string
	var lost []Event
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventStep && (e.Step == StepRead || e.Step == StepWrite) {
			order = append(order, fmt.Sprintf("c%d %d t%d", e.Client, e.Step, e.Thread))
		}
		if e.Lost {
			lost = append(lost, e)
		}
	}
	want := []string{
		fmt.Sprintf("c1001 %d t1", StepRead), fmt.Sprintf("c1002 %d t2", StepRead),
		fmt.Sprintf("c1001 %d t1", StepWrite), fmt.Sprintf("c1002 %d t2", StepWrite),
	}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("reads and writes in order %v, want %v", order, want)
	}
	if len(lost) != 2 {
		t.Fatalf("%d events mark the lost update, want 2 (the write step and the answer)", len(lost))
	}
	for _, e := range lost {
		o := e.Over
		if o == nil || e.Client != 1002 || o.By != 1001 || !o.Known || o.Value != "1" || o.ReadWas != "0" || o.ReadSeen || o.Gone {
			t.Fatalf("lost update %+v over %+v: want client 1002 wrote over client 1001's 1, having read 0 (nothing)", e, o)
		}
	}
	if m := s.Snapshot().Metrics; m.LostUpdates != 1 {
		t.Fatalf("lost_updates = %d, want 1", m.LostUpdates)
	}
}

// A lost update in Redis names the pair as well: GET, round trip, SET.
func TestRedisLostUpdateNamesThePair(t *testing.T) {
	s := newSim(t, 3, Settings{Workers: 2, Store: "redis"})
	exec(t, s, "steps on", "wait 1s", "set hits 5", "wait 100ms", "incr hits x2 clients 2", "wait 1s")
	found := false
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest && e.Lost {
			o := e.Over
			if o == nil || !o.Known || o.Value != "6" || o.ReadWas != "5" || !o.ReadSeen || o.By == e.Client {
				t.Fatalf("lost update %+v over %+v: want a write of 6 over another client's 6, having read 5", e, o)
			}
			found = true
		}
	}
	if !found {
		t.Fatal("two concurrent GET-then-SET increments on 2 workers lost no update")
	}
}

func TestThreadStatesShowTheWindow(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1})
	exec(t, s, "class gthread 2", "io 5ms", "steps on", "wait 1s", "incr hits x2 clients 2", "wait 3ms")
	th := s.Snapshot().Workers[0].Threads
	if len(th) != 2 {
		t.Fatalf("threads = %+v, want both threads", th)
	}
	for i, ts := range th {
		if ts.Thread != i+1 || ts.Phase != PhaseIO || !ts.HasRead || ts.Read != "0" || ts.Key != "hits" {
			t.Errorf("thread %d = %+v, want it in I/O having read hits=0", i+1, ts)
		}
	}
	exec(t, s, "steps off")
	if th := s.Snapshot().Workers[0].Threads; th != nil {
		t.Errorf("threads listed with steps off: %+v", th)
	}
}
