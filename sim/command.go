package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
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

// Command is one parsed line of the command language.
type Command struct {
	Verb    string        // "" for a blank or comment line
	Word    string        // a key, or the chosen enum word (store redis, class gthread, redis down)
	Value   string        // set: the value
	N       int           // a count: workers, threads, kill slot, max-requests, step count
	N2      int           // a second count: max-requests jitter, class threads
	Dur     time.Duration // timeout, io, think, ttl, wait, redis slow
	On      bool          // on|off settings
	Float   float64       // speed
	Repeat  int           // xN (1 when absent)
	Clients int           // clients C on set/get/incr (0 = the console client)
	Atomic  bool          // incr --atomic
	TTL     time.Duration // set ... ttl D
	Traffic Traffic       // traffic ...
	Raw     []string      // redis <raw command>
}

type verbSpec struct {
	usage string   // the line as help shows it
	doc   string   // one line of help
	args  []string // completions for the first argument
	parse func(args []string) (Command, error)
}

var verbs map[string]verbSpec

func init() {
	onOff := []string{"on", "off"}
	verbs = map[string]verbSpec{
		"workers":      {"workers N", "run N worker processes (1..64); removed workers are the oldest", nil, intVerb("workers", 1, MaxWorkers)},
		"class":        {"class sync|gthread|gevent [N]", "worker class; N = threads (gthread) or connections (gevent)", classes, parseClass},
		"threads":      {"threads N", "threads per gthread worker (1..256)", nil, intVerb("threads", 1, MaxThreads)},
		"connections":  {"connections N", "greenlets per gevent worker (1..100000)", nil, intVerb("connections", 1, 100000)},
		"store":        {"store local|locmem|redis", "where the views keep state: a dict per worker, LocMemCache, or the shared Redis", stores, enumVerb("store", stores)},
		"balancer":     {"balancer accept|round-robin|least-conn|ip-hash", "who gets the next connection: the kernel's accept(), or an nginx policy", balancers, enumVerb("balancer", balancers)},
		"lock":         {"lock on|off", "a threading.Lock around read-modify-write (one worker only)", onOff, onOffVerb("lock")},
		"atomic":       {"atomic on|off", "generated increments use INCR (cache.incr) instead of GET then SET", onOff, onOffVerb("atomic")},
		"preload":      {"preload on|off", "fork workers from the master's imported app (--preload)", onOff, onOffVerb("preload")},
		"global":       {"global KEY VALUE|random", "a module-level global set at import (random: drawn at each import); preload forks one copy", nil, parseGlobal},
		"fallback":     {"fallback on|off", "on Redis errors, reads miss and writes are dropped (django-redis IGNORE_EXCEPTIONS)", onOff, onOffVerb("fallback")},
		"keep-alive":   {"keep-alive on|off", "gthread/gevent keep connections open, pinning a client to a worker", onOff, onOffVerb("keep-alive")},
		"max-requests": {"max-requests N [jitter J]", "recycle a worker after N requests (+ randint(0, J)); 0 = never", nil, parseMaxRequests},
		"timeout":      {"timeout D", "kill a sync worker whose request runs longer than D (e.g. 30s)", nil, durVerb("timeout", false)},
		"cores":        {"cores N", "CPU cores of the simulated machine (1..64)", nil, intVerb("cores", 1, MaxCores)},
		"io":           {"io D", "I/O wait inside a view, between read and write (e.g. 5ms, 0)", nil, durVerb("io", true)},
		"think":        {"think D", "a client's pause between its requests (e.g. 50ms, 0)", nil, durVerb("think", true)},
		"ttl":          {"ttl D", "TTL of generated writes and cache fills (0 = none)", nil, durVerb("ttl", true)},
		"set":          {"set KEY VALUE [ttl D] [xN] [clients C]", "send /set?k=KEY&v=VALUE", nil, parseSet},
		"get":          {"get KEY [xN] [clients C]", "send /get?k=KEY, N times (one client, or C at once)", nil, reqVerb("get")},
		"incr":         {"incr KEY [xN] [clients C] [--atomic]", "send /incr?k=KEY: GET, I/O, SET; --atomic uses INCR", nil, reqVerb("incr")},
		"lookup":       {"lookup KEY [xN] [clients C]", "cache-aside read: on a miss, query the slow database and fill the cache", nil, reqVerb("lookup")},
		"kill":         {"kill N", "kill the worker in slot N; the arbiter starts a new, empty one", nil, intVerb("kill", 1, 1000)},
		"redis":        {"redis down|up|slow D | redis COMMAND...", "fail or slow the shared store, or send a raw command (redis KEYS *)", []string{"down", "up", "slow", "KEYS", "GET", "SET", "TTL", "INCR", "DBSIZE", "FLUSHALL"}, parseRedis},
		"traffic":      {"traffic WORKLOAD [R/s] [clients N] [keys K] [requests N] | traffic off", "start generated load: " + strings.Join(workloads, ", "), append([]string{"off"}, workloads...), parseTraffic},
		"wait":         {"wait D", "let D of virtual time pass (e.g. 5s)", nil, durVerb("wait", false)},
		"pause":        {"pause", "stop the clock (the UI)", nil, noArgs("pause")},
		"resume":       {"resume", "start the clock again", nil, noArgs("resume")},
		"step":         {"step [N]", "run the next N events (default 1)", nil, parseStep},
		"speed":        {"speed X", "virtual seconds per wall second (0.01..1000)", nil, parseSpeed},
		"help":         {"help", "list every command", nil, noArgs("help")},
	}
}

// Parse parses one line of the command language without running it.
func Parse(line string) (Command, error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return Command{}, nil
	}
	verb := strings.ToLower(f[0])
	spec, ok := verbs[verb]
	if !ok {
		return Command{}, &LineError{Word: f[0], Msg: fmt.Sprintf("unknown command %q; expected one of %s (type help)", f[0], strings.Join(Verbs(), ", "))}
	}
	c, err := spec.parse(f[1:])
	if err != nil {
		return Command{}, err
	}
	c.Verb = verb
	return c, nil
}

func bad(word, format string, args ...any) error {
	return &LineError{Word: word, Msg: fmt.Sprintf(format, args...)}
}

func missing(verb, what string) error {
	return &LineError{Msg: fmt.Sprintf("%s needs %s", verb, what)}
}

func extra(verb string, args []string, usage string) error {
	return bad(args[0], "unexpected %q after %s; usage: %s", args[0], verb, usage)
}

func parseInt(verb, s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, bad(s, "%q is not a number; expected a whole number %d..%d after %q", s, lo, hi, verb)
	}
	if n < lo || n > hi {
		return 0, bad(s, "%d is out of range; expected a whole number %d..%d after %q", n, lo, hi, verb)
	}
	return n, nil
}

// ParseDuration reads a duration of the command language: Go syntax (5ms,
// 2s, 1m30s) or 0.
func ParseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; expected e.g. 5ms, 2s, 1m or 0", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative; expected a duration of 0 or more", s)
	}
	if d > 24*time.Hour {
		return 0, fmt.Errorf("%q is too long; expected at most 24h", s)
	}
	return d, nil
}

func parseDur(verb, s string, zeroOK bool) (time.Duration, error) {
	d, err := ParseDuration(s)
	if err != nil {
		return 0, bad(s, "%v after %q", err, verb)
	}
	if d == 0 && !zeroOK {
		return 0, bad(s, "%q must be more than 0 after %q; expected e.g. 5ms, 2s, 1m", s, verb)
	}
	return d, nil
}

func intVerb(verb string, lo, hi int) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(verb, fmt.Sprintf("a whole number %d..%d", lo, hi))
		}
		if len(a) > 1 {
			return Command{}, extra(verb, a[1:], verbs[verb].usage)
		}
		n, err := parseInt(verb, a[0], lo, hi)
		return Command{N: n}, err
	}
}

func durVerb(verb string, zeroOK bool) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(verb, "a duration such as 5ms, 2s or 1m")
		}
		if len(a) > 1 {
			return Command{}, extra(verb, a[1:], verbs[verb].usage)
		}
		d, err := parseDur(verb, a[0], zeroOK)
		return Command{Dur: d}, err
	}
}

func enumVerb(verb string, set []string) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(verb, "one of "+strings.Join(set, ", "))
		}
		if len(a) > 1 {
			return Command{}, extra(verb, a[1:], verbs[verb].usage)
		}
		w := strings.ToLower(a[0])
		if !slices.Contains(set, w) {
			return Command{}, bad(a[0], "unknown %s %q; expected one of %s", verb, a[0], strings.Join(set, ", "))
		}
		return Command{Word: w}, nil
	}
}

func onOffVerb(verb string) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(verb, "on or off")
		}
		if len(a) > 1 {
			return Command{}, extra(verb, a[1:], verbs[verb].usage)
		}
		switch strings.ToLower(a[0]) {
		case "on", "true", "yes", "1":
			return Command{On: true}, nil
		case "off", "false", "no", "0":
			return Command{On: false}, nil
		}
		return Command{}, bad(a[0], "%q after %q; expected on or off", a[0], verb)
	}
}

func noArgs(verb string) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) > 0 {
			return Command{}, extra(verb, a, verbs[verb].usage)
		}
		return Command{}, nil
	}
}

func parseClass(a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing("class", "one of "+strings.Join(classes, ", "))
	}
	c, err := enumVerb("class", classes)(a[:1])
	if err != nil {
		return c, err
	}
	if len(a) > 2 {
		return Command{}, extra("class", a[2:], verbs["class"].usage)
	}
	if len(a) == 2 {
		if c.Word == "sync" {
			return Command{}, bad(a[1], "sync workers take no count (one request at a time); got %q", a[1])
		}
		hi := MaxThreads
		if c.Word == "gevent" {
			hi = 100000
		}
		if c.N2, err = parseInt("class "+c.Word, a[1], 1, hi); err != nil {
			return Command{}, err
		}
	}
	return c, nil
}

func parseMaxRequests(a []string) (Command, error) {
	usage := verbs["max-requests"].usage
	if len(a) == 0 {
		return Command{}, missing("max-requests", "a whole number 0..1000000 (0 = never)")
	}
	n, err := parseInt("max-requests", a[0], 0, 1000000)
	if err != nil {
		return Command{}, err
	}
	c := Command{N: n}
	switch {
	case len(a) == 1:
	case len(a) == 3 && strings.ToLower(a[1]) == "jitter":
		if c.N2, err = parseInt("jitter", a[2], 0, 1000000); err != nil {
			return Command{}, err
		}
	case len(a) == 2 && strings.ToLower(a[1]) == "jitter":
		return Command{}, missing("jitter", "a whole number 0..1000000")
	default:
		return Command{}, extra("max-requests "+a[0], a[1:], usage)
	}
	return c, nil
}

// reqOptions parses the options after a request's key (and value).
func reqOptions(verb string, c *Command, a []string, allowAtomic, allowTTL bool) error {
	c.Repeat = 1
	for i := 0; i < len(a); i++ {
		w := strings.ToLower(a[i])
		switch {
		case len(w) > 1 && w[0] == 'x' && w[1] >= '0' && w[1] <= '9':
			n, err := parseInt(verb+" ... x", w[1:], 1, maxRepeat)
			if err != nil {
				return bad(a[i], "%q: expected a repeat count x1..x%d (e.g. x8)", a[i], maxRepeat)
			}
			c.Repeat = n
		case w == "clients":
			if i+1 >= len(a) {
				return missing("clients", fmt.Sprintf("a whole number 1..%d", MaxClients))
			}
			n, err := parseInt("clients", a[i+1], 1, MaxClients)
			if err != nil {
				return err
			}
			c.Clients = n
			i++
		case (w == "--atomic" || w == "atomic") && allowAtomic:
			c.Atomic = true
		case w == "ttl" && allowTTL:
			if i+1 >= len(a) {
				return missing("ttl", "a duration such as 10s")
			}
			d, err := parseDur("ttl", a[i+1], true)
			if err != nil {
				return err
			}
			c.TTL = d
			i++
		default:
			return bad(a[i], "unexpected %q; usage: %s", a[i], verbs[verb].usage)
		}
	}
	return nil
}

func validKey(verb string, k string) error {
	if len(k) > 200 {
		return bad(k[:20]+"…", "key is too long (%d bytes); expected at most 200", len(k))
	}
	if strings.HasPrefix(k, "-") {
		return bad(k, "%q is not a key; usage: %s", k, verbs[verb].usage)
	}
	return nil
}

func reqVerb(verb string) func([]string) (Command, error) {
	return func(a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(verb, "a key, e.g. "+verb+" key0")
		}
		if err := validKey(verb, a[0]); err != nil {
			return Command{}, err
		}
		c := Command{Word: a[0]}
		err := reqOptions(verb, &c, a[1:], verb == "incr", false)
		return c, err
	}
}

func parseSet(a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing("set", "a key and a value, e.g. set key0 hello")
	}
	if err := validKey("set", a[0]); err != nil {
		return Command{}, err
	}
	if len(a[1]) > 1000 {
		return Command{}, bad(a[1][:20]+"…", "value is too long (%d bytes); expected at most 1000", len(a[1]))
	}
	c := Command{Word: a[0], Value: a[1]}
	err := reqOptions("set", &c, a[2:], false, true)
	return c, err
}

func parseGlobal(a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing("global", "a key and a value (or random), e.g. global token random")
	}
	if len(a) > 2 {
		return Command{}, extra("global "+a[0]+" "+a[1], a[2:], verbs["global"].usage)
	}
	if err := validKey("global", a[0]); err != nil {
		return Command{}, err
	}
	if len(a[1]) > 1000 {
		return Command{}, bad(a[1][:20]+"…", "value is too long (%d bytes); expected at most 1000", len(a[1]))
	}
	return Command{Word: a[0], Value: a[1]}, nil
}

func parseRedis(a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing("redis", "down, up, slow D, or a Redis command such as KEYS *")
	}
	switch strings.ToLower(a[0]) {
	case "down", "up":
		if len(a) > 1 {
			return Command{}, extra("redis "+a[0], a[1:], "redis down|up")
		}
		return Command{Word: strings.ToLower(a[0])}, nil
	case "slow":
		if len(a) != 2 {
			if len(a) < 2 {
				return Command{}, missing("redis slow", "a duration such as 20ms (0 = normal)")
			}
			return Command{}, extra("redis slow "+a[1], a[2:], "redis slow D")
		}
		d, err := parseDur("redis slow", a[1], true)
		return Command{Word: "slow", Dur: d}, err
	}
	return Command{Word: "raw", Raw: append([]string(nil), a...)}, nil
}

func parseTraffic(a []string) (Command, error) {
	usage := verbs["traffic"].usage
	if len(a) == 0 {
		return Command{}, missing("traffic", "a workload ("+strings.Join(workloads, ", ")+") or off")
	}
	w := strings.ToLower(a[0])
	if w == "off" {
		if len(a) > 1 {
			return Command{}, extra("traffic off", a[1:], "traffic off")
		}
		return Command{Word: "off"}, nil
	}
	if !slices.Contains(workloads, w) {
		return Command{}, bad(a[0], "unknown workload %q; expected one of %s, or off", a[0], strings.Join(workloads, ", "))
	}
	t := Traffic{Workload: w}
	for i := 1; i < len(a); i++ {
		x := strings.ToLower(a[i])
		if strings.HasSuffix(x, "/s") {
			r, err := strconv.ParseFloat(strings.TrimSuffix(x, "/s"), 64)
			if err != nil || math.IsNaN(r) || r <= 0 || r > 1e7 {
				return Command{}, bad(a[i], "%q is not a rate; expected requests per second such as 200/s", a[i])
			}
			t.Rate = r
			continue
		}
		if i+1 >= len(a) {
			if slices.Contains([]string{"clients", "keys", "requests"}, x) {
				return Command{}, missing(x, "a whole number")
			}
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], usage)
		}
		var err error
		switch x {
		case "clients":
			t.Clients, err = parseInt("clients", a[i+1], 1, MaxClients)
		case "keys":
			t.Keys, err = parseInt("keys", a[i+1], 1, MaxKeys)
		case "requests":
			var n int
			n, err = parseInt("requests", a[i+1], 1, 1000000000)
			t.Limit = int64(n)
		default:
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], usage)
		}
		if err != nil {
			return Command{}, err
		}
		i++
	}
	return Command{Word: w, Traffic: t}, nil
}

func parseStep(a []string) (Command, error) {
	if len(a) == 0 {
		return Command{N: 1}, nil
	}
	return intVerb("step", 1, 1000000)(a)
}

func parseSpeed(a []string) (Command, error) {
	if len(a) != 1 {
		if len(a) == 0 {
			return Command{}, missing("speed", "a factor 0.01..1000, e.g. speed 4")
		}
		return Command{}, extra("speed", a[1:], "speed X")
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(a[0]), "x"), 64)
	if err != nil || math.IsNaN(f) || f < 0.01 || f > 1000 {
		return Command{}, bad(a[0], "%q is not a speed; expected a factor 0.01..1000, e.g. speed 4", a[0])
	}
	return Command{Float: f}, nil
}
