package sim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Sim is a simulated pre-fork cluster. It is not safe for concurrent use: one
// goroutine (the UI's update loop, a headless run, a test) drives it.
type Sim struct {
	seed uint64
	// launched turns true once anything but a setting has happened (an
	// event ran, a request was sent, traffic started, a worker was killed).
	// Before that, settings that shape the workers configure the launch
	// itself, as a command line would, instead of resizing a running server.
	launched bool
	set      Settings
	now      time.Duration
	rng      *rand.Rand
	pcg      *rand.PCG // rng's source: its state is what a checkpoint keeps
	q        evQueue
	seq      uint64
	work     int // scheduled events other than timeout checks
	keys     keyTable

	workers []*worker // live workers ordered by slot
	nextPid int
	// backlogs holds each gunicorn server's listen queue: connections the
	// kernel has not yet handed to a worker.
	backlogs []fifo
	rrNext   int // nginx's next server in turn
	// lastDone is the worker that answered last: it is still awake and wins
	// accept() more often for a few milliseconds (FACTS.md A).
	lastDone *worker

	freeCores int
	coreWait  []*worker

	store *sharedStore
	pool  []*request

	globals []importGlobal // module-level globals as the code on disk sets them
	code    int            // version of the code on disk: every global line after the launch edits it
	master  *moduleImport  // the master's import (preload), which workers fork; nil without preload

	console  *client
	spread   []*client // console clients for `get k xN clients C`
	traffic  *generator
	valSeq   int64       // unique values for generated writes
	writeSeq uint64      // versions of writes
	jobs     jobState    // the periodic job's schedulers
	tasks    taskState   // background jobs: queues, the broker's job worker
	pubsub   pubsubState // websocket clients of the broadcast group, Redis subscriptions
	obs      observer
	ring     ring

	reqSeq  uint64  // serial numbers of requests
	events  uint64  // events fired so far: a position on the timeline
	chooser Chooser // decides the choice points (nil: the seeded RNG, choose.go)
	tl      *timeline

	// Scratch space of accept(), kept to allocate nothing per connection.
	idle       []*worker
	idleWeight []float64
}

// New builds a cluster from cfg and boots its workers at virtual time 0.
func New(cfg Config) (*Sim, error) { return newWithLog(cfg, ringSize) }

// newWithLog is New with an event log of logSize records: a headless run, whose
// log nobody reads, keeps a few instead of allocating the screen's ring.
func newWithLog(cfg Config, logSize int) (*Sim, error) {
	st := withDefaults(cfg.Settings)
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("creating cluster: %w", err)
	}
	store, err := newSharedStore(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("starting the embedded redis: %w", err)
	}
	s := &Sim{
		seed:      cfg.Seed,
		set:       st,
		keys:      newKeyTable(),
		nextPid:   firstPid(cfg.Seed),
		freeCores: st.Cores,
		store:     store,
		console:   &client{id: 0},
		backlogs:  make([]fifo, st.Servers),
	}
	s.seedRNG()
	s.obs.init()
	s.ring.init(logSize)
	if st.Preload {
		s.masterImport()
	}
	s.spawnAll()
	s.restartSchedulers()
	if st.Queue == "redis" {
		s.startJobWorker()
	}
	if cfg.Timeline {
		if err := s.KeepTimeline(); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// seedRNG starts the cluster's generator from its seed.
func (s *Sim) seedRNG() {
	s.pcg = rand.NewPCG(s.seed, s.seed^0x9e3779b97f4a7c15)
	s.rng = rand.New(s.pcg)
}

// firstPid is where a cluster's process ids start.
func firstPid(seed uint64) int { return 1000 + int(seed%1000)*10 }

// Close stops the embedded Redis.
func (s *Sim) Close() error {
	s.closePubsub()
	s.store.m.Close()
	return nil
}

// Settings returns the current settings.
func (s *Sim) Settings() Settings { return s.set }

// Now returns the virtual time.
func (s *Sim) Now() time.Duration { return s.now }

func (s *Sim) schedule(at time.Duration, kind evKind, r *request, w *worker, c *client) {
	s.seq++
	e := ev{at: at, seq: s.seq, kind: kind, req: r, w: w, c: c}
	if r != nil {
		e.gen = r.gen
	}
	if isWork(kind) {
		s.work++
	}
	s.q.push(e)
}

// Step runs the next event. It reports false when nothing is pending. On a
// kept timeline (KeepTimeline) showing an earlier instant, it goes one
// recorded event forward instead.
func (s *Sim) Step() bool {
	if s.tl != nil && s.tl.inPast(s) {
		before := s.events
		return s.tl.seek(s, s.events+1) == nil && s.events > before
	}
	return s.step()
}

// step runs the next event.
func (s *Sim) step() bool {
	if s.q.len() == 0 {
		return false
	}
	s.launched = true
	e := s.q.pop()
	if isWork(e.kind) {
		s.work--
	}
	if e.at > s.now {
		s.now = e.at
	}
	s.events++
	s.fire(e)
	if s.tl != nil {
		s.tl.afterEvent(s)
	}
	return true
}

// Advance runs the events due within d of virtual time (at most maxEvents of
// them when maxEvents > 0) and returns how many ran. Time moves to now+d
// unless the cap stopped it first. On a kept timeline showing an earlier
// instant, it plays the recorded events back, and goes on live once it
// reaches the present.
func (s *Sim) Advance(d time.Duration, maxEvents int) int {
	if s.tl != nil && s.tl.inPast(s) {
		return s.tl.playback(s, d, maxEvents)
	}
	until := s.now + d
	n := 0
	for s.q.len() > 0 && s.q.peek().at <= until {
		if maxEvents > 0 && n >= maxEvents {
			return n
		}
		s.step()
		n++
	}
	if until > s.now {
		s.now = until
		if s.tl != nil {
			s.tl.record(s, journalEntry{kind: jClock, now: s.now})
		}
	}
	return n
}

// RunUntilIdle runs events until no work is pending (a pending timeout check
// alone is not work) or limit of virtual time has passed, and returns the
// events run. On a kept timeline showing an earlier instant, it starts a new
// branch there.
func (s *Sim) RunUntilIdle(limit time.Duration) int {
	if s.tl != nil {
		s.tl.branch(s)
	}
	until := s.now + limit
	n := 0
	for s.work > 0 && s.q.peek().at <= until {
		s.step()
		n++
	}
	return n
}

func (s *Sim) fire(e ev) {
	switch e.kind {
	case evSend:
		s.clientSend(e.c)
	case evResume:
		r := e.req
		if r.gen != e.gen {
			return // the request failed or finished meanwhile
		}
		if r.onCPU {
			if !s.keepsCore(r) {
				s.releaseCore(r.w)
			}
			r.onCPU = false
		}
		r.waitingIO = false
		s.advanceReq(r)
	case evBoot:
		s.booted(e.w)
	case evTimeout:
		s.checkTimeout(e.w)
	case evPreempt:
		s.preempt(e.w, e.gen)
	case evJob:
		s.fireJob(e.gen)
	case evReconnect:
		s.reconnect(int(e.gen))
	case evTask:
		if e.w == nil && e.gen == 0 {
			s.jobWorkerBooted()
		} else {
			s.taskStep(e.w, e.gen)
		}
	}
}
