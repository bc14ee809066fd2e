package sim

import (
	"sort"
	"strconv"
)

// maxSnapshotKeys bounds how many keys a snapshot lists.
const maxSnapshotKeys = 200

// Snapshot returns an immutable copy of the cluster's state. It moves the
// embedded Redis's clock to the virtual now, as any read of the store does.
func (s *Sim) Snapshot() Snapshot {
	s.store.sync(s.now)
	snap := Snapshot{Now: s.now, Settings: s.set, RedisAddr: s.store.addr, Pending: s.pending()}
	if s.traffic != nil {
		snap.TrafficSent = s.traffic.issued
	}
	ids := s.snapshotKeys()
	shared := make(map[keyID]KV, len(ids))
	if s.set.Store == "redis" {
		for _, id := range ids {
			shared[id] = s.sharedKV(id)
		}
	}
	agree := make([]int, len(ids))
	distinct := make([]map[string]bool, len(ids))
	for _, w := range s.workers {
		ws := WorkerState{Slot: w.slot, Server: w.server + 1, Scheduler: s.hasScheduler(w), Jobs: workerJobs(w), Subscribers: s.subscribersOf(w), Pid: w.pid, Generation: w.generation, Served: w.served,
			InFlight: len(w.active)}
		ws.Doing, ws.DoingShort = w.doing(&s.keys, s.set.Class)
		if s.set.Steps {
			ws.Threads = s.threadStates(w)
		}
		for i, id := range ids {
			var kv KV
			if s.set.Store == "redis" {
				kv = shared[id]
			} else {
				kv = s.localKV(w, id)
			}
			ws.Keys = append(ws.Keys, kv)
			if distinct[i] == nil {
				distinct[i] = map[string]bool{}
			}
			if kv.Present {
				distinct[i]["v:"+kv.Value] = true
			} else {
				distinct[i]["missing"] = true
			}
			if kv.Agreement == "agrees" {
				agree[i]++
			}
		}
		snap.Workers = append(snap.Workers, ws)
	}
	for i, id := range ids {
		k := s.keys.info(id)
		ks := KeyState{Key: k.name, HasWrite: k.hasWrite && !s.expired(k), Divergence: len(distinct[i])}
		if ks.HasWrite {
			ks.Newest = k.newestVal.String()
		}
		if n := len(s.workers); n > 0 {
			ks.Agreement = float64(agree[i]) / float64(n)
		}
		snap.Keys = append(snap.Keys, ks)
	}
	snap.Metrics = s.metrics()
	if s.tl != nil {
		snap.Timeline = s.tl.state(s)
	}
	for _, g := range s.globals {
		gl := Global{Key: s.keys.info(g.key).name, Random: g.random}
		if !g.random {
			gl.Value = g.val.String()
		}
		snap.Globals = append(snap.Globals, gl)
	}
	return snap
}

func (s *Sim) expired(k *keyInfo) bool { return k.newestExp != 0 && s.now >= k.newestExp }

// judge colours one copy of a key against the newest completed write.
func (s *Sim) judge(k *keyInfo, present bool, ver uint64) string {
	switch {
	case !present && k.hasWrite && !s.expired(k):
		return "missing"
	case !present:
		return "agrees"
	case k.hasWrite && !s.expired(k) && ver < k.newestVer:
		return "stale"
	}
	return "agrees"
}

func (s *Sim) localKV(w *worker, id keyID) KV {
	k := s.keys.info(id)
	kv := KV{Key: k.name}
	var ver uint64
	if e, ok := w.dict.m[id]; ok && (e.exp == 0 || s.now < e.exp) {
		kv.Value, kv.Present, ver = e.val.String(), true, e.ver
		if e.counter {
			n, _ := e.val.asInt()
			kv.Lost = e.lost(n, true)
		}
		if a := w.dict.lists[id]; a != nil {
			kv.Lost = a.lost(len(e.val.items()))
		}
	}
	kv.Agreement = s.judge(k, kv.Present, ver)
	return kv
}

func (s *Sim) sharedKV(id keyID) KV {
	k := s.keys.info(id)
	v, ver, ok := s.store.get(id, k.name, s.now)
	kv := KV{Key: k.name, Present: ok}
	if ok {
		kv.Value = v.String()
	}
	if e := s.store.shadow[id]; e != nil && e.counter {
		n, _ := v.asInt()
		kv.Lost = e.lost(n, ok)
	}
	if a := s.store.lists[id]; a != nil && ok {
		kv.Lost = a.lost(len(v.items()))
	}
	kv.Agreement = s.judge(k, ok, ver)
	return kv
}

// snapshotKeys lists the keys any copy holds or any write touched, in natural order.
func (s *Sim) snapshotKeys() []keyID {
	seen := map[keyID]bool{}
	var ids []keyID
	add := func(id keyID) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, w := range s.workers {
		for id := range w.dict.m {
			add(id)
		}
	}
	for _, name := range s.store.m.Keys() {
		if name == brokerList || name == brokerUnacked {
			continue // the job broker's bookkeeping, not the app's state
		}
		add(s.keys.id(name))
	}
	for i := range s.keys.infos {
		if s.keys.infos[i].hasWrite {
			add(keyID(i))
		}
	}
	sort.Slice(ids, func(i, j int) bool { return naturalLess(s.keys.info(ids[i]).name, s.keys.info(ids[j]).name) })
	if len(ids) > maxSnapshotKeys {
		ids = ids[:maxSnapshotKeys]
	}
	return ids
}

// naturalLess orders "key2" before "key10".
func naturalLess(a, b string) bool {
	pa, na := splitNum(a)
	pb, nb := splitNum(b)
	if pa != pb || na < 0 || nb < 0 {
		if pa == pb {
			return na < nb || (na == nb && a < b)
		}
		return a < b
	}
	return na < nb
}

func splitNum(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) || len(s)-i > 9 {
		return s, -1
	}
	n, _ := strconv.Atoi(s[i:])
	return s[:i], n
}

func (s *Sim) pending() int {
	n := 0
	for i := range s.backlogs {
		n += s.backlogs[i].len()
	}
	for _, w := range s.workers {
		n += len(w.active) + w.queue.len()
	}
	return n
}

// metrics computes the Metrics of the observer and the copies now.
func (s *Sim) metrics() Metrics {
	o := &s.obs
	m := Metrics{
		Requests: o.requests, Reads: o.reads, Writes: o.writes, Increments: o.increments,
		AtomicIncrements: o.atomicIncrements, StaleReads: o.staleReads, LostToRestarts: o.lostToRestarts,
		ExpiredReads: o.expiredReads, Errors: o.errors, Restarts: o.restarts, Hits: o.hits, Lookups: o.lookups,
		BestFreshStreak: o.bestStreak, PidsAnswering: o.pids, VirtualSeconds: s.now.Seconds(),
		JobRuns: o.jobRuns, Schedulers: s.schedulers(),
		JobsQueued: o.jobsQueued, JobsDone: o.jobsDone, JobsLost: o.jobsLost, JobsTwice: o.jobsTwice,
		Subscribers: s.connected(), Published: o.published, Deliveries: o.deliveries, Missed: o.missed,
		JobsInterrupted: o.jobsInterrupted, WaitingAtRestart: o.waitingAtRestart, JobsWaiting: s.jobsWaiting(),
		CodeChanges: o.codeChanges, Appends: o.appends, LostAppends: s.lostAppends(),
		appenders: append([]clientMark(nil), o.appenders...), GlobalCopies: s.globalCopies(), OutdatedWorkers: s.outdatedWorkers(),
		P50: o.latency.quantile(0.50), P95: o.latency.quantile(0.95), P99: o.latency.quantile(0.99),
		ServedPerWorker: append([]int64(nil), o.served...),
		readers:         append([]readerMark(nil), o.readers...),
		runs:            append([]freshRun(nil), o.runs...),
	}
	if o.lookups > 0 {
		m.HitRate = float64(o.hits) / float64(o.lookups)
	}
	if s.now > 0 {
		m.ThroughputRPS = float64(o.requests) / s.now.Seconds()
	}
	m.LostUpdates = o.lostArchived + s.liveLost()
	return m
}

// liveLost sums the lost updates of every live copy.
func (s *Sim) liveLost() int64 {
	var lost int64
	for _, w := range s.workers {
		for _, e := range w.dict.m {
			if e.counter {
				n, _ := e.val.asInt()
				lost += e.lost(n, true)
			}
		}
	}
	for id, e := range s.store.shadow {
		if !e.counter {
			continue
		}
		v, _, ok := s.store.get(id, s.keys.info(id).name, s.now)
		n, _ := v.asInt()
		lost += e.lost(n, ok)
	}
	return lost
}
