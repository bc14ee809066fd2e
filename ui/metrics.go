package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/sim"
)

// historyLen is how many samples each sparkline keeps.
const historyLen = 64

// sampleEvery is the virtual time one sparkline bar covers (at least).
const sampleEvery = 500 * time.Millisecond

// metricsBar shows the observer's counters with sparklines over time, and the
// settings that matter most: store, balancer, class, time, speed, paused.
type metricsBar struct {
	styles *theme
	width  int
	snap   sim.Snapshot
	prev   sim.Snapshot
	seen   bool
	view   string // rendered on every change, so View is cheap

	requests, stale, lost, errors, rps, p99 history
}

// newMetricsBar returns a bar drawn with st.
func newMetricsBar(st *theme) metricsBar {
	return metricsBar{
		styles:   st,
		requests: newHistory(historyLen), stale: newHistory(historyLen),
		lost: newHistory(historyLen), errors: newHistory(historyLen),
		rps: newHistory(historyLen), p99: newHistory(historyLen),
	}
}

// SetStyles replaces the styles (after a background change).
func (b *metricsBar) SetStyles(st *theme) {
	b.styles = st
	b.view = b.draw()
}

// SetSize sets the bar's width; it is always Height() lines tall.
func (b *metricsBar) SetSize(w, _ int) {
	b.width = max(w, 0)
	b.view = b.draw()
}

// Height is the number of lines the bar draws.
func (metricsBar) Height() int { return 2 }

// SetSnapshot shows snap and, once virtual time moved by sampleEvery since
// the last sample, adds a sample to every sparkline.
func (b *metricsBar) SetSnapshot(snap sim.Snapshot) {
	defer func() { b.view = b.draw() }()
	if !b.seen {
		b.prev, b.snap, b.seen = snap, snap, true
		return
	}
	b.snap = snap
	if snap.Now-b.prev.Now < sampleEvery {
		return
	}
	cur, old := snap.Metrics, b.prev.Metrics
	dt := (snap.Now - b.prev.Now).Seconds()
	b.requests.push(float64(cur.Requests - old.Requests))
	b.stale.push(float64(max(cur.StaleReads-old.StaleReads, 0)))
	b.lost.push(float64(max(cur.LostUpdates-old.LostUpdates, 0)))
	b.errors.push(float64(max(cur.Errors-old.Errors, 0)))
	b.rps.push(float64(cur.Requests-old.Requests) / dt)
	b.p99.push(float64(cur.P99))
	b.prev = snap
}

// View returns the bar, exactly its width and Height() lines.
func (b metricsBar) View() string { return b.view }

// barItem is one part of a bar line. Items are left out whole, never cut:
// first those whose value is zero, then the least important (highest rank).
type barItem struct {
	text    string
	rank    int  // 1 = kept longest
	zero    bool // the value is zero: left out before any other
	sparked bool // a counter that draws a sparkline when there is room
}

// fitItems joins items with sep, leaving items out until the line fits in
// w; it returns the line and how many items it left out.
func fitItems(items []barItem, sep string, w int) (string, int) {
	n := len(items)
	line := func() string {
		parts := make([]string, 0, len(items))
		for _, it := range items {
			parts = append(parts, it.text)
		}
		return strings.Join(parts, sep)
	}
	for len(items) > 1 && lipgloss.Width(line()) > w {
		drop := 0
		for i, it := range items {
			d := items[drop]
			if it.zero && !d.zero || it.zero == d.zero && it.rank > d.rank {
				drop = i
			}
		}
		items = append(items[:drop:drop], items[drop+1:]...)
	}
	return line(), n - len(items)
}

// draw renders the bar: counters on the first line, settings on the second,
// each with the sparklines and words that fit.
func (b metricsBar) draw() string {
	if b.width <= 0 {
		return ""
	}
	// The widest sparklines that fit: measured once without them, since
	// each adds its width and a space to every item that has one (drawing
	// the line at each width cost a fifth of a busy session's CPU).
	plain := b.counters(0)
	used, sparked := 2*(len(plain)-1), 0
	for _, it := range plain {
		used += lipgloss.Width(it.text)
		if it.sparked {
			sparked++
		}
	}
	spark := 0
	for _, w := range []int{12, 8, 5, 3} {
		if used+sparked*(w+1) <= b.width {
			spark = w
			break
		}
	}
	first := strings.Join(itemTexts(plain), "  ")
	if spark > 0 {
		first = strings.Join(itemTexts(b.counters(spark)), "  ")
	}
	if lipgloss.Width(first) > b.width {
		first, _ = fitItems(plain, "  ", b.width)
	}
	second, left := fitItems(b.settings(false), "  ", b.width)
	if left > 0 {
		second, _ = fitItems(b.settings(true), " ", b.width)
	}
	return fitLine(first, b.width) + "\n" + fitLine(second, b.width)
}

func itemTexts(items []barItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.text
	}
	return out
}

// counters returns the first line's items, each with a sparkline spark
// cells wide (none when 0). Lost updates and writes lost to restarts are
// counted apart: they are different failures.
func (b metricsBar) counters(spark int) []barItem {
	st := b.styles
	m := b.snap.Metrics
	item := func(label string, v int64, shown string, h history, markBad bool, rank int) barItem {
		val := st.Value.Render(shown)
		if markBad && v != 0 {
			val = st.IsStale.Render(shown)
		}
		s := st.Label.Render(label) + " " + val
		if spark > 0 {
			s += " " + st.Spark.Render(sparkline(h.last(spark), spark))
		}
		// Stale reads and lost updates show even at zero: zero is the
		// result a fix is after.
		return barItem{text: s, rank: rank, zero: v == 0 && rank > 2, sparked: true}
	}
	count := func(label string, v int64, h history, markBad bool, rank int) barItem {
		return item(label, v, strconv.FormatInt(v, 10), h, markBad, rank)
	}
	items := []barItem{
		count(textRequests, m.Requests, b.requests, false, 3),
		count(textStale, m.StaleReads, b.stale, true, 1),
		count(textLost, m.LostUpdates, b.lost, true, 2),
	}
	if m.LostToRestarts > 0 {
		items = append(items, barItem{text: st.Label.Render(textLostRestarts) + " " + st.IsStale.Render(strconv.FormatInt(m.LostToRestarts, 10)), rank: 4})
	}
	items = append(items,
		count(textErrors, m.Errors, b.errors, true, 5),
		item(textThroughput, int64(m.ThroughputRPS), fmt.Sprintf("%.0f", m.ThroughputRPS), b.rps, false, 6),
		item(textP99, int64(m.P99), fmtLatency(m.P99), b.p99, false, 7),
	)
	if m.Restarts > 0 {
		items = append(items, barItem{text: st.Label.Render(textRestarts) + " " + st.Value.Render(strconv.FormatInt(m.Restarts, 10)), rank: 8})
	}
	return items
}

// settings returns the second line's items, in words or (compact) in short
// forms.
func (b metricsBar) settings(compact bool) []barItem {
	st := b.styles
	s := b.snap.Settings
	class := s.Class
	switch s.Class {
	case "gthread":
		class += fmt.Sprintf("×%d", s.Threads)
	case "gevent":
		class += fmt.Sprintf("×%d", s.Connections)
	}
	state := st.Bold.Render(textRunning)
	if s.Paused {
		state = st.IsMissing.Bold(true).Render(textPaused)
	}
	traffic := textTrafficOff
	if s.Traffic.Workload != "" {
		traffic = fmt.Sprintf(textTraffic, s.Traffic.Workload)
		if l := s.Traffic.Limit; l > 0 && b.snap.TrafficSent >= l {
			traffic = fmt.Sprintf(textTrafficDone, s.Traffic.Workload, l)
		}
	}
	workers, classText, balancer := fmt.Sprintf(textWorkers, len(b.snap.Workers)), fmt.Sprintf(textClass, class), fmt.Sprintf(textBalancer, s.Balancer)
	if compact {
		workers, classText, balancer = fmt.Sprintf(textWorkersShort, len(b.snap.Workers)), class, s.Balancer
	}
	items := []barItem{
		{text: st.Bold.Render(fmt.Sprintf(textStore, s.Store)), rank: 1},
		{text: workers, rank: 2},
		{text: classText, rank: 3},
		{text: balancer, rank: 7},
		{text: traffic, rank: 5},
	}
	switch {
	case s.RedisDown:
		items = append(items, barItem{text: st.IsStale.Render(textRedisDown), rank: 4})
	case s.RedisSlow > 0:
		items = append(items, barItem{text: st.IsMissing.Render(fmt.Sprintf(textRedisSlow, s.RedisSlow)), rank: 4})
	}
	return append(items,
		barItem{text: fmt.Sprintf(textTime, fmtVirtual(b.snap.Now)), rank: 8},
		barItem{text: fmt.Sprintf(textSpeed, fmtSpeed(s.Speed)), rank: 9},
		barItem{text: state, rank: 6},
	)
}

// fmtLatency formats a latency: 850µs, 12ms, 1.2s.
func fmtLatency(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
}

// fmtSpeed formats a speed factor: 1, 0.25, 16.
func fmtSpeed(x float64) string {
	if x <= 0 {
		x = 1
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
