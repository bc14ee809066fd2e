package live

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestParseRedisURL(t *testing.T) {
	good := []struct {
		in, addr, pass string
		db             int
	}{
		{"redis://localhost:6379", "localhost:6379", "", 0},
		{"redis://127.0.0.1:6380/3", "127.0.0.1:6380", "", 3},
		{"redis://:s3cret@10.0.0.1:6379/0", "10.0.0.1:6379", "s3cret", 0},
		{"rediss://user:pw@cache.example:6379/15", "cache.example:6379", "pw", 15},
	}
	for _, tc := range good {
		opts, err := ParseRedisURL(tc.in)
		if err != nil {
			t.Errorf("ParseRedisURL(%q) error %v", tc.in, err)
			continue
		}
		if opts.Addr != tc.addr || opts.Password != tc.pass || opts.DB != tc.db {
			t.Errorf("ParseRedisURL(%q) = addr %q pass %q db %d, want %q %q %d", tc.in, opts.Addr, opts.Password, opts.DB, tc.addr, tc.pass, tc.db)
		}
	}
	bad := []struct{ in, want string }{
		{"", "empty"},
		{"localhost:6379", "scheme"},
		{"http://localhost:6379", "scheme"},
		{"redis://localhost", "needs a port"},
		{"redis://:hunter2@localhost:99999/0", "port"},
		{"redis://:hunter2@localhost:6379/x", "database"},
		{"redis://:hunter2@localhost:6379/16", "database"},
		{"redis://localhost:6379/0?dial_timeout=1s", "query"},
		{"redis://:hunter2@[::1", "not a URL"},
		// Passwords holding '?', '/' or '#' split the URL elsewhere.
		{"redis://:1234?x@127.0.0.1:6379/0", "'?' or '#'"},
		{"redis://:12#34@127.0.0.1:6379/0", "'?' or '#'"},
		{"redis://:ab/cd@127.0.0.1:6379/0", "port"},
		{"redis://:hunter2/cd@127.0.0.1:6379/0", "port"},
	}
	for _, tc := range bad {
		_, err := ParseRedisURL(tc.in)
		if err == nil {
			t.Errorf("ParseRedisURL(%q) accepted it", tc.in)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, redisURLForm) {
			t.Errorf("ParseRedisURL(%q) error %q, want it to name %q and the accepted form", tc.in, msg, tc.want)
		}
		for _, secret := range []string{"hunter2", "1234", "ab", "cd", "34"} {
			if strings.Contains(tc.in, secret) && strings.Contains(strings.ReplaceAll(msg, redisURLForm, ""), secret) {
				t.Errorf("ParseRedisURL(%q) error %q repeats %q", tc.in, msg, secret)
			}
		}
		if got := MaskRedisURL(tc.in); got != hiddenURL {
			t.Errorf("MaskRedisURL(%q) = %q; a rejected URL is never shown", tc.in, got)
		}
	}
}

func TestMaskRedisURL(t *testing.T) {
	for in, want := range map[string]string{
		"redis://:pw@h:1/0":       "redis://:****@h:1/0",
		"redis://u:pw@h:1":        "redis://u:****@h:1",
		"redis://h:1/2":           "redis://h:1/2",
		"redis://:p%40ss@h:6379/": "redis://:****@h:6379/",
		"redis://:pw@[::1":        hiddenURL,
		"no-at-sign-here":         hiddenURL,
		"redis://:1234?x@h:1/0":   hiddenURL,
	} {
		if got := MaskRedisURL(in); got != want {
			t.Errorf("MaskRedisURL(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{
		"redis://:pw@h:1/0": true, "redis://h:1/0": false, "redis://:1234?x@h:1/0": true, "redis://u@h:1": false, "%zz@": true,
	} {
		if got := HasPassword(in); got != want {
			t.Errorf("HasPassword(%q) = %v, want %v", in, got, want)
		}
	}
}

// reasons are the only texts a ParseRedisURL error may hold besides the
// fixed frame: nothing taken from the URL.
var reasons = []string{
	"it is empty", "it is not a URL", "the scheme is not redis:// or rediss://", "it has no host",
	"it has a '?' or '#': query options are not supported, and a password holding them must be percent-encoded (%3F, %23)",
	"the host needs a port, as in localhost:6379", "the port is not a number 1..65535",
	"the database (after the last '/') is not a number 0..15; a '/' in the password must be percent-encoded as %2F",
	"go-redis rejects it",
}

// FuzzParseRedisURL checks that the parser never panics and that neither its
// errors nor the masked URL print a password it could have parsed.
func FuzzParseRedisURL(f *testing.F) {
	for _, s := range []string{"redis://:pw@localhost:6379/0", "rediss://u:p@h:1/15", "redis://h", "", "redis://:a@b@c:1/x", "%zz", "redis://:1234?x@127.0.0.1:6379/0", "redis://:ab/cd@h:1/0", "redis://:12#34@h:1/0", "redis://[::1]:6379/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opts, err := ParseRedisURL(s)
		masked := MaskRedisURL(s)
		if err != nil {
			// A rejected URL is never echoed: the error is one fixed reason
			// in a fixed frame, and the mask shows nothing of it.
			known := false
			for _, why := range reasons {
				if err.Error() == fmt.Sprintf("bad Redis URL: %s; expected %s (the URL is not repeated: it may hold a password)", why, redisURLForm) {
					known = true
				}
			}
			if !known {
				t.Fatalf("ParseRedisURL(%q) error %q is not one of the fixed reasons", s, err)
			}
			if masked != hiddenURL {
				t.Fatalf("MaskRedisURL(%q) = %q shows a rejected URL", s, masked)
			}
			return
		}
		if opts == nil || opts.Addr == "" {
			t.Fatalf("ParseRedisURL(%q) accepted it without an address", s)
		}
		if opts.DB < 0 || opts.DB > 15 {
			t.Fatalf("ParseRedisURL(%q) db %d out of range", s, opts.DB)
		}
		m, perr := url.Parse(masked)
		if perr != nil {
			t.Fatalf("MaskRedisURL(%q) = %q, which no longer parses: %v", s, masked, perr)
		}
		if opts.Password != "" {
			if pw, _ := m.User.Password(); pw != "****" {
				t.Fatalf("MaskRedisURL(%q) = %q keeps password %q", s, masked, pw)
			}
			if strings.Contains(masked, opts.Password) && !strings.Contains("****"+m.User.Username()+m.Host+m.Path+m.Scheme, opts.Password) {
				t.Fatalf("MaskRedisURL(%q) = %q holds the password %q", s, masked, opts.Password)
			}
		}
	})
}
