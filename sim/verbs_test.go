package sim

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEveryVerbIsDocumentedAndItsExampleRuns(t *testing.T) {
	families := map[string]bool{"requests": true, "clock": true, "settings": true, "faults": true, "redis": true, "experiments": true, "timeline": true, "help": true}
	for _, name := range Verbs() {
		v, ok := LookupVerb(name)
		if !ok {
			t.Fatalf("Verbs lists %q but LookupVerb does not know it", name)
		}
		if v.Usage == "" || v.Doc == "" || v.Example == "" || !families[v.Family] {
			t.Errorf("verb %q: usage %q, doc %q, example %q, family %q: every verb needs all four", name, v.Usage, v.Doc, v.Example, v.Family)
		}
		if !strings.HasPrefix(v.Usage, name) || !strings.HasPrefix(v.Example, name) {
			t.Errorf("verb %q: usage %q and example %q must start with the verb", name, v.Usage, v.Example)
		}
		s := newSim(t, 1, Settings{})
		if _, err := Parse(v.Example); err != nil {
			t.Errorf("example of %q (%q) does not parse: %v", name, v.Example, err)
		}
		if name == "sweep" {
			continue // the screens run it (ui); the simulation says so
		}
		if v.Family == "timeline" {
			if err := s.KeepTimeline(); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Exec(v.Example); err != nil {
			t.Errorf("example of %q (%q) fails: %v", name, v.Example, err)
		}
	}
}

func TestHelpListsEveryVerbWithItsDoc(t *testing.T) {
	help := Help()
	for _, e := range HelpEntries() {
		if !strings.Contains(help, "  "+e.Usage+"\n      "+e.Doc+"\n") {
			t.Errorf("help lacks %q with its doc %q", e.Usage, e.Doc)
		}
	}
	if len(HelpEntries()) != len(Verbs()) {
		t.Errorf("%d help entries for %d verbs", len(HelpEntries()), len(Verbs()))
	}
	for _, line := range strings.Split(help, "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("help line is %d runes wide: %q", n, line)
		}
	}
}

func TestHelpVerbShowsUsageDocAndExample(t *testing.T) {
	s := newSim(t, 1, Settings{})
	out, err := s.Exec("help set")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := LookupVerb("set")
	for _, want := range []string{v.Usage, v.Doc, "example: " + v.Example} {
		if !strings.Contains(out, want) {
			t.Errorf("help set = %q, want it to contain %q", out, want)
		}
	}
	if out2, _ := s.Exec("HELP Set # comment"); out2 != out {
		t.Errorf("help is case-insensitive and takes comments: %q vs %q", out2, out)
	}
	_, err = s.Exec("help frob")
	var le *LineError
	if !errors.As(err, &le) || le.Word != "frob" || !strings.Contains(le.Msg, "set") {
		t.Errorf("help frob: %v, want a *LineError naming frob and the verbs", err)
	}
}

// fakeLive is a cluster kind with two verbs, as live mode registers its own.
type fakeLive struct{ got []Command }

func TestModeRunsOnlyItsVerbsAndSaysWhichItRuns(t *testing.T) {
	m := NewMode("test mode", map[string]Handler[*fakeLive]{
		"get":   {Run: func(f *fakeLive, c Command) (string, error) { f.got = append(f.got, c); return "got " + c.Key, nil }},
		"store": {Doc: "restart with that store", Run: func(*fakeLive, Command) (string, error) { return "", nil }},
	})
	f := &fakeLive{}
	if out, err := m.Exec(f, "get k x3"); err != nil || out != "got k" || f.got[0].Repeat != 3 {
		t.Fatalf("get: %q %v %+v", out, err, f.got)
	}
	_, err := m.Exec(f, "traffic counter")
	var le *LineError
	if !errors.As(err, &le) || !strings.Contains(le.Msg, `"traffic" is not available in test mode; test mode runs: get, store, help`) {
		t.Fatalf("traffic: %v", err)
	}
	if got := m.Verbs(); !slices.Equal(got, []string{"get", "store", "help"}) {
		t.Errorf("Verbs = %v", got)
	}
	help := m.Help()
	if !strings.Contains(help, "restart with that store") || strings.Contains(help, "traffic") {
		t.Errorf("help of the mode = %q, want only its verbs with its docs", help)
	}
	if out, _ := m.Exec(f, "help traffic"); !strings.Contains(out, "(not available in test mode)") {
		t.Errorf("help traffic = %q", out)
	}
	defer func() {
		if recover() == nil {
			t.Error("a mode with a handler for a verb that does not exist must not build")
		}
	}()
	NewMode("bad", map[string]Handler[*fakeLive]{"frob": {}})
}

// A fresh cluster's settings configure its launch: the same as New with
// those settings, numbered from 1, with nothing retired.
func TestSettingsBeforeLaunchConfigureIt(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		a := newSim(t, seed, Settings{})
		if err := a.RunScript("workers 1\nclass gthread 4\npreload on"); err != nil {
			t.Fatal(err)
		}
		b := newSim(t, seed, Settings{Workers: 1, Class: "gthread", Threads: 4, Preload: true})
		sa, sb := a.Snapshot(), b.Snapshot()
		if len(sa.Workers) != 1 || sa.Workers[0].Slot != 1 || sa.Workers[0].Pid != sb.Workers[0].Pid {
			t.Fatalf("seed %d: workers %+v, want slot 1 with pid %d", seed, sa.Workers, sb.Workers[0].Pid)
		}
		for _, e := range a.EventsSince(0, nil) {
			if e.Kind == EventExit {
				t.Fatalf("seed %d: a fresh cluster logged %q", seed, e.Text)
			}
		}
		for _, c := range []*Sim{a, b} {
			if _, err := c.Exec("traffic counter clients 8 requests 400"); err != nil {
				t.Fatal(err)
			}
			c.RunUntilIdle(time.Minute)
		}
		if ma, mb := a.Snapshot().Metrics, b.Snapshot().Metrics; ma.Requests != mb.Requests || ma.LostUpdates != mb.LostUpdates || ma.P99 != mb.P99 {
			t.Errorf("seed %d: configured by lines %+v, by New %+v", seed, ma, mb)
		}
	}
}

// Once the cluster runs, workers N resizes it as TTOU would.
func TestWorkersAfterLaunchRetireTheOldest(t *testing.T) {
	s := newSim(t, 1, Settings{})
	if _, err := s.Exec("wait 1s"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec("workers 2"); err != nil {
		t.Fatal(err)
	}
	s.Advance(time.Second, 0)
	retired := 0
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventExit && strings.Contains(e.Text, "retired") {
			retired++
		}
	}
	if retired != 2 {
		t.Errorf("%d workers retired, want 2", retired)
	}
}

// Waiting in slices runs the same events as waiting at once.
func TestWaitInSlicesEqualsWaitAtOnce(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		a, b := newSim(t, seed, Settings{}), newSim(t, seed, Settings{})
		for _, c := range []*Sim{a, b} {
			if _, err := c.Exec("traffic set-then-get 300/s clients 4"); err != nil {
				t.Fatal(err)
			}
		}
		slices := 0
		na := Wait(a, 3*time.Second, 100*time.Millisecond, func() { slices++ })
		nb := Wait(b, 3*time.Second, 0, nil)
		if slices != 30 || na != nb || a.Now() != b.Now() || a.Snapshot().Metrics.StaleReads != b.Snapshot().Metrics.StaleReads {
			t.Errorf("seed %d: slices %d, events %d vs %d, now %v vs %v", seed, slices, na, nb, a.Now(), b.Now())
		}
	}
}

func TestRawRedisRepliesLikeRedisCli(t *testing.T) {
	s := newSim(t, 1, Settings{})
	for _, c := range []struct{ line, want string }{
		{"redis SET a 1", `"OK"`},
		{"redis INCR a", "(integer) 2"},
		{"redis GET nope", "(nil)"},
		{"redis RPUSH l x y", "(integer) 2"},
		{"redis LRANGE l 0 -1", "1) \"x\"\n2) \"y\""},
		{"redis INCR l", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
	} {
		out, err := s.Exec(c.line)
		if err != nil || out != c.want {
			t.Errorf("%s = %q, %v; want %q", c.line, out, err, c.want)
		}
	}
}

func TestSweepLines(t *testing.T) {
	c, err := Parse("sweep workers 1..4,8 repeat 5 requests 500")
	if err != nil || c.Word != "workers" || !slices.Equal(c.Raw, []string{"1", "2", "3", "4", "8"}) || c.Repeat != 5 || c.Traffic.Limit != 500 {
		t.Fatalf("sweep workers 1..4,8 repeat 5 requests 500 = %+v, %v", c, err)
	}
	if c, err := Parse("sweep store local,redis"); err != nil || c.Repeat != defaultSweepReps || c.Traffic.Limit != defaultSweepReqs {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	for _, line := range []string{"sweep", "sweep workers", "sweep frob 1", "sweep workers 0..2", "sweep class sync,fork",
		"sweep workers 1..2 repeat", "sweep workers 1..2 seeds 3", "sweep clients 0,4", "sweep io 5ms,soon"} {
		var le *LineError
		if _, err := Parse(line); !errors.As(err, &le) {
			t.Errorf("Parse(%q) = %v, want a *LineError", line, err)
		}
	}
	s := newSim(t, 1, Settings{})
	if _, err := s.Exec("sweep workers 1..2"); err == nil || !strings.Contains(err.Error(), "workerlab run") {
		t.Errorf("the simulation alone should say where sweep runs: %v", err)
	}
}
