package sim

import (
	"fmt"
	"time"
)

// A periodic job: the app starts a scheduler thread at import (an interval
// timer, APScheduler's BackgroundScheduler) that runs the job every
// Settings.Schedule, counting from the scheduler's start. Where it runs
// follows from where the app is imported (FACTS.md B6, B10, B24):
//
//   - without preload, each worker imports the app: one scheduler per
//     worker, so the job runs N times a period with -w N, and a replaced
//     worker starts a new scheduler whose clock starts again;
//   - with preload, the master imports the app: the thread runs in the
//     master, and fork() copies only the thread that called it, so no worker
//     has one;
//   - scheduler beat: one scheduler in a process of its own (celery beat,
//     cron), which no worker restart touches.
//
// With job-lock on, each run first takes a lock with cache.add (SET NX with
// an expiry of one period): on Redis only one run per period gets it; a
// dict or LocMemCache lock is per process and stops nothing.
//
// Each run stores "report" in the store of the process that runs it: a
// worker's dict, the master's or beat's own memory, or the shared Redis.

// Where a scheduler runs.
const (
	runsInWorker = iota
	runsInMaster
	runsInBeat
)

// schedulerModes are the words of the scheduler setting.
var schedulerModes = []string{"app", "beat"}

// reportKey is the key every run of the job writes.
const reportKey = "report"

// runner is one scheduler thread (or process).
type runner struct {
	id        uint32
	where     int
	w         *worker       // runsInWorker: the worker it lives in
	mem       *dict         // runsInMaster, runsInBeat: the process's own memory
	lockUntil time.Duration // a per-process lock (job-lock with a dict or LocMemCache)
}

// jobState is the cluster's schedulers.
type jobState struct {
	runners []*runner
	nextID  uint32
}

// startScheduler starts one scheduler thread whose first run is one period
// from now.
func (s *Sim) startScheduler(where int, w *worker) {
	if s.set.Schedule <= 0 {
		return
	}
	s.jobs.nextID++
	r := &runner{id: s.jobs.nextID, where: where, w: w}
	if w == nil {
		r.mem = newDict()
	}
	s.jobs.runners = append(s.jobs.runners, r)
	s.scheduleJob(r)
}

// scheduleJob arms a scheduler's next run, one period from now. Like a
// timeout check it is not work: a headless run ends when the requests do.
func (s *Sim) scheduleJob(r *runner) {
	s.seq++
	s.q.push(ev{at: s.now + s.set.Schedule, seq: s.seq, kind: evJob, gen: r.id, w: r.w})
}

// restartSchedulers stops every scheduler and starts the ones the settings
// call for now, as a deploy of the new code with every process reloaded.
func (s *Sim) restartSchedulers() {
	s.jobs.runners = nil
	if s.set.Schedule <= 0 {
		return
	}
	switch {
	case s.set.Scheduler == "beat":
		s.startScheduler(runsInBeat, nil)
	case s.master != nil:
		s.startScheduler(runsInMaster, nil)
	default:
		for _, w := range s.workers {
			if !w.booting && !w.retiring {
				s.startScheduler(runsInWorker, w)
			}
		}
	}
}

// workerBooted starts the scheduler a worker's own import starts.
func (s *Sim) workerBooted(w *worker) {
	s.connectWaiting()
	if s.set.Scheduler == "app" && s.master == nil {
		s.startScheduler(runsInWorker, w)
	}
}

// masterImported starts the scheduler the master's import starts (preload),
// replacing the old master's.
func (s *Sim) masterImported() {
	s.dropRunners(runsInMaster)
	if s.set.Scheduler == "app" {
		s.startScheduler(runsInMaster, nil)
	}
}

func (s *Sim) dropRunners(where int) {
	kept := s.jobs.runners[:0]
	for _, r := range s.jobs.runners {
		if r.where != where {
			kept = append(kept, r)
		}
	}
	s.jobs.runners = kept
}

// runnerByID returns the live scheduler with id, or nil.
func (s *Sim) runnerByID(id uint32) *runner {
	for _, r := range s.jobs.runners {
		if r.id == id {
			return r
		}
	}
	return nil
}

// fireJob runs one scheduler's job and arms its next run.
func (s *Sim) fireJob(id uint32) {
	r := s.runnerByID(id)
	if r == nil || s.set.Schedule <= 0 {
		return
	}
	if r.w != nil && (r.w.dead || r.w.retiring) {
		s.dropRunner(r) // the thread died with its worker
		return
	}
	s.scheduleJob(r)
	if s.set.JobLock && !s.takeJobLock(r) {
		s.logEvent(EventSetting, r.w, "report job skipped: the lock is held ("+s.runnerWhere(r)+")")
		return
	}
	s.obs.jobRuns++
	s.writeReport(r)
	s.logEvent(EventSetting, r.w, fmt.Sprintf("report job ran (%s): run %d", s.runnerWhere(r), s.obs.jobRuns))
}

// runnerWhere names the process a scheduler runs in.
func (s *Sim) runnerWhere(r *runner) string {
	switch r.where {
	case runsInMaster:
		return "the master"
	case runsInBeat:
		return "beat"
	}
	return "worker " + itoa(r.w.slot)
}

func (s *Sim) dropRunner(r *runner) {
	for i, x := range s.jobs.runners {
		if x == r {
			s.jobs.runners = append(s.jobs.runners[:i], s.jobs.runners[i+1:]...)
			return
		}
	}
}

// takeJobLock is cache.add(lock, 1, timeout=period): atomic across processes
// on Redis, per process with a dict or LocMemCache.
func (s *Sim) takeJobLock(r *runner) bool {
	if s.set.Store != "redis" {
		if s.now < r.lockUntil {
			return false
		}
		r.lockUntil = s.now + s.set.Schedule
		return true
	}
	if s.set.RedisDown {
		return false // cache.add raises: the run fails
	}
	const lockKey = "job:lock"
	id := s.keys.id(lockKey)
	if _, _, held := s.store.get(id, lockKey, s.now); held {
		return false
	}
	s.writeSeq++
	s.store.set(id, lockKey, numValue(int64(r.id)), s.writeSeq, s.set.Schedule, s.now)
	return true
}

// writeReport stores the run's result where the running process keeps
// state, as a completed write.
func (s *Sim) writeReport(r *runner) {
	id := s.keys.id(reportKey)
	k := s.keys.info(id)
	s.writeSeq++
	val := numValue(s.obs.jobRuns)
	switch {
	case s.set.Store == "redis":
		if s.set.RedisDown {
			return
		}
		s.store.set(id, reportKey, val, s.writeSeq, 0, s.now)
	case r.w != nil:
		e := r.w.dict.put(id, s.now, 0)
		e.val, e.ver, e.exp = val, s.writeSeq, 0
	default:
		e := r.mem.put(id, s.now, 0)
		e.val, e.ver, e.exp = val, s.writeSeq, 0
	}
	k.newestVer, k.newestVal, k.hasWrite, k.newestExp = s.writeSeq, val, true, 0
}

// schedulers counts the live scheduler threads.
func (s *Sim) schedulers() int {
	n := 0
	for _, r := range s.jobs.runners {
		if r.w == nil || !r.w.dead {
			n++
		}
	}
	return n
}

// hasScheduler reports whether a worker runs a scheduler thread.
func (s *Sim) hasScheduler(w *worker) bool {
	for _, r := range s.jobs.runners {
		if r.w == w {
			return true
		}
	}
	return false
}

// describeSchedule says where the job runs under the current settings.
func (s *Sim) describeSchedule() string {
	if s.set.Schedule <= 0 {
		return "schedule off: no job runs"
	}
	every := s.set.Schedule.String()
	switch {
	case s.set.Scheduler == "beat":
		return fmt.Sprintf("the job runs every %s in one scheduler process of its own (celery beat)", every)
	case s.master != nil:
		return fmt.Sprintf("the job runs every %s in a thread of the master (preload); no worker has that thread", every)
	}
	return fmt.Sprintf("the job runs every %s in a thread of each worker: %d scheduler(s)", every, s.schedulers())
}
