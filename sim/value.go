package sim

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// value is a stored value: a number (generated traffic and counters, no
// allocation), a word typed by a person, or a list (a cart).
type value struct {
	s string // the word; "" means the value is the number n (or the list l)
	n int64
	// l is a list. Several values may share one list, as Python names share
	// one object: a list read from a worker's dict is the dict's own list, so
	// appending to it changes the dict; a list read from a cache is a copy.
	l *[]string
}

func numValue(n int64) value { return value{n: n} }

// listValue is a new list holding a copy of items.
func listValue(items []string) value {
	l := slices.Clone(items)
	if l == nil {
		l = []string{}
	}
	return value{l: &l}
}

// isList reports whether the value is a list.
func (v value) isList() bool { return v.l != nil }

// items returns a list's items (nil for other values).
func (v value) items() []string {
	if v.l == nil {
		return nil
	}
	return *v.l
}

// copied returns a value that shares nothing with v: what unpickling a
// cached value gives.
func (v value) copied() value {
	if v.l != nil {
		return listValue(*v.l)
	}
	return v
}

// String renders the value as a Redis client would print it; a list, which
// a card has little room for, as its first item and how many follow:
// [fig +4].
func (v value) String() string {
	switch {
	case v.l != nil:
		items := *v.l
		if len(items) == 0 {
			return "[]"
		}
		s := "[" + items[0]
		if len(items) > 1 {
			s += " +" + strconv.Itoa(len(items)-1)
		}
		return s + "]"
	case v.s != "":
		return v.s
	}
	return strconv.FormatInt(v.n, 10)
}

// wire is the string a value is stored as in Redis by cache.set: a list as
// a JSON array (Django would pickle it), anything else as String.
func (v value) wire() string {
	if v.l != nil {
		b, _ := json.Marshal(*v.l)
		return string(b)
	}
	return v.String()
}

// fromWire reads a string stored in Redis back into a value.
func fromWire(s string) value {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		var items []string
		if json.Unmarshal([]byte(s), &items) == nil {
			return listValue(items)
		}
	}
	return parseValue(s)
}

// asInt reads the value as a counter, as Redis INCR would: ok is false for a
// value that is not an integer.
func (v value) asInt() (int64, bool) {
	if v.l != nil {
		return 0, false
	}
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

func (v value) equal(o value) bool {
	if v.l != nil || o.l != nil {
		return v.l != nil && o.l != nil && slices.Equal(*v.l, *o.l)
	}
	return v.s == o.s && (v.s != "" || v.n == o.n)
}
