// Package sim models a pre-fork web server (gunicorn-style master and workers)
// in virtual time: workers with private memory, a shared embedded Redis, traffic
// generators and an observer that counts stale reads and lost updates.
//
// The model is deterministic: the same seed and the same command lines give the
// same events, byte for byte. sim imports no terminal package; the UI and the
// lessons drive it through the Cluster interface and read immutable Snapshots.
package sim

import "time"

// Cluster is the one interface the UI and the lesson engine drive. The simulated
// cluster (*Sim) satisfies it; a live cluster of real processes may too.
type Cluster interface {
	// Exec parses and runs one command-language line. A bad line returns a
	// *LineError and changes nothing. The returned text is what a console shows.
	Exec(line string) (string, error)
	// Advance runs every event due within the next d of virtual time and
	// returns how many ran; it stops early after maxEvents events (0 = no cap)
	// so a UI can advance in bounded slices.
	Advance(d time.Duration, maxEvents int) int
	// Step runs the next pending event, moving virtual time to it. It reports
	// false when nothing is pending.
	Step() bool
	// Snapshot returns an immutable copy of the cluster's state.
	Snapshot() Snapshot
	// EventsSince appends to dst the logged events with Seq > seq (oldest
	// first, at most the ring's capacity) and returns it.
	EventsSince(seq uint64, dst []Event) []Event
	// Close releases the cluster's resources (the embedded Redis listener).
	Close() error
}

// Settings are the knobs of a cluster, all settable from the command language.
type Settings struct {
	Workers           int           // worker processes per gunicorn server, its -w (servers × workers at most 64)
	Servers           int           // gunicorn servers; more than 1 sit behind nginx (balancer names nginx's policy)
	Class             string        // sync | gthread | gevent
	Threads           int           // gthread threads per worker
	Connections       int           // gevent greenlets per worker
	Store             string        // local | locmem | redis
	Balancer          string        // accept (clients reach gunicorn directly) | nginx's policy among servers: round-robin | least-conn | ip-hash
	Lock              bool          // a lock around read-modify-write inside one worker
	Atomic            bool          // generated increments use INCR / a locked update
	Preload           bool          // workers fork from the master's import-time memory
	MaxRequests       int           // recycle a worker after this many requests (0 = never)
	MaxRequestsJitter int           // + randint(0, jitter), drawn once per worker
	Timeout           time.Duration // kill a worker silent for longer than this
	Cores             int           // CPU cores of the simulated machine
	KeepAlive         bool          // gthread/gevent keep connections open (pinning a client)
	KeepAliveIdle     time.Duration // idle time after which a kept-alive connection closes
	Fallback          bool          // on Redis errors, degrade to a miss instead of failing
	RedisDown         bool          // every Redis command fails
	RedisSlow         time.Duration // extra latency per Redis command
	IO                time.Duration // I/O wait inside a view (between read and write)
	CPU               time.Duration // CPU work inside an increment, between read and write (a busy loop)
	AppendBy          string        // how /append writes a list: mutate (append to what the store returned) | set (write it back) | rpush
	Schedule          time.Duration // a periodic job every Schedule, started by a scheduler at import (0 = none)
	Scheduler         string        // where the scheduler runs: app (started at import) | beat (a process of its own)
	JobLock           bool          // each run first takes a lock with cache.add (an expiry of one period)
	Queue             string        // where background jobs wait: local (a queue.Queue in each worker) | redis (a broker and a job worker)
	Acks              string        // when the job worker acknowledges a job: early (before running it, Celery's default) | late (acks_late)
	JobTime           time.Duration // how long one background job runs
	Layer             string        // the channel layer of broadcasts: memory (one per process) | redis (every process hears)
	Think             time.Duration // a client's pause between its requests
	TTL               time.Duration // Django's cache timeout of sets and cache fills: 0 = not cached, TTLNone = never; a dict ignores it
	Speed             float64       // virtual seconds per wall second (UI)
	Paused            bool          // the UI does not advance time
	Steps             bool          // the event log also records each request's steps (EventStep); it changes no outcome
	Traffic           Traffic       // the running generator, if any
}

// Traffic describes a traffic generator.
type Traffic struct {
	Workload string  // "" (off) | set-then-get | counter | cache-aside | slow | sessions
	Rate     float64 // requests per virtual second over all clients (0 = closed loop)
	Clients  int     // concurrent clients
	Keys     int     // key space size
	Limit    int64   // stop after this many requests (0 = no limit)
}

// Snapshot is an immutable picture of a cluster at one instant of virtual time.
// Its slices are fresh copies owned by the caller.
type Snapshot struct {
	Now       time.Duration // virtual time since the cluster started
	Settings  Settings
	Workers   []WorkerState // live workers, ordered by slot
	Keys      []KeyState    // every key a worker or the shared store holds, sorted
	Metrics   Metrics
	RedisAddr string // 127.0.0.1:port of the embedded Redis ("" when not listening)
	Pending   int    // requests issued and not yet answered
	// TrafficSent is how many requests the running generator has sent; with
	// a limit, the generator is finished once it reaches Settings.Traffic.Limit.
	TrafficSent int64
	Live        bool     // true when the workers are real processes
	Globals     []Global // module-level globals the app sets at import
	Timeline    Timeline // where the run is on its recorded timeline (zero when none is kept)
}

// Global is a module-level global set at import time (`global KEY VALUE|random`).
type Global struct {
	Key    string
	Value  string // "" when Random
	Random bool   // drawn at each import (secrets.token_hex), so copies differ without preload
}

// WorkerState is one live worker as a card draws it.
type WorkerState struct {
	Slot        int    // 1-based position; stable across restarts of the slot
	Scheduler   bool   // it runs a scheduler thread of the periodic job
	Jobs        int    // jobs in its own queue and thread (queue local)
	Subscribers int    // websocket clients connected to it
	Server      int    // the gunicorn server (1-based) whose master forked it
	Pid         int    // simulated (or real) process id; new on every restart
	Generation  int    // how many times this slot's worker was replaced
	Served      int64  // requests this process has served
	InFlight    int    // requests it is handling now
	Doing       string // "idle", "GET /get?k=key0", "waiting on I/O", "CPU 10ms (blocks 3 greenlets)", "booting"
	// DoingShort is Doing in fewer cells where it has a shorter form
	// ("CPU 10ms, 3 wait"), else Doing itself: a narrow card shows it whole.
	DoingShort string
	Keys       []KV // what this worker would read for each key (its dict, or the shared store)
	// Threads is the step each of its threads (gthread), greenlets (gevent)
	// or its one request (sync) is in, by thread number; filled while
	// Settings.Steps is on, at most maxThreadStates of them.
	Threads []ThreadState
}

// KV is one key as one worker sees it, coloured by agreement.
type KV struct {
	Key       string
	Value     string
	Present   bool
	Agreement string // "agrees" | "stale" | "missing"
	Lost      int64  // a counter: increments acknowledged to this copy that it does not hold
}

// KeyState summarises one key across the live workers.
type KeyState struct {
	Key        string
	Newest     string  // value of the newest completed write ("" when none)
	HasWrite   bool    // a write to the key has completed
	Divergence int     // distinct values (missing counts as one) among live workers
	Agreement  float64 // share of live workers that would read the newest write
}

// Metrics are the observer's streaming counters (DESIGN.md "What the observer measures").
type Metrics struct {
	Requests         int64 // completed requests (answered or failed)
	Reads            int64 // completed GETs (get, and cache lookups)
	Writes           int64 // completed sets
	Increments       int64 // acknowledged increments (racy and atomic)
	AtomicIncrements int64 // acknowledged atomic increments
	StaleReads       int64
	LostUpdates      int64 // increments applied to a copy minus its counter value, over copies (never falls)
	LostToRestarts   int64 // acknowledged writes whose copy was wiped by a restart
	ExpiredReads     int64 // misses because the newest write had expired
	Errors           int64
	Restarts         int64 // workers replaced (kill, max-requests, timeout)
	Hits             int64 // cache-aside lookups that found a value
	Lookups          int64 // cache-aside lookups
	HitRate          float64
	ThroughputRPS    float64 // completed requests per virtual second
	P50, P95, P99    time.Duration
	ServedPerWorker  []int64 // by slot, across the slot's generations
	BestFreshStreak  int64   // longest run of fresh reads in a row by one client
	PidsAnswering    int     // distinct worker pids that answered a request
	CodeChanges      int64   // edits of the code on disk (global lines once the server runs)
	JobRuns          int64   // runs of the periodic job
	Schedulers       int     // scheduler threads (or processes) running the periodic job now
	JobsQueued       int64   // background jobs handed to the queue (the view answered)
	JobsDone         int64   // jobs whose work ran (the first time)
	JobsLost         int64   // queued jobs that will never run
	JobsTwice        int64   // runs of a job's work beyond its first
	JobsInterrupted  int64   // jobs running when the process running them was killed
	WaitingAtRestart int64   // jobs waiting to run, summed over the moments a web worker was replaced
	JobsWaiting      int     // jobs queued and not yet started, anywhere
	Subscribers      int     // websocket clients connected now
	Published        int64   // messages sent to the group
	Deliveries       int64   // messages received by a subscriber
	Missed           int64   // messages a subscriber of the group did not receive
	Appends          int64   // acknowledged appends to lists
	LostAppends      int64   // appends acknowledged to a copy that its list does not hold
	GlobalCopies     int     // the most distinct values one module global has across the live workers
	OutdatedWorkers  int     // live workers whose module globals come from older code than the code on disk
	VirtualSeconds   float64

	readers   []readerMark // recent readers, for counting from a stage's start
	appenders []clientMark // recent clients that appended, for the same
	runs      []freshRun   // finished runs of fresh reads, for the same
}

// EventKind says what an Event records.
type EventKind uint8

// Event kinds.
const (
	EventRequest EventKind = iota + 1 // a request was answered (or failed)
	EventSpawn                        // a worker booted
	EventExit                         // a worker exited (killed, recycled, timed out)
	EventSetting                      // a setting changed
	EventFault                        // Redis down/up/slow
	EventStep                         // one step of a request (while Settings.Steps is on)
)

// Event is one line of the traffic log.
type Event struct {
	Seq    uint64
	At     time.Duration
	Kind   EventKind
	Client int    // 0 = the console
	Slot   int    // worker slot that took it
	Pid    int    // worker pid
	Route  string // "GET /get?k=key0" (a request, and the step that accepted it)
	Result string // "hello", "(missing)", "OK", "500 redis down", "41"
	Stale  bool   // a stale read
	Lost   bool   // an increment that overwrote another's update
	Error  bool
	Text   string // for non-request events: what happened

	// Request is the serial number of the request a request or step event
	// belongs to (1, 2, ... in the order they were sent).
	Request uint64
	// Thread is the thread (gthread) or greenlet (gevent) of the worker that
	// runs the request, 1-based; a sync worker's one request is thread 1.
	Thread int
	// Step is what a step event did; Key, Value, Found and Dur say with
	// what: the key read or written, the value read or written, whether a
	// read found the key, how long an I/O wait, a round trip, CPU work or a
	// wait for the GIL lasts. Other names the thread that took the GIL from
	// a preempted one.
	Step  StepKind
	Key   string
	Value string
	Found bool
	Dur   time.Duration
	Other int

	// Over says what a lost update overwrote (on its request event and on
	// its write step): the value another client's write had left, who wrote
	// it, and what this request had read before that write.
	Over *Overwrite
}

// Overwrite is the pair behind a lost update: request A read a value, B
// wrote after that read, and A's write replaced B's.
type Overwrite struct {
	Value    string // what the write replaced: the other client's value ("" when the key was gone)
	By       int    // the client whose write was replaced (0 = the console); -1 when unknown
	Known    bool   // By names a client (a raw command or an import left the value otherwise)
	Gone     bool   // the key was missing when the write landed (it expired or was deleted)
	ReadWas  string // what the losing request read before that write ("0" when it found nothing: it counted from 0)
	ReadSeen bool   // it found a value
}
