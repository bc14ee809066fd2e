package asciicast

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Recorder writes an asciicast v2 stream: the header when it is created, then
// one event per Write or Resize. It is safe for concurrent use (a Bubble Tea
// program writes frames from one goroutine and reports resizes from another).
type Recorder struct {
	mu      sync.Mutex
	w       *bufio.Writer
	now     func() time.Time
	start   time.Time
	width   int
	height  int
	pending []byte // the start of a UTF-8 sequence split across two writes
	err     error  // the first write error; later calls return it
}

// Option configures a Recorder.
type Option func(*Recorder, *Header)

// WithClock makes the Recorder read the time from now instead of time.Now
// (tests and headless recordings use a virtual clock).
func WithClock(now func() time.Time) Option {
	return func(r *Recorder, _ *Header) { r.now = now }
}

// WithTitle sets the recording's title.
func WithTitle(title string) Option {
	return func(_ *Recorder, h *Header) { h.Title = title }
}

// WithEnv sets the header's env (asciinema records TERM and SHELL).
func WithEnv(env map[string]string) Option {
	return func(_ *Recorder, h *Header) { h.Env = env }
}

// NewRecorder starts a recording of a width × height terminal on w and
// writes its header. Close flushes it.
func NewRecorder(w io.Writer, width, height int, opts ...Option) (*Recorder, error) {
	r := &Recorder{w: bufio.NewWriter(w), now: time.Now, width: width, height: height}
	h := Header{Version: Version, Width: width, Height: height}
	for _, o := range opts {
		o(r, &h)
	}
	if err := h.check(); err != nil {
		return nil, fmt.Errorf("starting a recording: %w", err)
	}
	r.start = r.now()
	h.Timestamp = r.start.Unix()
	b, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("starting a recording: %w", err)
	}
	if err := r.line(b); err != nil {
		return nil, fmt.Errorf("starting a recording: %w", err)
	}
	return r, nil
}

// Write records p as one output event and reports len(p) written. Bytes
// that end in the middle of a UTF-8 sequence wait for the next Write, so no
// character is split between two events.
func (r *Recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return 0, r.err
	}
	data := append(r.pending, p...)
	cut := completeUTF8(data)
	r.pending = append([]byte(nil), data[cut:]...)
	if cut > 0 {
		if err := r.event(Output, string(data[:cut])); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Resize records that the terminal is now width × height. A size equal to
// the current one records nothing.
func (r *Recorder) Resize(width, height int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	if width == r.width && height == r.height || width < 1 || height < 1 {
		return nil
	}
	r.width, r.height = width, height
	return r.event(Resize, strconv.Itoa(width)+"x"+strconv.Itoa(height))
}

// Close records any bytes still held back and flushes the stream. It does
// not close the underlying writer.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil && len(r.pending) > 0 {
		r.event(Output, string(r.pending)) // invalid UTF-8: encoding/json writes U+FFFD
		r.pending = nil
	}
	if r.err != nil {
		return r.err
	}
	if err := r.w.Flush(); err != nil {
		r.err = fmt.Errorf("writing the recording: %w", err)
	}
	return r.err
}

// event writes one event line; the caller holds mu.
func (r *Recorder) event(code, data string) error {
	secs := r.now().Sub(r.start).Seconds()
	b, err := json.Marshal([]any{json.Number(strconv.FormatFloat(max(secs, 0), 'f', 6, 64)), code, data})
	if err != nil {
		r.err = fmt.Errorf("encoding a recording event: %w", err)
		return r.err
	}
	return r.line(b)
}

// line writes b and a newline, keeping the first error.
func (r *Recorder) line(b []byte) error {
	if _, err := r.w.Write(append(b, '\n')); err != nil {
		r.err = fmt.Errorf("writing the recording: %w", err)
	}
	return r.err
}

// completeUTF8 returns the length of the longest prefix of b that does not
// end inside a UTF-8 sequence that more bytes could complete.
func completeUTF8(b []byte) int {
	// A sequence is at most 4 bytes: look back at most 3 for its start.
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if !utf8.RuneStart(b[i]) {
			continue
		}
		if !utf8.FullRune(b[i:]) {
			return i
		}
		break
	}
	return len(b)
}
