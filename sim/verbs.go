package sim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// maxWaitEvents bounds the events one `wait` runs, so a line always returns.
const maxWaitEvents = 20_000_000

// Exec parses and runs one command line. A bad line returns a *LineError and
// changes nothing.
func (s *Sim) Exec(line string) (string, error) {
	c, err := Parse(line)
	if err != nil {
		return "", err
	}
	return s.Apply(c)
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
			var le *LineError
			if errors.As(err, &le) {
				le.Line = i + 1
			}
			return err
		}
	}
	return nil
}

// ParseScript parses every line of a script; the first bad line is reported
// with its 1-based line number. Blank and comment lines parse to Verb "".
func ParseScript(text string) ([]Command, error) {
	lines := strings.Split(text, "\n")
	cmds := make([]Command, len(lines))
	for i, l := range lines {
		c, err := Parse(l)
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				le.Line = i + 1
			}
			return nil, err
		}
		cmds[i] = c
	}
	return cmds, nil
}

// Apply runs a parsed command.
func (s *Sim) Apply(c Command) (string, error) {
	st := &s.set
	switch c.Verb {
	case "":
		return "", nil
	case "workers":
		st.Workers = c.N
		s.resize(c.N)
		return s.changed(fmt.Sprintf("workers %d", c.N)), nil
	case "class":
		st.Class = c.Word
		if c.N2 > 0 && c.Word == "gthread" {
			st.Threads = c.N2
		}
		if c.N2 > 0 && c.Word == "gevent" {
			st.Connections = c.N2
		}
		s.recapacity()
		return s.changed(s.classLine()), nil
	case "threads":
		st.Threads = c.N
		s.recapacity()
		return s.changed(fmt.Sprintf("threads %d", c.N)), nil
	case "connections":
		st.Connections = c.N
		s.recapacity()
		return s.changed(fmt.Sprintf("connections %d", c.N)), nil
	case "store":
		st.Store = c.Word
		return s.changed("store " + c.Word), nil
	case "balancer":
		st.Balancer = c.Word
		return s.changed("balancer " + c.Word), nil
	case "global":
		return s.defineGlobal(c.Word, c.Value), nil
	case "preload":
		st.Preload = c.On
		if c.On {
			s.master = nil // the master imports the app now
			s.masterImport()
		}
		return s.changed("preload " + onOffWord(c.On)), nil
	case "lock", "atomic", "fallback", "keep-alive":
		*s.switchOf(c.Verb) = c.On
		return s.changed(c.Verb + " " + onOffWord(c.On)), nil
	case "max-requests":
		st.MaxRequests, st.MaxRequestsJitter = c.N, c.N2
		s.redrawMaxRequests()
		return s.changed(fmt.Sprintf("max-requests %d jitter %d", c.N, c.N2)), nil
	case "timeout":
		st.Timeout = c.Dur
		return s.changed("timeout " + c.Dur.String()), nil
	case "cores":
		s.freeCores += c.N - st.Cores
		st.Cores = c.N
		s.grantCores()
		return s.changed(fmt.Sprintf("cores %d", c.N)), nil
	case "io":
		st.IO = c.Dur
		return s.changed("io " + c.Dur.String()), nil
	case "think":
		st.Think = c.Dur
		return s.changed("think " + c.Dur.String()), nil
	case "ttl":
		st.TTL = c.Dur
		return s.changed("ttl " + c.Dur.String()), nil
	case "set", "get", "incr", "lookup":
		return s.request(c), nil
	case "kill":
		if !s.kill(c.N) {
			return "", &LineError{Word: fmt.Sprint(c.N), Msg: fmt.Sprintf("no worker in slot %d; live slots: %s", c.N, s.slotList())}
		}
		return fmt.Sprintf("killed worker %d; the arbiter starts a new one with an empty dict", c.N), nil
	case "redis":
		return s.redisCommand(c)
	case "traffic":
		if c.Word == "off" {
			s.stopTraffic()
			return s.changed("traffic off"), nil
		}
		s.startTraffic(c.Traffic)
		t := s.set.Traffic
		return s.changed(fmt.Sprintf("traffic %s, %d clients, %d keys", t.Workload, t.Clients, t.Keys)), nil
	case "wait":
		n := s.waitFor(c.Dur)
		return fmt.Sprintf("%s passed (%d events)", c.Dur, n), nil
	case "pause":
		st.Paused = true
		return "paused", nil
	case "resume":
		st.Paused = false
		return "running", nil
	case "step":
		n := 0
		for n < c.N && s.Step() {
			n++
		}
		return fmt.Sprintf("ran %d events; now %s", n, fmtDur(s.now)), nil
	case "speed":
		st.Speed = c.Float
		return fmt.Sprintf("speed %gx", c.Float), nil
	case "help":
		return Help(), nil
	}
	return "", &LineError{Word: c.Verb, Msg: fmt.Sprintf("unknown command %q", c.Verb)}
}

// switchOf is the on/off setting a verb names.
func (s *Sim) switchOf(verb string) *bool {
	switch verb {
	case "lock":
		return &s.set.Lock
	case "atomic":
		return &s.set.Atomic
	case "fallback":
		return &s.set.Fallback
	}
	return &s.set.KeepAlive
}

// waitFor lets d of virtual time pass (bounded in events).
func (s *Sim) waitFor(d time.Duration) int {
	return s.Advance(d, maxWaitEvents)
}

func (s *Sim) request(c Command) string {
	op := consoleOp{key: s.keys.id(c.Word), atomic: c.Atomic, ttl: c.TTL}
	switch c.Verb {
	case "set":
		op.op, op.val = opSet, parseValue(c.Value)
	case "get":
		op.op = opGet
	case "incr":
		op.op = opIncr
	case "lookup":
		op.op = opLookup
	}
	if c.TTL == 0 && c.Verb == "set" {
		op.ttl = s.set.TTL
	}
	s.queueConsole(op, c.Repeat, c.Clients)
	what := c.Verb + " " + c.Word
	if c.Verb == "set" {
		what += " " + c.Value
	}
	if c.Repeat > 1 {
		what += fmt.Sprintf(" ×%d", c.Repeat)
	}
	if c.Clients > 1 {
		what += fmt.Sprintf(" from %d clients", c.Clients)
	}
	return "sent " + what
}

func (s *Sim) changed(what string) string {
	s.logEvent(EventSetting, nil, what)
	return what
}

func (s *Sim) classLine() string {
	switch s.set.Class {
	case "gthread":
		return fmt.Sprintf("class gthread, %d threads", s.set.Threads)
	case "gevent":
		return fmt.Sprintf("class gevent, %d connections", s.set.Connections)
	}
	return "class sync"
}

// recapacity applies a class or thread change to the live workers.
func (s *Sim) recapacity() {
	for _, w := range s.workers {
		w.capacity = capacityFor(&s.set)
		s.pull(w)
	}
}

// redrawMaxRequests gives every live worker its limit under the new setting.
func (s *Sim) redrawMaxRequests() {
	for _, w := range s.workers {
		w.maxReq = 0
		if s.set.MaxRequests > 0 {
			w.maxReq = s.set.MaxRequests
			if s.set.MaxRequestsJitter > 0 {
				w.maxReq += s.rng.IntN(s.set.MaxRequestsJitter + 1)
			}
		}
	}
}

func (s *Sim) slotList() string {
	var b strings.Builder
	for i, w := range s.workers {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, w.slot)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

func onOffWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func fmtDur(d time.Duration) string {
	return d.Round(time.Microsecond).String()
}

// Help lists every command with one line each.
func Help() string {
	var b strings.Builder
	width := 0
	for _, v := range Verbs() {
		if n := len([]rune(verbs[v].usage)); n > width {
			width = n
		}
	}
	for _, v := range Verbs() {
		spec := verbs[v]
		fmt.Fprintf(&b, "%-*s  %s\n", width, spec.usage, spec.doc)
	}
	return strings.TrimRight(b.String(), "\n")
}

// helpOrder is the order Help and Verbs list the commands in.
var helpOrder = []string{
	"set", "get", "incr", "lookup", "traffic", "wait",
	"workers", "class", "threads", "connections", "store", "balancer",
	"lock", "atomic", "preload", "global", "fallback", "keep-alive", "max-requests", "timeout", "cores", "io", "think", "ttl",
	"kill", "redis", "pause", "resume", "step", "speed", "help",
}

// Verbs lists every command word.
func Verbs() []string { return append([]string(nil), helpOrder...) }

// Complete returns the completions of a partial line: command words for the
// first word, the choices of the first argument after it.
func Complete(line string) []string {
	f := strings.Fields(line)
	trailing := strings.HasSuffix(line, " ")
	var out []string
	if len(f) == 0 || (len(f) == 1 && !trailing) {
		prefix := ""
		if len(f) == 1 {
			prefix = strings.ToLower(f[0])
		}
		for _, v := range helpOrder {
			if strings.HasPrefix(v, prefix) {
				out = append(out, v)
			}
		}
		return out
	}
	spec, ok := verbs[strings.ToLower(f[0])]
	if !ok || len(f) > 2 || (len(f) == 2 && trailing) {
		return nil
	}
	prefix := ""
	if len(f) == 2 {
		prefix = strings.ToLower(f[1])
	}
	for _, a := range spec.args {
		if strings.HasPrefix(strings.ToLower(a), prefix) {
			out = append(out, f[0]+" "+a)
		}
	}
	return out
}
