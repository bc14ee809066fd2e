package sim

import "time"

// complete answers r (or reports its failure), records what the observer
// sees, frees the worker's slot and lets the client go on.
func (s *Sim) complete(r *request) {
	w := r.w
	s.dropCore(r)
	if r.holdsLock {
		s.unlock(r)
	}
	w.removeActive(r)
	if r.failed == "" {
		w.served++
	}
	w.lastFinish = s.now
	s.lastDone = w
	s.observe(r, w)
	c := r.c
	c.busy = false
	c.lastUsed = s.now
	if r.failed != "" && c.conn == w {
		c.conn = nil
	}
	s.recycle(r)
	s.clientDone(c)
	if w.dead {
		return
	}
	if w.maxReq > 0 && w.served >= int64(w.maxReq) && !w.retiring {
		w.retiring, w.retireWhy, w.respawn = true, "reached max-requests "+itoa(w.maxReq)+", recycled", true
	}
	if w.retiring {
		if len(w.active) == 0 {
			s.exit(w, w.retireWhy, w.respawn)
		}
		return
	}
	s.pull(w)
}

// fail ends r with an error (its worker died under it).
func (s *Sim) fail(r *request, why string) {
	r.failed = why
	if r.onCPU {
		r.onCPU = false
	}
	s.complete(r)
}

// observe feeds one finished request to the observer.
func (s *Sim) observe(r *request, w *worker) {
	o := &s.obs
	o.requests++
	o.latency.add(s.now - r.issued)
	stale := false
	if r.failed != "" {
		o.errors++
		r.c.streak = 0
		o.noteFailure(r.c.id)
		s.logRequest(r, w, false)
		return
	}
	o.servedBySlot(w.slot)
	if w.served == 1 {
		o.pids++
	}
	switch r.op {
	case opGet, opLookup:
		o.reads++
		if r.op == opLookup {
			o.lookups++
			if r.readOK {
				o.hits++
			}
		}
		if r.readOK || r.op == opGet {
			stale = r.readVer < r.expectVer
			if !r.readOK && r.expired {
				o.expiredReads++
			}
		}
		o.noteRead(r.c.id, o.reads-1, !stale)
		if stale {
			o.staleReads++
			r.c.streak = 0
		} else {
			r.c.streak++
			if r.c.streak > o.bestStreak {
				o.bestStreak = r.c.streak
			}
		}
		if r.op == opLookup && !r.readOK {
			s.ack(r) // the fill
		}
	case opSet, opUpdate:
		o.writes++
		s.ack(r)
	case opEnqueue:
		if r.job != 0 {
			o.jobsQueued++
		}
	case opAppend:
		if r.acct != nil {
			r.acct.applied++
			o.appends++
			o.appenders = noteClient(o.appenders, r.c.id, o.appends-1)
		}
		s.ack(r)
	case opIncr:
		if r.wrote != nil {
			o.increments++
			if r.atomic {
				o.atomicIncrements++
			}
		}
		s.ack(r)
	}
	s.logRequest(r, w, stale)
}

// ack makes a completed write the key's newest and counts it in its copy. A
// write dropped while Redis was down (fallback) is still the newest for a
// set, which the client saw answered, and for an update, whose database
// write happened.
func (s *Sim) ack(r *request) {
	e := r.wrote
	if _, gone := s.expiry(r.ttl); e == nil && r.op != opSet && r.op != opUpdate && r.op != opAppend && !(gone && r.op == opLookup) {
		return
	}
	if e != nil && (r.wroteDict == nil || r.wroteDict.alive) {
		e.writes++
	}
	k := s.keys.info(r.key)
	exp := time.Duration(0) // when the newest write stops being readable (0 = never)
	if life, gone := s.expiry(r.ttl); gone && r.op != opIncr {
		exp = s.now // not cached: later reads miss because of the timeout, not staleness
	} else if e != nil && e.exp != 0 {
		exp = e.exp
	} else if e != nil && life > 0 && r.op != opIncr {
		exp = s.now + life
	}
	switch {
	case r.writeVer > k.newestVer:
		k.newestVer, k.newestVal, k.hasWrite = r.writeVer, r.val, true
		k.newestExp = exp
	case r.writeVer == k.newestVer && k.hasWrite && e != nil && k.newestExp != 0 && (exp == 0 || exp > k.newestExp):
		k.newestExp = exp // another copy of the newest version: it lives until the last copy expires
	}
}
