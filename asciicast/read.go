package asciicast

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Event is one line after the header.
type Event struct {
	Time float64 // seconds since the start
	Code string  // Output, Input, Marker or Resize
	Data string
}

// Cast is a parsed recording.
type Cast struct {
	Header Header
	Events []Event
}

// maxLine bounds one line of a recording (one frame of a large screen is far
// smaller).
const maxLine = 16 << 20

// Read parses an asciicast v2 stream and checks it as a player would: a
// version 2 header with a size, then events whose times never go back, each
// with a known code, and resizes of the form COLSxROWS. Errors name the line.
func Read(r io.Reader) (*Cast, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var c Cast
	line := 0
	last := 0.0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			if err := json.Unmarshal(b, &c.Header); err != nil {
				return nil, fmt.Errorf("line 1: the header is not a JSON object: %w", err)
			}
			if err := c.Header.check(); err != nil {
				return nil, fmt.Errorf("line 1: header %w", err)
			}
			continue
		}
		if len(b) == 0 {
			continue
		}
		e, err := parseEvent(b)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if e.Time < last {
			return nil, fmt.Errorf("line %d: time %g goes back (the line before is at %g)", line, e.Time, last)
		}
		last = e.Time
		c.Events = append(c.Events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("empty recording: expected a header line")
	}
	return &c, nil
}

// parseEvent reads [time, code, data].
func parseEvent(b []byte) (Event, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return Event{}, fmt.Errorf("an event is a JSON array [time, code, data]: %w", err)
	}
	if len(raw) != 3 {
		return Event{}, fmt.Errorf("an event has 3 fields [time, code, data], this one has %d", len(raw))
	}
	var e Event
	if err := json.Unmarshal(raw[0], &e.Time); err != nil || e.Time < 0 {
		return Event{}, fmt.Errorf("time %s is not a number of seconds >= 0", raw[0])
	}
	if err := json.Unmarshal(raw[1], &e.Code); err != nil {
		return Event{}, fmt.Errorf("code %s is not a string", raw[1])
	}
	if err := json.Unmarshal(raw[2], &e.Data); err != nil {
		return Event{}, fmt.Errorf("data %.40s is not a string", raw[2])
	}
	switch e.Code {
	case Output, Input, Marker:
	case Resize:
		if _, _, err := ParseSize(e.Data); err != nil {
			return Event{}, err
		}
	default:
		return Event{}, fmt.Errorf("unknown event code %q; expected o, i, m or r", e.Code)
	}
	return e, nil
}

// ParseSize reads a resize event's "COLSxROWS".
func ParseSize(s string) (width, height int, err error) {
	ws, hs, ok := strings.Cut(s, "x")
	w, werr := strconv.Atoi(ws)
	h, herr := strconv.Atoi(hs)
	if !ok || werr != nil || herr != nil || w < 1 || h < 1 {
		return 0, 0, fmt.Errorf("resize %q: expected COLSxROWS such as 80x24", s)
	}
	return w, h, nil
}

// Output returns every output event's data joined: what the terminal was
// sent, in order.
func (c *Cast) Output() string {
	var b strings.Builder
	for _, e := range c.Events {
		if e.Code == Output {
			b.WriteString(e.Data)
		}
	}
	return b.String()
}

// Duration is the time of the last event.
func (c *Cast) Duration() float64 {
	if len(c.Events) == 0 {
		return 0
	}
	return c.Events[len(c.Events)-1].Time
}
