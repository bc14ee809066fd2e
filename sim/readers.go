package sim

// The observer remembers, for the clients that read most recently, when each
// last read and its current run of fresh reads, and keeps the finished runs
// that could still be the longest for some starting point. A stage then
// counts readers and runs from its own start (Measure with a base snapshot),
// in memory that does not grow with the requests.

// maxReaders is how many distinct recent readers the observer remembers: the
// "readers" metric counts up to this many.
const maxReaders = 16

// maxRuns bounds the finished runs kept (the longest, oldest ones go first).
const maxRuns = 64

// readerMark is one recent reader: reads are numbered from 0 over all reads.
type readerMark struct {
	client   int
	last     int64 // number of its latest read
	runStart int64 // number of the first read of its current run of fresh reads
	runLen   int64 // 0 = no current run
}

// freshRun is a finished run of fresh reads by one client.
type freshRun struct{ start, n int64 }

// noteRead records read number idx by client: fresh or stale.
func (o *observer) noteRead(client int, idx int64, fresh bool) {
	m := o.reader(client)
	m.last = idx
	switch {
	case fresh && m.runLen == 0:
		m.runStart, m.runLen = idx, 1
	case fresh:
		m.runLen++
	default:
		o.endRun(m)
	}
}

// noteFailure ends the client's run: a failed request breaks it.
func (o *observer) noteFailure(client int) {
	for i := range o.readers {
		if o.readers[i].client == client {
			o.endRun(&o.readers[i])
			return
		}
	}
}

// reader returns the client's mark, most recent first, adding it (and
// retiring the least recent when full).
func (o *observer) reader(client int) *readerMark {
	i := 0
	for i < len(o.readers) && o.readers[i].client != client {
		i++
	}
	var m readerMark
	switch {
	case i < len(o.readers):
		m = o.readers[i]
	case len(o.readers) < maxReaders:
		m = readerMark{client: client}
		o.readers = append(o.readers, m)
	default:
		i = len(o.readers) - 1
		o.endRun(&o.readers[i])
		m = readerMark{client: client}
	}
	copy(o.readers[1:i+1], o.readers[:i])
	o.readers[0] = m
	return &o.readers[0]
}

// endRun moves a reader's current run to the finished ones.
func (o *observer) endRun(m *readerMark) {
	if m.runLen > 0 {
		o.runs = addRun(o.runs, freshRun{m.runStart, m.runLen})
	}
	m.runLen = 0
}

// addRun keeps runs ordered by start with lengths falling: a run that starts
// no earlier and is no longer than another can never be the longest since
// some starting point, so it is dropped.
func addRun(runs []freshRun, r freshRun) []freshRun {
	for _, x := range runs {
		if x.start >= r.start && x.n >= r.n {
			return runs
		}
	}
	kept := runs[:0]
	for _, x := range runs {
		if !(x.start <= r.start && x.n <= r.n) {
			kept = append(kept, x)
		}
	}
	i := len(kept)
	for i > 0 && kept[i-1].start > r.start {
		i--
	}
	kept = append(kept, freshRun{})
	copy(kept[i+1:], kept[i:])
	kept[i] = r
	if len(kept) > maxRuns {
		kept = kept[1:]
	}
	return kept
}

// longestRunSince is the longest run of fresh reads by one client that began
// at read number from or later, finished or still going.
func (m *Metrics) longestRunSince(from int64) int64 {
	best := int64(0)
	for _, r := range m.runs {
		if r.start >= from && r.n > best {
			best = r.n
		}
	}
	for _, r := range m.readers {
		if r.runLen > 0 && r.runStart >= from && r.runLen > best {
			best = r.runLen
		}
	}
	return best
}

// readersSince counts the clients whose latest read is read number from or
// later (up to maxReaders).
func (m *Metrics) readersSince(from int64) int64 {
	n := int64(0)
	for _, r := range m.readers {
		if r.last >= from {
			n++
		}
	}
	return n
}

// clientMark is one recent client and the number of its latest action (an
// append), for counting the clients that acted since a stage began.
type clientMark struct {
	client int
	last   int64
}

// noteClient records action number idx by client, most recent first,
// remembering at most maxReaders clients.
func noteClient(marks []clientMark, client int, idx int64) []clientMark {
	i := 0
	for i < len(marks) && marks[i].client != client {
		i++
	}
	switch {
	case i < len(marks):
	case len(marks) < maxReaders:
		marks = append(marks, clientMark{})
	default:
		i = len(marks) - 1
	}
	copy(marks[1:i+1], marks[:i])
	marks[0] = clientMark{client: client, last: idx}
	return marks
}

// clientsSince counts the marks whose latest action is number from or later.
func clientsSince(marks []clientMark, from int64) int64 {
	n := int64(0)
	for _, m := range marks {
		if m.last >= from {
			n++
		}
	}
	return n
}
