package live

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"
)

// logger writes gunicorn-style lines, "[time] [pid] [LEVEL] message", one
// write per line so lines from several processes sharing a stream never mix.
type logger struct {
	mu     sync.Mutex
	w      io.Writer
	pid    int
	now    func() time.Time
	onLine func(level, msg string) // also told every line, or nil
}

func newLogger(w io.Writer) *logger {
	return &logger{w: w, pid: os.Getpid(), now: time.Now}
}

// logf writes one line at the given level ("INFO", "WARNING", "ERROR", ...)
// and tells onLine.
func (l *logger) logf(level, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	l.write(level, msg)
	if l.onLine != nil {
		l.onLine(level, msg)
	}
}

// write writes one line without telling onLine (for what has a typed event
// of its own).
func (l *logger) write(level, msg string) {
	b := make([]byte, 0, 64+len(msg))
	b = append(b, '[')
	b = l.now().AppendFormat(b, "2006-01-02 15:04:05 -0700")
	b = append(b, "] ["...)
	b = strconv.AppendInt(b, int64(l.pid), 10)
	b = append(b, "] ["...)
	b = append(b, level...)
	b = append(b, "] "...)
	b = append(b, msg...)
	b = append(b, '\n')
	l.mu.Lock()
	_, _ = l.w.Write(b)
	l.mu.Unlock()
}

func (l *logger) info(format string, args ...any)  { l.logf("INFO", format, args...) }
func (l *logger) warn(format string, args ...any)  { l.logf("WARNING", format, args...) }
func (l *logger) error(format string, args ...any) { l.logf("ERROR", format, args...) }
