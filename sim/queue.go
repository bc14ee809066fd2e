package sim

import "time"

// evKind says what a scheduled event does when it fires.
type evKind uint8

const (
	evSend      evKind = iota + 1 // a client sends its next request
	evResume                      // a request's I/O wait or CPU burst ended
	evBoot                        // a worker finished booting
	evTimeout                     // the master checks a sync worker's request against timeout
	evPreempt                     // a gthread worker's switch interval ran out while a thread waited
	evJob                         // a scheduler's next run of the periodic job (gen: the scheduler's id)
	evReconnect                   // a websocket client connects again (gen: the subscriber's id)
	evTask                        // the next step of a background job (gen: its executor's token; 0 with no worker: the job worker boots)
	evVoid                        // a send of a client whose generator stopped: it fires as nothing
)

// isWork reports whether an event kind keeps a run going: timeout checks and
// scheduler ticks recur forever and do not, nor does a void send.
func isWork(k evKind) bool { return k != evTimeout && k != evJob && k != evVoid }

// ev is one scheduled event. Events are values in a slice heap: scheduling one
// allocates nothing once the heap has grown.
type ev struct {
	at   time.Duration
	seq  uint64 // tie-breaker: events at the same instant run in scheduling order
	kind evKind
	gen  uint32 // generation guard for the worker or request it names
	req  *request
	w    *worker
	c    *client
}

// evQueue is a binary min-heap of events ordered by (at, seq).
type evQueue struct{ items []ev }

func (q *evQueue) len() int { return len(q.items) }

func (q *evQueue) less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

func (q *evQueue) push(e ev) {
	q.items = append(q.items, e)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *evQueue) peek() *ev { return &q.items[0] }

func (q *evQueue) pop() ev {
	top := q.items[0]
	n := len(q.items) - 1
	q.items[0] = q.items[n]
	q.items[n] = ev{}
	q.items = q.items[:n]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && q.less(l, m) {
			m = l
		}
		if r < n && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}

// fifo is a queue of requests (a listen backlog or a worker's kept-alive
// connections waiting for a free thread).
type fifo struct {
	items []*request
	head  int
}

func (f *fifo) len() int { return len(f.items) - f.head }

func (f *fifo) push(r *request) { f.items = append(f.items, r) }

func (f *fifo) pop() *request {
	r := f.items[f.head]
	f.items[f.head] = nil
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	} else if f.head > 64 && f.head*2 > len(f.items) {
		n := copy(f.items, f.items[f.head:])
		clear(f.items[n:])
		f.items, f.head = f.items[:n], 0
	}
	return r
}

// take removes and returns the i-th waiting request (0 = the oldest).
func (f *fifo) take(i int) *request {
	at := f.head + i
	r := f.items[at]
	copy(f.items[at:], f.items[at+1:])
	f.items[len(f.items)-1] = nil
	f.items = f.items[:len(f.items)-1]
	return r
}

// drain empties the queue and returns what it held, oldest first.
func (f *fifo) drain() []*request {
	out := append([]*request(nil), f.items[f.head:]...)
	clear(f.items)
	f.items, f.head = f.items[:0], 0
	return out
}
