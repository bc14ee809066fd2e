package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

func TestDjangoCode(t *testing.T) {
	base := sim.DefaultSettings()
	base.IO = 5 * time.Millisecond
	with := func(f func(*sim.Settings)) sim.Settings { s := base; f(&s); return s }
	tests := []struct {
		name    string
		s       sim.Settings
		want    []string
		notWant []string
	}{
		{"global dict", base, []string{"gunicorn -w 4 mysite.wsgi", "STORE = {}", "v = STORE.get(k, 0)", "time.sleep(0.005)"}, []string{"cache", "LOCK"}},
		{"lock", with(func(s *sim.Settings) { s.Lock = true }), []string{"LOCK = threading.Lock()", "with LOCK:"}, []string{"cache"}},
		{"gthread", with(func(s *sim.Settings) { s.Class, s.Threads = "gthread", 4 }), []string{"-k gthread --threads 4"}, nil},
		{"gevent", with(func(s *sim.Settings) { s.Class, s.Connections = "gevent", 100 }), []string{"-k gevent --worker-connections 100"}, nil},
		{"recycling", with(func(s *sim.Settings) { s.MaxRequests, s.MaxRequestsJitter, s.Preload = 50, 5, true }),
			[]string{"$ gunicorn -w 4 --max-requests 50 --max-requests-jitter 5 \\\n    --preload mysite.wsgi"}, nil},
		{"locmem", with(func(s *sim.Settings) { s.Store = "locmem" }), []string{"LocMemCache", "cache.get(k)", "v = cache.get(k, 0)"}, []string{"STORE"}},
		{"redis racy", with(func(s *sim.Settings) { s.Store, s.TTL = "redis", sim.TTLNone }),
			[]string{"backends.redis.RedisCache", `"redis://127.0.0.1:7000"`, "cache.set(k, v + 1, timeout=None)", "timeout=None"}, []string{"cache.incr", "django_redis"}},
		{"redis atomic", with(func(s *sim.Settings) { s.Store, s.Atomic, s.TTL = "redis", true, sim.TTLNone }), []string{"cache.add(k, 0, timeout=None)", "cache.incr(k)", "INCRBY"}, []string{"cache.set(k, v + 1"}},
		{"redis ttl", with(func(s *sim.Settings) { s.Store, s.TTL = "redis", 10*time.Second }), []string{"timeout=10"}, []string{"timeout=None"}},
		{"redis default ttl", with(func(s *sim.Settings) { s.Store = "redis" }), []string{"timeout=300"}, []string{"timeout=None", "timeout=0"}},
		{"redis ttl none", with(func(s *sim.Settings) { s.Store, s.TTL = "redis", sim.TTLNone }), []string{"timeout=None"}, []string{"timeout=300"}},
		{"redis ttl 0", with(func(s *sim.Settings) { s.Store, s.TTL = "redis", 0 }), []string{"timeout=0"}, []string{"timeout=None"}},
		{"redis fallback", with(func(s *sim.Settings) { s.Store, s.Fallback = "redis", true }), []string{"django_redis.cache.RedisCache", "IGNORE_EXCEPTIONS"}, nil},
		{"redis down", with(func(s *sim.Settings) { s.Store, s.RedisDown = "redis", true }), []string{"500"}, nil},
		{"nginx", with(func(s *sim.Settings) { s.Balancer, s.Servers = "ip-hash", 2 }),
			[]string{"upstream app { ip_hash; server ...; }", "2 server(s) run this gunicorn", "gunicorn -w 4 mysite.wsgi", "nginx picks the server", "the kernel on it hands"}, []string{"-w 1"}},
		{"uwsgi", with(func(s *sim.Settings) { s.Class, s.Threads = "gthread", 4 }), []string{"# uWSGI: uwsgi -M --processes 4 --threads 4 --lazy-apps"}, nil},
		{"uwsgi preload", with(func(s *sim.Settings) { s.Preload = true }), []string{"# uWSGI: uwsgi -M --processes 4\n"}, []string{"--lazy-apps"}},
		{"memcached beside redis", with(func(s *sim.Settings) { s.Store = "redis" }), []string{"PyMemcacheCache"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := djangoCode(tt.s, "127.0.0.1:7000")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("djangoCode lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("djangoCode has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestDjangoPanelFollowsSettings(t *testing.T) {
	p := newDjangoPanel(newTheme(true))
	p.SetSize(60, 30)
	p.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Workers: 2, Store: "local"}})
	if !strings.Contains(p.View(), "STORE = {}") {
		t.Fatalf("local store not shown:\n%s", p.View())
	}
	p.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Workers: 2, Store: "redis"}})
	if v := p.View(); strings.Contains(v, "STORE = {}") || !strings.Contains(v, "RedisCache") {
		t.Fatalf("panel did not follow the store change:\n%s", v)
	}
	checkSize(t, p.View(), 60, 30)
}

func TestDjangoCodeShowsImportGlobals(t *testing.T) {
	globals := []sim.Global{{Key: "token", Random: true}, {Key: "page:size", Value: "20"}, {Key: "mode", Value: "fast"}}
	s := sim.Settings{Workers: 4, Class: "sync", Store: "local", Balancer: "accept"}
	got := djangoCode(s, "", globals...)
	for _, w := range []string{"import secrets", "TOKEN = secrets.token_hex(3)  # drawn again in each worker", "PAGE_SIZE = 20", `MODE = "fast"`, "runs in every worker"} {
		if !strings.Contains(got, w) {
			t.Errorf("djangoCode lacks %q:\n%s", w, got)
		}
	}
	s.Preload = true
	if got := djangoCode(s, "", globals...); !strings.Contains(got, "drawn once: every worker starts with it") || !strings.Contains(got, "(--preload)") {
		t.Errorf("with preload the code does not say the master draws once:\n%s", got)
	}
	if got := djangoCode(s, ""); strings.Contains(got, "module level") {
		t.Errorf("no globals, yet a module-level block:\n%s", got)
	}
}

// The panel is about 62 columns wide at 160×48: no line of the code for
// these settings needs more, so none is cut.
func TestDjangoCodeFitsThePanel(t *testing.T) {
	base := sim.DefaultSettings()
	for _, f := range []func(*sim.Settings){
		func(s *sim.Settings) {},
		func(s *sim.Settings) { s.Servers, s.Balancer = 16, "least-conn" },
		func(s *sim.Settings) { s.Store, s.Fallback = "redis", true },
		func(s *sim.Settings) { s.Class, s.Threads, s.MaxRequests = "gthread", 256, 1000000 },
		func(s *sim.Settings) { s.Class, s.Connections = "gevent", 100000 },
	} {
		s := base
		f(&s)
		for _, l := range strings.Split(djangoCode(s, "127.0.0.1:65535", sim.Global{Key: "token", Random: true}), "\n") {
			if n := len([]rune(l)); n > 62 {
				t.Errorf("a line of %d columns: %q", n, l)
			}
		}
	}
}
