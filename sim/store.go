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
	acked   int64 // acknowledged increments applied since that set
	writes  int64 // acknowledged writes still represented in this copy
	counter bool  // the key was incremented in this copy
}

// dict is one worker's module-level dict (store local) or LocMemCache (locmem).
type dict struct {
	m     map[keyID]*entry
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

// lost is the copy's lost updates: acknowledged increments minus value, per counter key.
func (e *entry) lost(current int64, present bool) int64 {
	if !e.counter {
		return 0
	}
	if !present {
		current = 0
	}
	if l := e.base + e.acked - current; l > 0 {
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
	deadline []time.Duration // min-heap of TTL deadlines
	synced   time.Duration   // virtual time miniredis's clock was last set to
	addr     string          // 127.0.0.1:port when listening
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
	}
	for len(r.deadline) > 0 && r.deadline[0] <= now {
		r.popDeadline()
	}
}

// due moves the clock only when a TTL deadline has passed.
func (r *sharedStore) due(now time.Duration) {
	if len(r.deadline) > 0 && r.deadline[0] <= now {
		r.sync(now)
	}
}

func (r *sharedStore) pushDeadline(d time.Duration) {
	h := append(r.deadline, d)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= h[i] {
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
		if l < n && h[l] < h[m] {
			m = l
		}
		if rr < n && h[rr] < h[m] {
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

func (r *sharedStore) shadowOf(id keyID) *entry {
	e, ok := r.shadow[id]
	if !ok {
		e = &entry{}
		r.shadow[id] = e
	}
	return e
}

// get reads a key; ver is the version the sim wrote it with (0 when the value
// came from elsewhere, e.g. a raw console command).
func (r *sharedStore) get(id keyID, name string, now time.Duration) (value, uint64, bool) {
	r.due(now)
	got, err := r.m.Get(name)
	if err != nil {
		return value{}, 0, false
	}
	e, ok := r.shadow[id]
	if ok && e.str == got {
		return e.val, e.ver, true
	}
	return parseValue(got), 0, true
}

// set writes a key with an optional TTL (0 = none; a plain SET clears a TTL).
func (r *sharedStore) set(id keyID, name string, v value, ver uint64, ttl, now time.Duration) *entry {
	if ttl > 0 {
		r.sync(now)
	} else {
		r.due(now)
	}
	str := v.String()
	_ = r.m.Set(name, str)
	if ttl > 0 {
		r.m.SetTTL(name, ttl)
		r.pushDeadline(now + ttl)
	}
	e := r.shadowOf(id)
	e.val, e.str, e.ver = v, str, ver
	return e
}

// incr runs INCR: atomic, creates the key at 0, keeps its TTL.
func (r *sharedStore) incr(id keyID, name string, ver uint64, now time.Duration) (int64, *entry, error) {
	r.due(now)
	n, err := r.m.Incr(name, 1)
	if err != nil {
		return 0, nil, err
	}
	e := r.shadowOf(id)
	e.val, e.ver = numValue(int64(n)), ver
	e.str = e.val.String()
	return int64(n), e, nil
}
