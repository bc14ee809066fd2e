package sim

import "math"

// newRequest takes a request from the pool.
func (s *Sim) newRequest(c *client, op opKind, key keyID) *request {
	var r *request
	if n := len(s.pool); n > 0 {
		r = s.pool[n-1]
		s.pool = s.pool[:n-1]
		gen := r.gen
		*r = request{gen: gen}
	} else {
		r = &request{}
	}
	r.c, r.op, r.key, r.issued = c, op, key, s.now
	s.reqSeq++
	r.id = s.reqSeq
	r.ttl = s.set.TTL
	return r
}

func (s *Sim) recycle(r *request) {
	r.gen++
	r.c, r.w, r.wrote, r.wroteDict = nil, nil, nil, nil
	s.pool = append(s.pool, r)
}

// send issues r from its client: the GET's expectation is fixed now.
func (s *Sim) send(r *request) {
	r.c.busy = true
	r.c.lastSend = s.now
	if r.op == opGet || r.op == opLookup {
		k := s.keys.info(r.key)
		if k.hasWrite {
			if k.newestExp != 0 && s.now >= k.newestExp {
				r.expired = true
			} else {
				r.expectVer = k.newestVer
			}
		}
	}
	s.dispatch(r)
}

// dispatch hands a connection to a worker: nginx (when it is in front)
// picks the gunicorn server by its policy, and on that server the kernel
// hands the connection to a waiting worker. A kept-alive connection goes on
// to its worker, but only when clients reach gunicorn directly: nginx speaks
// HTTP/1.0 to its upstreams by default, so nothing pins a client behind it
// (FACTS.md B4).
func (s *Sim) dispatch(r *request) {
	c := r.c
	if s.keepsConnections() {
		if w := c.connectedTo(s.now, s.set.KeepAliveIdle); w != nil {
			s.enqueue(w, r)
			return
		}
	}
	srv := s.pickServer(c.id)
	if w := s.acceptor(srv); w != nil {
		s.start(w, r)
		return
	}
	s.backlogs[srv].push(r)
}

// keepsConnections reports whether a client's connection stays open on its
// worker: gthread or gevent with keep-alive, clients talking to gunicorn
// directly.
func (s *Sim) keepsConnections() bool {
	return s.set.KeepAlive && s.set.Class != "sync" && !s.behindNginx()
}

// enqueue gives r to w: now if it has a free thread, else in its queue.
func (s *Sim) enqueue(w *worker, r *request) {
	if w.canAccept() && w.queue.len() == 0 {
		s.start(w, r)
		return
	}
	w.queue.push(r)
}

// acceptor picks which idle worker wins accept(): a seeded random choice in
// which the worker that has just answered weighs stickyWeight, fading to 1
// within stickyFade, and, once the listener has been quiet longer than that,
// the sync worker that has waited longest weighs waitedWeight (FACTS.md A:
// back to back the same worker answers again 66–82 % of the time with -w 2,
// after 50 ms pauses only 18–46 %). Never a rotation.
func (s *Sim) acceptor(srv int) *worker {
	longest := s.longestWaiting(srv)
	idle, weights := s.idle[:0], s.idleWeight[:0]
	total := 0.0
	for _, w := range s.workers {
		if w.server == srv && w.canAccept() {
			wt := s.acceptWeight(w, longest)
			idle, weights = append(idle, w), append(weights, wt)
			total += wt
		}
	}
	s.idle, s.idleWeight = idle, weights
	if total == 0 {
		return nil
	}
	w := idle[s.chooseAccept(weights, total)]
	clear(s.idle) // hold no workers past this call
	return w
}

func (s *Sim) acceptWeight(w, longest *worker) float64 {
	weight := 1.0
	if s.set.Class != "sync" {
		weight = s.epollBias(w)
	}
	if w == longest {
		weight *= 1 + (waitedWeight-1)*s.quietRamp()
	}
	if w != s.lastDone {
		return weight
	}
	idle := s.now - w.lastFinish
	if idle >= stickyFade {
		return weight
	}
	return weight * (1 + (stickyWeight-1)*float64(stickyFade-idle)/float64(stickyFade))
}

// longestWaiting is the idle sync worker of server srv that has waited
// longest for a connection (nil for other classes, or when the listener was
// busy just now).
func (s *Sim) longestWaiting(srv int) *worker {
	if s.set.Class != "sync" || s.quietRamp() == 0 {
		return nil
	}
	var best *worker
	for _, w := range s.workers {
		if w.server == srv && w.canAccept() && (best == nil || w.idleSince() < best.idleSince()) {
			best = w
		}
	}
	return best
}

// quietRamp grows from 0 to 1 as the time since the last answer goes from
// stickyFade to twice that: the waited-longest edge replaces the sticky one.
func (s *Sim) quietRamp() float64 {
	if s.lastDone == nil {
		return 1
	}
	quiet := s.now - s.lastDone.lastFinish - stickyFade
	switch {
	case quiet <= 0:
		return 0
	case quiet >= stickyFade:
		return 1
	}
	return float64(quiet) / float64(stickyFade)
}

// epollBias is a gthread or gevent worker's standing share of new
// connections: epoll-based workers wake unevenly, so some stay busier than
// others (FACTS.md A: with -w 4 the quietest got 2–18 %, the busiest 31–43 %).
// It is drawn once per worker, the first time it is needed.
func (s *Sim) epollBias(w *worker) float64 {
	if w.bias == 0 {
		w.bias = math.Exp(epollSpread * s.rng.NormFloat64())
	}
	return w.bias
}

// start begins handling r on w.
func (s *Sim) start(w *worker, r *request) {
	r.w = w
	r.activeIdx = len(w.active)
	w.active = append(w.active, r)
	r.thread = w.takeThread()
	if s.keepsConnections() {
		r.c.conn = w
	}
	r.compile(&s.set)
	s.traceAccept(r)
	if s.set.Class == "sync" && s.set.Timeout > 0 {
		w.timed, w.timedGen, w.deadline = r, r.gen, s.now+s.set.Timeout
		if !w.timerArmed {
			w.timerArmed = true
			s.schedule(w.deadline, evTimeout, nil, w, nil)
		}
	}
	s.advanceReq(r)
}

// pull lets a worker with a free slot take waiting work: its own queue first,
// then its server's backlog (the non-blocking accept after answering).
func (s *Sim) pull(w *worker) {
	for w.canAccept() {
		switch {
		case w.queue.len() > 0:
			s.start(w, w.queue.pop())
		case s.backlogs[w.server].len() > 0:
			s.start(w, s.backlogs[w.server].pop())
		default:
			return
		}
	}
}
