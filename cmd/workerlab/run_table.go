package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
)

// tableWidth is the width the default table is made to fit.
const tableWidth = 80

// settingColumn is a setting the table can show as a column; when it is the
// same in every row, the caption above the table says it once instead.
type settingColumn struct {
	head   string
	always bool                                       // a column even when every row agrees
	value  func(s sim.Settings, t sim.Traffic) string // "" when it is not worth saying (an unused default)
}

var settingColumns = []settingColumn{
	{"workers", true, func(s sim.Settings, _ sim.Traffic) string { return itoa(s.Workers) }},
	{"class", false, classWord},
	{"store", true, func(s sim.Settings, _ sim.Traffic) string { return s.Store }},
	{"balancer", false, func(s sim.Settings, _ sim.Traffic) string { return s.Balancer }},
	{"cores", false, func(s sim.Settings, _ sim.Traffic) string { return itoa(s.Cores) }},
	{"io", false, func(s sim.Settings, _ sim.Traffic) string { return ifTrue(s.IO > 0, s.IO.String()) }},
	{"think", false, func(s sim.Settings, _ sim.Traffic) string { return ifTrue(s.Think > 0, s.Think.String()) }},
	{"max-req", false, func(s sim.Settings, _ sim.Traffic) string {
		return ifTrue(s.MaxRequests > 0, itoa(s.MaxRequests))
	}},
	{"atomic", false, func(s sim.Settings, _ sim.Traffic) string { return ifTrue(s.Atomic, "on") }},
	{"lock", false, func(s sim.Settings, _ sim.Traffic) string { return ifTrue(s.Lock, "on") }},
	{"keep-alive", false, func(s sim.Settings, _ sim.Traffic) string { return ifTrue(s.KeepAlive, "on") }},
	{"workload", false, func(_ sim.Settings, t sim.Traffic) string { return ifTrue(t.Workload != "", t.Workload) }},
	{"requests", false, func(_ sim.Settings, t sim.Traffic) string { return ifTrue(t.Limit > 0, i64(t.Limit)) }},
	{"clients", false, func(_ sim.Settings, t sim.Traffic) string { return ifTrue(t.Clients > 0, itoa(t.Clients)) }},
	{"rate", false, func(_ sim.Settings, t sim.Traffic) string { return ifTrue(t.Rate > 0, ftoa(t.Rate)+"/s") }},
}

// classWord is the class as the command language writes it with its
// capacity: sync, gthread 4, gevent 1000.
func classWord(s sim.Settings, _ sim.Traffic) string {
	switch s.Class {
	case "gthread":
		return "gthread " + itoa(s.Threads)
	case "gevent":
		return "gevent " + itoa(s.Connections)
	}
	return s.Class
}

func ifTrue(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// metricColumn is a metric the table can show.
type metricColumn struct {
	head   string
	metric experiment.Metric
	format func(float64) string
	wanted func(m sim.Metrics) bool // a run where the column means something (nil: always)
	keep   int                      // when 80 columns are short, the highest goes first; 0: only with --wide
}

var metricColumns = []metricColumn{
	{"done", experiment.Requests, count, nil, 0},
	{"reads", experiment.Reads, count, nil, 0},
	{"stale", experiment.StaleReads, count, nil, 0},
	{"stale %", experiment.StaleShare, percent, func(m sim.Metrics) bool { return m.Reads > 0 }, 1},
	{"lost upd", experiment.LostUpdates, count, func(m sim.Metrics) bool { return m.Increments > 0 || m.LostUpdates > 0 }, 1},
	{"lost rst", experiment.LostToRestarts, count, func(m sim.Metrics) bool { return m.LostToRestarts > 0 }, 2},
	{"hit %", experiment.HitRate, percent, func(m sim.Metrics) bool { return m.Lookups > 0 }, 2},
	{"errors", experiment.Errors, count, func(m sim.Metrics) bool { return m.Errors > 0 }, 2},
	{"req/s", experiment.Throughput, perSecond, nil, 3},
	{"p50 ms", experiment.P50, millis, nil, 0},
	{"p99 ms", experiment.P99, millis, nil, 4},
}

func count(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func percent(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) }

func perSecond(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func millis(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// writeTable prints a caption with what every row shares, then a row per
// point: the settings that differ (workers and store always) and the metrics
// that mean something for this workload (stale % only when there are reads,
// lost updates only with increments, …); with --repeat each metric cell is
// the median and the min–max over the seeds. Without --wide the table fits
// 80 columns: when the metrics do not fit, the least telling go, and a last
// line says so.
func writeTable(w io.Writer, f runFlags, res experiment.Result) error {
	if len(res.Points) == 0 {
		_, err := fmt.Fprintln(w, "no rows finished")
		return err
	}
	settings, caption := tableSettings(res, f.wide)
	metrics := tableMetrics(res, f.wide)
	first := res.Points[0].Trials
	repeat := len(first)
	if repeat > 1 {
		caption = append(caption, fmt.Sprintf("each cell: median min–max of %d seeds (%d..%d)", repeat, first[0].Seed, first[repeat-1].Seed))
	} else {
		caption = append(caption, "seed "+strconv.FormatUint(first[0].Seed, 10))
	}
	var cols []textColumn
	for _, c := range settings {
		col := textColumn{head: c.head}
		for _, pt := range res.Points {
			tr := pt.Trials[0]
			col.cells = append(col.cells, orDash(c.value(tr.Settings, workloadOf(pt, tr))))
		}
		cols = append(cols, col)
	}
	keep := map[int]int{} // column index → metric priority
	for _, c := range metrics {
		keep[len(cols)] = c.keep
		cols = append(cols, metricCells(c, res.Points))
	}
	if f.wide && repeat == 1 {
		col := textColumn{head: "served per worker", left: true}
		for _, pt := range res.Points {
			col.cells = append(col.cells, joinInts(pt.Trials[0].Metrics.ServedPerWorker, " "))
		}
		cols = append(cols, col)
	}
	var dropped []string
	for !f.wide && tableWidthOf(cols) > tableWidth {
		worst := -1
		for i := range cols {
			if p, ok := keep[i]; ok && (worst < 0 || p > keep[worst]) {
				worst = i
			}
		}
		if worst < 0 || len(keep) == 1 {
			break // settings alone, or one metric: nothing more to drop
		}
		dropped = append([]string{cols[worst].head}, dropped...)
		cols = slices.Delete(cols, worst, worst+1)
		next := map[int]int{}
		for i, p := range keep {
			switch {
			case i < worst:
				next[i] = p
			case i > worst:
				next[i-1] = p
			}
		}
		keep = next
	}
	for _, l := range wrap.Items(caption, " · ", tableWidth) {
		fmt.Fprintln(w, l)
	}
	for _, l := range renderColumns(cols) {
		fmt.Fprintln(w, l)
	}
	if len(dropped) > 0 {
		fmt.Fprintf(w, "(%s: with --wide, or in --format json or csv)\n", strings.Join(dropped, ", "))
	}
	return nil
}

// textColumn is a column of the table: its head and a cell per row.
type textColumn struct {
	head  string
	cells []string
	left  bool // aligned left (text), not right (numbers)
}

// metricCells is a metric's column: the median, or with several seeds the
// median and the min–max, each part aligned down the column.
func metricCells(c metricColumn, points []experiment.Point) textColumn {
	col := textColumn{head: c.head}
	var meds, ranges []string
	for _, pt := range points {
		st := pt.Stat(c.metric)
		meds = append(meds, c.format(st.Median))
		ranges = append(ranges, c.format(st.Min)+"–"+c.format(st.Max))
	}
	if len(points[0].Trials) == 1 {
		col.cells = meds
		return col
	}
	wm, wr := maxWidth(meds), maxWidth(ranges)
	for i := range meds {
		col.cells = append(col.cells, pad(meds[i], wm, false)+" "+pad(ranges[i], wr, false))
	}
	return col
}

// columnGap is the space between two columns.
const columnGap = 2

func tableWidthOf(cols []textColumn) int {
	total := 0
	for _, c := range cols {
		total += columnGap + max(len([]rune(c.head)), maxWidth(c.cells))
	}
	return total
}

func renderColumns(cols []textColumn) []string {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = max(len([]rune(c.head)), maxWidth(c.cells))
	}
	row := func(get func(c textColumn) string) string {
		var b strings.Builder
		for i, c := range cols {
			b.WriteString(strings.Repeat(" ", columnGap))
			b.WriteString(pad(get(c), widths[i], c.left))
		}
		return strings.TrimRight(b.String(), " ")
	}
	lines := []string{row(func(c textColumn) string { return c.head })}
	for r := range cols[0].cells {
		lines = append(lines, row(func(c textColumn) string { return c.cells[r] }))
	}
	return lines
}

func maxWidth(ss []string) int {
	w := 0
	for _, s := range ss {
		w = max(w, len([]rune(s)))
	}
	return w
}

// pad pads s with spaces to width, on the right when left-aligned.
func pad(s string, width int, left bool) string {
	fill := strings.Repeat(" ", max(0, width-len([]rune(s))))
	if left {
		return s + fill
	}
	return fill + s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// tableSettings picks the setting columns (those that differ between rows,
// workers and store always, every one with wide) and words the rest as the
// caption.
func tableSettings(res experiment.Result, wide bool) ([]settingColumn, []string) {
	var cols []settingColumn
	var traffic, caption []string // the caption says the workload first
	for _, c := range settingColumns {
		first := ""
		same := true
		for i, pt := range res.Points {
			tr := pt.Trials[0]
			v := c.value(tr.Settings, workloadOf(pt, tr))
			if i == 0 {
				first = v
			} else if v != first {
				same = false
			}
		}
		switch {
		case c.always || !same || (wide && c.head != "workload"):
			cols = append(cols, c)
		case first != "" && slices.Contains([]string{"workload", "requests", "clients", "rate"}, c.head):
			traffic = append(traffic, captionWord(c.head, first))
		case first != "":
			caption = append(caption, captionWord(c.head, first))
		}
	}
	return cols, append(traffic, caption...)
}

// captionWord says one shared setting: "class sync", "1000 requests".
func captionWord(head, v string) string {
	switch head {
	case "workload":
		return v
	case "requests", "clients", "threads", "cores":
		return v + " " + head
	case "max-req":
		return "max-requests " + v
	case "atomic", "lock", "keep-alive":
		return head
	}
	return head + " " + v
}

// tableMetrics picks the metric columns that mean something for the runs.
func tableMetrics(res experiment.Result, wide bool) []metricColumn {
	var cols []metricColumn
	for _, c := range metricColumns {
		if wide {
			cols = append(cols, c)
			continue
		}
		if c.keep == 0 {
			continue
		}
		if c.wanted == nil || anyRun(res, c.wanted) {
			cols = append(cols, c)
		}
	}
	return cols
}

func anyRun(res experiment.Result, ok func(sim.Metrics) bool) bool {
	for _, pt := range res.Points {
		for _, tr := range pt.Trials {
			if ok(tr.Metrics) {
				return true
			}
		}
	}
	return false
}
