package sim

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// The timeline: the simulation is deterministic, so a run is its seed plus
// what happened besides events (the commands, with the event count they came
// at, and the clock moved past the last event). The timeline records that
// journal and a checkpoint every few thousand events; going to any event
// restores the nearest checkpoint at or before it and runs forward, replaying
// the journal. A command that changes the cluster, typed while the run shows
// an earlier instant, starts a new branch there: the recorded future is
// dropped. Settings that only change how the run is watched (pause, resume,
// speed, steps) are not journaled: they follow the viewer across rewinds.

// Timeline is where a cluster is on its recorded timeline.
type Timeline struct {
	On        bool   // the cluster keeps a timeline
	Event     uint64 // events run up to the instant shown
	End       uint64 // events recorded on this branch: the present
	First     uint64 // the earliest event the timeline can go back to
	Epoch     uint64 // changes whenever the cluster went back (its event log was rewound)
	Anomalies int    // stale reads, lost updates and errors recorded on this branch
	// Marks counts the anomalies in each of TimelineSlices equal slices of
	// First..End, for a scrub bar.
	Marks []int
	// Branched is the event the last branch started from, and Dropped how
	// many recorded events it dropped (both 0 when there was none).
	Branched, Dropped uint64
}

// InPast reports whether the instant shown is before the present: a command
// that changes the cluster would start a new branch.
func (t Timeline) InPast() bool { return t.On && t.Event < t.End }

// TimelineSlices is how many slices Timeline.Marks divides the run into.
const TimelineSlices = 128

// Defaults of a timeline.
const (
	checkpointEvery = 4096    // events between checkpoints at first
	maxCheckpoints  = 64      // past this, every other one goes and the spacing doubles
	maxAnomalies    = 1 << 20 // anomalies remembered; the oldest half goes past this
)

// journalKind says what a journal entry records.
type journalKind uint8

const (
	jCommand journalKind = iota + 1 // a command that changed the cluster
	jClock                          // the clock moved past the last event (to now)
	jLaunch                         // the cluster launched without an event (a wait)
)

// journalEntry is one thing that happened besides an event.
type journalEntry struct {
	at   uint64 // events fired before it
	kind journalKind
	cmd  Command
	now  time.Duration
}

// anomalyKind says what went wrong at an anomaly.
type anomalyKind uint8

const (
	anomalyStale anomalyKind = iota + 1
	anomalyLost
	anomalyError
)

// anomaly is a request that read stale data, lost an update or failed, by
// the event that completed it.
type anomaly struct {
	at   uint64
	kind anomalyKind
}

// timeline records a cluster's run so it can go back and forth.
type timeline struct {
	journal   []journalEntry
	cps       []*checkpoint // ordered by event
	interval  uint64
	end       uint64 // events recorded: the present
	cursor    int    // journal entries the cluster's state includes
	anomalies []anomaly
	pending   []anomaly // noted while a command runs in the past
	applying  bool      // a command runs: what it causes is recorded
	epoch     uint64
	restored  uint64 // the event of the checkpoint the last seek restored
	branched  uint64
	dropped   uint64
}

// KeepTimeline makes s record its run from now on, so it can go back to any
// event since (back, forward, goto). It is off for headless runs; the
// sandbox turns it on.
func (s *Sim) KeepTimeline() error {
	if s.tl != nil {
		return nil
	}
	tl := &timeline{interval: checkpointEvery, end: s.events}
	cp := s.checkpoint(nil)
	if cp.store.unsupported != "" {
		return fmt.Errorf("keeping a timeline: the embedded redis holds %s", cp.store.unsupported)
	}
	tl.cps = []*checkpoint{cp}
	s.tl = tl
	return nil
}

// inPast reports whether s shows an instant before the present.
func (tl *timeline) inPast(s *Sim) bool { return s.events < tl.end }

// afterEvent runs after every event: at the present it extends the record
// and takes a checkpoint when one is due.
func (tl *timeline) afterEvent(s *Sim) {
	if s.events <= tl.end {
		return // replaying recorded events
	}
	tl.end = s.events
	if last := tl.cps[len(tl.cps)-1]; s.events-last.sim.events >= tl.interval {
		tl.takeCheckpoint(s)
	}
}

// takeCheckpoint freezes s now, thinning the older checkpoints when there
// are too many.
func (tl *timeline) takeCheckpoint(s *Sim) {
	cp := s.checkpoint(tl.cps[len(tl.cps)-1])
	if cp.store.unsupported != "" {
		return // this instant cannot be restored; the one before serves
	}
	cp.cursor = len(tl.journal)
	tl.cps = append(tl.cps, cp)
	if len(tl.cps) > maxCheckpoints {
		kept := tl.cps[:1]
		for i := 2; i < len(tl.cps); i += 2 {
			kept = append(kept, tl.cps[i])
		}
		clear(tl.cps[len(kept):])
		tl.cps = kept
		tl.interval *= 2
	}
}

// record appends a journal entry at the present.
func (tl *timeline) record(s *Sim, e journalEntry) {
	e.at = s.events
	if e.kind == jClock && len(tl.journal) > 0 {
		if last := &tl.journal[len(tl.journal)-1]; last.kind == jClock && last.at == e.at {
			last.now = e.now
			return
		}
	}
	tl.journal = append(tl.journal, e)
	tl.cursor = len(tl.journal)
}

// noteAnomaly records a stale read, lost update or error completed by the
// event running now, unless the event is a replay of a recorded one.
func (tl *timeline) noteAnomaly(s *Sim, kind anomalyKind) {
	a := anomaly{at: s.events, kind: kind}
	switch {
	case tl.applying && s.events < tl.end:
		tl.pending = append(tl.pending, a)
	case s.events > tl.end || (tl.applying && s.events == tl.end):
		if len(tl.anomalies) >= maxAnomalies {
			tl.anomalies = append(tl.anomalies[:0], tl.anomalies[maxAnomalies/2:]...)
		}
		tl.anomalies = append(tl.anomalies, a)
	}
}

// branch drops the recorded future: the instant shown becomes the present.
func (tl *timeline) branch(s *Sim) {
	if !tl.inPast(s) {
		return
	}
	tl.branched, tl.dropped = s.events, tl.end-s.events
	tl.end = s.events
	clear(tl.journal[tl.cursor:])
	tl.journal = tl.journal[:tl.cursor]
	keep := len(tl.cps)
	for keep > 1 && (tl.cps[keep-1].sim.events > s.events || tl.cps[keep-1].cursor > tl.cursor) {
		keep--
	}
	clear(tl.cps[keep:])
	tl.cps = tl.cps[:keep]
	i := sort.Search(len(tl.anomalies), func(i int) bool { return tl.anomalies[i].at > s.events })
	tl.anomalies = tl.anomalies[:i]
	tl.epoch++
}

// apply runs a command with the timeline: one that changes the cluster is
// journaled (and, in the past, starts a new branch once it has run
// without error); one that runs the clock starts the branch first.
func (tl *timeline) apply(s *Sim, c Command) (string, error) {
	v := lookupVerb(c.Verb)
	if v == nil || v.role == roleView || v.role == roleTimeline || v.role == roleHelp {
		return simMode.Apply(s, c)
	}
	if v.role == roleClock {
		tl.branch(s)
		launched := s.launched
		out, err := simMode.Apply(s, c)
		if !launched && s.launched {
			tl.record(s, journalEntry{kind: jLaunch})
		}
		return out, err
	}
	past := tl.inPast(s)
	tl.applying, tl.pending = true, tl.pending[:0]
	out, err := simMode.Apply(s, c)
	tl.applying = false
	if err != nil {
		return out, err
	}
	if past {
		tl.branch(s)
		tl.anomalies = append(tl.anomalies, tl.pending...)
	}
	tl.record(s, journalEntry{kind: jCommand, cmd: c})
	return out, nil
}

// seek shows event p (clamped to what the timeline holds): it restores the
// nearest checkpoint when p is behind (or a checkpoint lies between), then
// runs forward, replaying the journal. The view settings stay as they are.
func (tl *timeline) seek(s *Sim, p uint64) error { return tl.seekFrom(s, p, false) }

// seekFrom is seek; fresh restores a checkpoint even when s could run
// forward to p (to log again, with steps, the events before p).
func (tl *timeline) seekFrom(s *Sim, p uint64, fresh bool) error {
	p = min(max(p, tl.cps[0].sim.events), tl.end)
	i := sort.Search(len(tl.cps), func(i int) bool { return tl.cps[i].sim.events > p }) - 1
	cp := tl.cps[max(i, 0)]
	if fresh || p < s.events || cp.sim.events > s.events {
		view := s.set
		if err := s.restore(cp); err != nil {
			return err
		}
		s.setView(view)
		tl.cursor = cp.cursor
		tl.epoch++
		tl.restored = cp.sim.events
	}
	tl.forward(s, p)
	return nil
}

// forward runs s from where it is to event p, replaying the journal.
func (tl *timeline) forward(s *Sim, p uint64) {
	for {
		for tl.cursor < len(tl.journal) && tl.journal[tl.cursor].at <= s.events {
			tl.replay(s, tl.journal[tl.cursor])
			tl.cursor++
		}
		if s.events >= p || !s.step() {
			return
		}
	}
}

// replay applies one journal entry again.
func (tl *timeline) replay(s *Sim, e journalEntry) {
	switch e.kind {
	case jCommand:
		_, _ = simMode.Apply(s, e.cmd) // it ran without error the first time; so it does again
	case jClock:
		s.now = e.now
	case jLaunch:
		s.launched = true
	}
}

// setView puts back the settings that only change how the run is watched.
func (s *Sim) setView(v Settings) {
	s.set.Paused, s.set.Speed, s.set.Steps = v.Paused, v.Speed, v.Steps
}

// playback advances along the recorded timeline, as Advance does at the
// present: the events due within d, at most maxEvents (0 = no cap). Reaching
// the present, it goes on live.
func (tl *timeline) playback(s *Sim, d time.Duration, maxEvents int) int {
	until := s.now + d
	n := 0
	for tl.inPast(s) && s.q.len() > 0 && s.q.peek().at <= until && (maxEvents <= 0 || n < maxEvents) {
		if tl.seek(s, s.events+1) != nil {
			return n
		}
		n++
	}
	if tl.inPast(s) && (maxEvents <= 0 || n < maxEvents) && until > s.now {
		// Nothing recorded is due yet: the clock moves on towards it, as
		// it did when the run was recorded.
		s.now = until
		return n
	}
	if !tl.inPast(s) && until > s.now && (maxEvents <= 0 || n < maxEvents) {
		left := 0
		if maxEvents > 0 {
			left = maxEvents - n
		}
		n += s.Advance(until-s.now, left)
	}
	return n
}

// state describes the timeline for a snapshot.
func (tl *timeline) state(s *Sim) Timeline {
	t := Timeline{On: true, Event: s.events, End: tl.end, First: tl.cps[0].sim.events, Epoch: tl.epoch,
		Anomalies: len(tl.anomalies), Branched: tl.branched, Dropped: tl.dropped}
	t.Marks = make([]int, TimelineSlices)
	span := t.End - t.First
	if span == 0 {
		return t
	}
	for k := range TimelineSlices {
		lo := t.First + span*uint64(k)/TimelineSlices
		hi := t.First + span*uint64(k+1)/TimelineSlices
		if k == TimelineSlices-1 {
			hi = t.End + 1
		}
		a := sort.Search(len(tl.anomalies), func(i int) bool { return tl.anomalies[i].at >= lo })
		b := sort.Search(len(tl.anomalies), func(i int) bool { return tl.anomalies[i].at >= hi })
		t.Marks[k] = b - a
	}
	return t
}

// anomalyNear returns the nearest anomaly before (dir < 0) or after (dir >
// 0) event p, and whether there is one.
func (tl *timeline) anomalyNear(p uint64, dir int) (anomaly, bool) {
	if dir < 0 {
		i := sort.Search(len(tl.anomalies), func(i int) bool { return tl.anomalies[i].at >= p })
		if i == 0 {
			return anomaly{}, false
		}
		return tl.anomalies[i-1], true
	}
	i := sort.Search(len(tl.anomalies), func(i int) bool { return tl.anomalies[i].at > p })
	if i == len(tl.anomalies) {
		return anomaly{}, false
	}
	return tl.anomalies[i], true
}

// checkpointEvents lists the events the checkpoints were taken at (tests).
func (tl *timeline) checkpointEvents() []uint64 {
	out := make([]uint64, len(tl.cps))
	for i, cp := range tl.cps {
		out[i] = cp.sim.events
	}
	return slices.Clip(out)
}

// noteAnomaly records r on the timeline when it went wrong.
func (s *Sim) noteAnomaly(r *request, stale bool) {
	switch {
	case r.failed != "":
		s.tl.noteAnomaly(s, anomalyError)
	case r.lost:
		s.tl.noteAnomaly(s, anomalyLost)
	case stale:
		s.tl.noteAnomaly(s, anomalyStale)
	}
}
