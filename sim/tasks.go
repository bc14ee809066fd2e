package sim

import (
	"fmt"
	"strconv"
	"time"
)

// Background jobs (FACTS.md B24). A view hands a job to a queue and answers
// at once; something else runs the job later. Where the queue lives is the
// queue setting:
//
//   - local: a queue.Queue and a consumer thread inside each web worker.
//     The queued jobs and the one running die with the worker (max-requests,
//     kill, HUP, a deploy).
//   - redis: a broker, a Redis list the view LPUSHes to, and a job worker
//     of its own (celery worker) that pops jobs off it. Web workers come and
//     go; the list stays.
//
// The acks setting is when the job worker acknowledges a job: early (Celery's
// default: as it takes the job, so a job worker killed mid-job loses it) or
// late (acks_late: after the job ran, so a killed job is delivered again and
// may run twice). A job does its visible work (the email) half-way through.

// Queue and ack modes.
var (
	queueModes = []string{"local", "redis"}
	ackModes   = []string{"early", "late"}
)

// Broker keys in the embedded Redis.
const (
	brokerList    = "celery"         // queued job ids (LPUSH, RPOP)
	brokerUnacked = "celery:unacked" // ids taken but not yet acknowledged (acks late)
)

// jobWorkerBoot is how long a job worker takes to start.
const jobWorkerBoot = 500 * time.Millisecond

// task is one background job.
type task struct {
	id      int64
	effects int  // times its visible work ran
	lost    bool // it will never run: dropped with a dead queue, or acked and killed
}

// executor runs jobs one at a time: a web worker's consumer thread, or the
// job worker.
type executor struct {
	w       *worker // the web worker it lives in (nil: the job worker)
	queue   []*task // an in-process queue (local)
	running *task
	half    bool   // the running job passed its visible work
	unacked bool   // the running job was taken without acknowledging it (acks late)
	token   uint32 // guards scheduled steps of an earlier job or process
}

// taskState is the cluster's background jobs.
type taskState struct {
	all    map[int64]*task
	nextID int64
	// The job worker of the broker (queue redis).
	jobs    executor
	jwUp    bool // booted and alive
	jwBoots bool // booting
	jwPid   int
}

// job returns the task with id, creating it when new.
func (s *Sim) job(id int64) *task {
	if s.tasks.all == nil {
		s.tasks.all = map[int64]*task{}
	}
	t, ok := s.tasks.all[id]
	if !ok {
		t = &task{id: id}
		s.tasks.all[id] = t
	}
	return t
}

// enqueueStep hands the request's job to the queue: the worker's own queue,
// or the broker (LPUSH, one Redis round trip).
func (s *Sim) enqueueStep(r *request) bool {
	s.tasks.nextID++
	id := s.tasks.nextID
	r.job = id
	if s.set.Queue == "redis" {
		if s.set.RedisDown {
			r.failed = "500 redis down: the job was not queued"
			return false
		}
		if _, err := s.store.m.Lpush(brokerList, strconv.FormatInt(id, 10)); err != nil {
			r.failed = "500 " + err.Error()
			return false
		}
		s.job(id)
		s.pullJobWorker()
		return s.redisTrip(r)
	}
	t := s.job(id)
	ex := s.executorOf(r.w)
	ex.queue = append(ex.queue, t)
	s.runNext(ex)
	return false
}

// executorOf returns a web worker's consumer thread.
func (s *Sim) executorOf(w *worker) *executor {
	if w.tasks == nil {
		w.tasks = &executor{w: w}
	}
	return w.tasks
}

// runNext starts an idle in-process consumer on its next queued job.
func (s *Sim) runNext(ex *executor) {
	if ex.running != nil || len(ex.queue) == 0 {
		return
	}
	t := ex.queue[0]
	ex.queue = ex.queue[1:]
	s.startTask(ex, t)
}

func (s *Sim) startTask(ex *executor, t *task) {
	ex.running, ex.half = t, false
	ex.token++
	s.scheduleTask(s.now+s.jobTime()/2, ex.w, ex.token)
}

// scheduleTask arms the next step of an executor's job (w nil: the job
// worker), guarded by its token; token 0 is the job worker's boot.
func (s *Sim) scheduleTask(at time.Duration, w *worker, tok uint32) {
	s.seq++
	s.work++
	s.q.push(ev{at: at, seq: s.seq, kind: evTask, gen: tok, w: w})
}

func (s *Sim) jobTime() time.Duration {
	if s.set.JobTime > 0 {
		return s.set.JobTime
	}
	return time.Second
}

// taskStep runs the next half of an executor's job: its visible work, then
// its end (and, for the job worker with acks late, the acknowledgement).
func (s *Sim) taskStep(w *worker, tok uint32) {
	ex := &s.tasks.jobs
	if w != nil {
		if w.dead || w.tasks == nil {
			return
		}
		ex = w.tasks
	} else if !s.tasks.jwUp {
		return
	}
	if ex.token != tok || ex.running == nil {
		return
	}
	t := ex.running
	if !ex.half {
		ex.half = true
		t.effects++
		again := ""
		if t.effects > 1 {
			again = " again"
		}
		s.logEvent(EventSetting, w, fmt.Sprintf("job %d: email sent%s (%s)", t.id, again, s.runnerName(w)))
		if t.effects == 1 {
			s.obs.jobsDone++
		} else {
			s.obs.jobsTwice++
		}
		s.scheduleTask(s.now+s.jobTime()-s.jobTime()/2, w, ex.token)
		return
	}
	ex.running = nil
	if w != nil {
		s.runNext(ex)
		return
	}
	if ex.unacked {
		_, _ = s.store.m.SRem(brokerUnacked, strconv.FormatInt(t.id, 10))
	}
	s.pullJobWorker()
}

// pullJobWorker lets an idle job worker take the next job off the broker.
func (s *Sim) pullJobWorker() {
	ex := &s.tasks.jobs
	if !s.tasks.jwUp || ex.running != nil || s.set.Queue != "redis" || s.set.RedisDown {
		return
	}
	v, err := s.store.m.Pop(brokerList) // RPOP: the oldest job
	if err != nil {
		return
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	how := "acked now"
	late := s.set.Acks == "late"
	if late {
		_, _ = s.store.m.SetAdd(brokerUnacked, v)
		how = "not acked yet"
	}
	s.logEvent(EventSetting, nil, fmt.Sprintf("job %d taken, %s", id, how))
	s.startTask(ex, s.job(id))
	ex.unacked = late
}

// startJobWorker boots the job worker of the broker when there is none.
func (s *Sim) startJobWorker() {
	if s.tasks.jwUp || s.tasks.jwBoots {
		return
	}
	s.tasks.jwBoots = true
	s.nextPid++
	s.tasks.jwPid = s.nextPid
	s.tasks.jobs.token++
	s.scheduleTask(s.now+jobWorkerBoot, nil, 0)
}

// jobWorkerBooted brings the job worker up: jobs taken and never
// acknowledged (acks late) go back on the broker first, to run again.
func (s *Sim) jobWorkerBooted() {
	if !s.tasks.jwBoots {
		return
	}
	s.tasks.jwBoots, s.tasks.jwUp = false, true
	if ids, err := s.store.m.Members(brokerUnacked); err == nil {
		for _, v := range ids {
			_, _ = s.store.m.Push(brokerList, v) // RPUSH: it is the next RPOP
			_, _ = s.store.m.SRem(brokerUnacked, v)
		}
	}
	s.logEvent(EventSpawn, nil, fmt.Sprintf("job worker booted (pid %d)", s.tasks.jwPid))
	s.pullJobWorker()
}

// killJobWorker ends the job worker at once, as SIGKILL would; its
// supervisor starts it again. With acks early the job it held is gone.
func (s *Sim) killJobWorker() (string, error) {
	if s.set.Queue != "redis" {
		return "", &LineError{Word: "jobs", Msg: "there is no job worker: with queue local each web worker runs its jobs in a thread (kill N kills a web worker)"}
	}
	ex := &s.tasks.jobs
	what := "it held no job"
	if t := ex.running; t != nil && s.tasks.jwUp {
		id := "job " + strconv.FormatInt(t.id, 10)
		switch {
		case !ex.half && ex.unacked:
			s.obs.jobsInterrupted++
			what = id + " cut short before its email, not acked: back on the broker"
		case !ex.half:
			s.obs.jobsInterrupted++
			t.lost = true
			s.obs.jobsLost++
			what = id + " cut short before its email, acked already: lost"
		case ex.unacked:
			what = id + " sent its email, not acked: it runs again"
		default:
			what = id + " sent its email and was acked"
		}
	}
	ex.running = nil
	ex.token++
	s.tasks.jwUp = false
	s.launch()
	pid := s.tasks.jwPid
	s.logEvent(EventExit, nil, fmt.Sprintf("job worker (pid %d) killed: %s", pid, what))
	s.startJobWorker()
	return fmt.Sprintf("killed the job worker (pid %d): %s; its supervisor starts a new one", pid, what), nil
}

// tasksDie drops the jobs a dying web worker held in its queue and thread
// (queue local): they never run.
func (s *Sim) tasksDie(w *worker) {
	s.obs.waitingAtRestart += int64(s.jobsWaiting())
	ex := w.tasks
	if ex == nil {
		return
	}
	if t := ex.running; t != nil && !ex.half {
		s.obs.jobsInterrupted++
		t.lost = true
		s.obs.jobsLost++
	}
	lost := len(ex.queue)
	if ex.running != nil && !ex.half {
		lost++
	}
	for _, t := range ex.queue {
		t.lost = true
		s.obs.jobsLost++
	}
	ex.queue, ex.running = nil, nil
	ex.token++
	if lost > 0 {
		s.logEvent(EventExit, w, fmt.Sprintf("%d job(s) in worker %d's memory died with it", lost, w.slot))
	}
}

// jobsWaiting counts the jobs queued and not yet started, anywhere.
func (s *Sim) jobsWaiting() int {
	n := 0
	for _, w := range s.workers {
		if w.tasks != nil {
			n += len(w.tasks.queue)
		}
	}
	if items, err := s.store.m.List(brokerList); err == nil {
		n += len(items)
	}
	return n
}

// workerJobs is what a card shows of a worker's own queue: waiting and running.
func workerJobs(w *worker) int {
	if w.tasks == nil {
		return 0
	}
	n := len(w.tasks.queue)
	if w.tasks.running != nil {
		n++
	}
	return n
}

// runnerName names who runs a job: a web worker's thread or the job worker.
func (s *Sim) runnerName(w *worker) string {
	if w == nil {
		return "job worker"
	}
	return "worker " + itoa(w.slot)
}
