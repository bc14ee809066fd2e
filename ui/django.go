package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/sim"
)

// djangoPanel shows the Python (Django ≥ 4.0, gunicorn) that the current
// settings stand for, and updates as the settings change.
type djangoPanel struct {
	styles   *theme
	width    int
	height   int
	settings sim.Settings
	addr     string
	globals  string // the globals the cached code was made for
	code     string // cached djangoCode for settings
	view     string // rendered on every change, so View is cheap
}

// newDjangoPanel returns a panel drawn with st.
func newDjangoPanel(st *theme) djangoPanel { return djangoPanel{styles: st} }

// SetStyles replaces the styles (after a background change).
func (p *djangoPanel) SetStyles(st *theme) {
	p.styles = st
	p.view = p.draw()
}

// SetSize sets the panel's width and height in cells.
func (p *djangoPanel) SetSize(w, h int) {
	p.width, p.height = max(w, 0), max(h, 0)
	p.view = p.draw()
}

// SetSnapshot shows the code for snap's settings.
func (p *djangoPanel) SetSnapshot(snap sim.Snapshot) {
	s := snap.Settings
	s.Speed, s.Paused = 0, false // irrelevant to the code: keep the cache warm
	globals := fmt.Sprint(snap.Globals)
	if p.code != "" && s == p.settings && snap.RedisAddr == p.addr && globals == p.globals {
		return
	}
	p.settings, p.addr, p.globals = s, snap.RedisAddr, globals
	p.code = djangoCode(s, snap.RedisAddr, snap.Globals...)
	p.view = p.draw()
}

// View returns the code exactly width × height.
func (p djangoPanel) View() string { return p.view }

// draw renders the code, comments dimmed.
func (p djangoPanel) draw() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	lines := strings.Split(p.code, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "#"); j >= 0 {
			lines[i] = p.styles.Code.Render(l[:j]) + p.styles.Comment.Render(l[j:])
		}
	}
	return fitBlock(strings.Join(lines, "\n"), p.width, p.height)
}

// djangoCode returns the gunicorn command line and the Python views that the
// settings s stand for: a module-level dict or Django's cache, get-then-set or
// an atomic increment, with or without a lock. addr is the Redis address;
// globals are the module-level globals set at import.
func djangoCode(s sim.Settings, addr string, globals ...sim.Global) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, l := range wrapCommand("$ ", "    ", gunicornLine(s)) {
		w("%s", l)
	}
	for _, l := range wrapCommand("# uWSGI: ", "#   ", uwsgiLine(s)) {
		w("%s", l)
	}
	if s.Balancer != "" && s.Balancer != "accept" {
		w("# nginx in front: upstream app { %sserver ...; }", nginxDirective(s.Balancer))
		w("# %d server(s) run this gunicorn; nginx picks the server,", max(s.Servers, 1))
		w("# the kernel on it hands the connection to an idle worker")
	} else {
		w("# the kernel hands each connection to one idle worker")
	}
	w("")
	importGlobals(w, s.Preload, globals)
	io := "time.sleep(%s)  # I/O: other requests run here"
	io = fmt.Sprintf(io, pySeconds(s.IO))
	switch s.Store {
	case "redis":
		loc := "redis://127.0.0.1:6379"
		if addr != "" {
			loc = "redis://" + addr
		}
		w("# settings.py: one Redis that every worker reaches")
		w("# (or Memcached: backends.memcached.PyMemcacheCache)")
		if s.Fallback {
			w("# IGNORE_EXCEPTIONS needs django-redis, not the built-in one")
			w(`CACHES = {"default": {`)
			w(`    "BACKEND": "django_redis.cache.RedisCache",`)
			w(`    "LOCATION": %q,`, loc)
			w(`    "OPTIONS": {"IGNORE_EXCEPTIONS": True}}}`)
		} else {
			w(`CACHES = {"default": {`)
			w(`    "BACKEND": "django.core.cache.backends.redis.RedisCache",`)
			w(`    "LOCATION": %q}}`, loc)
		}
		cacheViews(w, s, io, "Redis")
		if s.RedisDown && !s.Fallback {
			w("# Redis is down: cache.get raises, the view answers 500")
		} else if s.RedisDown {
			w("# Redis is down: get returns None, set is dropped")
		}
	case "locmem":
		w("# settings.py: Django's default cache, one per worker process")
		w(`CACHES = {"default": {`)
		w(`    "BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}`)
		cacheViews(w, s, io, "LocMem")
	default:
		w("# views.py: a module-level dict, one copy per worker process")
		w("STORE = {}")
		if s.Lock || s.Atomic {
			w("LOCK = threading.Lock()  # guards this process's threads only")
		}
		w("")
		w("def set_view(request, k, v):")
		w("    STORE[k] = v")
		w("")
		w("def get_view(request, k):")
		w("    return STORE.get(k)  # None if this worker never saw k")
		w("")
		w("def incr_view(request, k):")
		switch {
		case s.Lock || s.Atomic:
			w("    with LOCK:  # other workers keep their own count")
			w("        v = STORE.get(k, 0)")
			if s.IO > 0 {
				w("        " + io)
			}
			w("        STORE[k] = v + 1")
		default:
			w("    v = STORE.get(k, 0)  # read")
			if s.IO > 0 {
				w("    " + io)
			}
			w("    STORE[k] = v + 1  # write: may undo another's update")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// importGlobals writes the module-level globals: run once in the master and
// forked into every worker with --preload, or once per worker without it.
func importGlobals(w func(string, ...any), preload bool, globals []sim.Global) {
	if len(globals) == 0 {
		return
	}
	if preload {
		w("# module level: runs once, in the master; each worker gets a copy (--preload)")
	} else {
		w("# module level: runs in every worker as it imports the app")
	}
	for _, g := range globals {
		if g.Random {
			w("import secrets")
			break
		}
	}
	for _, g := range globals {
		name := pyName(g.Key)
		switch {
		case g.Random && preload:
			w("%s = secrets.token_hex(3)  # drawn once: every worker starts with it", name)
		case g.Random:
			w("%s = secrets.token_hex(3)  # drawn again in each worker", name)
		case isPyNumber(g.Value):
			w("%s = %s", name, g.Value)
		default:
			w("%s = %q", name, g.Value)
		}
	}
	w("")
}

// pyName turns a key into a Python constant name (token -> TOKEN, a:b -> A_B).
func pyName(key string) string {
	var b strings.Builder
	for i, r := range strings.ToUpper(key) {
		switch {
		case r >= 'A' && r <= 'Z', r == '_', r >= '0' && r <= '9' && i > 0:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteString("_")
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func isPyNumber(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if (r < '0' || r > '9') && !(i == 0 && r == '-' && len(s) > 1) {
			return false
		}
	}
	return true
}

// cacheViews writes the views over django.core.cache for backend.
func cacheViews(w func(string, ...any), s sim.Settings, io, backend string) {
	w("")
	w("from django.core.cache import cache")
	if s.Lock {
		w("LOCK = threading.Lock()  # guards this process's threads only")
	}
	// Every write names its timeout: Django's default expires a key after
	// 300 s, and a counter or a session would vanish with it.
	timeout := pyTimeout(s.TTL)
	w("")
	w("def set_view(request, k, v):")
	w("    cache.set(k, v, timeout=%s)", timeout)
	w("")
	w("def get_view(request, k):")
	w("    return cache.get(k)")
	w("")
	w("def incr_view(request, k):")
	switch {
	case s.Atomic && backend == "Redis":
		w("    cache.add(k, 0, timeout=%s)  # SET NX: create once", timeout)
		w("    return cache.incr(k)  # INCRBY: atomic in Redis")
	case s.Atomic:
		w("    cache.add(k, 0, timeout=%s)", timeout)
		w("    return cache.incr(k)  # atomic in this process only")
	case s.Lock:
		w("    with LOCK:  # other workers still race")
		w("        v = cache.get(k, 0)")
		if s.IO > 0 {
			w("        " + io)
		}
		w("        cache.set(k, v + 1, timeout=%s)", timeout)
	default:
		w("    v = cache.get(k, 0)  # GET")
		if s.IO > 0 {
			w("    " + io)
		}
		w("    # SET: may undo another worker's update")
		w("    cache.set(k, v + 1, timeout=%s)", timeout)
	}
}

// gunicornLine is the command line that starts a server with settings s
// (each server, when nginx is in front of several).
func gunicornLine(s sim.Settings) string {
	parts := []string{"gunicorn", fmt.Sprintf("-w %d", max(s.Workers, 1))}
	switch s.Class {
	case "gthread":
		parts = append(parts, "-k gthread", fmt.Sprintf("--threads %d", s.Threads))
	case "gevent":
		parts = append(parts, "-k gevent", fmt.Sprintf("--worker-connections %d", s.Connections))
	}
	if s.MaxRequests > 0 {
		parts = append(parts, fmt.Sprintf("--max-requests %d", s.MaxRequests))
		if s.MaxRequestsJitter > 0 {
			parts = append(parts, fmt.Sprintf("--max-requests-jitter %d", s.MaxRequestsJitter))
		}
	}
	if s.Timeout > 0 && s.Timeout != 30*time.Second {
		parts = append(parts, fmt.Sprintf("--timeout %s", pySeconds(s.Timeout)))
	}
	if s.Preload {
		parts = append(parts, "--preload")
	}
	return strings.Join(append(parts, "mysite.wsgi"), " ")
}

// nginxDirective is what a balancer adds to nginx's upstream block:
// nothing for round-robin (nginx's default), "least_conn; " or "ip_hash; ".
func nginxDirective(b string) string {
	if m := sim.NginxMethod(b); m != "round-robin" {
		return m + "; "
	}
	return ""
}

// uwsgiLine is the uWSGI command line equivalent to the gunicorn one. uWSGI
// forks after loading the app by default, as gunicorn does with --preload;
// --lazy-apps loads it in each worker instead (SOURCES.md 54-57).
func uwsgiLine(s sim.Settings) string {
	parts := []string{"uwsgi", "-M", fmt.Sprintf("--processes %d", max(s.Workers, 1))}
	switch s.Class {
	case "gthread":
		parts = append(parts, fmt.Sprintf("--threads %d", s.Threads))
	case "gevent":
		parts = append(parts, fmt.Sprintf("--gevent %d", s.Connections))
	}
	if s.MaxRequests > 0 {
		parts = append(parts, fmt.Sprintf("--max-requests %d", s.MaxRequests))
	}
	if !s.Preload {
		parts = append(parts, "--lazy-apps")
	}
	return strings.Join(parts, " ")
}

// pyTimeout spells the ttl setting as Django's timeout argument: None keeps
// forever, 0 means "don't cache" (RedisCache deletes the key), anything else
// is seconds (300 is Django's default).
func pyTimeout(ttl time.Duration) string {
	switch {
	case ttl == sim.TTLNone:
		return "None"
	case ttl <= 0:
		return "0"
	}
	return pySeconds(ttl)
}

// pySeconds spells a duration as Python seconds: 0.005, 10.
func pySeconds(d time.Duration) string {
	return fmt.Sprintf("%g", d.Seconds())
}

// codeWidth is the widest line the code aims for: the panel's width at
// 160×48.
const codeWidth = 62

// wrapCommand lays a command line out within codeWidth as a shell would
// take it: the first line starts with first, the others with cont, each
// line but the last ends with a backslash.
func wrapCommand(first, cont, cmd string) []string {
	var lines []string
	line := first
	for i, word := range strings.Fields(cmd) {
		if i > 0 && lipgloss.Width(line+" "+word+" \\") > codeWidth {
			lines = append(lines, line+" \\")
			line = cont + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
