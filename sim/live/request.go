package live

import (
	"fmt"
	"net/url"
	"time"
)

// Limits of what one request may ask for.
const (
	maxKeyLen   = 200
	maxValueLen = 4096
	maxIO       = 60 * time.Second
)

// viewRequest is a parsed query of /set, /get or /incr.
type viewRequest struct {
	Key    string
	Value  string
	Atomic bool
	IO     time.Duration
}

// parseView checks the query of one view ("set", "get" or "incr") and says
// exactly what is wrong and what is accepted.
func parseView(view string, q url.Values) (viewRequest, error) {
	usage := map[string]string{
		"set":  "/set?k=KEY&v=VALUE",
		"get":  "/get?k=KEY",
		"incr": "/incr?k=KEY[&atomic=1][&io=5ms]",
	}[view]
	var r viewRequest
	allowed := map[string]bool{"k": true}
	switch view {
	case "set":
		allowed["v"] = true
	case "incr":
		allowed["atomic"], allowed["io"] = true, true
	}
	for name, vals := range q {
		if !allowed[name] {
			return r, fmt.Errorf("unknown parameter %q; expected %s", name, usage)
		}
		if len(vals) > 1 {
			return r, fmt.Errorf("parameter %q given %d times; expected it once in %s", name, len(vals), usage)
		}
	}
	r.Key = q.Get("k")
	if r.Key == "" {
		return r, fmt.Errorf("missing k; expected %s", usage)
	}
	if len(r.Key) > maxKeyLen {
		return r, fmt.Errorf("k is %d bytes long; expected at most %d", len(r.Key), maxKeyLen)
	}
	if view == "set" {
		v, ok := q["v"]
		if !ok {
			return r, fmt.Errorf("missing v; expected %s", usage)
		}
		r.Value = v[0]
		if len(r.Value) > maxValueLen {
			return r, fmt.Errorf("v is %d bytes long; expected at most %d", len(r.Value), maxValueLen)
		}
	}
	if view == "incr" {
		switch a := q.Get("atomic"); a {
		case "", "0", "false":
		case "1", "true":
			r.Atomic = true
		default:
			return r, fmt.Errorf("atomic=%q; expected atomic=1 or atomic=0", a)
		}
		if s, ok := q["io"]; ok {
			d, err := time.ParseDuration(s[0])
			if err != nil || d < 0 || d > maxIO {
				return r, fmt.Errorf("io=%q; expected a duration 0..60s such as 5ms", s[0])
			}
			r.IO = d
		}
	}
	return r, nil
}
