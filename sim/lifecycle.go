package sim

import "strconv"

// spawn starts a worker process of server srv (0-based) in slot, generation
// gen, booting first.
func (s *Sim) spawn(slot, srv, gen int) *worker {
	s.nextPid += 1 + s.rng.IntN(7)
	w := &worker{
		slot:       slot,
		server:     srv,
		pid:        s.nextPid,
		generation: gen,
		dict:       newDict(),
		capacity:   capacityFor(&s.set),
		booting:    true,
	}
	if s.set.MaxRequests > 0 {
		w.maxReq = s.set.MaxRequests
		if s.set.MaxRequestsJitter > 0 {
			w.maxReq += s.rng.IntN(s.set.MaxRequestsJitter + 1)
		}
	}
	s.importState(w)
	s.insertWorker(w)
	boot := bootDelay
	if s.set.Preload {
		boot = preloadBoot
	}
	s.schedule(s.now+boot, evBoot, nil, w, nil)
	return w
}

// spawnAll boots every server's workers, as a launch does: slots numbered
// from 1, server by server.
func (s *Sim) spawnAll() {
	for srv := range s.set.Servers {
		for i := range s.set.Workers {
			s.spawn(srv*s.set.Workers+i+1, srv, 0)
		}
	}
}

// insertWorker keeps s.workers ordered by server, then slot.
func (s *Sim) insertWorker(w *worker) {
	i := len(s.workers)
	for i > 0 && (s.workers[i-1].server > w.server || s.workers[i-1].server == w.server && s.workers[i-1].slot > w.slot) {
		i--
	}
	s.workers = append(s.workers, nil)
	copy(s.workers[i+1:], s.workers[i:])
	s.workers[i] = w
}

func (s *Sim) removeWorker(w *worker) {
	for i, x := range s.workers {
		if x == w {
			s.workers = append(s.workers[:i], s.workers[i+1:]...)
			return
		}
	}
}

// freeSlot returns the lowest slot number no live worker uses.
func (s *Sim) freeSlot() int {
	for slot := 1; ; slot++ {
		used := false
		for _, w := range s.workers {
			if w.slot == slot {
				used = true
				break
			}
		}
		if !used {
			return slot
		}
	}
}

func (s *Sim) booted(w *worker) {
	if w.dead {
		return
	}
	w.booting = false
	w.bootedAt = s.now
	s.workerBooted(w)
	s.logEvent(EventSpawn, w, "worker "+strconv.Itoa(w.slot)+" booted (pid "+strconv.Itoa(w.pid)+")")
	s.pull(w)
}

// exit ends a worker: its dict is wiped, its in-flight requests fail (unless
// it exits gracefully with none), and the master respawns the slot when
// respawn is true.
func (s *Sim) exit(w *worker, why string, respawn bool) {
	if w.dead {
		return
	}
	w.dead = true
	for len(w.active) > 0 {
		r := w.active[len(w.active)-1]
		s.fail(r, "502 worker "+why)
	}
	if w.onCore {
		w.onCore, w.holder = false, nil
		s.freeCores++
		s.grantCores()
	}
	s.wipe(w.dict)
	s.tasksDie(w)
	s.removeWorker(w)
	s.disconnect(w)
	if respawn {
		s.obs.restarts++
	}
	s.logEvent(EventExit, w, "worker "+strconv.Itoa(w.slot)+" (pid "+strconv.Itoa(w.pid)+") "+why)
	pending := w.queue.drain()
	if respawn && w.server < s.set.Servers {
		s.spawn(w.slot, w.server, w.generation+1)
	}
	for _, r := range pending {
		s.dispatch(r)
	}
}

// wipe forgets a copy: what it held counts as lost to restarts.
func (s *Sim) wipe(d *dict) {
	d.alive = false
	for id, a := range d.lists {
		s.obs.lostAppendsArchived += a.lost(dictListLen(d, id, s.now))
	}
	for _, e := range d.m {
		s.obs.lostToRestarts += e.writes
		if e.counter {
			n, _ := e.val.asInt()
			s.obs.lostArchived += e.lost(n, true)
		}
	}
	d.m = nil
}

// retire stops a worker from accepting; it exits when its requests are done.
func (s *Sim) retire(w *worker, why string, respawn bool) {
	w.retiring, w.retireWhy, w.respawn = true, why, respawn
	if len(w.active) == 0 {
		s.exit(w, why, respawn)
	}
}

// checkTimeout kills a sync worker still busy with a request past its
// deadline; otherwise it re-arms the watch for the current request.
func (s *Sim) checkTimeout(w *worker) {
	w.timerArmed = false
	if w.dead || len(w.active) == 0 {
		return
	}
	r := w.timed
	if r == nil || r.gen != w.timedGen || r.w != w {
		return
	}
	if s.now >= w.deadline {
		s.exit(w, "timed out ("+s.set.Timeout.String()+"), killed", true)
		return
	}
	w.timerArmed = true
	s.schedule(w.deadline, evTimeout, nil, w, nil)
}

// kill ends the worker in slot at once, as SIGKILL would.
func (s *Sim) kill(slot int) bool {
	for _, w := range s.workers {
		if w.slot == slot {
			s.exit(w, "killed", true)
			return true
		}
	}
	return false
}

// launch marks the cluster as running: from now on, a setting that changes
// the workers resizes the running server instead of configuring its launch.
func (s *Sim) launch() { s.launched = true }

// relaunchIfFresh boots the workers again from the current settings when
// nothing has run yet, exactly as New would have with these settings: slots
// numbered from 1, the seed's first pids, and no retirements in the log. It
// reports whether it did.
func (s *Sim) relaunchIfFresh() bool {
	if s.launched {
		return false
	}
	s.seedRNG()
	s.nextPid = firstPid(s.seed)
	s.q = evQueue{}
	s.seq, s.work = 0, 0
	s.workers = nil
	s.master = nil
	if s.set.Preload {
		s.masterImport()
	}
	for i := range s.backlogs {
		s.backlogs[i] = fifo{}
	}
	s.spawnAll()
	s.restartSchedulers()
	s.tasks = taskState{}
	if s.set.Queue == "redis" {
		s.startJobWorker()
	}
	return true
}

// resize changes the number of workers of every server: new slots boot;
// removed workers are the oldest (as TTOU retires the oldest), stopped
// gracefully. Before the launch it configures the launch instead.
func (s *Sim) resize(n int) {
	if s.relaunchIfFresh() {
		return
	}
	for srv := range s.set.Servers {
		live := 0
		for _, w := range s.workers {
			if w.server == srv && !w.retiring {
				live++
			}
		}
		for ; live < n; live++ {
			s.spawn(s.freeSlot(), srv, 0)
		}
		for ; live > n; live-- {
			var oldest *worker
			for _, w := range s.workers {
				if w.server == srv && !w.retiring && (oldest == nil || w.pid < oldest.pid) {
					oldest = w
				}
			}
			s.retire(oldest, "retired (workers "+strconv.Itoa(n)+")", false)
		}
	}
}
