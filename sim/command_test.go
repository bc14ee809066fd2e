package sim

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrorsNameWordAndExpectation(t *testing.T) {
	for _, c := range []struct {
		line, word string
		wants      []string
	}{
		{"workers many", "many", []string{`"many" is not a number`, "1..64", "workers"}},
		{"workers 0", "0", []string{"out of range", "1..64"}},
		{"store mongo", "mongo", []string{`unknown store "mongo"`, "local, locmem, redis"}},
		{"balancer nginx", "nginx", []string{"accept, round-robin, least-conn, ip-hash"}},
		{"class fork", "fork", []string{"sync, gthread, gevent"}},
		{"lock maybe", "maybe", []string{"on or off"}},
		{"io soon", "soon", []string{"not a duration", "5ms"}},
		{"frobnicate", "frobnicate", []string{"unknown command", "help"}},
		{"get", "", []string{"get needs a key"}},
		{"get k x0", "x0", []string{"repeat count"}},
		{"traffic flood", "flood", []string{"unknown workload", "set-then-get"}},
		{"traffic counter 10/x", "10/x", []string{"unexpected"}},
		// A rate whose gap between requests overflowed a time.Duration once
		// ran as if it were fast.
		{"traffic counter 1e-11/s requests 3", "1e-11/s", []string{"not a rate", "from 0.001/s to 1e+07/s"}},
		{"traffic counter 0/s", "0/s", []string{"not a rate", "from 0.001/s"}},
		{"kill two", "two", []string{"not a number"}},
		{"speed 0", "0", []string{"0.01..1000"}},
		{"max-requests 50 jitter", "", []string{"jitter needs"}},
		{"ttl forever", "forever", []string{"not a timeout", "0 (not cached)", "none (never expires)", "default (300s)"}},
		{"set k v ttl forever", "forever", []string{"not a timeout", "none (never expires)"}},
		{"ttl -5s", "-5s", []string{"not a timeout"}},
		{"cpu soon", "soon", []string{"not a duration", "5ms"}},
		{"cpu", "", []string{"cpu needs a duration"}},
	} {
		_, err := Parse(c.line)
		var le *LineError
		if !errors.As(err, &le) {
			t.Errorf("Parse(%q) = %v, want a *LineError", c.line, err)
			continue
		}
		if le.Word != c.word {
			t.Errorf("Parse(%q): word %q, want %q", c.line, le.Word, c.word)
		}
		for _, w := range c.wants {
			if !strings.Contains(le.Error(), w) {
				t.Errorf("Parse(%q) = %q, want it to mention %q", c.line, le.Error(), w)
			}
		}
	}
}

func TestParseAccepts(t *testing.T) {
	for _, line := range []string{
		"workers 4", "class gthread 4", "class gevent", "threads 8", "store redis", "balancer ip-hash",
		"lock on", "atomic off", "preload on", "global token random", "global mode fast", "fallback on", "keep-alive on", "max-requests 50 jitter 5",
		"timeout 30s", "cores 2", "io 5ms", "think 0", "ttl 10s", "set key0 hello", "set s v ttl 10s",
		"get key0 x8", "get key0 x8 clients 4", "incr hits x100 --atomic", "lookup page:1 x3", "kill 2",
		"redis down", "redis up", "redis slow 20ms", "redis KEYS *", "traffic counter 200/s clients 8",
		"traffic off", "wait 5s", "pause", "resume", "step", "step 10", "speed 4", "help", "", "  # a comment",
		"WORKERS 2", "ttl none", "ttl 0", "ttl default", "TTL None", "cpu 10ms", "cpu 0", "set s v ttl none", "set s v ttl 0",
	} {
		if _, err := Parse(line); err != nil {
			t.Errorf("Parse(%q): %v", line, err)
		}
	}
}

func TestBadLineChangesNothing(t *testing.T) {
	s := newSim(t, 1, Settings{})
	before := s.Snapshot()
	if _, err := s.Exec("workers many"); err == nil {
		t.Fatal("workers many: no error")
	}
	err := s.RunScript("workers 8\nstore redis\nworkers many\n")
	var le *LineError
	if !errors.As(err, &le) || le.Line != 3 || !strings.HasPrefix(err.Error(), "line 3: ") {
		t.Fatalf("RunScript error %v, want line 3", err)
	}
	after := s.Snapshot()
	if after.Settings != before.Settings || len(after.Workers) != len(before.Workers) {
		t.Fatalf("a script with a bad line changed the cluster: %+v -> %+v", before.Settings, after.Settings)
	}
}

func TestComplete(t *testing.T) {
	if got := Complete("sto"); len(got) != 1 || got[0] != "store" {
		t.Errorf("Complete(sto) = %v", got)
	}
	if got := Complete("store r"); len(got) != 1 || got[0] != "store redis" {
		t.Errorf("Complete(store r) = %v", got)
	}
	if got := Complete("traffic "); len(got) != 1+len(Workloads()) {
		t.Errorf("Complete(traffic ) = %v, want off and every workload", got)
	}
	if got := Complete("help ma"); len(got) != 1 || got[0] != "help max-requests" {
		t.Errorf("Complete(help ma) = %v, want help max-requests", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{"workers 4", "set key0 hello ttl 5s x3", "traffic counter 200/s clients 8 keys 3 requests 9",
		"redis slow 20ms", "max-requests 50 jitter 5", "get k x8 clients 4", "class gthread 4", "speed 1e3", "io -5ms", "# x",
		"ttl none", "ttl default", "cpu 10ms", "set k v ttl none x2",
		"servers 3", "balancer least-conn", "append cart apple x3 clients 2", "append-by rpush", "schedule 10s", "schedule off",
		"scheduler beat", "job-lock on", "queue redis", "acks late", "job-time 2s", "enqueue x5 clients 2", "kill jobs",
		"layer redis", "subscribe 8", "publish hi x3", "hup", "restart", "preload on",
		"steps on", "back anomaly", "forward 3", "goto 5", "back start", "forward end"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := Parse(line)
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) || le.Msg == "" {
				t.Fatalf("Parse(%q): error %v is not a *LineError with a message", line, err)
			}
			return
		}
		if c.Verb == "wait" || c.Verb == "step" || c.Verb == "traffic" || (c.Verb == "redis" && c.Word == "raw") {
			return // time and network: covered by other tests
		}
		if c.Repeat > 50 {
			c.Repeat = 50
		}
		s, err := New(Config{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Apply(c); err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("Apply(%q): %v", line, err)
			}
		}
		s.Advance(100*msec, 100000)
		_ = s.Snapshot()
	})
}
