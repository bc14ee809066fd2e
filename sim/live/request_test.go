package live

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseView(t *testing.T) {
	good := []struct {
		view, query string
		want        viewRequest
	}{
		{"set", "k=a&v=1", viewRequest{Key: "a", Value: "1"}},
		{"set", "k=a&v=", viewRequest{Key: "a", Value: ""}},
		{"get", "k=hits", viewRequest{Key: "hits"}},
		{"incr", "k=n&atomic=1&io=2ms", viewRequest{Key: "n", Atomic: true, IO: 2 * time.Millisecond}},
		{"incr", "k=n&atomic=0", viewRequest{Key: "n"}},
	}
	for _, tc := range good {
		got, err := parseView(tc.view, tc.query)
		if err != nil || got != tc.want {
			t.Errorf("parseView(%s, %q) = %+v, %v; want %+v", tc.view, tc.query, got, err, tc.want)
		}
	}
	bad := []struct{ view, query, want string }{
		{"set", "k=a", "missing v"},
		{"get", "", "missing k"},
		{"get", "k=a&k=b", "given 2 times"},
		{"get", "key=a", `unknown parameter "key"`},
		{"incr", "k=a&atomic=yes", `atomic="yes"`},
		{"incr", "k=a&io=5", `io="5"`},
		{"incr", "k=a&io=2m", `io="2m"`},
		{"incr", "k=a&io=-1s", `io="-1s"`},
		{"get", "k=" + strings.Repeat("x", 201), "201 bytes"},
		// What url.Query silently drops is named, not reported as "missing k".
		{"get", "k=%zz", `bad percent-escape "%zz"`},
		{"set", "k=a;b&v=1", "';'"},
		{"get", "k=a&" + strings.Repeat("x=1&", 200000), "the query has 200002 parameters; expected at most 8"},
	}
	for _, tc := range bad {
		_, err := parseView(tc.view, tc.query)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseView(%s, %q) error %v, want it to say %q", tc.view, tc.query, err, tc.want)
		}
	}
}

// FuzzParseView checks that no query string panics the parser and that what
// it accepts stays within the documented limits.
func FuzzParseView(f *testing.F) {
	for _, s := range []string{"k=a&v=b", "k=n&atomic=1&io=5ms", "k=&v=", "io=9999h&k=x", "k=%zz", "atomic=1&atomic=0&k=a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, view := range []string{"set", "get", "incr"} {
			r, err := parseView(view, raw)
			if err != nil {
				if !strings.Contains(err.Error(), "expected") {
					t.Fatalf("parseView(%s, %q) error %q does not say what is expected", view, raw, err)
				}
				continue
			}
			if r.Key == "" || len(r.Key) > maxKeyLen || len(r.Value) > maxValueLen || r.IO < 0 || r.IO > maxIO {
				t.Fatalf("parseView(%s, %q) accepted %+v", view, raw, r)
			}
			if _, perr := url.ParseQuery(raw); perr != nil {
				t.Fatalf("parseView(%s, %q) accepted a query url.ParseQuery rejects: %v", view, raw, perr)
			}
		}
	})
}
