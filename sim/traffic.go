package sim

import "time"

// generator is a running traffic workload.
type generator struct {
	t       Traffic
	clients []*client
	keys    []keyID
	lists   []keyID // carts: the keys RPUSH keeps real Redis lists under
	issued  int64
}

// defaultKeys is the key space of a workload when none is given.
func defaultKeys(workload string, clients int) int {
	switch workload {
	case "counter":
		return 1
	case "cache-aside":
		return 50
	case "sessions":
		return clients
	case "carts":
		return 4
	}
	return 16
}

func keyPrefix(workload string) string {
	switch workload {
	case "counter":
		return "hits"
	case "sessions":
		return "session:"
	case "cache-aside":
		return "page:"
	case "carts":
		return "cart"
	}
	return "key"
}

// startTraffic replaces the running generator (if any) with t.
func (s *Sim) startTraffic(t Traffic) {
	s.stopTraffic()
	if t.Workload == "" {
		return
	}
	if t.Clients <= 0 {
		t.Clients = defaultClients
	}
	if t.Keys <= 0 {
		t.Keys = defaultKeys(t.Workload, t.Clients)
	}
	g := &generator{t: t}
	if t.Workload == "counter" && t.Keys == 1 {
		g.keys = []keyID{s.keys.id("hits")}
	} else {
		g.keys = s.keys.keySet(keyPrefix(t.Workload), t.Keys)
	}
	if t.Workload == "carts" {
		// A raw Redis list is not the key Django's cache would use (that one
		// is :1:cart0, pickled): RPUSH code keeps its lists under keys of
		// its own, so switching append-by never meets the old strings.
		g.lists = s.keys.keySet("list", t.Keys)
	}
	for i := 0; i < t.Clients; i++ {
		c := &client{id: i + 1, gen: g}
		g.clients = append(g.clients, c)
		// Stagger the start a little so clients do not arrive in lockstep.
		s.schedule(s.now+time.Duration(s.rng.Int64N(int64(time.Millisecond))), evSend, nil, nil, c)
	}
	s.traffic = g
	s.set.Traffic = t
}

func (s *Sim) stopTraffic() {
	if s.traffic != nil {
		for _, c := range s.traffic.clients {
			c.stop = true
		}
		// Their next sends, already scheduled (a slow rate may put them
		// years ahead), now do nothing and must not keep a run going.
		for i := range s.q.items {
			if e := &s.q.items[i]; e.kind == evSend && e.c != nil && e.c.stop {
				e.kind = evVoid
				s.work--
			}
		}
	}
	s.traffic = nil
	s.set.Traffic = Traffic{}
}

// clientDone lets a client go on after an answer.
func (s *Sim) clientDone(c *client) {
	if c.gen == nil {
		if c.pendingConsole() {
			s.schedule(s.now+s.set.Think+s.netDelay(), evSend, nil, nil, c)
		}
		return
	}
	if c.stop {
		return
	}
	at := s.now + s.set.Think + s.netDelay()
	if g := c.gen; g.t.Rate > 0 {
		gap := time.Duration(float64(len(g.clients)) / g.t.Rate * float64(time.Second))
		if next := c.lastSend + gap; next > at {
			at = next
		}
	}
	s.schedule(at, evSend, nil, nil, c)
}

// netDelay is a client's turnaround between an answer and its next request
// (reading the reply, the loopback network): small, and never the same twice.
func (s *Sim) netDelay() time.Duration {
	return clientTurn/2 + time.Duration(s.rng.Int64N(int64(clientTurn)))
}

// clientSend issues the client's next request.
func (s *Sim) clientSend(c *client) {
	if c.busy {
		return
	}
	if c.gen == nil {
		if !c.pendingConsole() {
			return
		}
		op := c.popConsole()
		r := s.newRequest(c, op.op, op.key)
		r.val, r.atomic, r.item = op.val, op.atomic, op.item
		if op.hasTTL {
			r.ttl = op.ttl
		}
		s.send(r)
		return
	}
	g := c.gen
	if c.stop || (g.t.Limit > 0 && g.issued >= g.t.Limit) {
		return
	}
	g.issued++
	s.send(s.nextGenerated(c, g))
}

// nextGenerated builds the client's next request of the workload.
func (s *Sim) nextGenerated(c *client, g *generator) *request {
	pick := func() keyID { return g.keys[s.rng.IntN(len(g.keys))] }
	switch g.t.Workload {
	case "set-then-get":
		if c.phase == 0 {
			c.phase, c.key = 1, pick()
			r := s.newRequest(c, opSet, c.key)
			s.valSeq++
			r.val = numValue(s.valSeq)
			return r
		}
		c.phase = 0
		return s.newRequest(c, opGet, c.key)
	case "counter":
		r := s.newRequest(c, opIncr, pick())
		r.atomic = s.set.Atomic
		return r
	case "cache-aside":
		if s.rng.IntN(updateShare) == 0 {
			r := s.newRequest(c, opUpdate, pick())
			return r
		}
		return s.newRequest(c, opLookup, pick())
	case "jobs":
		return s.newRequest(c, opEnqueue, g.keys[0])
	case "broadcast":
		r := s.newRequest(c, opPublish, g.keys[0])
		s.valSeq++
		r.item = "m" + itoa(int(s.valSeq))
		return r
	case "carts":
		key := pick()
		if s.set.AppendBy == "rpush" {
			key = g.lists[s.rng.IntN(len(g.lists))]
		}
		r := s.newRequest(c, opAppend, key)
		s.valSeq++
		r.item = groceries[int(s.valSeq)%len(groceries)]
		return r
	case "sessions":
		key := g.keys[(c.id-1)%len(g.keys)]
		if c.phase == 0 {
			c.phase = sessionReads
			r := s.newRequest(c, opSet, key)
			s.valSeq++
			r.val = numValue(s.valSeq)
			return r
		}
		c.phase--
		return s.newRequest(c, opGet, key)
	}
	return s.newRequest(c, opSlow, 0)
}

// queueConsole adds hand-typed requests: n of them, sequential from the
// console client, or spread over `clients` concurrent console clients.
func (s *Sim) queueConsole(op consoleOp, n, clients int) {
	targets := []*client{s.console}
	if clients > 1 {
		for len(s.spread) < clients {
			s.spread = append(s.spread, &client{id: 1001 + len(s.spread)})
		}
		targets = s.spread[:clients]
	}
	for i := 0; i < n; i++ {
		c := targets[i%len(targets)]
		c.queue = append(c.queue, op)
	}
	for _, c := range targets {
		if !c.busy && c.pendingConsole() {
			s.schedule(s.now, evSend, nil, nil, c)
		}
	}
}

// groceries are what the carts workload adds: short words, so a log line
// shows a whole request.
var groceries = []string{"fig", "tea", "jam", "oat", "egg", "nut", "pea", "yam", "rye", "cod"}

// usesKeys reports whether a workload's requests name keys (slow, jobs and
// broadcast do not).
func usesKeys(workload string) bool {
	switch workload {
	case "slow", "jobs", "broadcast":
		return false
	}
	return true
}
