package ui

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/sim"
)

// logCapacity bounds the traffic log's memory: older lines are dropped.
const logCapacity = 512

// trafficLog is the scrolling list of requests and cluster events, newest at
// the bottom, with a mark on stale reads, lost updates and errors.
type trafficLog struct {
	styles *theme
	width  int
	height int
	events []sim.Event // oldest first, at most logCapacity
	view   string      // rendered on every change, so View is cheap
	steps  bool        // each request's steps show (traffic_steps.go)
	class  string      // the worker class, which names threads or greenlets
}

// newTrafficLog returns an empty log drawn with st.
func newTrafficLog(st *theme) trafficLog { return trafficLog{styles: st} }

// SetStyles replaces the styles (after a background change).
func (l *trafficLog) SetStyles(st *theme) {
	l.styles = st
	l.view = l.draw()
}

// SetSize sets the log's width and height in cells.
func (l *trafficLog) SetSize(w, h int) {
	l.width, l.height = max(w, 0), max(h, 0)
	l.view = l.draw()
}

// Append adds events (oldest first) to the log.
func (l *trafficLog) Append(evs []sim.Event) {
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
func (l trafficLog) Len() int { return len(l.events) }

// View returns the newest events that fit, exactly width × height.
func (l trafficLog) View() string { return l.view }

// draw renders the newest events that fit. The columns are as wide as the
// events shown need.
func (l trafficLog) draw() string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	if l.steps {
		return l.drawSteps()
	}
	evs := withoutSteps(l.events)
	if len(evs) == 0 {
		return fitBlock(l.styles.Faint.Render(textLogEmpty), l.width, l.height)
	}
	shown := evs[len(evs)-min(len(evs), l.height):]
	var c logColumns
	for _, e := range shown {
		if e.Kind == sim.EventRequest {
			c.result = max(c.result, min(ansi.StringWidth(e.Result), maxResultWidth))
			c.mark = max(c.mark, ansi.StringWidth(markText(e)))
		}
	}
	// The request as sent when it fits with the time, else the console
	// line that sends it.
	for _, full := range []bool{true, false} {
		c.full, c.asked = full, 0
		for _, e := range shown {
			if e.Kind == sim.EventRequest {
				c.asked = max(c.asked, ansi.StringWidth(c.route(e)))
			} else {
				c.asked = max(c.asked, ansi.StringWidth("── "+e.Text)-c.outcome())
			}
		}
		if c.outcome()+c.asked+2+len("00.0s") <= l.width {
			break
		}
	}
	lines := make([]string, 0, len(shown))
	for _, e := range shown {
		lines = append(lines, strings.Split(l.line(e, c), "\n")...)
	}
	lines = lines[len(lines)-min(len(lines), l.height):] // the newest that fit
	return fitBlock(strings.Join(lines, "\n"), l.width, l.height)
}

// maxResultWidth caps the answer column; a longer answer is shortened.
const maxResultWidth = 16

// logColumns are the widths of the log's columns for the events shown, and
// whether requests show as sent (full) or as the console line that sends them.
type logColumns struct {
	result, mark, asked int
	full                bool
}

// route is who asked what, in the form the columns chose.
func (c logColumns) route(e sim.Event) string {
	if c.full {
		return clientName(e) + " " + e.Route
	}
	return clientName(e) + " " + shortRoute(e.Route)
}

// outcome is the width of the outcome columns and the gap after them.
func (c logColumns) outcome() int {
	w := 4 + c.result + 2
	if c.mark > 0 {
		w += c.mark + 1
	}
	return w
}

// consoleClients is where the simulator numbers the concurrent clients of
// a console line (get key0 x8 clients 4): 1001, 1002, …
const consoleClients = 1000

// clientName is who sent a request: you (the console), a generator's
// client, or someone outside the lab (curl against a live server).
func clientName(e sim.Event) string {
	switch {
	case e.Client > consoleClients:
		return fmt.Sprintf(textConsoleClientN, e.Client-consoleClients)
	case e.Client > 0:
		return fmt.Sprintf(textClient, e.Client)
	case e.Client < 0:
		return textOutsideClient
	}
	return textConsoleClient
}

// markText is the mark of a request that went wrong, or "".
func markText(e sim.Event) string {
	switch {
	case e.Stale:
		return textMarkStale
	case e.Lost:
		return textMarkLost
	case e.Error:
		return textMarkError
	}
	return ""
}

// line renders one event (two lines when a cluster event's sentence is
// longer than the log is wide), the outcome first: the worker that answered, its
// answer and a mark if it went wrong, then who asked what, then the virtual
// time when there is room. Cluster events read as a sentence.
func (l trafficLog) line(e sim.Event, c logColumns) string {
	st := l.styles
	at := fmtVirtual(e.At)
	if e.Kind != sim.EventRequest {
		text := withTime("── "+e.Text, at, c.outcome()+c.asked, l.width)
		if ansi.StringWidth(text) > l.width { // a long sentence wraps, never cut
			text = strings.Join(wrap.Items(strings.Fields(text), " ", max(l.width-3, 1)), "\n   ")
		}
		return st.Faint.Render(text)
	}
	client := clientName(e)
	worker := fmt.Sprintf(textLogWorker, e.Slot)
	result := e.Result
	if ansi.StringWidth(result) > c.result {
		result = ansi.Truncate(result, c.result, "…")
	}
	outcome := fmt.Sprintf("%-3s %s", worker, padRight(result, c.result))
	if c.mark > 0 {
		outcome += " " + st.Mark.Render(padRight(markText(e), c.mark))
	}
	asked := c.route(e)
	ow := ansi.StringWidth(outcome) + 2
	if ow+ansi.StringWidth(asked) > l.width {
		return fitLine(outcome+"  "+client+" "+shortRoute(e.Route), l.width)
	}
	return outcome + "  " + withTime(asked, at, c.asked, l.width-ow)
}

// withTime puts at after s, in a column col cells from the start (or just
// after s), when it fits in w; else it returns s.
func withTime(s, at string, col, w int) string {
	gap := max(col-ansi.StringWidth(s), 0) + 2
	if ansi.StringWidth(s)+gap+len(at) > w {
		return s
	}
	return s + strings.Repeat(" ", gap) + at
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if pad := w - ansi.StringWidth(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}

// shortRoute turns a request as sent into the console line that sends it:
// "GET /set?k=user&v=ada" reads "set user ada", "GET /get?k=key0" reads
// "get key0", "GET /publish?m=hi" reads "publish hi". Anything else is
// returned as it is.
func shortRoute(route string) string {
	_, target, ok := strings.Cut(route, " ")
	if !ok {
		target = route
	}
	path, query, _ := strings.Cut(target, "?")
	verb := strings.TrimPrefix(path, "/")
	q, err := url.ParseQuery(query)
	if err != nil || verb == "" || strings.Contains(verb, "/") {
		return route
	}
	if len(q) == 0 {
		return route // /state, /signup
	}
	if !q.Has("k") { // a view without a key: /publish?m=hello
		out := verb
		for _, name := range slices.Sorted(maps.Keys(q)) {
			out += " " + q.Get(name)
		}
		return out
	}
	out := verb + " " + q.Get("k")
	if q.Has("v") {
		out += " " + q.Get("v")
	}
	for _, name := range slices.Sorted(maps.Keys(q)) {
		switch {
		case name == "k" || name == "v":
		case name == "atomic" && q.Get(name) == "1":
			out += " --atomic"
		default:
			out += " " + name + "=" + q.Get(name)
		}
	}
	return out
}

// fmtVirtual formats a virtual time compactly: 1.23s, 12.3s, 2m03s.
func fmtVirtual(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d < 100*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}
