package sim

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// scriptLines are the lines random scripts are drawn from: every verb's
// example and every completion of its first argument that parses (so a verb
// added later is covered without touching this test), with the waits kept
// short. Verbs that move along the timeline, and steps (which only changes
// what the log records), are left to the test.
func scriptLines(t *testing.T) []string {
	t.Helper()
	var lines []string
	add := func(l string) {
		if _, err := Parse(l); err == nil {
			lines = append(lines, l)
		}
	}
	for _, name := range Verbs() {
		v, _ := LookupVerb(name)
		if v.role == roleTimeline || name == "steps" || name == "wait" {
			continue
		}
		add(v.Example)
		for _, a := range v.Args {
			add(name + " " + a)
			add(strings.Join(append([]string{name, a}, strings.Fields(v.Example)[min(2, len(strings.Fields(v.Example))):]...), " "))
		}
	}
	if len(lines) < len(Verbs()) {
		t.Fatalf("only %d script lines for %d verbs", len(lines), len(Verbs()))
	}
	return lines
}

// randomScript draws n lines, a short wait after most of them.
func randomScript(rng *rand.Rand, lines []string, n int) []string {
	var out []string
	for range n {
		out = append(out, lines[rng.IntN(len(lines))])
		switch rng.IntN(4) {
		case 0, 1:
			out = append(out, fmt.Sprintf("wait %dms", 1+rng.IntN(120)))
		case 2:
			out = append(out, fmt.Sprintf("step %d", 1+rng.IntN(50)))
		}
	}
	return append(out, "wait 50ms")
}

// trafficLines start the load a random script's settings then act on.
var trafficLines = []string{"traffic set-then-get 800/s clients 4", "traffic counter clients 6", "incr hits x300 clients 5",
	"traffic cache-aside 2000/s clients 8", "traffic sessions clients 3"}

// view clears what only says how the run is watched, and the timeline's own
// bookkeeping: what a rewind keeps as the viewer left it.
func view(s Snapshot) Snapshot {
	s = normalSnap(s)
	s.Settings.Paused, s.Settings.Speed = false, 0
	return s
}

// instant is what a cluster showed at one event.
type instant struct {
	snap   Snapshot
	events string
}

// TestRewindThenReplayReproducesTheRun is the timeline's property: for
// random scripts of every verb, going to any recorded event (back, or
// forward again) shows exactly the snapshot and event log the cluster showed
// when it first got there, and the run with a timeline is the run without.
func TestRewindThenReplayReproducesTheRun(t *testing.T) {
	lines := scriptLines(t)
	restored := 0
	for seed := uint64(1); seed <= 16; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		script := append([]string{trafficLines[int(seed)%len(trafficLines)]}, randomScript(rng, lines, 16)...)
		s := newSim(t, seed, Settings{})
		if err := s.KeepTimeline(); err != nil {
			t.Fatal(err)
		}
		s.tl.interval = 256 // many checkpoints, and thinning
		plain := newSim(t, seed, Settings{})
		if seed%2 == 1 { // the steps, replayed, must be the steps first logged
			exec(t, s, "steps on")
			exec(t, plain, "steps on")
		}
		seen := map[uint64]instant{}
		for _, l := range script {
			_, err1 := s.Exec(l)
			_, err2 := plain.Exec(l)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("seed %d: %q: %v with a timeline, %v without", seed, l, err1, err2)
			}
			seen[s.events] = instant{view(s.Snapshot()), logText(s)}
		}
		if got, want := view(s.Snapshot()), view(plain.Snapshot()); !reflect.DeepEqual(got, want) || logText(s) != logText(plain) {
			t.Fatalf("seed %d: the run with a timeline differs from the run without\nscript: %q", seed, script)
		}
		end := s.events
		var at []uint64
		for p := range seen {
			at = append(at, p)
		}
		rng.Shuffle(len(at), func(i, j int) { at[i], at[j] = at[j], at[i] })
		at = append(at, end)
		for _, p := range at {
			if err := s.tl.seek(s, p); err != nil {
				t.Fatal(err)
			}
			want := seen[p]
			if s.events != p {
				t.Fatalf("seed %d: seek(%d) went to event %d", seed, p, s.events)
			}
			if got := view(s.Snapshot()); !reflect.DeepEqual(got, want.snap) {
				t.Fatalf("seed %d: at event %d the snapshot differs from the first time\n got %+v\nwant %+v\nscript: %q",
					seed, p, got.Metrics, want.snap.Metrics, script)
			}
			if got := logText(s); got != want.events {
				t.Fatalf("seed %d: at event %d the event log differs from the first time\nscript: %q", seed, p, script)
			}
		}
		if len(s.tl.cps) > 1 {
			restored++
		}
	}
	if restored < 8 {
		t.Fatalf("only %d of 16 runs went back past a checkpoint: the scripts run too few events to test restoring", restored)
	}
}

// logText renders every logged event, steps and all.
func logText(s *Sim) string {
	var b strings.Builder
	for _, e := range s.EventsSince(0, nil) {
		over := e.Over
		e.Over = nil
		fmt.Fprintf(&b, "%+v", e)
		if over != nil {
			fmt.Fprintf(&b, " %+v", *over)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
