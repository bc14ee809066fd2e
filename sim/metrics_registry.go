package sim

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Value is a metric or setting read by name: a number or a word.
type Value struct {
	Num    float64
	Word   string
	IsWord bool
}

// String formats the value as a condition would spell it; the TTL that
// never expires (an infinite number of seconds) reads "none".
func (v Value) String() string {
	if v.IsWord {
		return v.Word
	}
	if math.IsInf(v.Num, 1) {
		return "none"
	}
	return strconv.FormatFloat(v.Num, 'f', -1, 64)
}

func num(f float64) Value { return Value{Num: f} }
func word(s string) Value { return Value{Word: s, IsWord: true} }
func onOff(b bool) Value  { return word(map[bool]string{true: "on", false: "off"}[b]) }
func count(n int64) Value { return num(float64(n)) }

// ttlSeconds reads a TTL setting in seconds: TTLNone is longer than any
// number, so "ttl_s >= 60" holds for it.
func ttlSeconds(d time.Duration) Value {
	if d == TTLNone {
		return num(math.Inf(1))
	}
	return num(d.Seconds())
}
func ms(d int64) Value { return num(float64(d) / 1e6) }
func ratio(a, b int64) Value {
	if b == 0 {
		return num(0)
	}
	return num(float64(a) / float64(b))
}

// MetricKind says how a name is measured from a stage's start.
type MetricKind uint8

// Metric kinds.
const (
	Counter MetricKind = iota + 1 // counted from a baseline (the stage's start)
	Gauge                         // read as it is now
	Setting                       // a setting, a number or a word
)

type metricDef struct {
	kind  MetricKind
	doc   string
	get   func(cur, base *Snapshot) Value
	words []string // the words a word-valued setting takes (nil for numbers)
}

func counter(doc string, f func(m *Metrics) int64) metricDef {
	return metricDef{kind: Counter, doc: doc, get: func(cur, base *Snapshot) Value {
		v := f(&cur.Metrics)
		if base != nil {
			v -= f(&base.Metrics)
		}
		return count(v)
	}}
}

func gauge(doc string, f func(s *Snapshot) Value) metricDef {
	return metricDef{kind: Gauge, doc: doc, get: func(cur, _ *Snapshot) Value { return f(cur) }}
}

func setting(doc string, f func(s *Settings) Value) metricDef {
	return metricDef{kind: Setting, doc: doc, get: func(cur, _ *Snapshot) Value { return f(&cur.Settings) }}
}

// wordSetting is a setting that reads as one of words.
func wordSetting(doc string, words []string, f func(s *Settings) Value) metricDef {
	d := setting(doc, f)
	d.words = words
	return d
}

// switchSetting is an on/off setting.
func switchSetting(doc string, f func(s *Settings) bool) metricDef {
	return wordSetting(doc, []string{"on", "off"}, func(s *Settings) Value { return onOff(f(s)) })
}

var metricDefs = map[string]metricDef{
	"requests":          counter("completed requests", func(m *Metrics) int64 { return m.Requests }),
	"reads":             counter("completed reads", func(m *Metrics) int64 { return m.Reads }),
	"writes":            counter("completed sets", func(m *Metrics) int64 { return m.Writes }),
	"increments":        counter("acknowledged increments", func(m *Metrics) int64 { return m.Increments }),
	"atomic_increments": counter("acknowledged atomic increments", func(m *Metrics) int64 { return m.AtomicIncrements }),
	"stale_reads":       counter("reads older than the newest completed write", func(m *Metrics) int64 { return m.StaleReads }),
	"lost_updates":      counter("increments applied but missing from the counter", func(m *Metrics) int64 { return m.LostUpdates }),
	"lost_to_restarts":  counter("writes wiped with a replaced worker", func(m *Metrics) int64 { return m.LostToRestarts }),
	"expired_reads":     counter("misses because the value expired", func(m *Metrics) int64 { return m.ExpiredReads }),
	"errors":            counter("failed requests", func(m *Metrics) int64 { return m.Errors }),
	"restarts":          counter("workers replaced", func(m *Metrics) int64 { return m.Restarts }),
	"hits":              counter("cache lookups that hit", func(m *Metrics) int64 { return m.Hits }),
	"lookups":           counter("cache lookups", func(m *Metrics) int64 { return m.Lookups }),
	"hit_rate": {kind: Counter, doc: "hits / lookups since the stage began", get: func(cur, base *Snapshot) Value {
		h, l := cur.Metrics.Hits, cur.Metrics.Lookups
		if base != nil {
			h -= base.Metrics.Hits
			l -= base.Metrics.Lookups
		}
		return ratio(h, l)
	}},
	"throughput": {kind: Counter, doc: "completed requests per virtual second since the stage began", get: func(cur, base *Snapshot) Value {
		r, t := cur.Metrics.Requests, cur.Now
		if base != nil {
			r -= base.Metrics.Requests
			t -= base.Now
		}
		if t <= 0 {
			return num(0)
		}
		return num(float64(r) / t.Seconds())
	}},
	"p50_ms": gauge("median latency, ms", func(s *Snapshot) Value { return ms(int64(s.Metrics.P50)) }),
	"p95_ms": gauge("95th percentile latency, ms", func(s *Snapshot) Value { return ms(int64(s.Metrics.P95)) }),
	"p99_ms": gauge("99th percentile latency, ms", func(s *Snapshot) Value { return ms(int64(s.Metrics.P99)) }),
	"fresh_streak": {kind: Counter, doc: "longest run of fresh reads in a row by one client, begun since the stage began", get: func(cur, base *Snapshot) Value {
		return count(cur.Metrics.longestRunSince(readsAt(base)))
	}},
	"readers": {kind: Counter, doc: "clients that read since the stage began (counted up to 16)", get: func(cur, base *Snapshot) Value {
		return count(cur.Metrics.readersSince(readsAt(base)))
	}},
	"appends":      counter("acknowledged appends to lists (carts)", func(m *Metrics) int64 { return m.Appends }),
	"lost_appends": counter("appends acknowledged but missing from the list they went to", func(m *Metrics) int64 { return m.LostAppends }),
	"appenders": {kind: Counter, doc: "clients that appended since the stage began (counted up to 16)", get: func(cur, base *Snapshot) Value {
		from := int64(0)
		if base != nil {
			from = base.Metrics.Appends
		}
		return count(clientsSince(cur.Metrics.appenders, from))
	}},
	"subscribers":        gauge("websocket clients of the group connected now", func(s *Snapshot) Value { return num(float64(s.Metrics.Subscribers)) }),
	"published":          counter("messages sent to the group (group_send)", func(m *Metrics) int64 { return m.Published }),
	"deliveries":         counter("messages a subscriber received", func(m *Metrics) int64 { return m.Deliveries }),
	"missed":             counter("messages a subscriber of the group did not receive", func(m *Metrics) int64 { return m.Missed }),
	"jobs_queued":        counter("background jobs handed to the queue", func(m *Metrics) int64 { return m.JobsQueued }),
	"jobs_done":          counter("background jobs whose work ran", func(m *Metrics) int64 { return m.JobsDone }),
	"jobs_lost":          counter("queued background jobs that will never run", func(m *Metrics) int64 { return m.JobsLost }),
	"jobs_twice":         counter("runs of a background job's work beyond its first", func(m *Metrics) int64 { return m.JobsTwice }),
	"jobs_interrupted":   counter("background jobs running when their process was killed", func(m *Metrics) int64 { return m.JobsInterrupted }),
	"waiting_at_restart": counter("jobs waiting to run, summed over the web worker replacements", func(m *Metrics) int64 { return m.WaitingAtRestart }),
	"jobs_waiting":       gauge("background jobs queued and not yet started", func(s *Snapshot) Value { return num(float64(s.Metrics.JobsWaiting)) }),
	"job_runs":           counter("runs of the periodic job", func(m *Metrics) int64 { return m.JobRuns }),
	"schedulers":         gauge("scheduler threads or processes running the periodic job now", func(s *Snapshot) Value { return num(float64(s.Metrics.Schedulers)) }),
	"periods": {kind: Counter, doc: "periods of the schedule since the stage began", get: func(cur, base *Snapshot) Value {
		return num(periodsSince(cur, base))
	}},
	"runs_per_period": {kind: Counter, doc: "runs of the job per period of the schedule since the stage began (0 before one period)", get: func(cur, base *Snapshot) Value {
		p := periodsSince(cur, base)
		if p < 1 {
			return num(0)
		}
		runs := cur.Metrics.JobRuns
		if base != nil {
			runs -= base.Metrics.JobRuns
		}
		return num(float64(runs) / p)
	}},
	"code_changes":     counter("edits of the code on disk: global lines once the server runs", func(m *Metrics) int64 { return m.CodeChanges }),
	"global_copies":    gauge("the most distinct values one module global has across the live workers", func(s *Snapshot) Value { return num(float64(s.Metrics.GlobalCopies)) }),
	"outdated_workers": gauge("live workers running older code than the code on disk", func(s *Snapshot) Value { return num(float64(s.Metrics.OutdatedWorkers)) }),
	"pids_answering":   gauge("distinct worker pids that answered", func(s *Snapshot) Value { return num(float64(s.Metrics.PidsAnswering)) }),
	"seconds":          gauge("virtual seconds since start", func(s *Snapshot) Value { return num(s.Now.Seconds()) }),

	"workers": setting("worker processes per server (gunicorn -w)", func(s *Settings) Value { return num(float64(s.Workers)) }),
	"servers": setting("gunicorn servers (more than 1: behind nginx)", func(s *Settings) Value { return num(float64(s.Servers)) }),
	"class":   wordSetting("worker class", classes, func(s *Settings) Value { return word(s.Class) }),
	"threads": setting("threads per worker that run requests (1 unless class gthread)", func(s *Settings) Value {
		if s.Class != "gthread" {
			return num(1)
		}
		return num(float64(s.Threads))
	}),
	"connections":  setting("gevent connections", func(s *Settings) Value { return num(float64(s.Connections)) }),
	"store":        wordSetting("store", stores, func(s *Settings) Value { return word(s.Store) }),
	"balancer":     wordSetting("accept (no nginx) or nginx's policy among servers", balancers, func(s *Settings) Value { return word(s.Balancer) }),
	"lock":         switchSetting("lock on|off", func(s *Settings) bool { return s.Lock }),
	"atomic":       switchSetting("atomic increments on|off", func(s *Settings) bool { return s.Atomic }),
	"preload":      switchSetting("preload on|off", func(s *Settings) bool { return s.Preload }),
	"fallback":     switchSetting("fallback on|off", func(s *Settings) bool { return s.Fallback }),
	"keep_alive":   switchSetting("keep-alive on|off", func(s *Settings) bool { return s.KeepAlive }),
	"max_requests": setting("max requests per worker", func(s *Settings) Value { return num(float64(s.MaxRequests)) }),
	"cores":        setting("CPU cores", func(s *Settings) Value { return num(float64(s.Cores)) }),
	"io_ms":        setting("I/O wait inside a view, ms", func(s *Settings) Value { return ms(int64(s.IO)) }),
	"slow_view_s":  setting("seconds the slow view sleeps (time.sleep(5) unless io is set)", func(s *Settings) Value { return num(slowViewSleep(s).Seconds()) }),
	"ttl_s":        setting("cache timeout of sets and fills, s (0 = not cached, none = never)", func(s *Settings) Value { return ttlSeconds(s.TTL) }),
	"append_by":    wordSetting("how /append writes its list: mutate, set or rpush", appendModes, func(s *Settings) Value { return word(s.AppendBy) }),
	"layer":        wordSetting("the channel layer: memory (per process) or redis", layerModes, func(s *Settings) Value { return word(s.Layer) }),
	"queue":        wordSetting("where background jobs wait: local or redis", queueModes, func(s *Settings) Value { return word(s.Queue) }),
	"acks":         wordSetting("when the job worker acknowledges a job: early or late", ackModes, func(s *Settings) Value { return word(s.Acks) }),
	"job_time_s":   setting("how long one background job runs, s", func(s *Settings) Value { return num(s.JobTime.Seconds()) }),
	"schedule_s":   setting("the periodic job's period, s (0 = no job)", func(s *Settings) Value { return num(s.Schedule.Seconds()) }),
	"scheduler":    wordSetting("where the job's scheduler runs: app or beat", schedulerModes, func(s *Settings) Value { return word(s.Scheduler) }),
	"job_lock":     switchSetting("job-lock on|off", func(s *Settings) bool { return s.JobLock }),
	"cpu_ms":       setting("CPU work inside an increment between read and write, ms", func(s *Settings) Value { return ms(int64(s.CPU)) }),
	"think_ms":     setting("a client's pause between requests, ms", func(s *Settings) Value { return ms(int64(s.Think)) }),
	"redis": wordSetting("redis up|down", []string{"up", "down"}, func(s *Settings) Value {
		if s.RedisDown {
			return word("down")
		}
		return word("up")
	}),
	"workload": wordSetting("running traffic workload (off when none)", append([]string{"off"}, workloads...), func(s *Settings) Value {
		if s.Traffic.Workload == "" {
			return word("off")
		}
		return word(s.Traffic.Workload)
	}),
	"clients": setting("traffic clients", func(s *Settings) Value { return num(float64(s.Traffic.Clients)) }),
}

// readsAt is the number of reads completed at base (0 when counting from the start).
func readsAt(base *Snapshot) int64 {
	if base == nil {
		return 0
	}
	return base.Metrics.Reads
}

// MetricNames lists every name a condition may use, sorted.
func MetricNames() []string {
	names := make([]string, 0, len(metricDefs))
	for n := range metricDefs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// MetricWords returns the words a word-valued setting takes (nil for a
// number), so a misspelt word in a goal is caught when the lesson loads.
func MetricWords(name string) []string { return slices.Clone(metricDefs[name].words) }

// MetricInfo returns the kind and a one-line description of a metric name.
func MetricInfo(name string) (MetricKind, string, bool) {
	d, ok := metricDefs[name]
	return d.kind, d.doc, ok
}

// Measure reads a metric or setting by name. Counters are measured from base
// (nil = from the start); gauges and settings are read from cur.
func Measure(name string, cur, base *Snapshot) (Value, error) {
	d, ok := metricDefs[name]
	if !ok {
		return Value{}, fmt.Errorf("unknown metric %q (known: %s)", name, strings.Join(MetricNames(), ", "))
	}
	return d.get(cur, base), nil
}

// periodsSince is how many periods of the schedule passed since base (0
// when no job is scheduled).
func periodsSince(cur, base *Snapshot) float64 {
	every := cur.Settings.Schedule
	if every <= 0 {
		return 0
	}
	t := cur.Now
	if base != nil {
		t -= base.Now
	}
	return float64(t) / float64(every)
}
