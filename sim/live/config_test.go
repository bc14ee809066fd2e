package live

import (
	"strings"
	"testing"
	"time"
)

func TestParseBind(t *testing.T) {
	good := map[string]struct {
		host string
		port int
		loop bool
	}{
		"127.0.0.1:8000": {"127.0.0.1", 8000, true},
		"localhost:0":    {"localhost", 0, true},
		"[::1]:9000":     {"::1", 9000, true},
		"0.0.0.0:80":     {"0.0.0.0", 80, false},
		":8000":          {"", 8000, false},
	}
	for in, want := range good {
		h, p, err := ParseBind(in)
		if err != nil || h != want.host || p != want.port || IsLoopback(h) != want.loop {
			t.Errorf("ParseBind(%q) = %q %d %v (loopback %v); want %+v", in, h, p, err, IsLoopback(h), want)
		}
	}
	for in, want := range map[string]string{
		"8000":               "expected HOST:PORT",
		"example.com:80":     `host "example.com" is not an IP address`,
		"127.0.0.1:http":     `port "http" is not a number`,
		"127.0.0.1:65536":    `port "65536"`,
		"127.0.0.1:-1":       `port "-1"`,
		"127.0.0.1:080":      `port "080"`,
		"127.0.0.1:+80":      `port "+80"`,
		"127.0.0.1:8000:800": "expected HOST:PORT",
	} {
		if _, _, err := ParseBind(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBind(%q) error %v, want it to say %q", in, err, want)
		}
	}
}

// FuzzParseBind checks that no address panics the parser and that accepted
// ones have a port in range.
func FuzzParseBind(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8000", "[::1]:0", ":80", "x", "1.2.3.4:99999", "[fe80::1%eth0]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, p, err := ParseBind(s)
		if err != nil {
			if !strings.Contains(err.Error(), "expected HOST:PORT") && !strings.Contains(err.Error(), "is not") {
				t.Fatalf("ParseBind(%q) error %q says nothing of what is accepted", s, err)
			}
			return
		}
		if p < 0 || p > 65535 {
			t.Fatalf("ParseBind(%q) accepted port %d", s, p)
		}
		_ = IsLoopback(h)
	})
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Exe: "/bin/true", Workers: 4}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate(%+v) = %v", ok, err)
	}
	for _, tc := range []struct {
		mut  func(*Config)
		want string
	}{
		{func(c *Config) { c.Exe = "" }, "no worker binary"},
		{func(c *Config) { c.Workers = 0 }, "workers 0 out of range: expected 1..64"},
		{func(c *Config) { c.Workers = 65 }, "workers 65 out of range"},
		{func(c *Config) { c.Threads = -1 }, "threads -1 out of range"},
		{func(c *Config) { c.Threads = 257 }, "threads 257 out of range"},
		{func(c *Config) { c.Store = "memcached" }, `store "memcached" unknown`},
		{func(c *Config) { c.Store, c.RedisURL = StoreLocal, "redis://h:1/0" }, "--redis-url needs --store redis"},
		{func(c *Config) { c.Store, c.RedisURL = StoreRedis, "redis://h/0" }, "needs a port"},
		{func(c *Config) { c.MaxRequests = -1 }, "max-requests -1"},
		{func(c *Config) { c.MaxJitter = -1 }, "max-requests-jitter -1"},
		{func(c *Config) { c.Timeout = -time.Second }, "timeout -1s"},
		{func(c *Config) { c.Bind = "nowhere" }, `bad bind address "nowhere"`},
	} {
		c := ok
		tc.mut(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", c, err, tc.want)
		}
	}
	// Start fills what Validate requires.
	if d := (Config{}).withDefaults(); d.Workers != 1 || d.Threads != 1 || d.Bind != DefaultBind || d.Store != StoreLocal {
		t.Fatalf("defaults %+v", d)
	}
	if d := (Config{RedisURL: "redis://h:1/0"}).withDefaults(); d.Store != StoreRedis {
		t.Fatalf("a Redis URL alone should pick the redis store, got %q", d.Store)
	}
}
