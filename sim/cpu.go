package sim

import "time"

// A worker runs on at most one core at a time: one thread of it holds the
// core (the GIL of a gthread worker, the one OS thread of a gevent worker)
// and the others wait in its run queue, first come first served. A thread
// keeps the core from one CPU step to the next when nothing blocks between
// them; it gives it up at I/O, at a lock it must wait for, and when its
// request ends. A gthread worker also preempts: a thread that waits for the
// GIL makes the holder drop it after the switch interval (CPython's
// sys.getswitchinterval(), 5 ms). A gevent worker never preempts: a long CPU
// step blocks every other greenlet of the worker (FACTS.md A).

// needCPU runs a CPU burst of r of about d (0.5..1.5 × d), or of exactly d
// when exact: at once when r still holds its worker's core from the step
// before, else queued for it.
func (s *Sim) needCPU(r *request, d time.Duration, exact bool) {
	w := r.w
	if !exact {
		d = d/2 + time.Duration(s.rng.Int64N(int64(d)+1))
	}
	r.prog[r.pc-1].d = d
	if w.holder == r {
		s.runBurst(w, r)
		return
	}
	r.gilSince = s.now
	w.runq.push(r)
	if w.onCore {
		s.armPreempt(w)
		return
	}
	if !w.inCoreWait {
		w.inCoreWait = true
		s.coreWait = append(s.coreWait, w)
		s.grantCores()
	}
}

// grantCores gives free cores to waiting workers in arrival order.
func (s *Sim) grantCores() {
	for s.freeCores > 0 && len(s.coreWait) > 0 {
		i := 0
		if s.chooser != nil && len(s.coreWait) > 1 {
			i = s.choose(ChoiceCore, len(s.coreWait))
		}
		w := s.coreWait[i]
		copy(s.coreWait[i:], s.coreWait[i+1:])
		s.coreWait[len(s.coreWait)-1] = nil
		s.coreWait = s.coreWait[:len(s.coreWait)-1]
		w.inCoreWait = false
		if w.dead || w.runq.len() == 0 {
			continue
		}
		r := s.nextRunner(w, ChoiceWake)
		if r.w != w {
			continue
		}
		w.onCore = true
		s.freeCores--
		s.hold(w, r)
	}
}

// hold hands the worker's core to r and runs r's pending burst.
func (s *Sim) hold(w *worker, r *request) {
	w.holder = r
	w.holdSeq++
	w.holdStart = s.now
	s.traceRun(r)
	s.runBurst(w, r)
	if w.runq.len() > 0 {
		s.armPreempt(w)
	}
}

// runBurst schedules the end of r's current CPU step.
func (s *Sim) runBurst(w *worker, r *request) {
	r.onCPU = true
	r.burstEnd = s.now + r.prog[r.pc-1].d
	s.schedule(r.burstEnd, evResume, r, nil, nil)
}

// releaseCore ends a worker's hold on its core: the worker queues again if
// it has more to run.
func (s *Sim) releaseCore(w *worker) {
	if !w.onCore {
		return
	}
	w.onCore = false
	w.holder = nil
	s.freeCores++
	if w.runq.len() > 0 && !w.dead {
		w.inCoreWait = true
		s.coreWait = append(s.coreWait, w)
	}
	s.grantCores()
}

// dropCore releases the core if r holds it; called where r blocks or ends.
func (s *Sim) dropCore(r *request) {
	if w := r.w; w != nil && w.holder == r {
		s.releaseCore(w)
	}
}

// keepsCore reports whether r, whose CPU step just ended, goes on to another
// CPU step with nothing blocking in between (so it keeps the core).
func (s *Sim) keepsCore(r *request) bool {
	for pc := r.pc; pc < r.n; pc++ {
		switch r.prog[pc].kind {
		case stCPU, stWork:
			return true
		case stRead, stWrite, stIncr:
			if s.set.Store == "redis" {
				return false // a round trip
			}
		case stLock:
			if r.w.lockHeld {
				return false
			}
		case stUnlock:
		default:
			return false
		}
	}
	return false
}

// armPreempt (re)computes when a gthread worker's GIL holder must drop the
// GIL. Every waiting thread waits in timed slices of the switch interval from
// when it began waiting; a slice that ends without any hand-over since it
// began asks the holder to drop (CPython's take_gil). So the holder keeps
// the GIL for 5 to 10 ms, depending on the waiters' phases.
func (s *Sim) armPreempt(w *worker) {
	if s.set.Class != "gthread" || w.holder == nil || w.runq.len() == 0 {
		return
	}
	at := time.Duration(-1)
	for _, r := range w.runq.items[w.runq.head:] {
		t := dropTick(r.gilSince, w.holdStart)
		if at < 0 || t < at {
			at = t
		}
	}
	if w.preemptHold == w.holdSeq && w.preemptAt <= at {
		return
	}
	w.preemptTok++
	w.preemptHold, w.preemptAt = w.holdSeq, at
	s.seq++
	s.work++
	s.q.push(ev{at: at, seq: s.seq, kind: evPreempt, gen: w.preemptTok, w: w})
}

// dropTick is when a thread waiting since since asks a holder that took the
// GIL at held to drop it: the end of its first whole timed slice after held.
func dropTick(since, held time.Duration) time.Duration {
	if since >= held {
		return since + switchInterval
	}
	k := (held - since + switchInterval - 1) / switchInterval // first tick at or after held
	return since + (k+1)*switchInterval
}

// preempt makes a gthread worker's GIL holder drop it: the holder waits
// again with what is left of its step, and a waiting thread, chosen by the
// scheduler (a seeded random pick), takes the GIL.
func (s *Sim) preempt(w *worker, tok uint32) {
	if w.dead || tok != w.preemptTok || w.preemptHold != w.holdSeq {
		return // the GIL changed hands meanwhile
	}
	w.preemptHold = 0
	h := w.holder
	if s.set.Class != "gthread" || h == nil || !h.onCPU || w.runq.len() == 0 || h.burstEnd <= s.now {
		return
	}
	h.prog[h.pc-1].d = h.burstEnd - s.now
	h.onCPU = false
	h.gen++ // its pending step end is void
	next := s.nextRunner(w, ChoiceSwitch)
	h.gilSince = s.now
	w.runq.push(h)
	s.obs.preemptions++
	s.tracePreempt(h, next, s.now-w.holdStart)
	s.hold(w, next)
}
