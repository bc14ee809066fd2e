package sim

import (
	"fmt"
	"strings"
	"time"
)

// Settings: the knobs of the server and the app, one verb each.

// settingVerbs is the settings family.
func settingVerbs() []*Verb {
	onOff := []string{"on", "off"}
	return []*Verb{
		{Name: "workers", Usage: "workers N", Example: "workers 4",
			Doc:   fmt.Sprintf("run N worker processes per server, gunicorn -w (1..%d); removed workers are the oldest (TTOU)", MaxWorkers),
			parse: countArg(1, MaxWorkers), apply: (*Sim).applyWorkers},
		{Name: "class", Usage: "class sync|gthread|gevent [N]", Example: "class gthread 4", Args: Classes(),
			Doc:   "worker class; N = threads (gthread) or connections (gevent)",
			parse: parseClass, apply: (*Sim).applyClass},
		{Name: "threads", Usage: "threads N", Example: "threads 8",
			Doc:   fmt.Sprintf("threads per gthread worker (1..%d)", MaxThreads),
			parse: countArg(1, MaxThreads), apply: (*Sim).applyThreads},
		{Name: "connections", Usage: "connections N", Example: "connections 100",
			Doc:   fmt.Sprintf("greenlets per gevent worker (1..%d)", MaxConnections),
			parse: countArg(1, MaxConnections), apply: (*Sim).applyConnections},
		{Name: "store", Usage: "store local|locmem|redis", Example: "store redis", Args: Stores(),
			Doc:   "where the views keep state: a dict per worker, LocMemCache, or the shared Redis",
			parse: enumArg(stores), apply: (*Sim).applyStore},
		{Name: "servers", Usage: "servers N", Example: "servers 2",
			Doc:   fmt.Sprintf("run N gunicorn servers (1..%d), each with its own workers; more than 1 puts nginx in front", MaxServers),
			parse: countArg(1, MaxServers), apply: (*Sim).applyServers},
		{Name: "balancer", Usage: "balancer accept|round-robin|least-conn|ip-hash", Example: "balancer ip-hash", Args: Balancers(),
			Doc:   "accept: no nginx; else nginx's policy for picking a server (the kernel picks the worker)",
			parse: enumArg(balancers), apply: (*Sim).applyBalancer},
		{Name: "lock", Usage: "lock on|off", Example: "lock on", Args: onOff,
			Doc:   "a threading.Lock around read-modify-write (one worker only)",
			parse: onOffArg, apply: switchApply(func(s *Settings) *bool { return &s.Lock })},
		{Name: "atomic", Usage: "atomic on|off", Example: "atomic on", Args: onOff,
			Doc:   "generated increments use INCR (cache.incr) instead of GET then SET",
			parse: onOffArg, apply: switchApply(func(s *Settings) *bool { return &s.Atomic })},
		{Name: "preload", Usage: "preload on|off", Example: "preload on", Args: onOff,
			Doc:   "fork workers from the master's imported app (--preload); a running server restarts",
			parse: onOffArg, apply: (*Sim).applyPreload},
		{Name: "global", Usage: "global KEY VALUE|random", Example: "global token random",
			Doc:   "a module-level global set at import (random: drawn per import); once running, edits the code",
			parse: parseGlobal, apply: (*Sim).applyGlobal},
		{Name: "append-by", Usage: "append-by mutate|set|rpush", Example: "append-by set", Args: appendModes,
			Doc:   "how /append writes: append to what the store returned, set the list back, or RPUSH",
			parse: enumArg(appendModes), apply: (*Sim).applyAppendBy},
		{Name: "layer", Usage: "layer memory|redis", Example: "layer redis", Args: layerModes,
			Doc:   "the channel layer: InMemoryChannelLayer (one per process) or Redis (every process hears)",
			parse: enumArg(layerModes), apply: (*Sim).applyLayer},
		{Name: "queue", Usage: "queue local|redis", Example: "queue redis", Args: queueModes,
			Doc:   "where jobs wait: a queue.Queue in each worker, or a Redis broker with a job worker",
			parse: enumArg(queueModes), apply: (*Sim).applyQueue},
		{Name: "acks", Usage: "acks early|late", Example: "acks late", Args: ackModes,
			Doc:   "when the job worker acknowledges a job: before running it (Celery's default) or after",
			parse: enumArg(ackModes), apply: (*Sim).applyAcks},
		{Name: "job-time", Usage: "job-time D", Example: "job-time 2s",
			Doc:   "how long one background job runs (its email goes out half-way)",
			parse: durArg(false), apply: durApply("job-time", func(s *Settings) *time.Duration { return &s.JobTime })},
		{Name: "schedule", Usage: "schedule D|off", Example: "schedule 10s", Args: []string{"off"},
			Doc:   "a job every D from a scheduler started at import (in each worker; preload: the master)",
			parse: parseSchedule, apply: (*Sim).applySchedule},
		{Name: "scheduler", Usage: "scheduler app|beat", Example: "scheduler beat", Args: schedulerModes,
			Doc:   "where the job's scheduler runs: app (started at import) or beat (one process of its own)",
			parse: enumArg(schedulerModes), apply: (*Sim).applyScheduler},
		{Name: "job-lock", Usage: "job-lock on|off", Example: "job-lock on", Args: onOff,
			Doc:   "each run first takes a lock in the store: cache.add(lock, 1, timeout=period)",
			parse: onOffArg, apply: switchApply(func(s *Settings) *bool { return &s.JobLock })},
		{Name: "fallback", Usage: "fallback on|off", Example: "fallback on", Args: onOff,
			Doc:   "on Redis errors, reads miss and writes are dropped (django-redis IGNORE_EXCEPTIONS)",
			parse: onOffArg, apply: switchApply(func(s *Settings) *bool { return &s.Fallback })},
		{Name: "keep-alive", Usage: "keep-alive on|off", Example: "keep-alive on", Args: onOff,
			Doc:   "gthread/gevent keep connections open, pinning a client to a worker",
			parse: onOffArg, apply: switchApply(func(s *Settings) *bool { return &s.KeepAlive })},
		{Name: "max-requests", Usage: "max-requests N [jitter J]", Example: "max-requests 50 jitter 5",
			Doc:   "recycle a worker after N requests (+ randint(0, J)); 0 = never",
			parse: parseMaxRequests, apply: (*Sim).applyMaxRequests},
		{Name: "timeout", Usage: "timeout D", Example: "timeout 30s",
			Doc:   "kill a sync worker whose request runs longer than D (e.g. 30s)",
			parse: durArg(false), apply: (*Sim).applyTimeout},
		{Name: "cores", Usage: "cores N", Example: "cores 4",
			Doc:   fmt.Sprintf("CPU cores of the simulated machine (1..%d)", MaxCores),
			parse: countArg(1, MaxCores), apply: (*Sim).applyCores},
		{Name: "io", Usage: "io D", Example: "io 5ms",
			Doc:   "I/O wait inside a view, between read and write (e.g. 5ms, 0)",
			parse: durArg(true), apply: durApply("io", func(s *Settings) *time.Duration { return &s.IO })},
		{Name: "think", Usage: "think D", Example: "think 50ms",
			Doc:   "a client's pause between its requests (e.g. 50ms, 0)",
			parse: durArg(true), apply: durApply("think", func(s *Settings) *time.Duration { return &s.Think })},
		{Name: "cpu", Usage: "cpu D", Example: "cpu 10ms",
			Doc:   "CPU work between read and write of an increment (gthread preempts it at 5ms)",
			parse: durArg(true), apply: durApply("cpu", func(s *Settings) *time.Duration { return &s.CPU })},
		{Name: "ttl", Usage: "ttl D|none|default", Example: "ttl 10s", Args: []string{"none", "default", "0"},
			Doc:   "Django's timeout of sets and cache fills: none = never, 0 = not cached, default = 300s",
			parse: parseTTLArg, apply: (*Sim).applyTTL},
	}
}

func parseClass(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing(v.Name, "one of "+strings.Join(classes, ", "))
	}
	w, err := enumWord(v.Name, a[0], classes)
	if err != nil {
		return Command{}, err
	}
	c := Command{Word: w}
	if len(a) > 2 {
		return Command{}, extra(v.Name, a[2:], v.Usage)
	}
	if len(a) == 2 {
		if w == "sync" {
			return Command{}, bad(a[1], "sync workers take no count (one request at a time); got %q", a[1])
		}
		hi := MaxThreads
		if w == "gevent" {
			hi = MaxConnections
		}
		if c.ClassSize, err = parseInt("class "+w, a[1], 1, hi); err != nil {
			return Command{}, err
		}
	}
	return c, nil
}

func parseMaxRequests(v *Verb, a []string) (Command, error) {
	need := fmt.Sprintf("a whole number 0..%d (0 = never)", MaxMaxRequests)
	if len(a) == 0 {
		return Command{}, missing(v.Name, need)
	}
	n, err := parseInt(v.Name, a[0], 0, MaxMaxRequests)
	if err != nil {
		return Command{}, err
	}
	c := Command{MaxRequests: n}
	switch {
	case len(a) == 1:
	case len(a) == 3 && strings.ToLower(a[1]) == "jitter":
		if c.Jitter, err = parseInt("jitter", a[2], 0, MaxMaxRequests); err != nil {
			return Command{}, err
		}
	case len(a) == 2 && strings.ToLower(a[1]) == "jitter":
		return Command{}, missing("jitter", fmt.Sprintf("a whole number 0..%d", MaxMaxRequests))
	default:
		return Command{}, extra(v.Name+" "+a[0], a[1:], v.Usage)
	}
	return c, nil
}

func parseGlobal(v *Verb, a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing(v.Name, "a key and a value (or random), e.g. global token random")
	}
	if len(a) > 2 {
		return Command{}, extra(v.Name+" "+a[0]+" "+a[1], a[2:], v.Usage)
	}
	if err := validKey(v, a[0]); err != nil {
		return Command{}, err
	}
	if err := validValue(a[1]); err != nil {
		return Command{}, err
	}
	return Command{Key: a[0], Value: a[1]}, nil
}

func (s *Sim) applyWorkers(c Command) (string, error) {
	if n := s.set.Servers * c.Count; n > MaxWorkers {
		return "", tooManyProcesses(fmt.Sprint(c.Count), s.set.Servers, c.Count)
	}
	s.set.Workers = c.Count
	s.resize(c.Count)
	return s.changed(fmt.Sprintf("workers %d", c.Count)), nil
}

func (s *Sim) applyClass(c Command) (string, error) {
	s.set.Class = c.Word
	switch {
	case c.ClassSize > 0 && c.Word == "gthread":
		s.set.Threads = c.ClassSize
	case c.ClassSize > 0 && c.Word == "gevent":
		s.set.Connections = c.ClassSize
	}
	s.recapacity()
	return s.changed(s.classLine()), nil
}

func (s *Sim) applyThreads(c Command) (string, error) {
	s.set.Threads = c.Count
	s.recapacity()
	return s.changed(fmt.Sprintf("threads %d", c.Count)), nil
}

func (s *Sim) applyConnections(c Command) (string, error) {
	s.set.Connections = c.Count
	s.recapacity()
	return s.changed(fmt.Sprintf("connections %d", c.Count)), nil
}

func (s *Sim) applyStore(c Command) (string, error) {
	s.set.Store = c.Word
	return s.changed("store " + c.Word), nil
}

func (s *Sim) applyBalancer(c Command) (string, error) {
	if c.Word == "accept" && s.set.Servers > 1 {
		return "", &LineError{Word: c.Word, Msg: fmt.Sprintf("balancer accept means clients reach one gunicorn directly, but %d servers need nginx to pick one: "+
			"round-robin (its default), least-conn or ip-hash; servers 1 first removes nginx", s.set.Servers)}
	}
	s.set.Balancer = c.Word
	if c.Word == "accept" {
		return s.changed("balancer accept: clients reach gunicorn directly; the kernel picks the worker"), nil
	}
	return s.changed(fmt.Sprintf("balancer %s: nginx picks the server, the kernel on it the worker", c.Word)), nil
}

func (s *Sim) applyServers(c Command) (string, error) {
	if c.Count*s.set.Workers > MaxWorkers {
		return "", tooManyProcesses(fmt.Sprint(c.Count), c.Count, s.set.Workers)
	}
	nginx := ""
	if c.Count > 1 && s.set.Balancer == "accept" {
		s.set.Balancer = "round-robin"
		nginx = "; nginx in front, round-robin (its default)"
	}
	s.setServers(c.Count)
	return s.changed(fmt.Sprintf("servers %d × %d workers%s", c.Count, s.set.Workers, nginx)), nil
}

// tooManyProcesses is the error of a servers × workers product past MaxWorkers.
func tooManyProcesses(word string, servers, workers int) error {
	return &LineError{Word: word, Msg: fmt.Sprintf("%d servers × %d workers is %d processes; the lab runs at most %d", servers, workers, servers*workers, MaxWorkers)}
}

// NginxMethod names nginx's upstream directive for a balancer: round-robin
// (the default, no directive), least_conn, ip_hash.
func NginxMethod(balancer string) string {
	switch balancer {
	case "least-conn":
		return "least_conn"
	case "ip-hash":
		return "ip_hash"
	}
	return "round-robin"
}

func (s *Sim) applyPreload(c Command) (string, error) {
	s.set.Preload = c.On
	if s.relaunchIfFresh() {
		return s.changed("preload " + onOffWord(c.On)), nil
	}
	// gunicorn reads --preload when it starts: changing it means a restart.
	return s.changed("preload " + onOffWord(c.On) + "; " + s.restartServer()), nil
}

func (s *Sim) applyGlobal(c Command) (string, error) {
	return s.defineGlobal(c.Key, c.Value), nil
}

func (s *Sim) applyMaxRequests(c Command) (string, error) {
	s.set.MaxRequests, s.set.MaxRequestsJitter = c.MaxRequests, c.Jitter
	s.redrawMaxRequests()
	return s.changed(fmt.Sprintf("max-requests %d jitter %d", c.MaxRequests, c.Jitter)), nil
}

func (s *Sim) applyTimeout(c Command) (string, error) {
	s.set.Timeout = c.Dur
	return s.changed("timeout " + c.Dur.String()), nil
}

func (s *Sim) applyCores(c Command) (string, error) {
	s.freeCores += c.Count - s.set.Cores
	s.set.Cores = c.Count
	s.grantCores()
	return s.changed(fmt.Sprintf("cores %d", c.Count)), nil
}

// parseTTL reads a cache timeout as Django takes it: a duration, 0 (not
// cached), none (never expires) or default (Django's 300s).
func parseTTL(verb, w string) (time.Duration, error) {
	switch strings.ToLower(w) {
	case "none":
		return TTLNone, nil
	case "default":
		return djangoTimeout, nil
	}
	d, err := ParseDuration(w)
	if err != nil {
		return 0, bad(w, "%q after %q is not a timeout; expected a duration such as 10s, 0 (not cached), none (never expires) or default (300s)", w, verb)
	}
	return d, nil
}

func parseTTLArg(v *Verb, a []string) (Command, error) {
	if err := one(v, a, "a timeout: a duration such as 10s, 0 (not cached), none (never expires) or default (300s)"); err != nil {
		return Command{}, err
	}
	d, err := parseTTL(v.Name, a[0])
	return Command{Dur: d}, err
}

func (s *Sim) applyTTL(c Command) (string, error) {
	s.set.TTL = c.Dur
	return s.changed("ttl " + DescribeTTL(c.Dur)), nil
}

// DescribeTTL says what a cache timeout does: "none (never expires)",
// "0 (not cached)", "5m0s".
func DescribeTTL(d time.Duration) string {
	switch d {
	case TTLNone:
		return "none (never expires)"
	case 0:
		return "0 (not cached)"
	}
	return d.String()
}

// switchApply is the handler of an on/off setting.
func switchApply(field func(*Settings) *bool) func(*Sim, Command) (string, error) {
	return func(s *Sim, c Command) (string, error) {
		*field(&s.set) = c.On
		return s.changed(c.Verb + " " + onOffWord(c.On)), nil
	}
}

// durApply is the handler of a duration setting.
func durApply(name string, field func(*Settings) *time.Duration) func(*Sim, Command) (string, error) {
	return func(s *Sim, c Command) (string, error) {
		*field(&s.set) = c.Dur
		return s.changed(name + " " + c.Dur.String()), nil
	}
}

// changed logs a setting change and returns its reply.
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

func (s *Sim) applyAppendBy(c Command) (string, error) {
	s.set.AppendBy = c.Word
	return s.changed("append-by " + c.Word), nil
}

func parseSchedule(v *Verb, a []string) (Command, error) {
	if err := one(v, a, "a period such as 10s, or off"); err != nil {
		return Command{}, err
	}
	if strings.ToLower(a[0]) == "off" {
		return Command{Word: "off"}, nil
	}
	d, err := parseDur(v.Name, a[0], false)
	return Command{Dur: d}, err
}

func (s *Sim) applySchedule(c Command) (string, error) {
	s.set.Schedule = c.Dur // 0 for off
	s.restartSchedulers()
	return s.changed(s.describeSchedule()), nil
}

func (s *Sim) applyScheduler(c Command) (string, error) {
	s.set.Scheduler = c.Word
	s.restartSchedulers()
	return s.changed("scheduler " + c.Word + ": " + s.describeSchedule()), nil
}

func (s *Sim) applyQueue(c Command) (string, error) {
	s.set.Queue = c.Word
	if c.Word == "local" {
		return s.changed("queue local: each web worker queues its jobs in memory and runs them in a thread"), nil
	}
	s.startJobWorker()
	s.pullJobWorker()
	return s.changed("queue redis: jobs wait in a Redis list; a job worker of their own runs them"), nil
}

func (s *Sim) applyAcks(c Command) (string, error) {
	s.set.Acks = c.Word
	if c.Word == "late" {
		return s.changed("acks late: a job is acknowledged after it ran (acks_late)"), nil
	}
	return s.changed("acks early: a job is acknowledged as the job worker takes it (Celery's default)"), nil
}

func (s *Sim) applyLayer(c Command) (string, error) {
	s.setLayer(c.Word)
	if c.Word == "redis" {
		return s.changed("layer redis: group messages go through Redis PUBLISH to every worker"), nil
	}
	return s.changed("layer memory: a group message reaches the publishing worker's own subscribers"), nil
}
