package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The argument readers every verb's parse is built from. Each returns a
// *LineError naming the word at fault and what is accepted.

// parseInt reads a whole number lo..hi after verb.
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

// parseDur reads a duration after verb; zeroOK allows 0.
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

// one checks that a verb got exactly one argument, naming what it needs.
func one(v *Verb, a []string, need string) error {
	if len(a) == 0 {
		return missing(v.Name, need)
	}
	if len(a) > 1 {
		return extra(v.Name, a[1:], v.Usage)
	}
	return nil
}

// countArg parses "VERB N" with lo <= N <= hi into Command.Count.
func countArg(lo, hi int) func(*Verb, []string) (Command, error) {
	return func(v *Verb, a []string) (Command, error) {
		if err := one(v, a, fmt.Sprintf("a whole number %d..%d", lo, hi)); err != nil {
			return Command{}, err
		}
		n, err := parseInt(v.Name, a[0], lo, hi)
		return Command{Count: n}, err
	}
}

// durArg parses "VERB D" into Command.Dur; zeroOK allows 0.
func durArg(zeroOK bool) func(*Verb, []string) (Command, error) {
	return func(v *Verb, a []string) (Command, error) {
		if err := one(v, a, "a duration such as 5ms, 2s or 1m"); err != nil {
			return Command{}, err
		}
		d, err := parseDur(v.Name, a[0], zeroOK)
		return Command{Dur: d}, err
	}
}

// enumWord reads one word of set (case-insensitive).
func enumWord(verb, w string, set []string) (string, error) {
	lw := strings.ToLower(w)
	if !slices.Contains(set, lw) {
		return "", bad(w, "unknown %s %q; expected one of %s", verb, w, strings.Join(set, ", "))
	}
	return lw, nil
}

// enumArg parses "VERB WORD" with WORD one of set into Command.Word.
func enumArg(set []string) func(*Verb, []string) (Command, error) {
	return func(v *Verb, a []string) (Command, error) {
		if err := one(v, a, "one of "+strings.Join(set, ", ")); err != nil {
			return Command{}, err
		}
		w, err := enumWord(v.Name, a[0], set)
		return Command{Word: w}, err
	}
}

// onOffArg parses "VERB on|off" into Command.On.
func onOffArg(v *Verb, a []string) (Command, error) {
	if err := one(v, a, "on or off"); err != nil {
		return Command{}, err
	}
	switch strings.ToLower(a[0]) {
	case "on", "true", "yes", "1":
		return Command{On: true}, nil
	case "off", "false", "no", "0":
		return Command{On: false}, nil
	}
	return Command{}, bad(a[0], "%q after %q; expected on or off", a[0], v.Name)
}

// noArgs parses a verb that takes no arguments.
func noArgs(v *Verb, a []string) (Command, error) {
	if len(a) > 0 {
		return Command{}, extra(v.Name, a, v.Usage)
	}
	return Command{}, nil
}

// validKey checks a request's key.
func validKey(v *Verb, k string) error {
	if len(k) > 200 {
		return bad(k[:20]+"…", "key is too long (%d bytes); expected at most 200", len(k))
	}
	if strings.HasPrefix(k, "-") {
		return bad(k, "%q is not a key; usage: %s", k, v.Usage)
	}
	return nil
}

// validValue checks a value given on a line.
func validValue(s string) error {
	if len(s) > 1000 {
		return bad(s[:20]+"…", "value is too long (%d bytes); expected at most 1000", len(s))
	}
	return nil
}

// onOffWord spells a switch.
func onOffWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
