package sim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// LineError is a bad command line: where it was, the word at fault and what
// was expected. A line that fails changes nothing.
type LineError struct {
	Line int    // 1-based line of a script; 0 for a single console line
	Word string // the offending word ("" when a word is missing)
	Msg  string // what was wrong and what is accepted
}

// Error implements error.
func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Command is one parsed line of the command language. Each verb fills only
// the fields its usage names.
type Command struct {
	Verb string // "" for a blank or comment line

	Key   string // set, get, incr, lookup, global: the key
	Value string // set, global: the value
	// Word is the chosen word of an enum verb: the class, store, balancer,
	// the traffic workload (or "off"), redis down|up|slow|raw, or the verb
	// that `help VERB` asks about.
	Word string

	Count       int           // workers, threads, connections, cores: the number asked for
	ClassSize   int           // class gthread N (threads) or class gevent N (connections); 0 = unchanged
	MaxRequests int           // max-requests N
	Jitter      int           // max-requests N jitter J
	Slot        int           // kill N: the worker slot
	Events      int           // step N: how many events
	Dur         time.Duration // timeout, io, cpu, think, ttl (TTLNone = none), wait, redis slow
	On          bool          // on|off settings
	Factor      float64       // speed X

	Repeat  int           // xN of a request (1 when absent)
	Clients int           // clients C of a request (0 = the console client)
	Atomic  bool          // incr --atomic
	TTL     time.Duration // set ... ttl D|none: Django's timeout (0 = not cached, TTLNone = never)
	HasTTL  bool          // the set named its own timeout (else the ttl setting applies)

	Traffic Traffic  // traffic ...
	Raw     []string // redis COMMAND...: the raw command
}

// Parse parses one line of the command language without running it. Words
// are case-insensitive; "#" starts a comment.
func Parse(line string) (Command, error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return Command{}, nil
	}
	name := strings.ToLower(f[0])
	v := lookupVerb(name)
	if v == nil {
		return Command{}, &LineError{Word: f[0], Msg: fmt.Sprintf("unknown command %q; expected one of %s (type help)", f[0], strings.Join(Verbs(), ", "))}
	}
	c, err := v.parse(v, f[1:])
	if err != nil {
		return Command{}, err
	}
	c.Verb = name
	return c, nil
}

// ParseScript parses every line of a script; the first bad line is reported
// with its 1-based line number. Blank and comment lines parse to Verb "".
func ParseScript(text string) ([]Command, error) {
	lines := strings.Split(text, "\n")
	cmds := make([]Command, len(lines))
	for i, l := range lines {
		c, err := Parse(l)
		if err != nil {
			return nil, atLine(err, i+1)
		}
		cmds[i] = c
	}
	return cmds, nil
}

// atLine stamps a *LineError with its script line.
func atLine(err error, line int) error {
	var le *LineError
	if errors.As(err, &le) {
		le.Line = line
	}
	return err
}

// Exec parses and runs one command line. A bad line returns a *LineError and
// changes nothing.
func (s *Sim) Exec(line string) (string, error) {
	c, err := Parse(line)
	if err != nil {
		return "", err
	}
	return s.Apply(c)
}

// Apply runs a parsed command (recording it on the timeline, if one is kept).
func (s *Sim) Apply(c Command) (string, error) {
	if s.tl != nil && c.Verb != "" {
		return s.tl.apply(s, c)
	}
	return simMode.Apply(s, c)
}

// RunScript runs many lines. Every line is parsed before any runs, so a bad
// line (reported with its line number) changes nothing.
func (s *Sim) RunScript(text string) error {
	cmds, err := ParseScript(text)
	if err != nil {
		return err
	}
	for i, c := range cmds {
		if _, err := s.Apply(c); err != nil {
			return atLine(err, i+1)
		}
	}
	return nil
}

// bad is a *LineError about word.
func bad(word, format string, args ...any) error {
	return &LineError{Word: word, Msg: fmt.Sprintf(format, args...)}
}

// missing says a verb lacks an argument.
func missing(verb, what string) error {
	return &LineError{Msg: fmt.Sprintf("%s needs %s", verb, what)}
}

// extra rejects the words left over after a complete line.
func extra(verb string, args []string, usage string) error {
	return bad(args[0], "unexpected %q after %s; usage: %s", args[0], verb, usage)
}
