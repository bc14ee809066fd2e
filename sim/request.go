package sim

import (
	"time"
)

// opKind is the view a request calls.
type opKind uint8

const (
	opSet     opKind = iota + 1 // /set?k=&v=
	opGet                       // /get?k=
	opIncr                      // /incr?k= (GET -> I/O -> SET, or atomic)
	opLookup                    // cache-aside read
	opUpdate                    // write the database, then the cache
	opSlow                      // time.sleep(5)
	opAppend                    // append an item to a list (append-by)
	opEnqueue                   // hand a background job to the queue
	opPublish                   // send a message to the group (group_send)
)

var opRoutes = [...]string{opSet: "/set", opGet: "/get", opIncr: "/incr", opLookup: "/lookup", opUpdate: "/update", opSlow: "/slow", opAppend: "/append", opEnqueue: "/signup", opPublish: "/publish"}

// stepKind is one step of a view's program.
type stepKind uint8

const (
	stCPU     stepKind = iota + 1 // a CPU burst (needs a core; the worker's GIL)
	stWork                        // the view's own CPU work between read and write (cpu D), exactly d
	stIO                          // an I/O wait: threads and greenlets switch here
	stLock                        // take the worker's lock (when lock is on)
	stUnlock                      // release it
	stRead                        // read the key (local: now; redis: GET + round trip)
	stWrite                       // write the computed value (local: now; redis: SET + round trip)
	stIncr                        // atomic increment (redis INCR, or a locked local update)
	stFill                        // cache-aside: on a hit, finish; on a miss, go on to the database
	stDBWrite                     // cache-aside update: the database write (I/O)
	stAppend                      // append the item to the list read (in place for a dict's own list)
	stPush                        // atomic append: RPUSH, or setdefault + append on a dict
	stEnqueue                     // hand a job to the queue (local) or the broker (LPUSH)
	stPublish                     // group_send: the worker\'s own subscribers, or PUBLISH to every worker
)

type step struct {
	kind stepKind
	d    time.Duration // what is left of it (a CPU step's length is drawn when it starts)
	full time.Duration // as compiled
}

const maxSteps = 24

// request is one HTTP request in flight. Requests are pooled: gen guards
// events scheduled for an earlier use of the same object.
type request struct {
	gen    uint32
	id     uint64 // serial number: the order the requests were made in (steps name it)
	thread int32  // the worker's thread (greenlet) that runs it, 1-based; 0 until it starts
	c      *client
	op     opKind
	key    keyID
	val    value         // set: the value; incr: the value to write; append: the list after it
	item   string        // append: the item
	ttl    time.Duration // Django's timeout of its write (Settings.TTL's meaning)
	atomic bool
	issued time.Duration

	w         *worker
	activeIdx int
	prog      [maxSteps]step
	n, pc     int
	tail      int // where the steps after the view begin (a cache hit skips to them)
	onCPU     bool
	burstEnd  time.Duration // when the CPU step running now ends
	gilSince  time.Duration // when it began waiting for its worker's core
	waitingIO bool
	holdsLock bool

	// Observation.
	expectVer uint64 // newest completed write when the request began
	expired   bool   // that write had expired
	readVal   value
	readVer   uint64
	readOK    bool
	writeVer  uint64
	wrote     *entry // where the write landed (for acknowledgement accounting)
	wroteDict *dict  // nil for the shared store
	lost      bool
	acct      *listAcct // append: the count of the copy it lands in
	job       int64     // enqueue: the job it queued
	delivered int64     // publish: the subscribers the message reached
	overVal   value     // lost: the value its write replaced
	overBy    int32     // lost: the client that wrote overVal (-1 when not known)
	overGone  bool      // lost: the key was gone when the write landed
	failed    string    // non-empty: why the request failed
}

func (r *request) add(k stepKind, d time.Duration) {
	r.prog[r.n] = step{k, d, d}
	r.n++
}

// route renders the request line as the traffic log shows it.
func (r *request) route(keys *keyTable) string {
	path := opRoutes[r.op]
	if r.op == opSlow || r.op == opEnqueue {
		return "GET " + path
	}
	s := "GET " + path + "?k=" + keys.info(r.key).name
	if r.op == opSet {
		s += "&v=" + r.val.String()
	}
	if r.op == opAppend {
		s += "&v=" + r.item
	}
	if r.op == opPublish {
		return "GET " + path + "?m=" + r.item
	}
	if r.op == opIncr && r.atomic {
		s += "&atomic=1"
	}
	return s
}

// slowViewSleep is how long the slow view sleeps: time.sleep(5), or io when set.
func slowViewSleep(s *Settings) time.Duration {
	if s.IO > 0 {
		return s.IO
	}
	return slowSleep
}

// compile builds the view's program for the current settings.
func (r *request) compile(s *Settings) {
	r.n, r.pc = 0, 0
	redis := s.Store == "redis"
	threaded := s.Class == "gthread"
	if threaded {
		for range gilHopsBefore {
			r.add(stCPU, hopCPU)
			r.add(stIO, 0)
		}
	}
	r.add(stCPU, requestCPU)
	switch r.op {
	case opSet:
		r.add(stWrite, 0)
	case opGet:
		r.add(stRead, 0)
	case opIncr:
		if r.atomic {
			if s.CPU > 0 {
				r.add(stWork, s.CPU)
			}
			if s.IO > 0 {
				r.add(stIO, s.IO)
			}
			r.add(stIncr, 0)
			break
		}
		lock := s.Lock && s.Class != "sync"
		if lock {
			r.add(stLock, 0)
		}
		r.add(stRead, 0)
		if s.CPU > 0 {
			r.add(stWork, s.CPU)
		}
		if s.IO > 0 {
			r.add(stIO, s.IO)
		}
		if s.IO > 0 || redis {
			r.add(stCPU, viewCPU)
		}
		r.add(stWrite, 0)
		if lock {
			r.add(stUnlock, 0)
		}

	case opAppend:
		r.compileAppend(s)
	case opEnqueue:
		r.add(stEnqueue, 0)
	case opPublish:
		r.add(stPublish, 0)
	case opLookup:
		r.add(stRead, 0)
		r.add(stFill, 0)
		r.add(stIO, dbLatency)
		r.add(stCPU, viewCPU)
		r.add(stWrite, 0)
	case opUpdate:
		r.add(stDBWrite, dbLatency)
		r.add(stCPU, viewCPU)
		r.add(stWrite, 0)
	case opSlow:
		r.add(stIO, slowViewSleep(s))
	}
	r.tail = r.n
	if threaded {
		for range gilHopsAfter {
			r.add(stIO, 0)
			r.add(stCPU, hopCPU)
		}
	}
}

// compileAppend builds the append view for the append-by setting.
func (r *request) compileAppend(s *Settings) {
	switch s.AppendBy {
	case "rpush":
		r.add(stPush, 0)
	case "set":
		lock := s.Lock && s.Class != "sync"
		if lock {
			r.add(stLock, 0)
		}
		r.add(stRead, 0)
		r.add(stAppend, 0)
		if s.IO > 0 {
			r.add(stIO, s.IO)
		}
		if s.IO > 0 || s.Store == "redis" {
			r.add(stCPU, viewCPU)
		}
		r.add(stWrite, 0)
		if lock {
			r.add(stUnlock, 0)
		}
	default: // mutate
		r.add(stRead, 0)
		r.add(stAppend, 0)
	}
}
