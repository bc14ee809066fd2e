package live

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// req builds a request event of pid.
func req(pid int, path, target, key, value string, atomic bool, status int, agent string) Event {
	return Event{Kind: EventRequest, Pid: pid, Request: RequestRecord{Method: "GET", Path: path, Target: target,
		Key: key, Value: value, Atomic: atomic, Status: status, Duration: time.Millisecond, Agent: agent}}
}

func TestObserverEvents(t *testing.T) {
	o := newObserver()
	for _, ev := range []Event{
		{Kind: EventSpawn, Pid: 11, Slot: 1},
		{Kind: EventSpawn, Pid: 12, Slot: 2},
		req(11, "/set", "/set?k=a&v=1", "a", "1", false, 200, "curl/8"),
		req(12, "/get", "/get?k=a", "a", "", false, 404, "curl/8"),
		req(11, "/get", "/get?k=a", "a", "", false, 200, consoleAgent),
		req(11, "/incr", "/incr?k=n&atomic=1", "n", "", true, 200, "curl/8"),
		req(12, "/get", "/get?k=a", "a", "", false, 503, "curl/8"),
		{Kind: EventExit, Pid: 12, Slot: 2, Text: "Worker with pid 12 was terminated due to signal 9"},
		{Kind: EventSpawn, Pid: 13, Slot: 2, Generation: 1},
		{Kind: EventLog, Level: "INFO", Text: "Handling signal: ttin"},
	} {
		o.onEvent(ev)
	}
	m, newest := o.metrics()
	if m.Requests != 5 || m.Reads != 3 || m.Writes != 1 || m.Increments != 1 || m.AtomicIncrements != 1 ||
		m.StaleReads != 1 || m.Errors != 1 || m.Restarts != 1 || m.PidsAnswering != 2 {
		t.Fatalf("metrics %+v", m)
	}
	if newest["a"] != "1" {
		t.Fatalf("newest write of a = %q, want 1", newest["a"])
	}
	if m.P50 != time.Millisecond || m.P99 != time.Millisecond {
		t.Fatalf("percentiles p50 %v p99 %v, want 1ms", m.P50, m.P99)
	}
	evs := o.eventsSince(0, nil)
	kinds := map[sim.EventKind]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
	}
	// 3 spawns, 1 exit, 4 requests (the console's own one is left to Exec), 1 log line.
	if kinds[sim.EventSpawn] != 3 || kinds[sim.EventExit] != 1 || kinds[sim.EventRequest] != 4 || kinds[sim.EventSetting] != 1 {
		t.Fatalf("event kinds %v", kinds)
	}
	if ev := evs[len(evs)-2]; ev.Kind != sim.EventSpawn || ev.Slot != 2 || ev.Pid != 13 {
		t.Fatalf("respawn event %+v", ev)
	}
	if ev := evs[3]; ev.Kind != sim.EventRequest || !ev.Stale || ev.Slot != 2 || ev.Route != "GET /get?k=a" || ev.Result != "404" {
		t.Fatalf("the stale read %+v", ev)
	}
	if got := o.eventsSince(evs[len(evs)-2].Seq, nil); len(got) != 1 {
		t.Fatalf("eventsSince(last-1) returned %d events, want 1", len(got))
	}
}

func TestObserverRingIsBounded(t *testing.T) {
	o := newObserver()
	for range 3 * eventCap {
		o.onEvent(req(11, "/get", "/get?k=a", "a", "", false, 404, "curl/8"))
	}
	evs := o.eventsSince(0, nil)
	if len(evs) != eventCap || evs[len(evs)-1].Seq != 3*eventCap || len(o.lat) != latencyCap {
		t.Fatalf("ring holds %d events (last seq %d), %d latencies; want %d, %d, %d", len(evs), evs[len(evs)-1].Seq, len(o.lat), eventCap, 3*eventCap, latencyCap)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	in := RequestRecord{Method: "GET", Target: "/set?k=a&v=" + strings.Repeat("é", 300), Path: "/set", Key: "a", Value: "x\ny",
		Status: 200, Size: 3, Duration: 1500 * time.Microsecond, Agent: "curl/8"}
	line := encodeRecord(in)
	if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
		t.Fatalf("record %q is not one line", line)
	}
	out, ok := decodeRecord(line)
	if !ok || out.Value != in.Value || out.Duration != in.Duration || out.Key != "a" || out.Status != 200 {
		t.Fatalf("decoded %+v, %v from %q", out, ok, line)
	}
	if len(out.Target) > recordTextMax+32 || !strings.Contains(out.Target, "more bytes") {
		t.Fatalf("target of %d bytes not cut: %q", len(in.Target), out.Target)
	}
}

// FuzzObserver feeds arbitrary bytes to the pipe's record parser and what it
// accepts to the observer: nothing panics and the counters stay consistent.
func FuzzObserver(f *testing.F) {
	f.Add(string(encodeRecord(RequestRecord{Method: "GET", Path: "/get", Target: "/get?k=a", Key: "a", Status: 404, Duration: time.Millisecond})))
	f.Add(string(encodeRecord(RequestRecord{Method: "GET", Path: "/set", Target: "/set?k=a&v=1", Key: "a", Value: "1", Status: 200})) + "\n\n")
	f.Add(`{"m":"GET","p":"/incr","s":99999999999999999999}` + "\n")
	f.Add("{\"s\":-1,\"d\":-5}\n\x00")
	f.Fuzz(func(t *testing.T, s string) {
		o := newObserver()
		for _, line := range strings.SplitAfter(s, "\n") {
			if rec, ok := decodeRecord([]byte(line)); ok {
				o.onEvent(Event{Kind: EventRequest, Pid: 1, Request: rec})
			}
		}
		m, _ := o.metrics()
		if m.Reads+m.Writes+m.Increments > m.Requests || m.StaleReads > m.Reads || m.Errors > m.Requests {
			t.Fatalf("inconsistent metrics %+v from %q", m, s)
		}
		if len(o.eventsSince(0, nil)) > eventCap {
			t.Fatal("event ring overflowed")
		}
	})
}
