package live

import (
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
		{"http://localhost:6379", `scheme "http"`},
		{"redis://localhost", "needs a port"},
		{"redis://:hunter2@localhost:99999/0", `port "99999"`},
		{"redis://:hunter2@localhost:6379/x", `database "x"`},
		{"redis://:hunter2@localhost:6379/16", `database "16"`},
		{"redis://localhost:6379/0?dial_timeout=1s", "query"},
		{"redis://:hunter2@[::1", "not a URL"},
	}
	for _, tc := range bad {
		_, err := ParseRedisURL(tc.in)
		if err == nil {
			t.Errorf("ParseRedisURL(%q) accepted it", tc.in)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "--redis-url") || !strings.Contains(msg, redisURLForm) {
			t.Errorf("ParseRedisURL(%q) error %q, want it to name %q, the flag and the accepted form", tc.in, msg, tc.want)
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("ParseRedisURL(%q) error %q prints the password", tc.in, msg)
		}
	}
}

func TestMaskRedisURL(t *testing.T) {
	for in, want := range map[string]string{
		"redis://:pw@h:1/0":       "redis://:****@h:1/0",
		"redis://u:pw@h:1":        "redis://u:****@h:1",
		"redis://h:1/2":           "redis://h:1/2",
		"redis://:pw@[::1":        "redis://****@[::1",
		"no-at-sign-here":         "no-at-sign-here",
		"redis://:p%40ss@h:6379/": "redis://:****@h:6379/",
	} {
		if got := MaskRedisURL(in); got != want {
			t.Errorf("MaskRedisURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseRedisURL checks that the parser never panics and that neither its
// errors nor the masked URL print a password it could have parsed.
func FuzzParseRedisURL(f *testing.F) {
	for _, s := range []string{"redis://:pw@localhost:6379/0", "rediss://u:p@h:1/15", "redis://h", "", "redis://:a@b@c:1/x", "%zz", "redis://[::1]:6379/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opts, err := ParseRedisURL(s)
		masked := MaskRedisURL(s)
		if err == nil {
			if opts == nil || opts.Addr == "" {
				t.Fatalf("ParseRedisURL(%q) accepted it without an address", s)
			}
			if opts.DB < 0 || opts.DB > 15 {
				t.Fatalf("ParseRedisURL(%q) db %d out of range", s, opts.DB)
			}
			if opts.Password != "" {
				m, err := url.Parse(masked)
				if err != nil {
					t.Fatalf("MaskRedisURL(%q) = %q, which no longer parses: %v", s, masked, err)
				}
				if pw, _ := m.User.Password(); pw != "****" {
					t.Fatalf("MaskRedisURL(%q) = %q keeps password %q", s, masked, pw)
				}
			}
		} else if !strings.Contains(err.Error(), redisURLForm) {
			t.Fatalf("ParseRedisURL(%q) error %q does not say what is accepted", s, err)
		}
	})
}
