package sim

import (
	"errors"
	"sort"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// entry is one key in one copy (a worker's dict, or the shared store's shadow).
type entry struct {
	val     value
	str     string // redis only: the string written, to recognise our own value
	ver     uint64 // version of the write that put val here (0 = unknown)
	exp     time.Duration
	lastUse time.Duration // locmem LRU culling
	// Lost-update and restart accounting.
	base    int64 // counter value set by the last set (numeric sets)
	applied int64 // increments applied since that set, counted when they wrote (not when answered)
	writes  int64 // acknowledged writes still represented in this copy
	counter bool  // the key was incremented in this copy
	writer  int32 // the client whose request wrote val, + 1 (0 = not known: an import, a raw command)
}

// dict is one worker's module-level dict (store local) or LocMemCache (locmem).
type dict struct {
	m     map[keyID]*entry
	lists map[keyID]*listAcct // appends acknowledged to each list key (nil until one)
	alive bool
}

func newDict() *dict { return &dict{m: make(map[keyID]*entry), alive: true} }

// get reads a key, expiring it lazily.
func (d *dict) get(id keyID, now time.Duration) (*entry, bool) {
	e, ok := d.m[id]
	if !ok {
		return nil, false
	}
	if e.exp != 0 && now >= e.exp {
		delete(d.m, id)
		return nil, false
	}
	e.lastUse = now
	return e, true
}

// put writes a key, culling like LocMemCache when limit > 0.
func (d *dict) put(id keyID, now time.Duration, limit int) *entry {
	e, ok := d.m[id]
	if !ok {
		if limit > 0 && len(d.m) >= limit {
			d.cull()
		}
		e = &entry{}
		d.m[id] = e
	}
	e.lastUse = now
	return e
}

// cull drops the least recently used third, as Django's CULL_FREQUENCY 3 does.
func (d *dict) cull() {
	ids := make([]keyID, 0, len(d.m))
	for id := range d.m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := d.m[ids[i]], d.m[ids[j]]
		if a.lastUse != b.lastUse {
			return a.lastUse < b.lastUse
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids[:len(ids)/3] {
		delete(d.m, id)
	}
}

// forget drops a key from a dict: LocMemCache.set with timeout 0 stores it
// already expired.
func (d *dict) forget(id keyID) { delete(d.m, id) }

// lost is the copy's lost updates: increments applied minus value, per counter key.
func (e *entry) lost(current int64, present bool) int64 {
	if !e.counter {
		return 0
	}
	if !present {
		current = 0
	}
	if l := e.base + e.applied - current; l > 0 {
		return l
	}
	return 0
}

// errRedisDown is the failure every Redis command meets while the store is down.
var errRedisDown = errors.New("redis down")

// sharedStore is the embedded miniredis every worker reaches, with a shadow of
// what the sim wrote (versions and accounting) and a heap of TTL deadlines so
// miniredis's clock moves only when an expiry is due (STYLE.md §8).
type sharedStore struct {
	m        *miniredis.Miniredis
	epoch    time.Time
	shadow   map[keyID]*entry
	deadline []deadline          // min-heap of TTL deadlines, some superseded
	synced   time.Duration       // virtual time miniredis's clock was last set to
	addr     string              // 127.0.0.1:port when listening
	lists    map[keyID]*listAcct // appends acknowledged to each list key
	stamp    uint64              // names the miniredis's contents: a fresh stamp on every change (store_dump.go)
}

// deadline is when a key given a TTL expires; it is current while the key's
// shadow entry still has that expiry (a later SET, DEL or TTL supersedes it).
type deadline struct {
	at time.Duration
	id keyID
}

var storeEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func newSharedStore(listen bool) (*sharedStore, error) {
	m := miniredis.NewMiniRedis()
	m.SetTime(storeEpoch)
	m.ClockTTL(true)
	if listen {
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return nil, err
		}
	}
	r := &sharedStore{m: m, epoch: storeEpoch, shadow: make(map[keyID]*entry)}
	r.touched()
	if listen {
		r.addr = m.Addr()
	}
	return r, nil
}

// sync moves miniredis's clock to now.
func (r *sharedStore) sync(now time.Duration) {
	if now != r.synced {
		r.m.SetTime(r.epoch.Add(now))
		r.synced = now
		r.touched()
	}
	for len(r.deadline) > 0 && r.deadline[0].at <= now {
		r.popDeadline()
	}
}

// due moves the clock only when a current TTL deadline has passed; it drops
// superseded ones on the way.
func (r *sharedStore) due(now time.Duration) {
	for len(r.deadline) > 0 && r.deadline[0].at <= now {
		top := r.deadline[0]
		if e, ok := r.shadow[top.id]; ok && e.exp == top.at {
			r.sync(now)
			return
		}
		r.popDeadline()
	}
}

// pushDeadline records a key's expiry. The heap keeps superseded deadlines
// until they come up, but never more than about twice the keys that have a
// TTL: past that it is rebuilt from the shadow.
func (r *sharedStore) pushDeadline(d deadline) {
	if len(r.deadline) >= 2*len(r.shadow)+64 {
		r.deadline = r.deadline[:0]
		for id, e := range r.shadow {
			if e.exp != 0 {
				r.heapPush(deadline{e.exp, id})
			}
		}
	}
	r.heapPush(d)
}

func (r *sharedStore) heapPush(d deadline) {
	h := append(r.deadline, d)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].at <= h[i].at {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	r.deadline = h
}

func (r *sharedStore) popDeadline() {
	h := r.deadline
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l, rr, m := 2*i+1, 2*i+2, i
		if l < n && h[l].at < h[m].at {
			m = l
		}
		if rr < n && h[rr].at < h[m].at {
			m = rr
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	r.deadline = h
}

// expire gives a key a TTL of ttl from now. miniredis counts TTLs down from
// its own clock, which lags virtual time until the next sync, so the lag is
// added: the key expires at now+ttl without moving the clock (which costs a
// walk over every key).
func (r *sharedStore) expire(id keyID, name string, ttl, now time.Duration) {
	r.m.SetTTL(name, ttl+(now-r.synced))
	r.touched()
	e := r.shadowOf(id)
	e.exp = now + ttl
	r.pushDeadline(deadline{e.exp, id})
}

func (r *sharedStore) shadowOf(id keyID) *entry {
	e, ok := r.shadow[id]
	if !ok {
		e = &entry{}
		r.shadow[id] = e
	}
	return e
}

// get reads a key; ver is the version the sim wrote it with (0 when the value
// came from elsewhere, e.g. a raw console command). A Redis list (RPUSH)
// reads as the whole list, as LRANGE 0 -1 would. The value is always a copy.
func (r *sharedStore) get(id keyID, name string, now time.Duration) (value, uint64, bool) {
	r.due(now)
	got, err := r.m.Get(name)
	if errors.Is(err, miniredis.ErrWrongType) {
		items, lerr := r.m.List(name)
		if lerr != nil {
			return value{}, 0, false
		}
		got, err = listValue(items).wire(), nil
	}
	if err != nil {
		return value{}, 0, false
	}
	e, ok := r.shadow[id]
	if ok && (e.str == got || e.str == "" && e.val.isList() && e.val.wire() == got) {
		return e.val.copied(), e.ver, true
	}
	return fromWire(got), 0, true
}

// set writes a key with an optional TTL (0 = none; a plain SET clears a TTL).
func (r *sharedStore) set(id keyID, name string, v value, ver uint64, ttl, now time.Duration) *entry {
	r.due(now)
	str := v.wire()
	if r.m.Set(name, str) != nil { // SET replaces a key of any type
		r.m.Del(name)
		_ = r.m.Set(name, str)
	}
	r.touched()
	e := r.shadowOf(id)
	e.val, e.str, e.ver, e.exp = v.copied(), str, ver, 0
	if ttl > 0 {
		r.expire(id, name, ttl, now)
	}
	return e
}

// push runs RPUSH: atomic, creates the list, and fails with WRONGTYPE on a
// key that holds a string (such as a list cache.set stored). It returns the
// list after the push, which the caller must not change. The shadow follows
// the list by appending, so a push costs the same at any length.
func (r *sharedStore) push(id keyID, name, item string, ver uint64, now time.Duration) (value, error) {
	r.due(now)
	n, err := r.m.Push(name, item)
	if err != nil {
		return value{}, errors.New("WRONGTYPE Operation against a key holding the wrong kind of value")
	}
	e := r.shadowOf(id)
	if e.val.isList() && len(*e.val.l) == n-1 {
		*e.val.l = append(*e.val.l, item)
	} else {
		items, _ := r.m.List(name)
		e.val = listValue(items)
	}
	e.str, e.ver = "", ver // the wire form is worked out when a read needs it; RPUSH keeps a TTL
	items := (*e.val.l)[:n:n]
	return value{l: &items}, nil
}

// del deletes a key (what Django's RedisCache.set does with timeout 0).
func (r *sharedStore) del(id keyID, name string, now time.Duration) {
	r.due(now)
	r.m.Del(name)
	r.touched()
	delete(r.shadow, id)
}

// incr runs INCR: atomic, creates the key at 0, keeps its TTL. A key it
// creates gets ttl (> 0), as Django's cache.add(k, 0, timeout) before
// cache.incr(k) would give it.
func (r *sharedStore) incr(id keyID, name string, ver uint64, ttl, now time.Duration) (int64, *entry, error) {
	r.due(now)
	n, err := r.m.Incr(name, 1)
	r.touched()
	if err != nil {
		return 0, nil, err
	}
	e := r.shadowOf(id)
	e.val, e.ver = numValue(int64(n)), ver
	e.str = e.val.String()
	if n == 1 {
		e.exp = 0
		if ttl > 0 {
			r.expire(id, name, ttl, now)
		}
	}
	return int64(n), e, nil
}

// writer is the client id + 1 of the request whose write left cur under the
// key (0 when the value came from elsewhere, such as a raw command).
func (r *sharedStore) writer(id keyID, cur value) int32 {
	if e, ok := r.shadow[id]; ok && e.str == cur.String() {
		return e.writer
	}
	return 0
}
