package sim

import (
	"math/bits"
	"time"
)

// worker is one worker process of the master (gunicorn's arbiter).
type worker struct {
	slot       int
	server     int // the gunicorn server (0-based) whose master forked it
	pid        int
	generation int // restarts of this slot before this process
	code       int // version of the code its module globals come from
	served     int64
	dict       *dict
	capacity   int // 1 (sync), threads (gthread), connections (gevent)
	maxReq     int // this process's max_requests, jitter drawn once (0 = never)
	booting    bool
	retiring   bool
	retireWhy  string // why it will exit once its requests are done
	respawn    bool   // whether the master replaces it then
	dead       bool
	lastFinish time.Duration // when it last answered (the sticky accept edge)
	bootedAt   time.Duration // when it finished booting
	bias       float64       // gthread/gevent: standing weight in accept (0 = not drawn yet)

	active []*request // requests it is handling (a thread or greenlet each)
	busy   []uint64   // bit t-1 set: thread (greenlet) t runs one of them
	queue  fifo       // kept-alive or balanced connections waiting for a free slot

	// CPU: one core at a time per worker (the GIL), FIFO among its threads.
	runq        fifo
	onCore      bool
	inCoreWait  bool
	holder      *request      // the thread holding the core (nil when none)
	holdSeq     uint32        // counts hand-overs of the core
	holdStart   time.Duration // when the holder took it
	preemptTok  uint32        // the pending preemption event (older ones are void)
	preemptHold uint32        // the holdSeq it is for (0 = none pending)
	preemptAt   time.Duration // when it fires

	// The master's timeout watch: one pending check per worker at most.
	timed      *request
	timedGen   uint32
	deadline   time.Duration
	timerArmed bool

	tasks *executor // its in-process job queue and consumer thread (queue local), nil until used

	// The worker's threading.Lock around read-modify-write.
	lockHeld    bool
	lockWaiters fifo
}

// canAccept reports whether the worker would take a new connection now.
func (w *worker) canAccept() bool {
	return !w.booting && !w.retiring && !w.dead && len(w.active) < w.capacity
}

// idleSince is when the worker began waiting for its next connection.
func (w *worker) idleSince() time.Duration { return max(w.lastFinish, w.bootedAt) }

// load is what least-conn counts.
func (w *worker) load() int { return len(w.active) + w.queue.len() }

// doing says what the worker does now, for its card, and the same in fewer
// cells. A long CPU step shows as such; in a gevent worker it names the
// greenlets it holds up, since greenlets never preempt one another.
func (w *worker) doing(keys *keyTable, class string) (long, short string) {
	switch {
	case w.booting:
		return "booting", "booting"
	case len(w.active) == 0:
		if w.retiring {
			return "exiting", "exiting"
		}
		return "idle", "idle"
	}
	if h := w.holder; h != nil && h.onCPU && h.prog[h.pc-1].kind == stWork {
		s := "CPU " + h.prog[h.pc-1].full.String()
		if others := len(w.active) - 1; class == "gevent" && others > 0 {
			plural := ""
			if others > 1 {
				plural = "s"
			}
			return s + " (blocks " + itoa(others) + " greenlet" + plural + ")", s + ", " + itoa(others) + " wait"
		}
		return s, s
	}
	r := w.active[len(w.active)-1]
	if r.waitingIO {
		return "waiting on I/O", "waiting on I/O"
	}
	route := r.route(keys)
	return route, route
}

func (w *worker) removeActive(r *request) {
	w.freeThread(r.thread)
	i := r.activeIdx
	last := len(w.active) - 1
	w.active[i] = w.active[last]
	w.active[i].activeIdx = i
	w.active[last] = nil
	w.active = w.active[:last]
}

// capacityFor is how many requests one worker of the class handles at once.
func capacityFor(s *Settings) int {
	switch s.Class {
	case "gthread":
		return s.Threads
	case "gevent":
		return s.Connections
	}
	return 1
}

// takeThread marks the lowest free thread (greenlet) number busy and returns it.
func (w *worker) takeThread() int32 {
	for i, word := range w.busy {
		if word != ^uint64(0) {
			b := bits.TrailingZeros64(^word)
			w.busy[i] |= 1 << b
			return int32(i*64+b) + 1
		}
	}
	w.busy = append(w.busy, 1)
	return int32(len(w.busy)-1)*64 + 1
}

// freeThread marks thread t free again.
func (w *worker) freeThread(t int32) {
	if i := int(t-1) / 64; t > 0 && i < len(w.busy) {
		w.busy[i] &^= 1 << (uint(t-1) % 64)
	}
}
