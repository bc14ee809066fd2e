package live

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// consoleAgent is the User-Agent of the Cluster's own requests; their request
// records are counted but not turned into events, because Exec logs a richer
// one.
const consoleAgent = "workerlab-console"

// eventCap bounds the Cluster's event ring.
const eventCap = 512

// latencyCap bounds the latency samples kept for percentiles.
const latencyCap = 1024

// observer turns the master's typed events into the cluster's events and
// streaming metrics: it is the master's Config.OnEvent.
type observer struct {
	mu      sync.Mutex
	start   time.Time
	seq     uint64
	ring    []sim.Event // at most eventCap, oldest first
	m       sim.Metrics
	pids    map[int]bool
	newest  map[string]string // value of the newest completed /set per key
	lat     []time.Duration   // ring of recent latencies
	latNext int
	slotOf  map[int]int // pid -> slot
}

func newObserver() *observer {
	return &observer{start: time.Now(), pids: map[int]bool{}, newest: map[string]string{}, slotOf: map[int]int{}}
}

// onEvent records one event of the master.
func (o *observer) onEvent(ev Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch ev.Kind {
	case EventRequest:
		o.request(ev.Pid, ev.Request)
	case EventSpawn:
		o.slotOf[ev.Pid] = ev.Slot
		if ev.Generation > 0 {
			o.m.Restarts++
		}
		o.add(sim.Event{Kind: sim.EventSpawn, Pid: ev.Pid, Slot: ev.Slot,
			Text: fmt.Sprintf("worker %d booted (pid %d, generation %d)", ev.Slot, ev.Pid, ev.Generation)})
	case EventExit:
		o.add(sim.Event{Kind: sim.EventExit, Pid: ev.Pid, Slot: ev.Slot, Text: ev.Text})
	case EventLog:
		o.add(sim.Event{Kind: sim.EventSetting, Text: ev.Text})
	}
}

// request records one answered request; o.mu is held.
func (o *observer) request(pid int, r RequestRecord) {
	o.m.Requests++
	o.pids[pid] = true
	o.m.PidsAnswering = len(o.pids)
	o.latency(r.Duration)
	stale := false
	switch r.Path {
	case "/get":
		o.m.Reads++
		if _, known := o.newest[r.Key]; known && r.Status == http.StatusNotFound {
			o.m.StaleReads++ // a miss after a completed write counts as stale
			stale = true
		}
	case "/set":
		if r.Status == http.StatusOK {
			o.m.Writes++
			o.newest[r.Key] = r.Value
		}
	case "/incr":
		if r.Status == http.StatusOK {
			o.m.Increments++
			if r.Atomic {
				o.m.AtomicIncrements++
			}
			delete(o.newest, r.Key) // the new value is in the reply, not the record
		}
	}
	if r.Status >= 500 {
		o.m.Errors++
	}
	if r.Agent == consoleAgent {
		return // Exec logs its own event with the value it read
	}
	o.add(sim.Event{Kind: sim.EventRequest, Pid: pid, Slot: o.slotOf[pid], Route: r.Method + " " + r.Target,
		Result: strconv.Itoa(r.Status), Stale: stale, Error: r.Status >= 500, Client: -1})
}

func (o *observer) latency(d time.Duration) {
	if len(o.lat) < latencyCap {
		o.lat = append(o.lat, d)
		return
	}
	o.lat[o.latNext] = d
	o.latNext = (o.latNext + 1) % latencyCap
}

// add appends an event to the ring; o.mu is held.
func (o *observer) add(ev sim.Event) {
	o.seq++
	ev.Seq = o.seq
	ev.At = time.Since(o.start)
	if len(o.ring) == eventCap {
		copy(o.ring, o.ring[1:])
		o.ring = o.ring[:eventCap-1]
	}
	o.ring = append(o.ring, ev)
}

// record adds an event from outside the log (the console).
func (o *observer) record(ev sim.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.add(ev)
}

// consoleRead counts a console GET that found a value other than the newest
// completed write (misses are counted from the access log).
func (o *observer) consoleRead(k, v string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if want, known := o.newest[k]; known && want != v {
		o.m.StaleReads++
		return true
	}
	return false
}

// forgetWrites drops the newest-write table when the store is replaced: the
// new workers hold nothing, and nothing written before can be read again.
func (o *observer) forgetWrites() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.newest = map[string]string{}
}

// newestWrite returns the newest completed /set value of k, if known.
func (o *observer) newestWrite(k string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	v, ok := o.newest[k]
	return v, ok
}

// eventsSince appends events with Seq > seq to dst.
func (o *observer) eventsSince(seq uint64, dst []sim.Event) []sim.Event {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, ev := range o.ring {
		if ev.Seq > seq {
			dst = append(dst, ev)
		}
	}
	return dst
}

// metrics returns a copy of the counters with percentiles filled in.
func (o *observer) metrics() (sim.Metrics, map[string]string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := o.m
	secs := time.Since(o.start).Seconds()
	m.VirtualSeconds = secs
	if secs > 0 {
		m.ThroughputRPS = float64(m.Requests) / secs
	}
	if len(o.lat) > 0 {
		s := append([]time.Duration(nil), o.lat...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		at := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))] }
		m.P50, m.P95, m.P99 = at(0.50), at(0.95), at(0.99)
	}
	newest := make(map[string]string, len(o.newest))
	for k, v := range o.newest {
		newest[k] = v
	}
	return m, newest
}

// sortKeys orders key states by key.
func sortKeys(ks []sim.KeyState) {
	sort.Slice(ks, func(i, j int) bool { return ks[i].Key < ks[j].Key })
}
