package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/alicebob/miniredis/v2"
)

// A checkpoint is a frozen copy of a cluster: rewinding restores one and
// runs forward from it, and the explorer restores its root before every
// schedule. Every struct is copied by value first (`x := *orig`), so a field
// holding a number, a string or a value struct can never be missed; the
// fields that hold a reference (a pointer, slice, map or interface) are
// then copied deeply here, each named in cloneHandled. TestCloneHandles
// EveryReference fails when a struct gains a reference field that is not.
//
// The embedded miniredis is not copied: a checkpoint keeps a dump of its
// keys (storeDump), restored only when the store changed since.

// checkpoint is a cluster frozen at one instant.
type checkpoint struct {
	sim    *Sim      // never run: only restored from
	store  storeDump // the embedded Redis's keys
	cursor int       // journal entries applied at this instant (timeline.go)
}

// cloneHandled names every reference field the clone copies deeply (or
// deliberately shares or drops), by type and field.
var cloneHandled = map[string]string{
	"Sim.rng":           "rebuilt on the copied pcg",
	"Sim.pcg":           "copied",
	"Sim.q":             "evQueue",
	"evQueue.items":     "each event's references mapped",
	"ev.req":            "mapped",
	"ev.w":              "mapped",
	"ev.c":              "mapped",
	"Sim.keys":          "keyTable",
	"keyTable.ids":      "shared with the previous checkpoint when no key was added, else copied",
	"keyTable.infos":    "copied",
	"Sim.workers":       "mapped",
	"Sim.backlogs":      "each fifo copied",
	"fifo.items":        "mapped",
	"Sim.lastDone":      "mapped",
	"Sim.coreWait":      "mapped",
	"Sim.store":         "the shadow copied; the miniredis shared and dumped",
	"Sim.pool":          "mapped",
	"Sim.globals":       "copied",
	"Sim.master":        "copied",
	"moduleImport.vals": "copied",
	"Sim.console":       "mapped",
	"Sim.spread":        "mapped",
	"Sim.traffic":       "mapped",
	"Sim.obs":           "observer",
	"observer.readers":  "copied",
	"observer.runs":     "copied",
	"observer.served":   "copied",
	"Sim.ring":          "ring",
	"ring.buf":          "copied",
	"Sim.chooser":       "Clone()",
	"Sim.tl":            "not copied: the timeline records the cluster, it is no part of it",
	"Sim.idle":          "scratch: dropped",
	"Sim.idleWeight":    "scratch: dropped",

	"worker.dict":        "mapped",
	"worker.active":      "mapped",
	"worker.busy":        "copied",
	"worker.queue":       "fifo",
	"worker.runq":        "fifo",
	"worker.holder":      "mapped",
	"worker.timed":       "mapped",
	"worker.lockWaiters": "fifo",

	"request.c":         "mapped",
	"request.w":         "mapped",
	"request.wrote":     "mapped",
	"request.wroteDict": "mapped",

	"client.gen":   "mapped",
	"client.queue": "copied",
	"client.conn":  "mapped",

	"generator.clients": "mapped",
	"generator.keys":    "shared: never written after the generator starts",

	"dict.m": "copied, entries mapped",

	"sharedStore.m":     "shared: the live miniredis; a checkpoint keeps a dump",
	"sharedStore.lists": "copied, counts mapped",
	"dict.lists":        "copied, counts mapped",
	"request.acct":      "mapped",

	"Sim.jobs":           "jobState",
	"jobState.runners":   "each runner copied",
	"runner.w":           "mapped",
	"runner.mem":         "mapped",
	"Sim.tasks":          "taskState",
	"taskState.all":      "copied, tasks mapped",
	"taskState.jobs":     "executor",
	"worker.tasks":       "executor",
	"executor.w":         "mapped",
	"executor.queue":     "mapped",
	"executor.running":   "mapped",
	"Sim.pubsub":         "pubsubState",
	"pubsubState.subs":   "each subscriber copied",
	"subscriber.w":       "mapped",
	"pubsubState.slots":  "copied; each slot's miniredis subscriber shared, subscribed again as the copy says (syncSubscriptions)",
	"slotSub.sub":        "shared: a live miniredis subscriber",
	"slotSub.w":          "mapped",
	"pubsubState.got":    "shared: empty between events (publishStep drains it)",
	"observer.appenders": "copied",
	"generator.lists":    "shared: never written after the generator starts",

	"value.l":              "mapped: every value goes through cloner.value",
	"consoleOp.val":        "value",
	"entry.val":            "value",
	"request.val":          "value",
	"request.readVal":      "value",
	"request.overVal":      "value",
	"keyInfo.newestVal":    "value",
	"keyInfo.dbVal":        "value",
	"importGlobal.val":     "value",
	"importedValue.val":    "value",
	"record.val":           "value",
	"record.read":          "value",
	"record.over":          "value",
	"sharedStore.shadow":   "copied, entries mapped",
	"sharedStore.deadline": "copied",
}

// cloneSkips are the fields whose insides the clone never copies (the
// timeline records the cluster and is no part of it).
var cloneSkips = map[string]bool{"Sim.tl": true}

// storeStamp numbers the states of every embedded store: each change to one
// takes a fresh stamp, so a store whose stamp equals a checkpoint's holds
// exactly what the checkpoint's dump holds.
var storeStamp atomic.Uint64

// cloner copies one cluster's object graph, mapping every object once.
type cloner struct {
	lists    map[*[]string]*[]string
	accts    map[*listAcct]*listAcct
	tasks    map[*task]*task
	workers  map[*worker]*worker
	requests map[*request]*request
	clients  map[*client]*client
	gens     map[*generator]*generator
	dicts    map[*dict]*dict
	entries  map[*entry]*entry
}

// cloners keeps emptied cloners: their maps keep their room (the explorer
// restores a checkpoint for every schedule).
var cloners = sync.Pool{New: func() any {
	return &cloner{
		lists:    map[*[]string]*[]string{},
		accts:    map[*listAcct]*listAcct{},
		tasks:    map[*task]*task{},
		workers:  map[*worker]*worker{},
		requests: map[*request]*request{},
		clients:  map[*client]*client{},
		gens:     map[*generator]*generator{},
		dicts:    map[*dict]*dict{},
		entries:  map[*entry]*entry{},
	}
}}

// release empties c and gives it back to the pool.
func (c *cloner) release() {
	clear(c.lists)
	clear(c.accts)
	clear(c.tasks)
	clear(c.workers)
	clear(c.requests)
	clear(c.clients)
	clear(c.gens)
	clear(c.dicts)
	clear(c.entries)
	cloners.Put(c)
}

// checkpoint freezes s. prev, when not nil, is the checkpoint before it: an
// unchanged key table is shared with it instead of copied.
func (s *Sim) checkpoint(prev *checkpoint) *checkpoint {
	cp := &checkpoint{sim: &Sim{}}
	var ids map[string]keyID
	if prev != nil && len(prev.sim.keys.ids) == len(s.keys.ids) {
		ids = prev.sim.keys.ids
	}
	copySim(cp.sim, s, ids)
	cp.sim.store.m = nil
	cp.store = dumpStore(s.store)
	return cp
}

// restore puts s back in the state cp froze; s keeps its own embedded Redis
// (refilled from the dump when it changed since) and its timeline.
func (s *Sim) restore(cp *checkpoint) error {
	m, stamp := s.store.m, s.store.stamp
	subs := s.pubsub.slots
	ids := s.keys.ids
	if prefixOf(s.keys.infos, cp.sim.keys.infos) {
		// One lineage (a timeline, or the explorer's root): keys are only
		// ever added, so drop the names added since, or add those missing.
		for _, k := range s.keys.infos[min(len(cp.sim.keys.infos), len(s.keys.infos)):] {
			delete(ids, k.name)
		}
		for i := len(s.keys.infos); i < len(cp.sim.keys.infos); i++ {
			ids[cp.sim.keys.infos[i].name] = keyID(i)
		}
	} else {
		ids = nil
	}
	copySim(s, cp.sim, ids)
	s.store.m = m
	s.syncSubscriptions(subs)
	if stamp != cp.sim.store.stamp {
		if err := loadStore(s.store, &cp.store, s.set.RedisDown); err != nil {
			return fmt.Errorf("restoring the embedded redis: %w", err)
		}
	}
	return nil
}

// prefixOf reports whether the shorter of two key lists is a prefix of the
// longer (the same keys under the same ids).
func prefixOf(a, b []keyInfo) bool {
	for i := range min(len(a), len(b)) {
		if a[i].name != b[i].name {
			return false
		}
	}
	return true
}

// copySim makes dst a deep copy of src. ids, when not nil, is used as the
// copy's name index as is (it must equal src's).
func copySim(dst, src *Sim, ids map[string]keyID) {
	c := cloners.Get().(*cloner)
	defer c.release()
	tl, buf, written, queue := dst.tl, dst.ring.buf, dst.ring.next, dst.q.items
	frozen := dst.store == nil // a new checkpoint, never run: its ring holds only what was written
	*dst = *src
	dst.tl = tl
	pcg := *src.pcg
	dst.pcg = &pcg
	dst.rng = rand.New(dst.pcg)
	dst.idle, dst.idleWeight = nil, nil
	if src.chooser != nil {
		dst.chooser = src.chooser.Clone()
	}

	if cap(queue) >= len(src.q.items) && !frozen { // a running cluster keeps its queue's room
		clear(queue)
		dst.q.items = queue[:len(src.q.items)]
	} else {
		dst.q.items = make([]ev, len(src.q.items), cap(src.q.items))
	}
	for i, e := range src.q.items {
		e.req, e.w, e.c = c.request(e.req), c.worker(e.w), c.client(e.c)
		dst.q.items[i] = e
	}
	dst.keys.infos = append([]keyInfo(nil), src.keys.infos...)
	for i := range dst.keys.infos {
		k := &dst.keys.infos[i]
		k.newestVal, k.dbVal = c.value(k.newestVal), c.value(k.dbVal)
	}
	if ids != nil {
		dst.keys.ids = ids
	} else {
		dst.keys.ids = make(map[string]keyID, len(src.keys.ids))
		for name, id := range src.keys.ids {
			dst.keys.ids[name] = id
		}
	}
	dst.workers = c.workerList(src.workers)
	dst.backlogs = make([]fifo, len(src.backlogs))
	for i, b := range src.backlogs {
		dst.backlogs[i] = c.fifo(b)
	}
	dst.lastDone = c.worker(src.lastDone)
	dst.coreWait = c.workerList(src.coreWait)
	dst.store = c.store(src.store)
	dst.pool = c.requestList(src.pool)
	dst.globals = append([]importGlobal(nil), src.globals...)
	for i := range dst.globals {
		dst.globals[i].val = c.value(dst.globals[i].val)
	}
	if src.master != nil {
		m := *src.master
		m.vals = slices.Clone(src.master.vals)
		for i := range m.vals {
			m.vals[i].val = c.value(m.vals[i].val)
		}
		dst.master = &m
	}
	dst.console = c.client(src.console)
	dst.spread = c.clientList(src.spread)
	dst.traffic = c.generator(src.traffic)
	dst.obs.readers = append([]readerMark(nil), src.obs.readers...)
	dst.obs.runs = append([]freshRun(nil), src.obs.runs...)
	dst.obs.appenders = slices.Clone(src.obs.appenders)
	dst.jobs.runners = make([]*runner, len(src.jobs.runners))
	for i, r := range src.jobs.runners {
		n := *r
		n.w, n.mem = c.worker(r.w), c.dict(r.mem)
		dst.jobs.runners[i] = &n
	}
	if src.tasks.all != nil {
		dst.tasks.all = make(map[int64]*task, len(src.tasks.all))
		for id, t := range src.tasks.all {
			dst.tasks.all[id] = c.task(t)
		}
	}
	dst.tasks.jobs = c.executorValue(src.tasks.jobs)
	dst.pubsub.subs = make([]*subscriber, len(src.pubsub.subs))
	for i, sub := range src.pubsub.subs {
		n := *sub
		n.w = c.worker(sub.w)
		dst.pubsub.subs[i] = &n
	}
	if src.pubsub.slots != nil {
		dst.pubsub.slots = make(map[int]*slotSub, len(src.pubsub.slots))
		for slot, ss := range src.pubsub.slots {
			dst.pubsub.slots[slot] = &slotSub{sub: ss.sub, w: c.worker(ss.w)}
		}
	}
	dst.obs.served = append(make([]int64, 0, cap(src.obs.served)), src.obs.served...)
	dst.ring = copyRing(src.ring, buf, written, frozen)
	c.ringValues(&dst.ring)
}

// ringValues maps the list values the ring's records hold.
func (c *cloner) ringValues(g *ring) {
	for i := range g.buf {
		r := &g.buf[i]
		if r.val.l != nil || r.read.l != nil || r.over.l != nil {
			r.val, r.read, r.over = c.value(r.val), c.value(r.read), c.value(r.over)
		}
	}
}

// syncSubscriptions makes every miniredis subscriber of the group's channel
// that before or s knows subscribed exactly when s says its slot's worker
// listens: a restore brings back which workers were subscribed, and a
// subscriber that came after the checkpoint stops hearing the channel (it
// stays open: a later checkpoint on the timeline may name it again).
func (s *Sim) syncSubscriptions(before map[int]*slotSub) {
	for _, ss := range s.pubsub.slots {
		if ss.w != nil {
			ss.sub.Subscribe(groupChannel)
		} else {
			ss.sub.Unsubscribe(groupChannel)
		}
	}
	for _, ss := range before {
		if !s.listens(ss.sub) {
			ss.sub.Unsubscribe(groupChannel)
		}
	}
}

// listens reports whether a slot of s listens through sub.
func (s *Sim) listens(sub *miniredis.Subscriber) bool {
	for _, ss := range s.pubsub.slots {
		if ss.sub == sub && ss.w != nil {
			return true
		}
	}
	return false
}

// copyRing copies a ring into buf, which held a ring written up to seq
// written. A frozen copy (a checkpoint's) gets a new buffer of just the
// slots written so far; a running one keeps a full buffer of ringSize, and
// only the slots either ring has written are copied or cleared.
func copyRing(src ring, buf []record, written uint64, frozen bool) ring {
	used := func(next uint64) int { return int(min(next, ringSize)) }
	n := min(used(src.next), len(src.buf))
	if frozen {
		return ring{buf: slices.Clone(src.buf[:n]), next: src.next}
	}
	if len(buf) != ringSize {
		buf, written = make([]record, ringSize), 0
	}
	copy(buf[:n], src.buf[:n])
	if w := used(written); w > n {
		clear(buf[n:w])
	}
	return ring{buf: buf, next: src.next}
}

func (c *cloner) worker(w *worker) *worker {
	if w == nil {
		return nil
	}
	if n, ok := c.workers[w]; ok {
		return n
	}
	n := &worker{}
	*n = *w
	c.workers[w] = n
	n.dict = c.dict(w.dict)
	n.active = c.requestList(w.active)
	n.busy = append([]uint64(nil), w.busy...)
	n.queue = c.fifo(w.queue)
	n.runq = c.fifo(w.runq)
	n.holder = c.request(w.holder)
	n.timed = c.request(w.timed)
	n.lockWaiters = c.fifo(w.lockWaiters)
	if w.tasks != nil {
		ex := c.executorValue(*w.tasks)
		n.tasks = &ex
	}
	return n
}

func (c *cloner) workerList(ws []*worker) []*worker {
	if ws == nil {
		return nil
	}
	out := make([]*worker, len(ws), cap(ws))
	for i, w := range ws {
		out[i] = c.worker(w)
	}
	return out
}

func (c *cloner) request(r *request) *request {
	if r == nil {
		return nil
	}
	if n, ok := c.requests[r]; ok {
		return n
	}
	n := &request{}
	*n = *r
	c.requests[r] = n
	n.c = c.client(r.c)
	n.w = c.worker(r.w)
	n.wrote = c.entry(r.wrote)
	n.wroteDict = c.dict(r.wroteDict)
	n.acct = c.acct(r.acct)
	n.val, n.readVal, n.overVal = c.value(r.val), c.value(r.readVal), c.value(r.overVal)
	return n
}

func (c *cloner) requestList(rs []*request) []*request {
	if rs == nil {
		return nil
	}
	out := make([]*request, len(rs), cap(rs))
	for i, r := range rs {
		out[i] = c.request(r)
	}
	return out
}

func (c *cloner) fifo(f fifo) fifo {
	out := fifo{head: f.head}
	if f.items != nil {
		out.items = make([]*request, len(f.items), cap(f.items))
		for i := f.head; i < len(f.items); i++ {
			out.items[i] = c.request(f.items[i])
		}
	}
	return out
}

func (c *cloner) client(cl *client) *client {
	if cl == nil {
		return nil
	}
	if n, ok := c.clients[cl]; ok {
		return n
	}
	n := &client{}
	*n = *cl
	c.clients[cl] = n
	n.gen = c.generator(cl.gen)
	n.queue = append([]consoleOp(nil), cl.queue...)
	for i := range n.queue {
		n.queue[i].val = c.value(n.queue[i].val)
	}
	n.conn = c.worker(cl.conn)
	return n
}

func (c *cloner) clientList(cs []*client) []*client {
	if cs == nil {
		return nil
	}
	out := make([]*client, len(cs), cap(cs))
	for i, cl := range cs {
		out[i] = c.client(cl)
	}
	return out
}

func (c *cloner) generator(g *generator) *generator {
	if g == nil {
		return nil
	}
	if n, ok := c.gens[g]; ok {
		return n
	}
	n := &generator{}
	*n = *g
	c.gens[g] = n
	n.clients = c.clientList(g.clients)
	return n
}

func (c *cloner) dict(d *dict) *dict {
	if d == nil {
		return nil
	}
	if n, ok := c.dicts[d]; ok {
		return n
	}
	n := &dict{}
	*n = *d
	c.dicts[d] = n
	if d.m != nil {
		n.m = make(map[keyID]*entry, len(d.m))
		for id, e := range d.m {
			n.m[id] = c.entry(e)
		}
	}
	n.lists = c.acctMap(d.lists)
	return n
}

func (c *cloner) entry(e *entry) *entry {
	if e == nil {
		return nil
	}
	if n, ok := c.entries[e]; ok {
		return n
	}
	n := &entry{}
	*n = *e
	c.entries[e] = n
	n.val = c.value(e.val)
	return n
}

func (c *cloner) store(r *sharedStore) *sharedStore {
	n := &sharedStore{}
	*n = *r
	n.shadow = make(map[keyID]*entry, len(r.shadow))
	for id, e := range r.shadow {
		n.shadow[id] = c.entry(e)
	}
	n.deadline = append([]deadline(nil), r.deadline...)
	n.lists = c.acctMap(r.lists)
	return n
}

// value copies a value: a list's items are copied once, so two values that
// share a list in the original share it in the copy (copy-on-read lists,
// append by mutating, keep their aliasing).
func (c *cloner) value(v value) value {
	if v.l == nil {
		return v
	}
	n, ok := c.lists[v.l]
	if !ok {
		items := slices.Clone(*v.l)
		n = &items
		c.lists[v.l] = n
	}
	v.l = n
	return v
}

func (c *cloner) acct(a *listAcct) *listAcct {
	if a == nil {
		return nil
	}
	if n, ok := c.accts[a]; ok {
		return n
	}
	n := &listAcct{}
	*n = *a
	c.accts[a] = n
	return n
}

func (c *cloner) acctMap(m map[keyID]*listAcct) map[keyID]*listAcct {
	if m == nil {
		return nil
	}
	out := make(map[keyID]*listAcct, len(m))
	for id, a := range m {
		out[id] = c.acct(a)
	}
	return out
}

func (c *cloner) task(t *task) *task {
	if t == nil {
		return nil
	}
	if n, ok := c.tasks[t]; ok {
		return n
	}
	n := &task{}
	*n = *t
	c.tasks[t] = n
	return n
}

// executorValue copies a job consumer: its worker and jobs mapped.
func (c *cloner) executorValue(ex executor) executor {
	ex.w = c.worker(ex.w)
	ex.running = c.task(ex.running)
	if ex.queue != nil {
		q := make([]*task, len(ex.queue))
		for i, t := range ex.queue {
			q[i] = c.task(t)
		}
		ex.queue = q
	}
	return ex
}
