package sim

import "strconv"

// value is a stored value: a number (generated traffic and counters, no
// allocation) or a word typed by a person.
type value struct {
	s string // the word; "" means the value is the number n
	n int64
}

func numValue(n int64) value { return value{n: n} }

// String renders the value as a Redis client would print it.
func (v value) String() string {
	if v.s != "" {
		return v.s
	}
	return strconv.FormatInt(v.n, 10)
}

// asInt reads the value as a counter, as Redis INCR would: ok is false for a
// value that is not an integer.
func (v value) asInt() (int64, bool) {
	if v.s == "" {
		return v.n, true
	}
	n, err := strconv.ParseInt(v.s, 10, 64)
	return n, err == nil
}

// parseValue turns a word into a value, keeping integers numeric.
func parseValue(s string) value {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && strconv.FormatInt(n, 10) == s {
		return numValue(n)
	}
	return value{s: s}
}

func (v value) equal(o value) bool { return v.s == o.s && (v.s != "" || v.n == o.n) }
