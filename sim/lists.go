package sim

import "time"

// Lists: a view appends an item to a list kept under a key (a cart). How it
// writes is the append-by setting:
//
//   - mutate: items = STORE.get(k) (or cache.get(k, [])); items.append(x).
//     A dict hands back its own list, so the append lands in it. A cache
//     hands back an unpickled copy (Redis, Memcached and LocMemCache alike),
//     so the append changes nothing stored (FACTS.md B18).
//   - set: the same, then cache.set(k, items): the whole list is read,
//     changed and written back, a read-modify-write that loses appends when
//     two requests overlap.
//   - rpush: Redis RPUSH, one atomic command (in a dict: setdefault + append,
//     atomic under the GIL but per process).

// appendModes are the words of append-by.
var appendModes = []string{"mutate", "set", "rpush"}

// listAcct counts, for one list key in one copy (a worker's dict, or the
// shared store), the appends acknowledged to it: base is the list's length
// when counting began, applied the appends acknowledged since.
type listAcct struct {
	base, applied int64
}

// lost is the appends acknowledged to the copy that its list does not hold.
func (a *listAcct) lost(length int) int64 {
	if l := a.base + a.applied - int64(length); l > 0 {
		return l
	}
	return 0
}

// acct returns the count of a list key in a copy (d nil: the shared store),
// starting it at length when new.
func (s *Sim) acct(d *dict, id keyID, length int) *listAcct {
	m := &s.store.lists
	if d != nil {
		m = &d.lists
	}
	if *m == nil {
		*m = map[keyID]*listAcct{}
	}
	a, ok := (*m)[id]
	if !ok {
		a = &listAcct{base: int64(length)}
		(*m)[id] = a
	}
	return a
}

// resetAcct stops counting a key's appends in a copy: a plain set replaced
// the list.
func (s *Sim) resetAcct(d *dict, id keyID) {
	if d != nil {
		delete(d.lists, id)
		return
	}
	delete(s.store.lists, id)
}

// appendTarget is the copy an append of the current store lands in (nil:
// the shared store).
func (s *Sim) appendTarget(r *request) *dict {
	if s.set.Store == "redis" {
		return nil
	}
	return r.w.dict
}

// noteAppendRead starts the count of the copy an append read from, at the
// length it read.
func (s *Sim) noteAppendRead(r *request) {
	n := 0
	if r.readOK {
		n = len(r.readVal.items())
	}
	r.acct = s.acct(s.appendTarget(r), r.key, n)
}

// appendStep appends the item to the list the view read. With a dict the
// list is the dict's own, so it changes in place; with a cache it is a copy.
// With append-by mutate nothing is written afterwards.
func (s *Sim) appendStep(r *request) {
	local := s.set.Store == "local"
	var list value
	switch {
	case r.readOK && r.readVal.isList() && local:
		list = r.readVal // the dict's own list
	case r.readOK && r.readVal.isList():
		list = r.readVal.copied()
	default:
		list = listValue(nil) // cache.get(k, []) or STORE.setdefault(k, [])
		if local {
			e := r.w.dict.put(r.key, s.now, 0)
			e.val, e.ver, e.exp = list, 0, 0
		}
	}
	*list.l = append(*list.l, r.item)
	r.val = list
	if s.set.AppendBy != "mutate" {
		return // the write step stores it
	}
	s.writeSeq++
	r.writeVer = s.writeSeq
	if local {
		e := r.w.dict.m[r.key]
		e.ver = r.writeVer
		r.wrote, r.wroteDict = e, r.w.dict
	}
	r.val = list.copied() // what the client was told the list now holds
}

// pushStep runs an atomic append: Redis RPUSH, or setdefault + append on a
// dict. LocMemCache has no such operation.
func (s *Sim) pushStep(r *request) bool {
	k := s.keys.info(r.key)
	s.writeSeq++
	r.writeVer = s.writeSeq
	switch s.set.Store {
	case "redis":
		if s.set.RedisDown {
			return s.redisFailed(r, false)
		}
		v, err := s.store.push(r.key, k.name, r.item, r.writeVer, s.now)
		if err != nil {
			r.failed = "500 " + err.Error()
			return false
		}
		r.val = v
		r.acct = s.acct(nil, r.key, len(v.items())-1)
		r.wrote, r.wroteDict = s.store.shadow[r.key], nil
		return s.redisTrip(r)
	case "locmem":
		r.failed = "500 LocMemCache has no RPUSH: append-by rpush needs store redis"
		return false
	}
	d := r.w.dict
	e, ok := d.get(r.key, s.now)
	if !ok || !e.val.isList() {
		e = d.put(r.key, s.now, 0)
		e.val, e.exp = listValue(nil), 0
	}
	r.acct = s.acct(d, r.key, len(e.val.items()))
	*e.val.l = append(*e.val.l, r.item)
	e.ver = r.writeVer
	r.val = e.val.copied()
	r.wrote, r.wroteDict = e, d
	return false
}

// lostAppends sums the appends acknowledged to each live copy that its list
// does not hold, with those archived from wiped copies.
func (s *Sim) lostAppends() int64 {
	lost := s.obs.lostAppendsArchived
	for _, w := range s.workers {
		for id, a := range w.dict.lists {
			lost += a.lost(dictListLen(w.dict, id, s.now))
		}
	}
	for id, a := range s.store.lists {
		v, _, _ := s.store.get(id, s.keys.info(id).name, s.now)
		lost += a.lost(len(v.items()))
	}
	return lost
}

// dictListLen is the length of the list a dict holds under id (0 when it
// holds none).
func dictListLen(d *dict, id keyID, now time.Duration) int {
	if e, ok := d.m[id]; ok && (e.exp == 0 || now < e.exp) {
		return len(e.val.items())
	}
	return 0
}
