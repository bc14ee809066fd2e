package sim

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// timelineSim is a cluster with a timeline that has run some traffic.
func timelineSim(t *testing.T, lines ...string) *Sim {
	t.Helper()
	s := newSim(t, 5, Settings{Workers: 1})
	if err := s.KeepTimeline(); err != nil {
		t.Fatal(err)
	}
	exec(t, s, lines...)
	return s
}

func TestBackAndForwardAlongTheRun(t *testing.T) {
	s := timelineSim(t, "traffic set-then-get 500/s clients 4", "wait 3s")
	end := s.events
	want := view(s.Snapshot())
	out, err := s.Exec("back 100")
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	if s.events != end-100 || !snap.Settings.Paused || !snap.Timeline.InPast() || !strings.Contains(out, "(the past)") {
		t.Fatalf("back 100 from event %d: at %d, paused %v, in the past %v, reply %q", end, s.events, snap.Settings.Paused, snap.Timeline.InPast(), out)
	}
	if snap.Timeline.End != end || snap.Timeline.First != 0 {
		t.Fatalf("timeline %+v, want end %d from 0", snap.Timeline, end)
	}
	exec(t, s, "forward 100")
	if got := view(s.Snapshot()); s.events != end || !reflect.DeepEqual(got, want) {
		t.Fatalf("forward 100 came back to event %d with another state", s.events)
	}
	exec(t, s, "back start")
	if s.events != 0 {
		t.Fatalf("back start went to event %d", s.events)
	}
	exec(t, s, "forward end")
	if got := view(s.Snapshot()); !reflect.DeepEqual(got, want) {
		t.Fatal("forward end differs from the present")
	}
	exec(t, s, "goto 10")
	if s.events != 10 {
		t.Fatalf("goto 10 went to %d", s.events)
	}
	exec(t, s, "goto 999999999")
	if s.events != end {
		t.Fatalf("goto past the end went to %d, want the end %d", s.events, end)
	}
}

func TestBackAnomalyGoesToTheLostUpdate(t *testing.T) {
	s := timelineSim(t, "class gthread 2", "io 5ms", "wait 1s", "incr hits x2 clients 2", "wait 1s", "get hits", "wait 1s")
	if _, err := s.Exec("forward anomaly"); err == nil {
		t.Fatal("forward anomaly at the present found one")
	}
	out, err := s.Exec("back anomaly")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "a lost update at event") {
		t.Fatalf("back anomaly replied %q", out)
	}
	evs := s.EventsSince(0, nil)
	last := evs[len(evs)-1]
	if last.Kind != EventRequest || !last.Lost || last.Over == nil || last.Over.By != 1001 {
		t.Fatalf("the newest event at the anomaly is %+v, want the lost update", last)
	}
	if snap := s.Snapshot(); snap.Timeline.Anomalies != 1 || snap.Metrics.LostUpdates != 1 {
		t.Fatalf("timeline %+v, lost updates %d", snap.Timeline, snap.Metrics.LostUpdates)
	}
	marked := 0
	for _, n := range s.Snapshot().Timeline.Marks {
		marked += n
	}
	if marked != 1 {
		t.Fatalf("the scrub marks hold %d anomalies, want 1", marked)
	}
}

func TestCommandInThePastStartsABranch(t *testing.T) {
	s := timelineSim(t, "traffic counter 300/s clients 3", "wait 2s")
	end := s.events
	exec(t, s, "back 50")
	at := s.events
	if _, err := s.Exec("kill 9"); err == nil {
		t.Fatal("kill 9 with one worker succeeded")
	}
	if tl := s.Snapshot().Timeline; tl.End != end {
		t.Fatalf("a failed command dropped the future: end %d, want %d", tl.End, end)
	}
	exec(t, s, "set x 1")
	tl := s.Snapshot().Timeline
	if tl.End != at || tl.InPast() || tl.Branched != at || tl.Dropped != end-at {
		t.Fatalf("after a command at event %d: timeline %+v, want a branch there dropping %d events", at, tl, end-at)
	}
	exec(t, s, "resume", "wait 100ms")
	if s.events <= at {
		t.Fatal("the new branch does not run")
	}
	found := false
	for _, e := range s.EventsSince(0, nil) {
		found = found || (e.Kind == EventRequest && strings.Contains(e.Route, "k=x&v=1"))
	}
	if !found {
		t.Fatal("the new branch's log lacks its set x 1")
	}
}

func TestPlaybackFromThePastReachesThePresent(t *testing.T) {
	s := timelineSim(t, "traffic counter 300/s clients 3", "wait 1s")
	end := s.events
	want := view(s.Snapshot())
	exec(t, s, "back 300", "resume")
	for calls := 0; s.tl.inPast(s); calls++ {
		if calls > 10000 {
			t.Fatal("playback in the past does not reach the present")
		}
		s.Advance(time.Millisecond, 1)
	}
	if s.events != end || !reflect.DeepEqual(view(s.Snapshot()), want) {
		t.Fatalf("playback reached event %d with another state, want the recorded end %d", s.events, end)
	}
	if s.tl.end != end {
		t.Fatalf("playback changed the record's end to %d", s.tl.end)
	}
	exec(t, s, "pause", "back 5")
	for range 5 {
		if !s.Step() {
			t.Fatal("Step in the past did not go forward")
		}
	}
	if s.events != end {
		t.Fatalf("five steps from 5 back reached %d, want %d", s.events, end)
	}
}

func TestStepsOnShowsTheRecentSteps(t *testing.T) {
	s := timelineSim(t, "class gthread 2", "io 5ms", "traffic counter 100/s clients 2", "wait 2s")
	steps := func() int {
		n := 0
		for _, e := range s.EventsSince(0, nil) {
			if e.Kind == EventStep {
				n++
			}
		}
		return n
	}
	if n := steps(); n != 0 {
		t.Fatalf("%d steps logged with steps off", n)
	}
	before := view(s.Snapshot())
	out := exec1(t, s, "steps on")
	if n := steps(); n == 0 {
		t.Fatalf("steps on (%q) showed no step of the recent requests", out)
	}
	after := view(s.Snapshot())
	after.Settings.Steps = false
	for i := range after.Workers {
		after.Workers[i].Threads = nil
	}
	if !reflect.DeepEqual(after, before) {
		t.Fatal("turning steps on changed the cluster")
	}
}

func TestTimelineVerbsNeedATimeline(t *testing.T) {
	s := newSim(t, 1, Settings{})
	for _, l := range []string{"back", "forward 3", "goto 1"} {
		if _, err := s.Exec(l); err == nil || !strings.Contains(err.Error(), "timeline") {
			t.Errorf("%q without a timeline: %v", l, err)
		}
	}
	for _, l := range []string{"back 0", "back -1", "forward soon", "goto", "back 1 2"} {
		if _, err := Parse(l); err == nil {
			t.Errorf("%q parsed", l)
		}
	}
}

func exec1(t *testing.T, s *Sim, line string) string {
	t.Helper()
	out, err := s.Exec(line)
	if err != nil {
		t.Fatalf("Exec(%q): %v", line, err)
	}
	return out
}
