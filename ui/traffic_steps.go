package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
)

// The traffic log with steps on: every line starts with its virtual time
// (to the microsecond), so the steps of requests running at once read in
// the order they happened; then who (the client, the worker's thread) and
// what (a read, a write, a wait, the answer). A lost update's write is
// followed by the pair behind it.

// SetSteps shows each request's steps (on) or only the requests, for
// workers of class.
func (l *trafficLog) SetSteps(on bool, class string) {
	if on != l.steps || class != l.class {
		l.steps, l.class = on, class
		l.view = l.draw()
	}
}

// Reset empties the log (the cluster went back: its events come again).
func (l *trafficLog) Reset() {
	l.events = l.events[:0]
	l.view = l.draw()
}

// withoutSteps returns evs without the step events (evs itself when it
// holds none).
func withoutSteps(evs []sim.Event) []sim.Event {
	n := 0
	for _, e := range evs {
		if e.Kind == sim.EventStep {
			n++
		}
	}
	if n == 0 {
		return evs
	}
	out := make([]sim.Event, 0, len(evs)-n)
	for _, e := range evs {
		if e.Kind != sim.EventStep {
			out = append(out, e)
		}
	}
	return out
}

// drawSteps renders the newest lines that fit, steps and all.
func (l trafficLog) drawSteps() string {
	if len(l.events) == 0 {
		return fitBlock(l.styles.Faint.Render(textLogEmpty), l.width, l.height)
	}
	shown := l.events[len(l.events)-min(len(l.events), l.height):]
	var timeW, whoW, threadW int
	for _, e := range shown {
		timeW = max(timeW, len(fmtStepClock(e.At)))
		if e.Kind == sim.EventStep || e.Kind == sim.EventRequest {
			whoW = max(whoW, ansi.StringWidth(clientName(e)))
			threadW = max(threadW, ansi.StringWidth(threadName(e.Slot, e.Thread, l.class)))
		}
	}
	var lines []string
	for _, e := range shown {
		lines = append(lines, l.stepLines(e, timeW, whoW, threadW)...)
	}
	lines = lines[len(lines)-min(len(lines), l.height):]
	return fitBlock(strings.Join(lines, "\n"), l.width, l.height)
}

// stepLines renders one event with steps on: a line, and for a lost
// update's write the pair behind it.
func (l trafficLog) stepLines(e sim.Event, timeW, whoW, threadW int) []string {
	st := l.styles
	at := padLeft(fmtStepClock(e.At), timeW)
	if e.Kind != sim.EventStep && e.Kind != sim.EventRequest {
		return []string{st.Faint.Render(fitLine(at+"  ── "+e.Text, l.width))}
	}
	who := padRight(clientName(e), whoW) + "  " + padRight(threadName(e.Slot, e.Thread, l.class), threadW)
	what := stepText(e, l.class)
	lead := at + "  " + who + "  "
	line := st.Faint.Render(at) + "  " + who + "  " + what
	if e.Kind == sim.EventRequest {
		line = st.Faint.Render(at) + "  " + who + "  " + st.Bold.Render(what)
	}
	if m := markText(e); m != "" && (e.Kind == sim.EventRequest || e.Lost) {
		line += "  " + st.Mark.Render(m)
	}
	out := []string{fitLine(line, l.width)}
	if e.Kind == sim.EventStep && e.Lost && e.Over != nil {
		indent := strings.Repeat(" ", min(ansi.StringWidth(lead), l.width/2))
		for _, s := range wrap.Items(strings.Fields(pairSentence(e)), " ", max(l.width-len(indent)-2, 1)) {
			out = append(out, indent+st.Mark.Render(s))
		}
	}
	return out
}

// stepText says what a step did (or what a request answered).
func stepText(e sim.Event, class string) string {
	if e.Kind == sim.EventRequest {
		return fmt.Sprintf(textStepAnswer, e.Result)
	}
	found := textStepNothing
	if e.Found {
		found = e.Value
	}
	switch e.Step {
	case sim.StepAccept:
		return fmt.Sprintf(textStepAccept, shortRoute(e.Route))
	case sim.StepRead:
		return fmt.Sprintf(textStepRead, e.Key, found)
	case sim.StepWrite:
		return fmt.Sprintf(textStepWrite, e.Key, e.Value)
	case sim.StepGet:
		return fmt.Sprintf(textStepGet, e.Key, found, fmtWait(e.Dur))
	case sim.StepSet:
		return fmt.Sprintf(textStepSet, e.Key, e.Value, fmtWait(e.Dur))
	case sim.StepIncr:
		if e.Dur > 0 {
			return fmt.Sprintf(textStepIncrRedis, e.Key, e.Value, fmtWait(e.Dur))
		}
		return fmt.Sprintf(textStepIncrLocal, e.Key, e.Value)
	}
	return stepNote(e, class)
}

// fmtStepClock formats a virtual time to the microsecond: 1.005189s.
func fmtStepClock(d time.Duration) string {
	return fmt.Sprintf("%.6fs", d.Seconds())
}
