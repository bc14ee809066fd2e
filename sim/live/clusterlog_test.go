package live

import (
	"strings"
	"testing"

	"github.com/workerlab/workerlab/sim"
)

func TestObserverLines(t *testing.T) {
	o := newObserver()
	log := strings.Join([]string{
		`[2026-01-01 00:00:00 +0000] [10] [INFO] Booting worker with pid: 11 (slot 1, generation 0, local store)`,
		`[2026-01-01 00:00:00 +0000] [10] [INFO] Booting worker with pid: 12 (slot 2, generation 0, local store)`,
		`[2026-01-01 00:00:00 +0000] [11] [ACCESS] 127.0.0.1 "GET /set?k=a&v=1 HTTP/1.1" 200 3 90µs "curl/8"`,
		`[2026-01-01 00:00:00 +0000] [12] [ACCESS] 127.0.0.1 "GET /get?k=a HTTP/1.1" 404 40 1.5ms "curl/8"`,
		`[2026-01-01 00:00:00 +0000] [11] [ACCESS] 127.0.0.1 "GET /get?k=a HTTP/1.1" 200 2 2ms "workerlab-console"`,
		`[2026-01-01 00:00:00 +0000] [11] [ACCESS] 127.0.0.1 "GET /incr?k=n&atomic=1 HTTP/1.1" 200 2 1ms "curl/8"`,
		`[2026-01-01 00:00:00 +0000] [12] [ACCESS] 127.0.0.1 "GET /get?k=a HTTP/1.1" 503 40 1ms "curl/8"`,
		`[2026-01-01 00:00:00 +0000] [10] [INFO] Worker with pid 12 was terminated due to signal 9`,
		`[2026-01-01 00:00:00 +0000] [10] [INFO] Booting worker with pid: 13 (slot 2, generation 1, local store)`,
		`a line that is no log line`,
	}, "\n") + "\n"
	// Written in two pieces that split a line, as pipes do.
	half := len(log) / 2
	o.Write([]byte(log[:half]))
	o.Write([]byte(log[half:]))
	m, newest := o.metrics()
	if m.Requests != 5 || m.Reads != 3 || m.Writes != 1 || m.Increments != 1 || m.AtomicIncrements != 1 ||
		m.StaleReads != 1 || m.Errors != 1 || m.Restarts != 1 || m.PidsAnswering != 2 {
		t.Fatalf("metrics %+v", m)
	}
	if newest["a"] != "1" {
		t.Fatalf("newest write of a = %q, want 1", newest["a"])
	}
	if m.P50 <= 0 || m.P99 < m.P50 {
		t.Fatalf("percentiles p50 %v p99 %v", m.P50, m.P99)
	}
	evs := o.eventsSince(0, nil)
	kinds := map[sim.EventKind]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
	}
	// 3 spawns, 1 exit, 4 requests (the console's own line is left to Exec), 1 other line.
	if kinds[sim.EventSpawn] != 3 || kinds[sim.EventExit] != 1 || kinds[sim.EventRequest] != 4 || kinds[sim.EventSetting] != 1 {
		t.Fatalf("event kinds %v", kinds)
	}
	if ev := evs[len(evs)-2]; ev.Kind != sim.EventSpawn || ev.Slot != 2 || ev.Pid != 13 {
		t.Fatalf("respawn event %+v", ev)
	}
	if got := o.eventsSince(evs[len(evs)-2].Seq, nil); len(got) != 1 {
		t.Fatalf("eventsSince(last-1) returned %d events, want 1", len(got))
	}
}

func TestObserverRingIsBounded(t *testing.T) {
	o := newObserver()
	line := `[t] [11] [ACCESS] 127.0.0.1 "GET /get?k=a HTTP/1.1" 404 40 1ms "curl/8"` + "\n"
	for range 3 * eventCap {
		o.Write([]byte(line))
	}
	evs := o.eventsSince(0, nil)
	if len(evs) != eventCap || evs[len(evs)-1].Seq != 3*eventCap || len(o.lat) != latencyCap {
		t.Fatalf("ring holds %d events (last seq %d), %d latencies; want %d, %d, %d", len(evs), evs[len(evs)-1].Seq, len(o.lat), eventCap, 3*eventCap, latencyCap)
	}
}

// FuzzObserver feeds arbitrary output to the log parser: it never panics and
// its counters stay consistent.
func FuzzObserver(f *testing.F) {
	f.Add(`[t] [11] [ACCESS] 127.0.0.1 "GET /get?k=a HTTP/1.1" 404 40 1ms "curl/8"` + "\n")
	f.Add(`[t] [10] [INFO] Booting worker with pid: 99999999999999999999 (slot 1, generation 0, local store)` + "\n")
	f.Add(`[t] [1] [ACCESS] x "GET /set?k=%zz HTTP/1.1" 200 1 9h "workerlab-console"` + "\n")
	f.Add("Worker exited (pid: 5\n\n\x00")
	f.Fuzz(func(t *testing.T, s string) {
		o := newObserver()
		o.Write([]byte(s))
		m, _ := o.metrics()
		if m.Reads+m.Writes+m.Increments > m.Requests || m.StaleReads > m.Reads || m.Errors > m.Requests {
			t.Fatalf("inconsistent metrics %+v from %q", m, s)
		}
		if len(o.eventsSince(0, nil)) > eventCap {
			t.Fatal("event ring overflowed")
		}
	})
}
