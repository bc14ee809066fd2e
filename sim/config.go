package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Limits of the settings: the one source for the parser, New, the CLI flags
// and the lesson checks.
const (
	MaxWorkers     = 64         // worker processes (workers N)
	MaxThreads     = 256        // threads per gthread worker
	MaxConnections = 100000     // greenlets per gevent worker
	MaxCores       = 64         // cores of the simulated machine
	MaxClients     = 1024       // concurrent clients of a request or generator
	MaxKeys        = 100000     // key space of a generator
	MaxRepeat      = 100000     // xN of a console request
	MaxMaxRequests = 1000000    // max-requests and its jitter
	MaxRequests    = 1000000000 // requests N of a generator
	MaxRate        = 1e7        // requests per second of a generator
	// MinRate is the lowest rate of a generator, in the console, a script or
	// a flag (requests per second): the gap between two requests stays far
	// inside RunLimit and a time.Duration.
	MinRate        = 0.001
	maxRepeat      = MaxRepeat
	defaultKeepIdl = 2 * time.Second // gunicorn --keep-alive default
)

// Model constants: the costs that calibrate the model against FACTS.md part A.
const (
	requestCPU     = 85 * time.Microsecond  // CPU of a request up to the view's first store call: gunicorn and Django (FACTS.md A: 11.1–11.8k req/s with -w 1)
	viewCPU        = 40 * time.Microsecond  // CPU of one later burst of a trivial view
	redisRTT       = 62 * time.Microsecond  // the wait of one Redis command over loopback
	clientTurn     = 490 * time.Microsecond // a client's turnaround between requests (mean), on the same cores: with 8 clients, -w 2 and -w 4 land at 13.4–14.0k req/s
	dbLatency      = 20 * time.Millisecond  // the slow "database" of cache-aside
	slowSleep      = 5 * time.Second        // the time.sleep(5) view when io is 0
	switchInterval = 5 * time.Millisecond   // CPython's sys.getswitchinterval(): a waiting thread makes the GIL holder drop it
	// A gthread request takes its worker's GIL several times around the view,
	// each after a call that released it: the main thread wakes from epoll and
	// accepts, hands the connection to a pool thread, which wakes and reads the
	// request; after the view it sends the response, closes, and the main loop
	// collects the finished future. Each time it queues behind a thread that
	// holds the GIL, for up to a switch interval. Calibrated with the switch
	// interval against FACTS.md A (10 ms of CPU between read and write: 255–257
	// of 400; 1 ms: 400).
	gilHopsBefore  = 4
	gilHopsAfter   = 3
	hopCPU         = 5 * time.Microsecond  // the Python run between two such calls
	bootDelay      = 50 * time.Millisecond // a new worker imports the app
	preloadBoot    = 5 * time.Millisecond  // a fork of a preloaded master
	stickyWeight   = 2.5                   // the worker that just answered, FACTS.md A
	stickyFade     = 5 * time.Millisecond  // its edge fades to nothing in a few ms
	waitedWeight   = 3.5                   // after a quiet spell, the sync worker that has waited longest, FACTS.md A
	epollSpread    = 0.4                   // spread of gthread/gevent workers' accept weights (log scale)
	locmemMax      = 300                   // Django LocMemCache MAX_ENTRIES
	djangoTimeout  = 300 * time.Second     // Django's default cache timeout (CACHES TIMEOUT)
	updateShare    = 20                    // cache-aside: 1 request in 20 updates the database
	sessionReads   = 9                     // sessions: reads after each login
	defaultClients = 8
)

// TTLNone is the TTL setting `ttl none`: Django's timeout=None, the value
// never expires. A TTL of 0 is timeout=0: the value is not cached (the write
// deletes the key).
const TTLNone time.Duration = -1

// Config creates a cluster.
type Config struct {
	Seed     uint64   // the RNG seed; the same seed and commands give the same run
	Settings Settings // zero fields take the defaults of DefaultSettings (a zero TTL too: set ttl 0 after New for "not cached")
	Listen   bool     // also serve the embedded Redis on 127.0.0.1 (random port)
	Timeline bool     // record the run from the start, to go back to any event (KeepTimeline)
}

// DefaultSettings are the settings of a fresh cluster: 4 sync workers with
// module-level dicts, gunicorn's defaults where gunicorn has one.
func DefaultSettings() Settings {
	return Settings{
		Workers:       4,
		Servers:       1,
		Class:         "sync",
		Threads:       4,
		Connections:   1000, // gunicorn --worker-connections default
		Store:         "local",
		Balancer:      "accept",
		Timeout:       30 * time.Second,
		Cores:         2,
		KeepAliveIdle: defaultKeepIdl,
		TTL:           djangoTimeout,
		AppendBy:      "mutate",
		Scheduler:     "app",
		Queue:         "local",
		Layer:         "memory",
		Acks:          "early",
		JobTime:       time.Second,
		Speed:         1,
	}
}

// withDefaults fills the zero fields of s from DefaultSettings.
func withDefaults(s Settings) Settings {
	d := DefaultSettings()
	if s.Workers == 0 {
		s.Workers = d.Workers
	}
	if s.Servers == 0 {
		s.Servers = d.Servers
	}
	if s.Class == "" {
		s.Class = d.Class
	}
	if s.Threads == 0 {
		s.Threads = d.Threads
	}
	if s.Connections == 0 {
		s.Connections = d.Connections
	}
	if s.Store == "" {
		s.Store = d.Store
	}
	if s.Balancer == "" {
		s.Balancer = d.Balancer
		if s.Servers > 1 {
			s.Balancer = "round-robin" // nginx's default when no method is configured
		}
	}
	if s.Timeout == 0 {
		s.Timeout = d.Timeout
	}
	if s.Cores == 0 {
		s.Cores = d.Cores
	}
	if s.KeepAliveIdle == 0 {
		s.KeepAliveIdle = d.KeepAliveIdle
	}
	if s.TTL == 0 {
		s.TTL = d.TTL
	}
	if s.Layer == "" {
		s.Layer = d.Layer
	}
	if s.Queue == "" {
		s.Queue = d.Queue
	}
	if s.Acks == "" {
		s.Acks = d.Acks
	}
	if s.JobTime == 0 {
		s.JobTime = d.JobTime
	}
	if s.Scheduler == "" {
		s.Scheduler = d.Scheduler
	}
	if s.AppendBy == "" {
		s.AppendBy = d.AppendBy
	}
	if s.Speed == 0 {
		s.Speed = d.Speed
	}
	return s
}

// validate checks settings given to New (the parser checks console input).
func (s Settings) validate() error {
	switch {
	case s.Workers < 1 || s.Workers > MaxWorkers:
		return fmt.Errorf("workers %d out of range; expected 1..%d", s.Workers, MaxWorkers)
	case s.Servers < 1 || s.Servers > MaxServers:
		return fmt.Errorf("servers %d out of range; expected 1..%d", s.Servers, MaxServers)
	case s.Servers*s.Workers > MaxWorkers:
		return fmt.Errorf("%d servers × %d workers is %d processes; expected at most %d", s.Servers, s.Workers, s.Servers*s.Workers, MaxWorkers)
	case s.Servers > 1 && s.Balancer == "accept":
		return fmt.Errorf("%d servers need nginx in front: balancer round-robin, least-conn or ip-hash, not accept", s.Servers)
	case !slices.Contains(classes, s.Class):
		return fmt.Errorf("unknown class %q; expected one of %s", s.Class, strings.Join(classes, ", "))
	case !slices.Contains(stores, s.Store):
		return fmt.Errorf("unknown store %q; expected one of %s", s.Store, strings.Join(stores, ", "))
	case !slices.Contains(layerModes, s.Layer):
		return fmt.Errorf("unknown layer %q; expected one of %s", s.Layer, strings.Join(layerModes, ", "))
	case !slices.Contains(queueModes, s.Queue):
		return fmt.Errorf("unknown queue %q; expected one of %s", s.Queue, strings.Join(queueModes, ", "))
	case !slices.Contains(ackModes, s.Acks):
		return fmt.Errorf("unknown acks %q; expected one of %s", s.Acks, strings.Join(ackModes, ", "))
	case s.JobTime < 0:
		return fmt.Errorf("job-time must not be negative")
	case !slices.Contains(schedulerModes, s.Scheduler):
		return fmt.Errorf("unknown scheduler %q; expected one of %s", s.Scheduler, strings.Join(schedulerModes, ", "))
	case s.Schedule < 0:
		return fmt.Errorf("schedule must not be negative")
	case !slices.Contains(appendModes, s.AppendBy):
		return fmt.Errorf("unknown append-by %q; expected one of %s", s.AppendBy, strings.Join(appendModes, ", "))
	case !slices.Contains(balancers, s.Balancer):
		return fmt.Errorf("unknown balancer %q; expected one of %s", s.Balancer, strings.Join(balancers, ", "))
	case s.Threads < 1 || s.Threads > MaxThreads:
		return fmt.Errorf("threads %d out of range; expected 1..%d", s.Threads, MaxThreads)
	case s.Connections < 1 || s.Connections > MaxConnections:
		return fmt.Errorf("connections %d out of range; expected 1..%d", s.Connections, MaxConnections)
	case s.Cores < 1 || s.Cores > MaxCores:
		return fmt.Errorf("cores %d out of range; expected 1..%d", s.Cores, MaxCores)
	case s.MaxRequests < 0 || s.MaxRequestsJitter < 0:
		return fmt.Errorf("max-requests must not be negative")
	case s.IO < 0 || s.CPU < 0 || s.Think < 0 || s.RedisSlow < 0 || (s.TTL < 0 && s.TTL != TTLNone):
		return fmt.Errorf("durations must not be negative (a TTL may also be TTLNone)")
	}
	return nil
}

var (
	classes   = []string{"sync", "gthread", "gevent"}
	stores    = []string{"local", "locmem", "redis"}
	balancers = []string{"accept", "round-robin", "least-conn", "ip-hash"}
	workloads = []string{"set-then-get", "counter", "cache-aside", "slow", "sessions", "carts", "jobs", "broadcast"}
)

// Classes lists the worker classes (class sync|gthread|gevent).
func Classes() []string { return slices.Clone(classes) }

// Stores lists where views can keep state (store local|locmem|redis).
func Stores() []string { return slices.Clone(stores) }

// Balancers lists who can choose the worker of the next connection.
func Balancers() []string { return slices.Clone(balancers) }

// Workloads lists the traffic generators' workloads.
func Workloads() []string { return slices.Clone(workloads) }
