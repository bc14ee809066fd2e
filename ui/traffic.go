package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/workerlab/workerlab/sim"
)

// logCapacity bounds the traffic log's memory: older lines are dropped.
const logCapacity = 512

// TrafficLog is the scrolling list of requests and cluster events, newest at
// the bottom, with a mark on stale reads, lost updates and errors.
type TrafficLog struct {
	styles *Styles
	width  int
	height int
	events []sim.Event // oldest first, at most logCapacity
	view   string      // rendered on every change, so View is cheap
}

// NewTrafficLog returns an empty log drawn with st.
func NewTrafficLog(st *Styles) TrafficLog { return TrafficLog{styles: st} }

// SetStyles replaces the styles (after a background change).
func (l *TrafficLog) SetStyles(st *Styles) {
	l.styles = st
	l.view = l.draw()
}

// SetSize sets the log's width and height in cells.
func (l *TrafficLog) SetSize(w, h int) {
	l.width, l.height = max(w, 0), max(h, 0)
	l.view = l.draw()
}

// Append adds events (oldest first) to the log.
func (l *TrafficLog) Append(evs []sim.Event) {
	if len(evs) == 0 {
		return
	}
	defer func() { l.view = l.draw() }()
	if len(evs) >= logCapacity {
		l.events = append(l.events[:0], evs[len(evs)-logCapacity:]...)
		return
	}
	if drop := len(l.events) + len(evs) - logCapacity; drop > 0 {
		l.events = append(l.events[:0], l.events[drop:]...)
	}
	l.events = append(l.events, evs...)
}

// Len returns how many events the log holds.
func (l TrafficLog) Len() int { return len(l.events) }

// View returns the newest events that fit, exactly width × height.
func (l TrafficLog) View() string { return l.view }

// draw renders the newest events that fit.
func (l TrafficLog) draw() string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	if len(l.events) == 0 {
		return fitBlock(l.styles.Faint.Render(textLogEmpty), l.width, l.height)
	}
	n := min(len(l.events), l.height)
	lines := make([]string, 0, n)
	for _, e := range l.events[len(l.events)-n:] {
		lines = append(lines, l.line(e))
	}
	return fitBlock(strings.Join(lines, "\n"), l.width, l.height)
}

// line renders one event.
func (l TrafficLog) line(e sim.Event) string {
	st := l.styles
	at := st.Faint.Render(fmt.Sprintf("%8s", fmtVirtual(e.At)))
	if e.Kind != sim.EventRequest {
		return at + "  " + st.Faint.Render("── "+e.Text)
	}
	client := textConsoleClient
	switch {
	case e.Client > 0:
		client = fmt.Sprintf(textClient, e.Client)
	case e.Client < 0:
		client = textOutsideClient
	}
	worker := fmt.Sprintf(textLogWorker, e.Slot)
	mark := ""
	switch {
	case e.Stale:
		mark = "  " + st.Mark.Render(textMarkStale)
	case e.Lost:
		mark = "  " + st.Mark.Render(textMarkLost)
	case e.Error:
		mark = "  " + st.Mark.Render(textMarkError)
	}
	return fmt.Sprintf("%s  %-4s %-22s → %-3s %s%s", at, client, e.Route, worker, e.Result, mark)
}

// fmtVirtual formats a virtual time compactly: 1.234s, 12.35s, 2m03s.
func fmtVirtual(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.3fs", d.Seconds())
	case d < 100*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}
