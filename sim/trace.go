package sim

import (
	"slices"
	"time"
)

// The steps of a request: while Settings.Steps is on, every step a view
// takes that another request could see or that makes it wait is logged as an
// EventStep, so a log or a sequence diagram can show why an update was lost.
// Logging a step draws nothing from the RNG and schedules nothing: a run with
// steps on has exactly the outcome of the same run with steps off.

// StepKind says what one step of a request did.
type StepKind uint8

// Step kinds.
const (
	StepAccept   StepKind = iota + 1 // a thread (greenlet) of a worker took the connection
	StepRead                         // the view read the key from its worker's dict
	StepWrite                        // the view wrote the key into its worker's dict
	StepGet                          // Redis GET; the reply comes after the round trip (Dur)
	StepSet                          // Redis SET (a DEL for timeout 0); the reply comes after Dur
	StepIncr                         // an atomic increment: Redis INCR (round trip Dur), or a locked update of the dict
	StepIO                           // an I/O wait of Dur inside the view (time.sleep, a socket read)
	StepCPU                          // CPU work of Dur between read and write (cpu D)
	StepDB                           // the slow database: a query or a write of Dur
	StepWaitRun                      // it waited Dur for its worker's GIL (gthread), its turn (gevent) or a core (sync)
	StepPreempt                      // it lost the GIL: after the switch interval (Dur held), or where a schedule put a switch
	StepLockWait                     // it waits for the worker's lock, which another thread holds
	StepLock                         // it took the worker's lock
	StepUnlock                       // it released the lock
)

// gilWaitShown is the shortest wait for a worker's GIL (or core) the step
// log shows: the GIL changes hands around every request many times for a few
// microseconds, which says nothing a learner needs; a wait of a millisecond
// or more is a thread held up by another.
const gilWaitShown = time.Millisecond

// traceStep logs what step st of r just did (r.pc is past it).
func (s *Sim) traceStep(r *request, st step) {
	if !s.set.Steps || r.failed != "" {
		return
	}
	redis := s.set.Store == "redis"
	switch st.kind {
	case stRead:
		if redis {
			s.logStep(r, StepGet, redisRTT+s.set.RedisSlow, r.readVal, r.readOK)
		} else {
			s.logStep(r, StepRead, 0, r.readVal, r.readOK)
		}
	case stWrite:
		if redis {
			s.logStep(r, StepSet, redisRTT+s.set.RedisSlow, r.val, true)
		} else {
			s.logStep(r, StepWrite, 0, r.val, true)
		}
	case stIncr:
		d := time.Duration(0)
		if redis {
			d = redisRTT + s.set.RedisSlow
		}
		s.logStep(r, StepIncr, d, r.val, true)
	case stIO:
		if st.d == 0 {
			return // a thread hop: it only lets another thread run
		}
		kind := StepIO
		if r.op == opLookup || r.op == opUpdate {
			kind = StepDB
		}
		s.logStep(r, kind, st.d, value{}, false)
	case stDBWrite:
		s.logStep(r, StepDB, st.d, r.val, true)
	case stWork:
		s.logStep(r, StepCPU, st.d, value{}, false)
	case stLock:
		if r.holdsLock {
			s.logStep(r, StepLock, 0, value{}, false)
		} else {
			s.logStep(r, StepLockWait, 0, value{}, false)
		}
	case stUnlock:
		s.logStep(r, StepUnlock, 0, value{}, false)
	}
}

// traceAccept logs that r's worker took its connection.
func (s *Sim) traceAccept(r *request) {
	if s.set.Steps {
		rec := s.logStep(r, StepAccept, 0, r.val, false)
		rec.op, rec.atomic = r.op, r.atomic
	}
}

// traceRun logs a wait for the GIL (or core) that lasted long enough to matter.
func (s *Sim) traceRun(r *request) {
	if s.set.Steps && s.now-r.gilSince >= gilWaitShown {
		s.logStep(r, StepWaitRun, s.now-r.gilSince, value{}, false)
	}
}

// tracePreempt logs that h lost the GIL after holding it for held; next
// (nil when not known yet) takes it.
func (s *Sim) tracePreempt(h, next *request, held time.Duration) {
	if !s.set.Steps {
		return
	}
	rec := s.logStep(h, StepPreempt, held, value{}, false)
	if next != nil {
		rec.other = next.thread
	}
}

// traceLockHandover logs that next took the lock a releasing thread handed it.
func (s *Sim) traceLockHandover(next *request) {
	if s.set.Steps {
		s.logStep(next, StepLock, 0, value{}, false)
	}
}

// logStep adds one step record of r.
func (s *Sim) logStep(r *request, kind StepKind, d time.Duration, v value, found bool) *record {
	rec := s.ring.add()
	rec.at, rec.kind, rec.step, rec.dur = s.now, EventStep, kind, d
	rec.req, rec.thread, rec.client = r.id, r.thread, int32(r.c.id)
	rec.key, rec.val, rec.readOK = r.key, v, found
	if w := r.w; w != nil {
		rec.slot, rec.pid = int32(w.slot), int32(w.pid)
	}
	if (kind == StepWrite || kind == StepSet) && r.lost {
		rec.lost = true
		rec.over, rec.overBy, rec.overGone = r.overVal, r.overBy, r.overGone
		rec.read, rec.hasRead = r.readVal, r.readOK
	}
	return rec
}

// ThreadPhase says what a thread of a worker is doing.
type ThreadPhase uint8

// Thread phases.
const (
	PhaseRunning  ThreadPhase = iota + 1 // it holds the GIL (the core) and runs Python
	PhaseCPU                             // it runs the view's CPU work (cpu D)
	PhaseWaitRun                         // it waits for the GIL (gthread), its turn (gevent) or a core (sync)
	PhaseIO                              // it waits on I/O (time.sleep, a socket)
	PhaseRedis                           // it waits for a Redis reply
	PhaseDB                              // it waits for the database
	PhaseWaitLock                        // it waits for the worker's lock
)

// ThreadState is the step one thread (greenlet) of a worker is in.
type ThreadState struct {
	Thread  int // 1-based, as Event.Thread
	Client  int
	Request uint64
	Route   string // the request as sent: "GET /incr?k=hits"
	Phase   ThreadPhase
	Dur     time.Duration // how long the wait or the CPU step lasts (0 when not known)
	Key     string        // the key its view works on
	// Read is the value its view read and has not written back yet (an
	// increment between its read and its write): the window a lost update
	// comes through. HasRead says there is one; Found that the read found
	// the key (else the view counts from 0).
	Read    string
	HasRead bool
	Found   bool
}

// maxThreadStates bounds the threads a snapshot lists per worker.
const maxThreadStates = 16

// threadStates lists what each active request of w is doing, by thread.
func (s *Sim) threadStates(w *worker) []ThreadState {
	if len(w.active) == 0 {
		return nil
	}
	rs := slices.Clone(w.active)
	slices.SortFunc(rs, func(a, b *request) int { return int(a.thread) - int(b.thread) })
	if len(rs) > maxThreadStates {
		rs = rs[:maxThreadStates]
	}
	out := make([]ThreadState, len(rs))
	for i, r := range rs {
		ts := ThreadState{Thread: int(r.thread), Client: r.c.id, Request: r.id, Route: r.route(&s.keys),
			Key: s.keys.info(r.key).name}
		ts.Phase, ts.Dur = s.phaseOf(w, r)
		if r.op == opIncr && !r.atomic && s.betweenReadAndWrite(r) {
			ts.HasRead, ts.Found = true, r.readOK
			ts.Read = "0"
			if r.readOK {
				ts.Read = r.readVal.String()
			}
		}
		out[i] = ts
	}
	return out
}

// phaseOf says what r is doing now and for how long.
func (s *Sim) phaseOf(w *worker, r *request) (ThreadPhase, time.Duration) {
	last := stepKind(0)
	var d time.Duration
	if r.pc > 0 {
		last, d = r.prog[r.pc-1].kind, r.prog[r.pc-1].full
	}
	switch {
	case r.onCPU && last == stWork:
		return PhaseCPU, d
	case r.onCPU:
		return PhaseRunning, 0
	case r.waitingIO && (last == stRead || last == stWrite || last == stIncr):
		return PhaseRedis, redisRTT + s.set.RedisSlow
	case r.waitingIO && (last == stDBWrite || (last == stIO && (r.op == opLookup || r.op == opUpdate))):
		return PhaseDB, d
	case r.waitingIO:
		return PhaseIO, d
	case slices.Contains(w.runq.items[w.runq.head:], r):
		return PhaseWaitRun, 0
	case slices.Contains(w.lockWaiters.items[w.lockWaiters.head:], r):
		return PhaseWaitLock, 0
	}
	return PhaseRunning, 0
}

// betweenReadAndWrite reports whether r's view has read its key and not yet
// written it back.
func (s *Sim) betweenReadAndWrite(r *request) bool {
	read := false
	for pc := 0; pc < r.pc; pc++ {
		switch r.prog[pc].kind {
		case stRead:
			read = true
		case stWrite:
			return false
		}
	}
	return read
}

// noteOver records what r's lost write replaced: cur, written by the client
// whose id + 1 is writer (0 = not known), or nothing when the key was gone.
func (r *request) noteOver(cur value, writer int32, present bool) {
	r.overVal, r.overBy, r.overGone = cur, writer-1, !present
	if !present {
		r.overBy = -1
	}
}
