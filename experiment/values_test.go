package experiment

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseValues(t *testing.T) {
	for _, c := range []struct {
		axis, list string
		want       []string
	}{
		{"workers", "1,2, 4 ,8", []string{"1", "2", "4", "8"}},
		{"workers", "1..4,8", []string{"1", "2", "3", "4", "8"}},
		{"clients", "-1..1", []string{"-1", "0", "1"}},
		{"store", "local,redis", []string{"local", "redis"}},
		{"class", "sync,gthread 8", []string{"sync", "gthread 8"}},
		{"io", "1..2", []string{"1..2"}}, // not a whole-number axis: the command language judges it
	} {
		got, err := ParseValues(c.axis, c.list)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParseValues(%q, %q) = %q, %v; want %q", c.axis, c.list, got, err, c.want)
		}
	}
	for _, c := range []struct{ axis, list, want string }{
		{"workers", "4..1", "not a range"},
		{"workers", "1..x", "not a range"},
		{"workers", "1,,2", "empty value"},
		{"workers", "1..257", "at most 256"},
		{"requests", "1..9999999999999", "at most 256"},
	} {
		if _, err := ParseValues(c.axis, c.list); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseValues(%q, %q): err %v, want %q", c.axis, c.list, err, c.want)
		}
	}
}

// FuzzParseValues: no list panics, and what comes out is bounded and has no
// empty value.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"1..16", "1,2,4", "-5..-1", "..", "1..", "9223372036854775807..9223372036854775807", "a,b", " , "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		vs, err := ParseValues("workers", list)
		if err != nil {
			return
		}
		if len(vs) > MaxRangeValues*(strings.Count(list, ",")+1) {
			t.Fatalf("%q gave %d values", list, len(vs))
		}
		for _, v := range vs {
			if v == "" {
				t.Fatalf("%q gave an empty value", list)
			}
			if _, err := strconv.Atoi(v); err != nil && strings.Contains(v, "..") && !strings.Contains(list, v) {
				t.Fatalf("%q gave %q", list, v)
			}
		}
	})
}
