package sim

import "time"

const ringSize = 1024

// record is one compact log entry; strings are built only when read.
type record struct {
	seq    uint64
	at     time.Duration
	kind   EventKind
	client int32
	slot   int32
	pid    int32
	op     opKind
	atomic bool
	key    keyID
	val    value // set: the value written; incr: the new value
	read   value
	readOK bool
	stale  bool
	lost   bool
	failed string
	text   string // a cluster event's text; a request's item or message

	req      uint64        // the request's serial number
	thread   int32         // its thread (greenlet), 1-based
	step     StepKind      // EventStep: what the step did
	dur      time.Duration // EventStep: how long it waits or runs
	other    int32         // EventStep preempt: the thread that took the GIL
	over     value         // lost: what the write replaced
	overBy   int32         // lost: who wrote it (-1 = not known)
	overGone bool          // lost: the key was gone
	hasRead  bool          // lost: the losing read found a value (read holds it)
}

// ring is the event log: a fixed ring buffer of the newest records.
type ring struct {
	buf  []record
	next uint64 // seq of the next record (1-based)
}

func (g *ring) init(n int) { g.buf = make([]record, n); g.next = 1 }

func (g *ring) add() *record {
	r := &g.buf[g.next%uint64(len(g.buf))]
	*r = record{seq: g.next}
	g.next++
	return r
}

func (s *Sim) logRequest(r *request, w *worker, stale bool) {
	rec := s.ring.add()
	rec.at, rec.kind = s.now, EventRequest
	rec.client, rec.slot, rec.pid = int32(r.c.id), int32(w.slot), int32(w.pid)
	rec.op, rec.atomic, rec.key = r.op, r.atomic, r.key
	rec.val, rec.read, rec.readOK = r.val, r.readVal, r.readOK
	rec.stale, rec.lost, rec.failed = stale, r.lost, r.failed
	rec.text = r.item
	switch r.op {
	case opPublish:
		rec.val = numValue(r.delivered)
	case opEnqueue:
		rec.val = numValue(r.job)
	}
	rec.req, rec.thread = r.id, r.thread
	if s.tl != nil {
		s.noteAnomaly(r, stale)
	}
	if r.lost {
		rec.over, rec.overBy, rec.overGone, rec.hasRead = r.overVal, r.overBy, r.overGone, r.readOK
	}
}

func (s *Sim) logEvent(kind EventKind, w *worker, text string) {
	rec := s.ring.add()
	rec.at, rec.kind, rec.text = s.now, kind, text
	if w != nil {
		rec.slot, rec.pid = int32(w.slot), int32(w.pid)
	}
}

// EventsSince appends the logged events with Seq > seq, oldest first.
func (s *Sim) EventsSince(seq uint64, dst []Event) []Event {
	first := seq + 1
	if n := uint64(len(s.ring.buf)); s.ring.next > n && first < s.ring.next-n {
		first = s.ring.next - n
	}
	if first < 1 {
		first = 1
	}
	for q := first; q < s.ring.next; q++ {
		dst = append(dst, s.event(&s.ring.buf[q%uint64(len(s.ring.buf))]))
	}
	return dst
}

// LastSeq is the Seq of the newest logged event (0 when none).
func (s *Sim) LastSeq() uint64 { return s.ring.next - 1 }

func (s *Sim) event(rec *record) Event {
	e := Event{Seq: rec.seq, At: rec.at, Kind: rec.kind, Client: int(rec.client), Slot: int(rec.slot), Pid: int(rec.pid)}
	if rec.kind == EventStep {
		return s.stepEvent(rec, e)
	}
	if rec.kind != EventRequest {
		e.Text = rec.text
		return e
	}
	e.Request, e.Thread = rec.req, int(rec.thread)
	if rec.lost {
		e.Over = overwrite(rec)
	}
	req := request{op: rec.op, key: rec.key, val: rec.val, atomic: rec.atomic, item: rec.text}
	e.Route = req.route(&s.keys)
	e.Stale, e.Lost = rec.stale, rec.lost
	switch {
	case rec.failed != "":
		e.Result, e.Error = rec.failed, true
	case rec.op == opGet || (rec.op == opLookup && rec.readOK):
		if rec.readOK {
			e.Result = rec.read.String()
		} else {
			e.Result = "(missing)"
		}
	case rec.op == opLookup:
		e.Result = "miss, filled " + rec.val.String()
	case rec.op == opIncr, rec.op == opAppend:
		e.Result = rec.val.String()
	case rec.op == opPublish:
		e.Result = "reached " + rec.val.String()
	case rec.op == opEnqueue:
		e.Result = "queued job " + rec.val.String()
	default:
		e.Result = "OK"
	}
	return e
}

// stepEvent fills e from a step record.
func (s *Sim) stepEvent(rec *record, e Event) Event {
	e.Request, e.Thread, e.Step, e.Dur, e.Other = rec.req, int(rec.thread), rec.step, rec.dur, int(rec.other)
	e.Key = s.keys.info(rec.key).name
	e.Found = rec.readOK
	if rec.step == StepAccept {
		e.Route = (&request{op: rec.op, key: rec.key, val: rec.val, atomic: rec.atomic}).route(&s.keys)
		return e
	}
	if rec.readOK {
		e.Value = rec.val.String()
	}
	if rec.lost {
		e.Lost = true
		e.Over = overwrite(rec)
	}
	return e
}

// overwrite is the pair behind a lost update a record logged.
func overwrite(rec *record) *Overwrite {
	o := &Overwrite{By: int(rec.overBy), Known: rec.overBy >= 0, Gone: rec.overGone, ReadSeen: rec.hasRead}
	if !rec.overGone {
		o.Value = rec.over.String()
	}
	o.ReadWas = "0" // an increment that found nothing counts from 0
	if rec.hasRead {
		o.ReadWas = rec.read.String()
	}
	return o
}
