package live

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Limits of what one request may ask for.
const (
	maxKeyLen      = 200
	maxValueLen    = 4096
	maxIO          = 60 * time.Second
	maxHeaderBytes = 64 << 10 // request line and headers; a longer request gets 431
	maxParams      = 8        // parameters in one query (the views take at most three)
)

// viewRequest is a parsed query of /set, /get or /incr.
type viewRequest struct {
	Key    string
	Value  string
	Atomic bool
	IO     time.Duration
}

// viewUsage is the accepted form of each view's query.
var viewUsage = map[string]string{
	"set":  "/set?k=KEY&v=VALUE",
	"get":  "/get?k=KEY",
	"incr": "/incr?k=KEY[&atomic=1][&io=5ms]",
}

// parseView checks the raw query of one view ("set", "get" or "incr") and
// says exactly what is wrong and what is accepted.
func parseView(view, rawQuery string) (viewRequest, error) {
	usage := viewUsage[view]
	if n := strings.Count(rawQuery, "&") + 1; n > maxParams {
		return viewRequest{}, fmt.Errorf("the query has %d parameters; expected at most %d, as in %s", n, maxParams, usage)
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return viewRequest{}, queryError(err, usage)
	}
	return checkView(view, q)
}

// queryError explains why a query did not parse, where url.Query would
// silently drop the part it could not read.
func queryError(err error, usage string) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "semicolon"):
		return fmt.Errorf("the query contains ';', which does not separate parameters; use & between them (or %%3B for a literal ;); expected %s", usage)
	case strings.Contains(msg, "invalid URL escape"):
		var esc url.EscapeError
		if errors.As(err, &esc) {
			return fmt.Errorf("bad percent-escape %q in the query: %% must be followed by two hex digits (write %%25 for a literal %%); expected %s", string(esc), usage)
		}
		return fmt.Errorf("bad percent-escape in the query: %% must be followed by two hex digits (write %%25 for a literal %%); expected %s", usage)
	}
	return fmt.Errorf("the query does not parse (%v); expected %s", err, usage)
}

// viewParam reports whether a view takes the query parameter name.
func viewParam(view, name string) bool {
	switch name {
	case "k":
		return true
	case "v":
		return view == "set"
	case "atomic", "io":
		return view == "incr"
	}
	return false
}

// checkView checks the parsed query of one view.
func checkView(view string, q url.Values) (viewRequest, error) {
	usage := viewUsage[view]
	var r viewRequest
	for name, vals := range q {
		if !viewParam(view, name) {
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
