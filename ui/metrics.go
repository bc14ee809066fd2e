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

// MetricsBar shows the observer's counters with sparklines over time, and the
// settings that matter most: store, balancer, class, time, speed, paused.
type MetricsBar struct {
	styles *Styles
	width  int
	snap   sim.Snapshot
	prev   sim.Snapshot
	seen   bool
	view   string // rendered on every change, so View is cheap

	requests, stale, lost, errors, rps, p99 history
}

// NewMetricsBar returns a bar drawn with st.
func NewMetricsBar(st *Styles) MetricsBar {
	return MetricsBar{
		styles:   st,
		requests: newHistory(historyLen), stale: newHistory(historyLen),
		lost: newHistory(historyLen), errors: newHistory(historyLen),
		rps: newHistory(historyLen), p99: newHistory(historyLen),
	}
}

// SetStyles replaces the styles (after a background change).
func (b *MetricsBar) SetStyles(st *Styles) {
	b.styles = st
	b.view = b.draw()
}

// SetSize sets the bar's width; it is always Height() lines tall.
func (b *MetricsBar) SetSize(w, _ int) {
	b.width = max(w, 0)
	b.view = b.draw()
}

// Height is the number of lines the bar draws.
func (MetricsBar) Height() int { return 2 }

// SetSnapshot shows snap and, once virtual time moved by sampleEvery since
// the last sample, adds a sample to every sparkline.
func (b *MetricsBar) SetSnapshot(snap sim.Snapshot) {
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
func (b MetricsBar) View() string { return b.view }

// draw renders the bar: counters on the first line, settings on the second.
func (b MetricsBar) draw() string {
	if b.width <= 0 {
		return ""
	}
	var first string
	for _, try := range []struct {
		spark int
		all   bool
	}{{12, true}, {8, true}, {5, true}, {3, true}, {5, false}, {3, false}, {0, false}} {
		first = b.counters(try.spark, try.all)
		if lipgloss.Width(first) <= b.width {
			break
		}
	}
	second := b.settings(false)
	if lipgloss.Width(second) > b.width {
		second = b.settings(true)
	}
	return fitLine(first, b.width) + "\n" + fitLine(second, b.width)
}

// counters renders the first line; spark is the sparkline width, given to
// every counter (all) or only to stale reads and throughput.
func (b MetricsBar) counters(spark int, all bool) string {
	st := b.styles
	m := b.snap.Metrics
	item := func(label string, v string, h history, markBad bool) string {
		val := st.Value.Render(v)
		if markBad && v != "0" {
			val = st.IsStale.Render(v)
		}
		s := st.Label.Render(label) + " " + val
		if spark > 0 && (all || label == textStale || label == textThroughput) {
			s += " " + st.Spark.Render(sparkline(h.last(spark), spark))
		}
		return s
	}
	parts := []string{
		item(textRequests, strconv.FormatInt(m.Requests, 10), b.requests, false),
		item(textStale, strconv.FormatInt(m.StaleReads, 10), b.stale, true),
		item(textLost, strconv.FormatInt(m.LostUpdates, 10), b.lost, true),
		item(textErrors, strconv.FormatInt(m.Errors, 10), b.errors, true),
		item(textThroughput, fmt.Sprintf("%.0f", m.ThroughputRPS), b.rps, false),
		item(textP99, fmtLatency(m.P99), b.p99, false),
	}
	if m.Restarts > 0 {
		parts = append(parts, st.Label.Render(textRestarts)+" "+st.Value.Render(strconv.FormatInt(m.Restarts, 10)))
	}
	return strings.Join(parts, "  ")
}

// settings renders the second line, in words or (compact) in short forms.
func (b MetricsBar) settings(compact bool) string {
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
	}
	parts := []string{
		st.Bold.Render(fmt.Sprintf(textStore, s.Store)),
		fmt.Sprintf(textWorkers, len(b.snap.Workers)),
		fmt.Sprintf(textClass, class),
		fmt.Sprintf(textBalancer, s.Balancer),
		traffic,
	}
	if compact {
		parts = []string{parts[0], fmt.Sprintf(textWorkersShort, len(b.snap.Workers)), class, s.Balancer, traffic}
	}
	switch {
	case s.RedisDown:
		parts = append(parts, st.IsStale.Render(textRedisDown))
	case s.RedisSlow > 0:
		parts = append(parts, st.IsMissing.Render(fmt.Sprintf(textRedisSlow, s.RedisSlow)))
	}
	parts = append(parts, fmt.Sprintf(textTime, fmtVirtual(b.snap.Now)), fmt.Sprintf(textSpeed, fmtSpeed(s.Speed)), state)
	if compact {
		return strings.Join(parts, " ")
	}
	return strings.Join(parts, "  ")
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
