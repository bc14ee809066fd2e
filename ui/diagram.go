package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
)

// A sequence diagram of the last requests: one column per participant (the
// clients, each worker's thread or greenlet that ran a request, the dicts or
// Redis), one row per step in time order, an arrow for every message between
// two of them (a request, a read, a write, a Redis command and its reply, an
// answer) and a note for a wait. It is drawn from the steps the event log
// records while steps are on, in plain text that fits the width given.

// Diagram limits.
const (
	diagramLaneMin  = 10 // narrowest column a participant gets
	diagramRequests = 4  // requests drawn when the caller asks for none in particular
)

// SequenceDiagram draws the steps of the last requests of evs (at most
// requests of them; fewer when their participants would not fit width) as a
// sequence diagram, width columns wide, in plain text. settings are the
// cluster's (the worker class names threads or greenlets).
func SequenceDiagram(evs []sim.Event, settings sim.Settings, width, requests int) string {
	return strings.Join(drawDiagram(evs, settings, width, requests), "\n")
}

// participant is one column of a diagram.
type participant struct {
	key   string
	label string
	order [3]int // clients, then threads by worker and thread, then the stores
}

// diagramRow is one line of a diagram: an arrow between two participants,
// a note beside one, or a sentence across all.
type diagramRow struct {
	at       time.Duration
	from, to string // participant keys; from == to for a note
	text     string
	sentence bool // a line of its own under the arrows (who overwrote whom)
	mark     bool // it shows a lost update or a stale read
}

// drawDiagram lays the diagram out as lines.
func drawDiagram(evs []sim.Event, settings sim.Settings, width, requests int) []string {
	if requests <= 0 {
		requests = diagramRequests
	}
	ids := diagramRequestIDs(evs)
	if len(ids) == 0 {
		return []string{textDiagramEmpty}
	}
	for n := min(requests, len(ids)); n >= 1; n-- {
		chosen := ids[len(ids)-n:]
		rows, parts := diagramRows(evs, chosen, settings.Class)
		timeW := timeColumn(rows)
		if lanes := laneWidths(parts, width-timeW-1); n == 1 || slices.Min(lanes) >= diagramLaneMin/2 && lanes[len(lanes)-1] >= diagramLaneMin {
			return layDiagram(rows, parts, lanes, timeW, width)
		}
	}
	return nil
}

// diagramRequestIDs lists the requests whose steps the events hold from
// their start (the step that accepted them), oldest first.
func diagramRequestIDs(evs []sim.Event) []uint64 {
	var ids []uint64
	for _, e := range evs {
		if e.Kind == sim.EventStep && e.Step == sim.StepAccept && e.Request > 0 {
			ids = append(ids, e.Request)
		}
	}
	return ids
}

// diagramRows turns the events of the chosen requests into rows, and lists
// the participants they involve in column order.
func diagramRows(evs []sim.Event, chosen []uint64, class string) ([]diagramRow, []participant) {
	want := map[uint64]bool{}
	for _, id := range chosen {
		want[id] = true
	}
	parts := map[string]participant{}
	var firstClient []int
	add := func(p participant) string {
		if _, ok := parts[p.key]; !ok {
			parts[p.key] = p
		}
		return p.key
	}
	var rows []diagramRow
	for _, e := range evs {
		if e.Request == 0 || !want[e.Request] || (e.Kind != sim.EventStep && e.Kind != sim.EventRequest) {
			continue
		}
		if !slices.Contains(firstClient, e.Client) {
			firstClient = append(firstClient, e.Client)
		}
		client := add(participant{key: fmt.Sprintf("c%d", e.Client), label: clientName(e),
			order: [3]int{0, slices.Index(firstClient, e.Client)}})
		thread := add(participant{key: fmt.Sprintf("t%d.%d", e.Slot, e.Thread), label: threadName(e.Slot, e.Thread, class),
			order: [3]int{1, e.Slot, e.Thread}})
		dict := func() string {
			return add(participant{key: fmt.Sprintf("d%d", e.Slot), label: fmt.Sprintf(textDiagramDict, e.Slot), order: [3]int{2, e.Slot}})
		}
		redis := func() string { return add(participant{key: "redis", label: textDiagramRedis, order: [3]int{3}}) }
		row := diagramRow{at: e.At, from: thread, to: thread}
		switch {
		case e.Kind == sim.EventRequest:
			row.from, row.to, row.text = thread, client, e.Result
			if m := markText(e); m != "" {
				row.text, row.mark = e.Result+" "+m, true
			}
		case e.Step == sim.StepAccept:
			row.from, row.to, row.text = client, thread, shortRoute(e.Route)
		case e.Step == sim.StepRead:
			row.to, row.text = dict(), fmt.Sprintf(textDiagramRead, e.Key, diagramValue(e))
		case e.Step == sim.StepWrite:
			row.to, row.text, row.mark = dict(), fmt.Sprintf(textDiagramWrite, e.Key, e.Value), e.Lost
		case e.Step == sim.StepGet, e.Step == sim.StepSet, e.Step == sim.StepIncr && e.Dur > 0:
			cmdText := fmt.Sprintf(textDiagramGet, e.Key)
			reply := diagramValue(e)
			switch e.Step {
			case sim.StepSet:
				cmdText, reply = fmt.Sprintf(textDiagramSet, e.Key, e.Value), textDiagramOK
			case sim.StepIncr:
				cmdText, reply = fmt.Sprintf(textDiagramIncr, e.Key), e.Value
			}
			row.to, row.text, row.mark = redis(), cmdText, e.Lost
			rows = append(rows, diagramRow{at: e.At + e.Dur, from: redis(), to: thread, text: reply})
		case e.Step == sim.StepIncr:
			row.to, row.text = dict(), fmt.Sprintf(textDiagramIncrLocal, e.Key, e.Value)
		default:
			row.text = stepNote(e, class)
		}
		rows = append(rows, row)
		if e.Kind == sim.EventStep && e.Lost && e.Over != nil {
			rows = append(rows, diagramRow{at: e.At, sentence: true, mark: true, text: pairSentence(e)})
		}
	}
	slices.SortStableFunc(rows, func(a, b diagramRow) int { return cmp.Compare(a.at, b.at) })
	list := make([]participant, 0, len(parts))
	for _, p := range parts {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b participant) int {
		return cmp.Or(cmp.Compare(a.order[0], b.order[0]), cmp.Compare(a.order[1], b.order[1]), cmp.Compare(a.order[2], b.order[2]))
	})
	return rows, list
}

// diagramValue is what a read found: the value, or none.
func diagramValue(e sim.Event) string {
	if !e.Found {
		return textDiagramNone
	}
	return e.Value
}

// threadName names the thread (greenlet) of a worker that ran a request:
// w1 for a sync worker, w1·t2 for a thread, w1·g2 for a greenlet.
func threadName(slot, thread int, class string) string {
	switch class {
	case "gthread":
		return fmt.Sprintf(textThreadName, slot, thread)
	case "gevent":
		return fmt.Sprintf(textGreenletName, slot, thread)
	}
	return fmt.Sprintf(textLogWorker, slot)
}

// timeColumn is the width of the diagram's time column.
func timeColumn(rows []diagramRow) int {
	w := 0
	if len(rows) > 0 {
		w = len(fmtStepTime(rows[len(rows)-1].at - rows[0].at))
	}
	return max(w, len(textDiagramTime))
}

// fmtStepTime formats a time since the diagram's first row, in milliseconds.
func fmtStepTime(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

// laneWidths shares w columns among the participants: a client gets what
// its name needs (its messages cross the other columns anyway), the
// threads and stores share the rest, so a read or a write between two
// neighbours has room for its label.
func laneWidths(parts []participant, w int) []int {
	out := make([]int, len(parts))
	others := 0
	for i, p := range parts {
		if p.order[0] == 0 {
			out[i] = max(ansi.StringWidth(p.label)+3, 6)
			w -= out[i]
		} else {
			others++
		}
	}
	for i, p := range parts {
		if p.order[0] != 0 {
			out[i] = max(w/max(others, 1), 1)
		}
	}
	return out
}

// layDiagram draws rows between the participants' lifelines, each
// participant in a lane of lanes[i] columns.
func layDiagram(rows []diagramRow, parts []participant, lanes []int, timeW, width int) []string {
	left := timeW + 1
	center := map[string]int{}
	head := []rune(strings.Repeat(" ", width))
	copy(head, []rune(padRight(textDiagramTime, timeW)))
	x := left
	for i, p := range parts {
		c := min(x+lanes[i]/2, width-1)
		x += lanes[i]
		center[p.key] = c
		label := []rune(ansi.Truncate(p.label, max(lanes[i]-1, 1), ""))
		put(head, c-len(label)/2, string(label))
	}
	lines := []string{strings.TrimRight(string(head), " ")}
	life := []rune(strings.Repeat(" ", width))
	for _, c := range center {
		life[c] = '│'
	}
	lines = append(lines, strings.TrimRight(string(life), " "))
	t0 := time.Duration(0)
	if len(rows) > 0 {
		t0 = rows[0].at
	}
	for _, r := range rows {
		line := slices.Clone(life)
		if r.sentence {
			for i, l := range wrap.Items(strings.Fields(r.text), " ", max(width-left-2, 1)) {
				line = slices.Clone(life)
				put(line, left-1, strings.Repeat(" ", min(len(l)+3, width-left+1)))
				put(line, left+1, l)
				if i == 0 {
					put(line, left-1, markStale+" ")
					put(line, 0, padRight("", timeW))
				}
				lines = append(lines, strings.TrimRight(string(line), " "))
			}
			continue
		}
		put(line, 0, padLeft(fmtStepTime(r.at-t0), timeW))
		a, b := center[r.from], center[r.to]
		if a == b {
			put(line, min(a+2, max(width-ansi.StringWidth(r.text), left)), r.text)
		} else {
			arrow(line, a, b, left, r.text)
		}
		lines = append(lines, strings.TrimRight(string(line), " "))
	}
	return lines
}

// arrow draws a message from column a to column b on line, with its label
// inside the arrow when it fits, else beside it (never left of column left).
func arrow(line []rune, a, b, left int, label string) {
	lo, hi := min(a, b), max(a, b)
	for i := lo + 1; i < hi; i++ {
		line[i] = '─'
	}
	if b > a {
		line[b-1] = '▶'
	} else {
		line[b+1] = '◀'
	}
	n := ansi.StringWidth(label)
	switch inner := hi - lo - 1; {
	case n <= inner-2:
		put(line, lo+1+(inner-n)/2, label)
	case b > a && b+2+n <= len(line): // beyond the head
		put(line, b+2, label)
	case b < a && b-1-n >= left:
		put(line, b-1-n, label)
	case a < b && a-1-n >= left: // before the tail
		put(line, a-1-n, label)
	case a > b && a+2+n <= len(line):
		put(line, a+2, label)
	default:
		put(line, lo+1, ansi.Truncate(label, max(inner-1, 1), "…"))
	}
}

// put writes s into line from column at (cut at the end of the line).
func put(line []rune, at int, s string) {
	for _, r := range s {
		if at >= len(line) {
			return
		}
		if at >= 0 {
			line[at] = r
		}
		at++
	}
}

// padLeft pads s with spaces on the left to w cells.
func padLeft(s string, w int) string {
	if pad := w - ansi.StringWidth(s); pad > 0 {
		return strings.Repeat(" ", pad) + s
	}
	return s
}

// stepNote says what a step that sends no message did, in its thread's column.
func stepNote(e sim.Event, class string) string {
	switch e.Step {
	case sim.StepIO:
		return fmt.Sprintf(textStepIO, e.Dur)
	case sim.StepCPU:
		return fmt.Sprintf(textStepCPU, e.Dur)
	case sim.StepDB:
		return fmt.Sprintf(textStepDB, e.Dur)
	case sim.StepWaitRun:
		return fmt.Sprintf(waitText(class), fmtWait(e.Dur))
	case sim.StepPreempt:
		switch {
		case e.Dur > 0 && e.Other > 0:
			return fmt.Sprintf(textStepPreemptTo, fmtWait(e.Dur), e.Other)
		case e.Dur > 0:
			return fmt.Sprintf(textStepPreempt, fmtWait(e.Dur))
		}
		return textStepSwitched
	case sim.StepLockWait:
		return textStepLockWait
	case sim.StepLock:
		return textStepLock
	case sim.StepUnlock:
		return textStepUnlock
	}
	return ""
}

// waitText is how a wait to run reads for the class: for the GIL, for its
// turn, or for a core.
func waitText(class string) string {
	switch class {
	case "gthread":
		return textStepWaitGIL
	case "gevent":
		return textStepWaitTurn
	}
	return textStepWaitCore
}

// fmtWait formats a short duration: 5ms, 320µs.
func fmtWait(d time.Duration) string {
	if d >= time.Millisecond {
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// pairSentence names the pair behind a lost update: who wrote over whom,
// and what the loser had read before the other's write.
func pairSentence(e sim.Event) string {
	o := e.Over
	me := clientName(e)
	switch {
	case o.Gone:
		return fmt.Sprintf(textLostGone, me, e.Value, o.ReadWas)
	case !o.Known:
		return fmt.Sprintf(textLostUnknown, me, e.Value, o.Value, o.ReadWas)
	}
	other := clientName(sim.Event{Client: o.By})
	return fmt.Sprintf(textLostPair, me, e.Value, other, o.Value, me, o.ReadWas, other)
}
