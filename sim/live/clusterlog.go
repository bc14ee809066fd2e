package live

import (
	"bytes"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// consoleAgent is the User-Agent of the Cluster's own requests; their access
// lines are not turned into events, because Exec logs a richer one.
const consoleAgent = "workerlab-console"

// eventCap bounds the Cluster's event ring.
const eventCap = 512

// latencyCap bounds the latency samples kept for percentiles.
const latencyCap = 1024

var (
	accessRE  = regexp.MustCompile(`^\[[^\]]*\] \[(\d+)\] \[ACCESS\] \S+ "(\S+) (\S+) [^"]*" (\d+) \d+ (\S+) "([^"]*)"`)
	bootLogRE = regexp.MustCompile(`\[INFO\] Booting worker with pid: (\d+) \(slot (\d+), generation (\d+)`)
	exitLogRE = regexp.MustCompile(`Worker exited|was sent SIGKILL|terminated due to signal|exited with code|WORKER TIMEOUT`)
	pidLogRE  = regexp.MustCompile(`pid:? ?(\d+)`)
	msgRE     = regexp.MustCompile(`^\[[^\]]*\] \[(\d+)\] \[[A-Z]+\] (.*)$`)
)

// observer turns the master's and workers' log lines into events and
// streaming metrics. It is an io.Writer for the master's Config.Log.
type observer struct {
	mu      sync.Mutex
	partial []byte
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

// Write splits p into lines and records each.
func (o *observer) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.partial = append(o.partial, p...)
	for {
		i := bytes.IndexByte(o.partial, '\n')
		if i < 0 {
			break
		}
		o.line(string(o.partial[:i]))
		o.partial = o.partial[i+1:]
	}
	if len(o.partial) > 64<<10 {
		o.partial = o.partial[:0] // a runaway line without newline: drop it
	}
	return len(p), nil
}

// line records one log line; o.mu is held.
func (o *observer) line(l string) {
	if m := accessRE.FindStringSubmatch(l); m != nil {
		o.access(m)
		return
	}
	ev := sim.Event{Kind: sim.EventSetting, Text: l}
	if m := msgRE.FindStringSubmatch(l); m != nil {
		ev.Text = m[2]
	}
	if m := bootLogRE.FindStringSubmatch(l); m != nil {
		pid, _ := strconv.Atoi(m[1])
		slot, _ := strconv.Atoi(m[2])
		gen, _ := strconv.Atoi(m[3])
		ev.Kind, ev.Pid, ev.Slot = sim.EventSpawn, pid, slot
		o.slotOf[pid] = slot
		if gen > 0 {
			o.m.Restarts++
		}
	} else if m := pidLogRE.FindStringSubmatch(ev.Text); m != nil && exitLogRE.MatchString(ev.Text) {
		pid, _ := strconv.Atoi(m[1])
		ev.Kind, ev.Pid, ev.Slot = sim.EventExit, pid, o.slotOf[pid]
	}
	o.add(ev)
}

// access records one access-log line.
func (o *observer) access(m []string) {
	pid, _ := strconv.Atoi(m[1])
	status, _ := strconv.Atoi(m[4])
	d, _ := time.ParseDuration(strings.Replace(m[5], "µs", "us", 1))
	o.m.Requests++
	o.pids[pid] = true
	o.m.PidsAnswering = len(o.pids)
	o.latency(d)
	u, err := url.Parse(m[3])
	if err != nil {
		return
	}
	q := u.Query()
	k := q.Get("k")
	stale := false
	switch u.Path {
	case "/get":
		o.m.Reads++
		if _, known := o.newest[k]; known && status == 404 {
			o.m.StaleReads++ // a miss after a completed write counts as stale
			stale = true
		}
	case "/set":
		if status == 200 {
			o.m.Writes++
			o.newest[k] = q.Get("v")
		}
	case "/incr":
		if status == 200 {
			o.m.Increments++
			if q.Get("atomic") == "1" || q.Get("atomic") == "true" {
				o.m.AtomicIncrements++
			}
			delete(o.newest, k) // the new value is in the reply, not the log
		}
	}
	if status >= 500 {
		o.m.Errors++
	}
	if m[6] == consoleAgent {
		return // Exec logs its own event with the value it read
	}
	o.add(sim.Event{Kind: sim.EventRequest, Pid: pid, Slot: o.slotOf[pid], Route: m[2] + " " + m[3],
		Result: strconv.Itoa(status), Stale: stale, Error: status >= 500, Client: -1})
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
