package sim

import (
	"math/bits"
	"strconv"
	"time"
)

// observer holds the streaming metrics: counters and a fixed histogram, so
// memory stays flat however many requests run.
type observer struct {
	requests, reads, writes, increments, atomicIncrements int64
	staleReads, expiredReads, errors, restarts            int64
	lostToRestarts, lostArchived                          int64
	hits, lookups                                         int64
	codeChanges                                           int64 // global lines after the launch (edits of the code on disk)
	appends, lostAppendsArchived                          int64
	jobRuns                                               int64
	jobsQueued, jobsDone, jobsLost, jobsTwice             int64
	jobsInterrupted, waitingAtRestart                     int64
	published, deliveries, missed                         int64
	appenders                                             []clientMark // recent clients that appended, most recent first
	bestStreak                                            int64
	preemptions                                           int64        // GIL hand-overs forced by the switch interval
	readers                                               []readerMark // recent readers, most recent first
	runs                                                  []freshRun   // finished runs of fresh reads worth keeping
	pids                                                  int
	served                                                []int64 // by slot
	latency                                               histogram
}

func (o *observer) init() { o.served = make([]int64, 0, MaxWorkers) }

func (o *observer) servedBySlot(slot int) {
	for len(o.served) < slot {
		o.served = append(o.served, 0)
	}
	o.served[slot-1]++
}

// histogram is a log-linear latency histogram: 16 sub-buckets per power of
// two of nanoseconds (error under 7 %).
type histogram struct {
	counts [64 * 16]int64
	total  int64
}

func bucketOf(d time.Duration) int {
	n := uint64(d)
	if n < 16 {
		return int(n)
	}
	exp := bits.Len64(n) - 1 // n in [2^exp, 2^(exp+1))
	sub := int((n >> (exp - 4)) & 15)
	return (exp-3)*16 + sub
}

func bucketValue(b int) time.Duration {
	if b < 16 {
		return time.Duration(b)
	}
	exp := b/16 + 3
	sub := uint64(b % 16)
	lo := (uint64(16) + sub) << (exp - 4)
	width := uint64(1) << (exp - 4)
	return time.Duration(lo + width/2)
}

func (h *histogram) add(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(d)]++
	h.total++
}

// quantile returns the q-quantile (0 < q <= 1), 0 when empty.
func (h *histogram) quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := int64(q*float64(h.total) + 0.5)
	if rank < 1 {
		rank = 1
	}
	seen := int64(0)
	for b, c := range h.counts {
		seen += c
		if seen >= rank {
			return bucketValue(b)
		}
	}
	return 0
}

func itoa(n int) string { return strconv.Itoa(n) }
