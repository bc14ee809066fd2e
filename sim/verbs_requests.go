package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Requests: hand-sent requests to the views, and generated traffic.

// requestVerbs is the requests family.
func requestVerbs() []*Verb {
	return []*Verb{
		{Name: "set", Usage: "set KEY VALUE [ttl D|none] [xN] [clients C]", Example: "set user ada",
			Doc:   "send /set?k=KEY&v=VALUE (N times, from one client or C at once)",
			parse: parseSet, apply: (*Sim).applyRequest},
		{Name: "get", Usage: "get KEY [xN] [clients C]", Example: "get user x8",
			Doc:   "send /get?k=KEY, N times (one client, or C at once)",
			parse: parseRequest(false), apply: (*Sim).applyRequest},
		{Name: "incr", Usage: "incr KEY [xN] [clients C] [--atomic]", Example: "incr hits x100 clients 8",
			Doc:   "send /incr?k=KEY: GET, I/O, SET; --atomic uses INCR",
			parse: parseRequest(true), apply: (*Sim).applyRequest},
		{Name: "append", Usage: "append KEY ITEM [xN] [clients C]", Example: "append cart apple x3",
			Doc:   "send /append?k=KEY&v=ITEM: add ITEM to the list under KEY, as append-by says",
			parse: parseAppend, apply: (*Sim).applyRequest},
		{Name: "subscribe", Usage: "subscribe [N]", Example: "subscribe 8",
			Doc:   "connect N websocket clients (1 by default) to the group; each lands on one worker",
			parse: parseSubscribe, apply: func(s *Sim, c Command) (string, error) { return s.subscribe(c.Count), nil }},
		{Name: "publish", Usage: "publish MSG [xN] [clients C]", Example: "publish hello x5",
			Doc:   "send /publish?m=MSG, whose view sends MSG to the group (group_send)",
			parse: parsePublish, apply: (*Sim).applyRequest},
		{Name: "enqueue", Usage: "enqueue [xN] [clients C]", Example: "enqueue x10",
			Doc:   "send /signup, whose view queues a background job (a welcome email) and answers",
			parse: parseEnqueue, apply: (*Sim).applyRequest},
		{Name: "lookup", Usage: "lookup KEY [xN] [clients C]", Example: "lookup page:1 x3",
			Doc:   "cache-aside read: on a miss, query the slow database and fill the cache",
			parse: parseRequest(false), apply: (*Sim).applyRequest},
		{Name: "traffic", Usage: "traffic WORKLOAD [R/s] [clients N] [keys K] [requests N] | traffic off",
			Example: "traffic counter 200/s clients 8", Args: append([]string{"off"}, workloads...),
			Doc:   "start a workload: " + strings.Join(workloads, ", "),
			parse: parseTraffic, apply: (*Sim).applyTraffic},
	}
}

// reqOptions parses the options after a request's key (and value).
func reqOptions(v *Verb, c *Command, a []string, allowAtomic, allowTTL bool) error {
	c.Repeat = 1
	for i := 0; i < len(a); i++ {
		w := strings.ToLower(a[i])
		switch {
		case len(w) > 1 && w[0] == 'x' && w[1] >= '0' && w[1] <= '9':
			n, err := parseInt(v.Name+" ... x", w[1:], 1, MaxRepeat)
			if err != nil {
				return bad(a[i], "%q: expected a repeat count x1..x%d (e.g. x8)", a[i], MaxRepeat)
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
				return missing("ttl", "a timeout such as 10s, 0 (not cached) or none (never expires)")
			}
			d, err := parseTTL("ttl", a[i+1])
			if err != nil {
				return err
			}
			c.TTL, c.HasTTL = d, true
			i++
		default:
			return bad(a[i], "unexpected %q; usage: %s", a[i], v.Usage)
		}
	}
	return nil
}

// parseRequest parses get, incr and lookup: a key, then options.
func parseRequest(allowAtomic bool) func(*Verb, []string) (Command, error) {
	return func(v *Verb, a []string) (Command, error) {
		if len(a) == 0 {
			return Command{}, missing(v.Name, "a key, e.g. "+v.Name+" key0")
		}
		if err := validKey(v, a[0]); err != nil {
			return Command{}, err
		}
		c := Command{Key: a[0]}
		err := reqOptions(v, &c, a[1:], allowAtomic, false)
		return c, err
	}
}

func parseSet(v *Verb, a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing(v.Name, "a key and a value, e.g. set key0 hello")
	}
	if err := validKey(v, a[0]); err != nil {
		return Command{}, err
	}
	if err := validValue(a[1]); err != nil {
		return Command{}, err
	}
	c := Command{Key: a[0], Value: a[1]}
	err := reqOptions(v, &c, a[2:], false, true)
	return c, err
}

func parseSubscribe(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{Count: 1}, nil
	}
	return countArg(1, MaxClients)(v, a)
}

func parsePublish(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing(v.Name, "a message, e.g. publish hello")
	}
	if err := validKey(v, a[0]); err != nil {
		return Command{}, err
	}
	c := Command{Key: a[0]}
	err := reqOptions(v, &c, a[1:], false, false)
	return c, err
}

func parseEnqueue(v *Verb, a []string) (Command, error) {
	c := Command{}
	err := reqOptions(v, &c, a, false, false)
	return c, err
}

func parseAppend(v *Verb, a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing(v.Name, "a key and an item, e.g. append cart apple")
	}
	if err := validKey(v, a[0]); err != nil {
		return Command{}, err
	}
	if err := validValue(a[1]); err != nil {
		return Command{}, err
	}
	c := Command{Key: a[0], Value: a[1]}
	err := reqOptions(v, &c, a[2:], false, false)
	return c, err
}

func parseTraffic(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing(v.Name, "a workload ("+strings.Join(workloads, ", ")+") or off")
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
			if err != nil || math.IsNaN(r) || r < MinRate || r > MaxRate {
				return Command{}, bad(a[i], "%q is not a rate; expected requests per second such as 200/s, from %g/s to %g/s", a[i], MinRate, float64(MaxRate))
			}
			t.Rate = r
			continue
		}
		if i+1 >= len(a) {
			if slices.Contains([]string{"clients", "keys", "requests"}, x) {
				return Command{}, missing(x, "a whole number")
			}
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], v.Usage)
		}
		var err error
		switch x {
		case "clients":
			t.Clients, err = parseInt("clients", a[i+1], 1, MaxClients)
		case "keys":
			t.Keys, err = parseInt("keys", a[i+1], 1, MaxKeys)
		case "requests":
			var n int
			n, err = parseInt("requests", a[i+1], 1, MaxRequests)
			t.Limit = int64(n)
		default:
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], v.Usage)
		}
		if err != nil {
			return Command{}, err
		}
		i++
	}
	return Command{Word: w, Traffic: t}, nil
}

// applyRequest queues hand-sent requests of set, get, incr or lookup.
func (s *Sim) applyRequest(c Command) (string, error) {
	op := consoleOp{key: s.keys.id(c.Key), atomic: c.Atomic, ttl: c.TTL, hasTTL: c.HasTTL}
	switch c.Verb {
	case "set":
		op.op, op.val = opSet, parseValue(c.Value)
	case "get":
		op.op = opGet
	case "incr":
		op.op = opIncr
	case "lookup":
		op.op = opLookup
	case "append":
		op.op, op.item = opAppend, c.Value
	case "enqueue":
		op.op = opEnqueue
	case "publish":
		op.op, op.item = opPublish, c.Key
	}
	s.launch()
	s.queueConsole(op, max(c.Repeat, 1), c.Clients)
	what := strings.TrimSpace(c.Verb + " " + c.Key)
	if c.Verb == "set" || c.Verb == "append" {
		what += " " + c.Value
	}
	if c.Repeat > 1 {
		what += fmt.Sprintf(" ×%d", c.Repeat)
	}
	if c.Clients > 1 {
		what += fmt.Sprintf(" from %d clients", c.Clients)
	}
	return "sent " + what, nil
}

func (s *Sim) applyTraffic(c Command) (string, error) {
	if c.Word == "off" {
		s.stopTraffic()
		return s.changed("traffic off"), nil
	}
	s.launch()
	s.startTraffic(c.Traffic)
	t := s.set.Traffic
	if !usesKeys(t.Workload) {
		return s.changed(fmt.Sprintf("traffic %s, %d clients", t.Workload, t.Clients)), nil
	}
	return s.changed(fmt.Sprintf("traffic %s, %d clients, %d keys", t.Workload, t.Clients, t.Keys)), nil
}
