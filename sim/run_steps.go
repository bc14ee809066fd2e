package sim

import (
	"errors"
	"math"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// Failures of an increment, in Redis's words, as the live server answers
// them: the counter cannot count on (HTTP 409).
const (
	failNotInteger = "409 ERR value is not an integer or out of range"
	failOverflow   = "409 ERR increment or decrement would overflow"
)

// advanceReq runs r's program from its current step until it must wait for a
// core, an I/O wait, or the lock, or until it completes.
func (s *Sim) advanceReq(r *request) {
	w := r.w
	for r.pc < r.n {
		st := r.prog[r.pc]
		r.pc++
		switch st.kind {
		case stCPU:
			s.needCPU(r, st.d, false)
			return
		case stWork:
			s.traceStep(r, st)
			s.needCPU(r, st.d, true)
			return
		case stIO:
			s.traceStep(r, st)
			s.wait(r, st.d)
			return
		case stLock:
			if w.lockHeld {
				w.lockWaiters.push(r)
				s.traceStep(r, st)
				s.dropCore(r)
				return
			}
			w.lockHeld, r.holdsLock = true, true
			s.traceStep(r, st)
		case stUnlock:
			s.traceStep(r, st)
			s.unlock(r)
		case stRead:
			blocked := s.read(r)
			s.traceStep(r, st)
			if blocked {
				return
			}
			if s.chooser != nil && s.switchAfterRead(r) {
				return
			}
		case stWrite:
			blocked := s.write(r)
			s.traceStep(r, st)
			if blocked {
				return
			}
		case stIncr:
			blocked := s.incr(r)
			s.traceStep(r, st)
			if blocked {
				return
			}
		case stAppend:
			s.appendStep(r)
		case stPush:
			if s.pushStep(r) {
				return
			}
		case stPublish:
			if s.publishStep(r) {
				return
			}
		case stEnqueue:
			if s.enqueueStep(r) {
				return
			}
		case stFill:
			if r.readOK {
				r.pc = r.tail // a hit: the view is done
			} else {
				k := s.keys.info(r.key) // a miss: read the database's current row
				r.val, r.writeVer = k.dbVal, k.dbVer
			}
		case stDBWrite:
			s.valSeq++
			s.writeSeq++
			k := s.keys.info(r.key)
			k.dbVal, k.dbVer = numValue(s.valSeq), s.writeSeq
			r.val, r.writeVer = k.dbVal, k.dbVer
			s.traceStep(r, st)
			s.wait(r, st.d)
			return
		}
		if r.failed != "" {
			break
		}
	}
	s.complete(r)
}

func (s *Sim) wait(r *request, d time.Duration) {
	s.dropCore(r)
	r.waitingIO = true
	s.schedule(s.now+d, evResume, r, nil, nil)
}

func (s *Sim) unlock(r *request) {
	if !r.holdsLock {
		return
	}
	w := r.w
	r.holdsLock = false
	w.lockHeld = false
	if w.lockWaiters.len() > 0 {
		next := w.lockWaiters.pop()
		w.lockHeld, next.holdsLock = true, true
		s.traceLockHandover(next)
		s.schedule(s.now, evResume, next, nil, nil)
	}
}

// expiry is how a cache write with Django timeout ttl lands in the store:
// gone is true for timeout=0 (not cached: the write deletes the key), exp is
// how long it lives (0 = never: timeout=None, or a plain dict, which has no
// timeout).
func (s *Sim) expiry(ttl time.Duration) (exp time.Duration, gone bool) {
	switch {
	case s.set.Store == "local" || ttl == TTLNone:
		return 0, false
	case ttl == 0:
		return 0, true
	}
	return ttl, false
}

// redisTrip is one Redis round trip: the command ran; the reply comes back
// after the network time. It reports true (the caller must return).
func (s *Sim) redisTrip(r *request) bool {
	s.wait(r, redisRTT+s.set.RedisSlow)
	return true
}

// redisFailed handles a command against a down Redis: with fallback a read is
// a miss and a write is dropped; without it the request fails with a 500.
func (s *Sim) redisFailed(r *request, isRead bool) bool {
	if s.set.Fallback {
		if isRead {
			r.readOK = false
		}
		return false
	}
	r.failed = "500 redis down"
	return false
}

// read runs the view's read of the key.
func (s *Sim) read(r *request) bool {
	k := s.keys.info(r.key)
	if s.set.Store == "redis" {
		if s.set.RedisDown {
			return s.redisFailed(r, true)
		}
		r.readVal, r.readVer, r.readOK = s.store.get(r.key, k.name, s.now)
		if r.op == opAppend {
			s.noteAppendRead(r)
		}
		return s.redisTrip(r)
	}
	if e, ok := r.w.dict.get(r.key, s.now); ok {
		r.readVal, r.readVer, r.readOK = e.val, e.ver, true
		if s.set.Store == "locmem" {
			r.readVal = e.val.copied() // LocMemCache unpickles a copy
		}
	} else {
		r.readOK = false
	}
	if r.op == opAppend {
		s.noteAppendRead(r)
	}
	return false
}

// write stores r.val (a set, a cache fill) or the read value + 1 (a racy increment).
func (s *Sim) write(r *request) bool {
	k := s.keys.info(r.key)
	isIncr := r.op == opIncr
	rmw := isIncr || r.op == opAppend // read, change, write back
	if isIncr {
		n := int64(0)
		if r.readOK {
			var ok bool
			if n, ok = r.readVal.asInt(); !ok {
				r.failed = failNotInteger
				return false
			}
		}
		if n == math.MaxInt64 {
			r.failed = failOverflow
			return false
		}
		r.val = numValue(n + 1)
	}
	if r.op != opLookup && r.op != opUpdate { // a cache fill keeps the database row's version
		s.writeSeq++
		r.writeVer = s.writeSeq
	}
	exp, gone := s.expiry(r.ttl)
	if s.set.Store == "redis" {
		if s.set.RedisDown {
			return s.redisFailed(r, false)
		}
		if rmw {
			if cur, _, ok := s.store.get(r.key, k.name, s.now); ok != r.readOK || (ok && !cur.equal(r.readVal)) {
				r.lost = true
				r.noteOver(cur, s.store.writer(r.key, cur), ok)
			}
		}
		if gone {
			s.store.del(r.key, k.name, s.now) // RedisCache.set with timeout 0 deletes the key
		} else {
			s.noteWrite(r, s.store.set(r.key, k.name, r.val, r.writeVer, exp, s.now), nil)
		}
		return s.redisTrip(r)
	}
	d := r.w.dict
	if rmw {
		if cur, ok := d.get(r.key, s.now); ok != r.readOK || (ok && !cur.val.equal(r.readVal)) {
			r.lost = true
			if ok {
				r.noteOver(cur.val, cur.writer, true)
			} else {
				r.noteOver(value{}, 0, false)
			}
		}
	}
	if gone {
		d.forget(r.key) // LocMemCache stores it already expired
		return false
	}
	limit := 0
	if s.set.Store == "locmem" {
		limit = locmemMax
	}
	e := d.put(r.key, s.now, limit)
	e.val, e.ver = r.val, r.writeVer
	e.exp = 0
	if exp > 0 {
		e.exp = s.now + exp
	}
	s.noteWrite(r, e, d)
	return false
}

// noteWrite records where a write landed; a plain set restarts the counter
// base and the count of a list's appends.
func (s *Sim) noteWrite(r *request, e *entry, d *dict) {
	r.wrote, r.wroteDict = e, d
	e.writer = int32(r.c.id) + 1
	if r.op == opAppend {
		return
	}
	s.resetAcct(d, r.key)
	if r.op == opIncr {
		e.counter = true
		e.applied++
		return
	}
	n, ok := r.val.asInt()
	if !ok {
		n = 0
	}
	e.base, e.applied = n, 0
}

// incr runs an atomic increment: Redis INCR, or a locked update of the dict.
func (s *Sim) incr(r *request) bool {
	k := s.keys.info(r.key)
	s.writeSeq++
	r.writeVer = s.writeSeq
	if s.set.Store == "redis" {
		if s.set.RedisDown {
			return s.redisFailed(r, false)
		}
		exp, _ := s.expiry(r.ttl)
		n, e, err := s.store.incr(r.key, k.name, r.writeVer, exp, s.now)
		if err != nil {
			r.failed = "500 " + err.Error()
			if errors.Is(err, miniredis.ErrIntValueError) || errors.Is(err, miniredis.ErrIntValueOverflowError) {
				r.failed = "409 " + err.Error()
			}
			return false
		}
		r.val = numValue(n)
		e.counter = true
		e.applied++
		e.writer = int32(r.c.id) + 1
		r.wrote, r.wroteDict = e, nil
		return s.redisTrip(r)
	}
	d := r.w.dict
	n := int64(0)
	if cur, ok := d.get(r.key, s.now); ok {
		if v, ok := cur.val.asInt(); ok {
			n = v
		} else {
			r.failed = failNotInteger
			return false
		}
	}
	if n == math.MaxInt64 {
		r.failed = failOverflow
		return false
	}
	_, existed := d.m[r.key]
	e := d.put(r.key, s.now, 0)
	e.val, e.ver = numValue(n+1), r.writeVer
	if exp, _ := s.expiry(r.ttl); !existed && exp > 0 {
		e.exp = s.now + exp // cache.add(k, 0, timeout) created it; incr keeps the expiry
	}
	e.counter = true
	e.applied++
	e.writer = int32(r.c.id) + 1
	r.val = e.val
	r.wrote, r.wroteDict = e, d
	return false
}
