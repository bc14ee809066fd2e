package sim

import (
	"strings"
	"testing"
	"time"
)

// lastResult runs line, lets the cluster answer it, and returns the result
// of the newest request event whose route starts with route.
func lastResult(t *testing.T, s *Sim, line, route string) string {
	t.Helper()
	exec(t, s, line)
	s.Advance(time.Second, 0)
	evs := s.EventsSince(0, nil)
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind == EventRequest && strings.HasPrefix(evs[i].Route, route) {
			return evs[i].Result
		}
	}
	t.Fatalf("%q: no request event for %s", line, route)
	return ""
}

// TestIncrCannotCountOn: an increment of the largest 64-bit integer, or of a
// word, fails with Redis's words and HTTP 409 in every store, racy or
// atomic, as the live server answers, and the stored value stays.
func TestIncrCannotCountOn(t *testing.T) {
	const top = "9223372036854775807"
	for _, store := range []string{"local", "locmem", "redis"} {
		for _, atomic := range []string{"", " --atomic"} {
			s := newSim(t, 1, Settings{Workers: 1, Store: store})
			for _, tc := range []struct{ value, want string }{
				{top, "409 ERR increment or decrement would overflow"},
				{"ada", "409 ERR value is not an integer or out of range"},
			} {
				exec(t, s, "set n "+tc.value)
				if got := lastResult(t, s, "incr n"+atomic, "GET /incr"); got != tc.want {
					t.Errorf("%s: incr%s of %s answered %q; want %q", store, atomic, tc.value, got, tc.want)
				}
				if got := lastResult(t, s, "get n", "GET /get"); got != tc.value {
					t.Errorf("%s: after a refused incr%s, get n = %q, want %s", store, atomic, got, tc.value)
				}
			}
			if got := lastResult(t, s, "incr fresh"+atomic, "GET /incr"); got != "1" {
				t.Errorf("%s: incr%s of a missing key = %q, want 1", store, atomic, got)
			}
		}
	}
}
