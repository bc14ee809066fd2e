package lessons

import (
	"fmt"
	"testing"
)

// attempt is what a learner might try at one stage of a lesson: lines run
// after the setup (including whatever completes the stages before it).
type attempt struct {
	stage int      // the stage the attempt is about (0-based)
	why   string   // what the learner tries
	lines []string // console lines after the setup
	fixes bool     // true: it completes the stage; false: the stage stays open
}

// prefixes complete the earlier stages of a lesson, as its solution does.
var (
	whoAnswers1 = []string{"class gthread 4", "keep-alive on", "set key0 hello", "get key0 x5", "wait 1s"}
	restarts1   = []string{"set key0 hello", "wait 1s", "kill 1", "kill 2", "wait 1s"}
	threads1    = []string{"class gthread 4", "incr hits x400 clients 8", "wait 5s"}
	threads2    = append(append([]string{}, threads1...), "io 0", "cpu 10ms", "incr hits x400 clients 8", "wait 8s")
	greenlets1  = []string{"incr hits x400 clients 8", "wait 8s"}
	greenlets2  = append(append([]string{}, greenlets1...), "io 5ms", "incr hits x400 clients 8", "wait 5s")
	redisRaces1 = []string{"incr hits x400 clients 8", "wait 5s"}
	expiry1     = []string{"set session abc ttl 2s", "wait 3s", "get session", "wait 1s"}
	redisDies1  = []string{"traffic cache-aside 50/s clients 4 keys 10", "wait 1s", "redis down", "wait 2s"}
	redisDies2  = append(append([]string{}, redisDies1...), "fallback on", "wait 4s")
	preload1    = []string{"global secret random", "hup", "wait 1s"}
	preload2    = then(preload1, "preload on", "wait 1s")
	preload3    = then(preload2, "set secret mine", "get secret x20", "wait 1s")
	copy1       = []string{"append cart fig", "get cart", "wait 1s"}
	copy2       = then(copy1, "append-by set", "append cart tea x5", "wait 1s")
	sched1      = []string{"schedule 10s", "wait 30s"}
	sched2      = then(sched1, "max-requests 50", "traffic set-then-get 100/s clients 4", "wait 40s")
	jobs1       = []string{"enqueue x10 clients 4", "wait 500ms", "kill 1", "kill 2", "wait 1s"}
	jobs2       = then(jobs1, "queue redis", "enqueue x10 clients 4", "wait 1s", "kill 1", "kill 2", "wait 1s")
	jobs3       = then(jobs2, "acks late", "wait 9s", "kill jobs")
	room1       = []string{"subscribe 8", "wait 1s", "publish hello", "wait 1s"}
	room2       = then(room1, "layer redis", "publish hello x10", "wait 1s")
	real1       = []string{"set key0 hello", "wait 1s", "get key0 x40 clients 4", "wait 1s"}
	nginx1      = []string{"balancer ip-hash", "set key0 hello", "get key0 x30", "wait 1s"}
)

func then(prefix []string, lines ...string) []string {
	return append(append([]string{}, prefix...), lines...)
}

// attempts lists, per lesson, wrong but plausible attempts that must not pass
// and every fix a lesson names that must.
var attempts = map[string][]attempt{
	"one-process": {
		{0, "four workers instead of one", []string{"workers 4", "set greeting hello", "get greeting x20", "wait 1s"}, false},
		{0, "a sync worker: still one process", []string{"class sync", "set greeting hello", "get greeting x3", "wait 1s"}, true},
		{0, "generated set-then-get traffic", []string{"traffic set-then-get clients 4 requests 200", "wait 2s"}, true},
	},
	"four-copies": {
		{0, "one shared Redis", []string{"store redis", "set key0 hello", "get key0 x20", "wait 1s"}, false},
		{0, "one worker", []string{"workers 1", "set key0 hello", "get key0 x20", "wait 1s"}, false},
		{0, "set-then-get traffic", []string{"traffic set-then-get 100/s clients 4", "wait 2s"}, true},
		{0, "reads from several clients", []string{"set key0 hello", "get key0 x16 clients 4", "wait 1s"}, true},
	},
	"who-answers": {
		{0, "keep-alive on sync workers, which close every connection", []string{"keep-alive on", "set key0 hello", "get key0 x5", "wait 1s"}, false},
		{0, "threads without keep-alive", []string{"class gthread 4", "set key0 hello", "get key0 x5", "wait 1s"}, false},
		{0, "a single worker", []string{"class gthread 4", "keep-alive on", "workers 1", "set key0 hello", "get key0 x5", "wait 1s"}, false},
		{0, "gevent keeps connections open too", []string{"class gevent", "keep-alive on", "set key0 hello", "get key0 x5", "wait 1s"}, true},
		{1, "the same client after its connection closed", then(whoAnswers1, "wait 3s", "get key0 x16", "wait 1s"), false},
	},
	"restarts-forget": {
		{0, "kill the workers before writing", []string{"kill 1", "kill 2", "wait 1s", "set key0 hello", "wait 1s"}, false},
		{0, "let max-requests replace the worker that holds the key", []string{"max-requests 5", "set key0 hello", "get key0 x20", "wait 1s"}, true},
		{1, "max-requests without traffic", then(restarts1, "max-requests 50", "wait 5s"), false},
		{1, "timeouts instead of recycling", then(restarts1, "timeout 1s", "traffic slow clients 4", "wait 10s"), false},
		{1, "max-requests with jitter", then(restarts1, "max-requests 50 jitter 10", "traffic set-then-get 100/s clients 4 keys 20", "wait 5s"), true},
	},
	"preload-copies": {
		{0, "preload from the start", []string{"preload on", "global secret random", "wait 1s"}, false},
		{0, "a constant instead of a random draw", []string{"wait 100ms", "global secret s3cr3t", "hup", "wait 1s"}, false},
		{0, "edit the code, reload nothing", []string{"wait 100ms", "global secret random", "wait 1s"}, false},
		{0, "two new workers import the new code", []string{"wait 100ms", "global secret random", "kill 1", "kill 2", "wait 1s"}, true},
		{1, "HUP again, without preload", then(preload1, "hup", "wait 1s"), false},
		{1, "one worker", then(preload1, "workers 1", "wait 1s"), false},
		{1, "a constant from the environment", then(preload1, "global secret s3cr3t", "hup", "wait 1s"), true},
		{2, "reads without a write", then(preload2, "get secret x20", "wait 1s"), false},
		{2, "a shared store", then(preload2, "store redis", "set secret mine", "get secret x20", "wait 1s"), false},
		{3, "HUP with preload", then(preload3, "global version 2", "hup", "wait 1s"), false},
		{3, "kill every worker", then(preload3, "global version 2", "kill 1", "kill 2", "kill 3", "kill 4", "wait 1s"), false},
		{3, "turn preload off", then(preload3, "global version 2", "preload off", "wait 1s"), false},
		{3, "HUP, then a restart", then(preload3, "global version 2", "hup", "wait 1s", "restart", "wait 1s"), true},
	},
	"threads-race": {
		{0, "increments on the sync worker", []string{"incr hits x400 clients 8", "wait 5s"}, false},
		{0, "gevent, which runs one thread", []string{"class gevent", "incr hits x400 clients 8", "wait 5s"}, false},
		{1, "1 ms of CPU work, under the switch interval", then(threads1, "io 0", "cpu 1ms", "incr hits x400 clients 8", "wait 5s"), false},
		{1, "no work at all between read and write", then(threads1, "io 0", "incr hits x400 clients 8", "wait 5s"), false},
		{1, "20 ms of CPU work", then(threads1, "io 0", "cpu 20ms", "incr hits x400 clients 8", "wait 12s"), true},
		{2, "drop the CPU work instead of fixing the race", then(threads2, "cpu 0", "incr hits x400 clients 8", "wait 5s"), false},
		{2, "more worker processes", then(threads2, "workers 2", "incr hits x400 clients 8", "wait 8s"), false},
		{2, "a threading.Lock", then(threads2, "lock on", "incr hits x400 clients 8", "wait 8s"), true},
		{2, "LocMemCache's incr, which takes its own lock", then(threads2, "store locmem", "incr hits x400 clients 8 --atomic", "wait 8s"), true},
	},
	"greenlets-race": {
		{0, "threads with the same CPU work", []string{"class gthread 4", "incr hits x400 clients 8", "wait 8s"}, false},
		{1, "more CPU work, which never yields", then(greenlets1, "cpu 20ms", "incr hits x400 clients 8", "wait 12s"), false},
		{1, "1 ms of I/O", then(greenlets1, "io 1ms", "incr hits x400 clients 8", "wait 8s"), true},
		{2, "fewer greenlets", then(greenlets2, "connections 2", "incr hits x400 clients 8", "wait 8s"), false},
		{2, "threads with a lock", then(greenlets2, "class gthread 4", "lock on", "incr hits x400 clients 8", "wait 8s"), false},
		{2, "the I/O moved out of the read-modify-write", then(greenlets2, "io 0", "incr hits x400 clients 8", "wait 8s"), true},
		{2, "a lock around the read and the write", then(greenlets2, "lock on", "incr hits x400 clients 8", "wait 8s"), true},
		{2, "an atomic increment", then(greenlets2, "incr hits x400 clients 8 --atomic", "wait 8s"), true},
	},
	"default-cache": {
		{0, "LocMemCache with one worker", []string{"store locmem", "workers 1", "set key0 hello", "get key0 x20", "wait 1s"}, false},
		{0, "a shared Redis", []string{"store redis", "set key0 hello", "get key0 x20", "wait 1s"}, false},
		{0, "set-then-get traffic on LocMemCache", []string{"store locmem", "traffic set-then-get 100/s clients 4", "wait 2s"}, true},
	},
	"move-state-out": {
		{0, "Django's default cache", []string{"store locmem", "traffic set-then-get 100/s clients 4", "wait 5s"}, false},
		{0, "one worker with a dict", []string{"workers 1", "traffic set-then-get 100/s clients 4", "wait 5s"}, false},
		{0, "Redis with eight workers", []string{"store redis", "workers 8", "traffic set-then-get 100/s clients 4", "wait 5s"}, true},
	},
	"nginx-balances": {
		{0, "round-robin, nginx's default", []string{"set key0 hello", "get key0 x30", "wait 1s"}, false},
		{0, "ip_hash in front of single-worker servers", []string{"balancer ip-hash", "workers 1", "set key0 hello", "get key0 x30", "wait 1s"}, false},
		{0, "reads from many clients instead of one", []string{"balancer ip-hash", "set key0 hello", "get key0 x32 clients 8", "wait 1s"}, false},
		{0, "ip_hash over three servers", []string{"balancer ip-hash", "servers 3", "set key0 hello", "get key0 x30", "wait 1s"}, true},
		{1, "ip_hash with one worker per server", then(nginx1, "workers 1", "traffic set-then-get 100/s clients 8", "wait 3s"), false},
		{1, "Django's default cache", then(nginx1, "store locmem", "traffic set-then-get 100/s clients 8", "wait 3s"), false},
		{1, "one server", then(nginx1, "servers 1", "store redis", "traffic set-then-get 100/s clients 8", "wait 3s"), false},
		{1, "Redis behind least_conn", then(nginx1, "balancer least-conn", "store redis", "traffic set-then-get 100/s clients 8", "wait 3s"), true},
	},
	"redis-races": {
		{0, "INCR from the start", []string{"incr hits x400 clients 8 --atomic", "wait 5s"}, false},
		{0, "generated counter traffic", []string{"traffic counter 200/s clients 8", "wait 3s"}, true},
		{1, "a lock in each sync worker", then(redisRaces1, "lock on", "incr hits x600 clients 8", "wait 5s"), false},
		{1, "threads with a lock in each worker", then(redisRaces1, "class gthread 4", "lock on", "incr hits x600 clients 8", "wait 5s"), false},
		{1, "atomic generated traffic", then(redisRaces1, "atomic on", "traffic counter 200/s clients 8", "wait 5s"), true},
		{1, "INCR from eight workers", then(redisRaces1, "workers 8", "incr hits x600 clients 8 --atomic", "wait 5s"), true},
	},
	"changed-copy": {
		{0, "a module-level dict", []string{"store local", "append cart apple", "get cart", "wait 1s"}, false},
		{0, "set the list back from the start", []string{"append-by set", "append cart apple", "get cart", "wait 1s"}, false},
		{0, "Django's default cache pickles too", []string{"store locmem", "append cart apple", "wait 1s"}, true},
		{1, "append to the copy again", then(copy1, "append cart pear x5", "wait 1s"), false},
		{1, "back to the dict", then(copy1, "store local", "append cart pear x5", "wait 1s"), false},
		{1, "RPUSH", then(copy1, "append-by rpush", "append cart pear x5", "wait 1s"), true},
		{2, "set the list back from many clients", then(copy2, "traffic carts 200/s clients 8", "wait 3s"), false},
		{2, "a lock in each worker", then(copy2, "class gthread 4", "lock on", "traffic carts 200/s clients 8", "wait 3s"), false},
		{2, "one worker", then(copy2, "workers 1", "traffic carts 200/s clients 8", "wait 3s"), false},
		{2, "a cache per worker", then(copy2, "store locmem", "traffic carts 200/s clients 8", "wait 3s"), false},
		{2, "RPUSH from the console's clients", then(copy2, "append-by rpush", "append basket x x200 clients 8", "wait 3s"), true},
	},
	"expiry": {
		{0, "a value that never expires", []string{"set session abc ttl none", "wait 3s", "get session", "wait 1s"}, false},
		{0, "session traffic under the 2 s timeout", []string{"traffic sessions clients 8", "wait 5s"}, true},
		{1, "timeout 0, which caches nothing", then(expiry1, "traffic sessions clients 8", "ttl 0", "wait 8s"), false},
		{1, "shorter visits instead of a longer timeout", then(expiry1, "think 0", "traffic sessions 100/s clients 8", "wait 3s"), false},
		{1, "a dict, which has no timeout", then(expiry1, "store local", "traffic sessions clients 8", "wait 8s"), false},
		{1, "a timeout that never expires", then(expiry1, "traffic sessions clients 8", "ttl none", "wait 8s"), true},
		{1, "ten seconds, longer than a visit", then(expiry1, "traffic sessions clients 8", "ttl 10s", "wait 8s"), true},
	},
	"cache-aside": {
		{0, "LocMemCache with no timeout", []string{"traffic cache-aside 100/s clients 4 keys 10", "ttl none", "wait 6s"}, false},
		{0, "a module-level dict", []string{"traffic cache-aside 100/s clients 4 keys 10", "store local", "wait 6s"}, false},
		{0, "Redis with a minute's timeout", []string{"traffic cache-aside 100/s clients 4 keys 10", "store redis", "ttl 60s", "wait 6s"}, true},
	},
	"when-redis-dies": {
		{0, "the fallback on before the outage", []string{"traffic cache-aside 50/s clients 4 keys 10", "fallback on", "wait 1s", "redis down", "wait 2s"}, false},
		{1, "a dict instead of Redis", then(redisDies1, "store local", "fallback on", "wait 4s"), false},
		{1, "Redis back up instead of a fallback", then(redisDies1, "redis up", "wait 4s"), false},
		{2, "a dict once Redis is back", then(redisDies2, "store local", "redis up", "wait 4s"), false},
		{2, "Redis back up", then(redisDies2, "redis up", "wait 4s"), true},
	},
	"scheduled-jobs": {
		{0, "one worker", []string{"workers 1", "schedule 10s", "wait 30s"}, false},
		{0, "preload from the start", []string{"preload on", "schedule 10s", "wait 30s"}, false},
		{0, "one beat process", []string{"scheduler beat", "schedule 10s", "wait 30s"}, false},
		{0, "a shorter period", []string{"schedule 5s", "wait 20s"}, true},
		{1, "max-requests without traffic", then(sched1, "max-requests 50", "wait 40s"), false},
		{1, "workers that outlive the period", then(sched1, "max-requests 2000", "traffic set-then-get 100/s clients 4", "wait 40s"), false},
		{1, "beat, which no recycling touches", then(sched1, "scheduler beat", "max-requests 50", "traffic set-then-get 100/s clients 4", "wait 40s"), false},
		{1, "faster recycling", then(sched1, "max-requests 20", "traffic set-then-get 100/s clients 4", "wait 40s"), true},
		{2, "a Redis lock in workers that are still recycled", then(sched2, "job-lock on", "store redis", "wait 40s"), false},
		{2, "a lock in each worker's dict", then(sched2, "job-lock on", "max-requests 0", "wait 40s"), false},
		{2, "preload, state in dicts", then(sched2, "preload on", "wait 40s"), false},
		{2, "beat, state in dicts", then(sched2, "scheduler beat", "wait 40s"), false},
		{2, "a Redis lock, workers kept", then(sched2, "job-lock on", "store redis", "max-requests 0", "wait 40s"), true},
		{2, "preload: one scheduler in the master, the report in Redis", then(sched2, "preload on", "store redis", "wait 40s"), true},
	},
	"jobs": {
		{0, "let the jobs finish", []string{"enqueue x10 clients 4", "wait 30s"}, false},
		{0, "a broker from the start", []string{"queue redis", "enqueue x10 clients 4", "wait 500ms", "kill 1", "kill 2", "wait 1s"}, false},
		{0, "kill the workers before queueing", []string{"kill 1", "kill 2", "wait 1s", "enqueue x10 clients 4", "wait 30s"}, false},
		{0, "max-requests recycles the workers", []string{"max-requests 3", "enqueue x10 clients 4", "wait 5s"}, true},
		{1, "the in-process queue again", then(jobs1, "enqueue x10 clients 4", "wait 500ms", "kill 1", "kill 2", "wait 1s"), false},
		{1, "a broker, no restart", then(jobs1, "queue redis", "enqueue x10 clients 4", "wait 3s"), false},
		{1, "restarts while nothing waits", then(jobs1, "queue redis", "kill 1", "kill 2", "wait 1s", "enqueue x10 clients 4", "wait 1s"), false},
		{1, "a broker under max-requests", then(jobs1, "queue redis", "max-requests 3", "enqueue x20 clients 4", "wait 2s"), true},
		{2, "acks early, killed before the email", then(jobs2, "wait 1s", "kill jobs", "wait 1s"), false},
		{2, "acks late, but the running job was taken before", then(jobs2, "acks late", "wait 1s", "kill jobs", "wait 1s"), false},
		{2, "acks late, killed after the email", then(jobs2, "acks late", "wait 14s", "kill jobs", "wait 1s"), false},
		{2, "kill a web worker", then(jobs2, "acks late", "wait 9s", "kill 1", "wait 1s"), false},
		{2, "acks late, killed before the email", then(jobs2, "acks late", "wait 9s", "kill jobs", "wait 1s"), true},
		{3, "killed before the email again", then(jobs3, "wait 2s", "kill jobs", "wait 1s"), false},
		{3, "kill a web worker", then(jobs3, "wait 6s", "kill 1", "wait 1s"), false},
		{3, "acks late, killed after the email", then(jobs3, "wait 6s", "kill jobs", "wait 6s"), true},
	},
	"broadcast": {
		{0, "one worker", []string{"workers 1", "subscribe 8", "wait 1s", "publish hello", "wait 1s"}, false},
		{0, "the Redis layer from the start", []string{"layer redis", "subscribe 8", "wait 1s", "publish hello", "wait 1s"}, false},
		{0, "a message to an empty room", []string{"publish hello x5", "wait 1s"}, false},
		{0, "publishers in several workers", []string{"subscribe 4", "wait 1s", "publish hi x4 clients 4", "wait 1s"}, true},
		{1, "the in-memory layer again", then(room1, "publish hello x10", "wait 1s"), false},
		{1, "one worker", then(room1, "workers 1", "wait 2s", "publish hello x10", "wait 1s"), false},
		{1, "Redis down", then(room1, "layer redis", "redis down", "publish hello x10", "wait 1s"), false},
		{1, "Redis with generated messages", then(room1, "layer redis", "traffic broadcast 20/s clients 2", "wait 2s"), true},
		{2, "the in-memory layer and a kill", then(room2, "layer memory", "traffic broadcast 20/s clients 2", "wait 1s", "kill 1", "wait 2s"), false},
		{2, "Redis, nobody disconnected", then(room2, "traffic broadcast 20/s clients 2", "wait 3s"), false},
		{2, "Redis down instead", then(room2, "traffic broadcast 20/s clients 2", "wait 1s", "redis down", "wait 2s"), false},
		{2, "two workers killed", then(room2, "traffic broadcast 20/s clients 2", "wait 1s", "kill 1", "kill 2", "wait 2s"), true},
	},
	"real-processes": {
		{0, "one worker", []string{"workers 1", "set key0 hello", "wait 1s", "get key0 x40 clients 4", "wait 1s"}, false},
		{0, "Redis from the start", []string{"store redis", "set key0 hello", "wait 1s", "get key0 x40 clients 4", "wait 1s"}, false},
		{0, "reads without a write", []string{"get key0 x40 clients 4", "wait 1s"}, false},
		{0, "reads from one client", []string{"set key0 hello", "wait 1s", "get key0 x20", "wait 1s"}, true},
		{1, "more reads on the dicts", then(real1, "get key0 x40 clients 4", "wait 1s"), false},
		{1, "one worker with its dict", then(real1, "workers 1", "wait 1s", "set key0 hello", "wait 1s", "get key0 x40", "wait 1s"), false},
		{1, "Redis, too few reads", then(real1, "store redis", "set key0 hello", "wait 1s", "get key0 x10", "wait 1s"), false},
		{1, "Redis, eight clients", then(real1, "store redis", "set key0 hello", "wait 1s", "get key0 x40 clients 8", "wait 1s"), true},
	},
	"how-many-workers": {
		{0, "five sync workers", []string{"workers 5", "wait 15s"}, false},
		{0, "a faster slow view", []string{"io 10ms", "wait 15s"}, false},
		{0, "many sync workers", []string{"workers 32", "wait 15s"}, false},
		{0, "gevent", []string{"class gevent 100", "wait 15s"}, true},
		{0, "five workers with threads", []string{"workers 5", "class gthread 8", "wait 15s"}, true},
	},
}

// TestAttemptsThatMustFailOrPass runs every listed attempt over seeds 1..20:
// a wrong attempt leaves its stage open, a named fix completes it.
func TestAttemptsThatMustFailOrPass(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	seeds := uint64(20)
	if testing.Short() {
		seeds = 3
	}
	for _, l := range ls {
		list := attempts[l.ID]
		if len(list) == 0 {
			t.Errorf("%s: no attempts listed", l.ID)
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			t.Parallel()
			wrong, fixes := map[int]bool{}, map[int]bool{}
			for _, a := range list {
				if a.fixes {
					fixes[a.stage] = true
				} else {
					wrong[a.stage] = true
				}
				for seed := uint64(1); seed <= seeds; seed++ {
					if err := tryAttempt(l, seed, a); err != nil {
						t.Errorf("seed %d: %v", seed, err)
						break
					}
				}
			}
			if len(wrong) == 0 {
				t.Errorf("%s: no wrong attempt listed", l.ID)
			}
		})
	}
}

// tryAttempt plays one attempt on a fresh cluster and checks where it ends.
func tryAttempt(l *Lesson, seed uint64, a attempt) error {
	c, err := NewCluster(seed)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := Start(l, c)
	if err != nil {
		return err
	}
	for _, line := range a.lines {
		if _, err := r.Exec(line); err != nil {
			return fmt.Errorf("%q: line %q: %v", a.why, line, err)
		}
	}
	got := r.Stage()
	switch {
	case a.fixes && got <= a.stage:
		return fmt.Errorf("%q should complete stage %d %q, but the lesson is at stage %d: %s", a.why, a.stage+1, l.Stages[a.stage].Name, got+1, failing(r))
	case !a.fixes && got != a.stage:
		return fmt.Errorf("%q should leave stage %d %q open, but the lesson is at stage %d", a.why, a.stage+1, l.Stages[a.stage].Name, got+1)
	}
	return nil
}

// failing lists the goals of the current stage that do not hold.
func failing(r *Run) string {
	out := ""
	for _, g := range r.Status().Goals {
		if !g.Holds {
			out += fmt.Sprintf("%s (measured %s) ", g.Goal.Text, g.Value)
		}
	}
	return out
}
