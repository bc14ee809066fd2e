//go:build unix

package live

import (
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLocalStoreDiverges: four workers, four dicts. After one /set, the /get
// answers come from several pids and some of them miss.
func TestLocalStoreDiverges(t *testing.T) {
	s := startServe(t, "-w", "4", "--store", "local")
	set := s.get(t, "/set?k=user&v=ada")
	if set.status != http.StatusOK || set.body != "OK" {
		t.Fatalf("/set = %d %q, want 200 OK", set.status, set.body)
	}
	// Four clients at once: a sync worker takes one connection at a time,
	// so concurrent requests cannot all land on the worker that stored it.
	pids := map[int]bool{}
	hits, misses := 0, 0
	for _, r := range hammer(t, s.client, "http://"+s.addr+"/get?k=user", 4, 25) {
		pids[r.pid] = true
		switch {
		case r.status == http.StatusOK && r.body == "ada":
			hits++
			if r.pid != set.pid {
				t.Fatalf("pid %d found a value only pid %d stored", r.pid, set.pid)
			}
		case r.status == http.StatusNotFound && strings.HasPrefix(r.body, "(missing)"):
			misses++
			if r.pid == set.pid {
				t.Fatalf("pid %d stored the value and then missed it", r.pid)
			}
		default:
			t.Fatalf("/get = %d %q", r.status, r.body)
		}
	}
	if len(pids) < 2 || misses == 0 {
		t.Fatalf("after 100 gets: %d pids, %d misses; want >= 2 pids and >= 1 miss", len(pids), misses)
	}
	t.Logf("local -w 4: %d pids answered, %d hits, %d misses", len(pids), hits, misses)
}

// TestRedisStoreAgrees: with the embedded Redis every worker finds the value.
func TestRedisStoreAgrees(t *testing.T) {
	s := startServe(t, "-w", "4", "--store", "redis")
	if !strings.Contains(s.waitLog(t, "embedded miniredis at 127.0.0.1:", patience), "redis-cli -p") {
		t.Fatal("the embedded Redis address is not printed with a redis-cli hint")
	}
	checkSharedStore(t, s)
}

// checkSharedStore sets a key and reads it 100 times from whichever worker.
func checkSharedStore(t *testing.T, s *server) {
	t.Helper()
	if r := s.get(t, "/set?k=user&v=ada"); r.status != http.StatusOK {
		t.Fatalf("/set = %d %q", r.status, r.body)
	}
	pids := map[int]bool{}
	for _, r := range hammer(t, s.client, "http://"+s.addr+"/get?k=user", 4, 25) {
		if r.status != http.StatusOK || r.body != "ada" {
			t.Fatalf("pid %d answered /get %d %q, want 200 ada", r.pid, r.status, r.body)
		}
		pids[r.pid] = true
	}
	if len(pids) < 2 {
		t.Fatalf("100 gets were answered by %d pid(s); want >= 2 to show the store is shared", len(pids))
	}
}

// TestRedisIncrRaces: GET then SET with I/O in between loses updates across
// four workers; INCR gives exactly 400.
func TestRedisIncrRaces(t *testing.T) {
	s := startServe(t, "-w", "4", "--store", "redis")
	checkIncrRace(t, s)
}

// checkIncrRace runs 8 clients × 50 increments, racy then atomic.
func checkIncrRace(t *testing.T, s *server) {
	t.Helper()
	base := "http://" + s.addr
	racy := hammer(t, s.client, base+"/incr?k=racy&io=2ms", 8, 50)
	atomic := hammer(t, s.client, base+"/incr?k=atomic&atomic=1&io=2ms", 8, 50)
	for _, rs := range [][]reply{racy, atomic} {
		for _, r := range rs {
			if r.status != http.StatusOK {
				t.Fatalf("/incr = %d %q", r.status, r.body)
			}
		}
	}
	got := func(k string) int {
		r := s.get(t, "/get?k="+k)
		n, err := strconv.Atoi(r.body)
		if err != nil {
			t.Fatalf("/get?k=%s = %d %q, want a number", k, r.status, r.body)
		}
		return n
	}
	racyN, atomicN := got("racy"), got("atomic")
	if len(racy) != 400 || racyN >= 400 || racyN < 1 {
		t.Errorf("racy GET+SET: %d acknowledged, final %d; want 400 acknowledged and final < 400", len(racy), racyN)
	}
	if atomicN != 400 {
		t.Errorf("atomic INCR: final %d, want exactly 400", atomicN)
	}
	t.Logf("8 clients x 50 /incr io=2ms: GET+SET final %d of 400 (%d lost), INCR final %d", racyN, 400-racyN, atomicN)
}

// TestRedisDownGives503: when Redis stops, requests get 503 with a message and
// the workers keep serving; when it is back, requests succeed again.
func TestRedisDownGives503(t *testing.T) {
	rs := startRedisServer(t)
	s := startServe(t, "-w", "2", "--store", "redis", "--redis-url", rs.url)
	if r := s.get(t, "/set?k=a&v=1"); r.status != http.StatusOK {
		t.Fatalf("/set with Redis up = %d %q", r.status, r.body)
	}
	pids := s.waitBooted(t, 2)
	rs.stop(t)
	for _, path := range []string{"/get?k=a", "/set?k=a&v=2", "/incr?k=n", "/incr?k=n&atomic=1"} {
		r := s.get(t, path)
		if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "redis unavailable") {
			t.Fatalf("%s with Redis down = %d %q, want 503 naming redis", path, r.status, r.body)
		}
	}
	if r := s.get(t, "/pid"); r.status != http.StatusOK {
		t.Fatalf("/pid with Redis down = %d", r.status)
	}
	for _, p := range pids {
		if !alive(p) {
			t.Fatalf("worker %d died when Redis went down", p)
		}
	}
	if n := s.count("Booting worker"); n != 2 {
		t.Fatalf("%d workers booted; want 2 (none respawned)", n)
	}
}

// TestRealRedis runs the shared-store and race checks against a real
// redis-server given with --redis-url (skipped when it is not installed).
func TestRealRedis(t *testing.T) {
	rs := startRedisServer(t)
	s := startServe(t, "-w", "4", "--redis-url", rs.url)
	if !strings.Contains(s.waitLog(t, "Using store: redis at", patience), rs.url+" (from --redis-url)") {
		t.Fatalf("the log does not name the Redis URL %s", rs.url)
	}
	checkSharedStore(t, s)
	checkIncrRace(t, s)
}

// TestRedisPasswordMasked: a real Redis with a password works through
// --redis-url, and the password appears neither in the log nor in any
// worker's command line.
func TestRedisPasswordMasked(t *testing.T) {
	rs := startRedisServer(t, "--requirepass", "hunter2secret")
	url := "redis://:hunter2secret@" + rs.addr + "/0"
	s := startServe(t, "-w", "2", "--redis-url", url)
	if r := s.get(t, "/set?k=a&v=1"); r.status != http.StatusOK {
		t.Fatalf("/set through a password-protected Redis = %d %q", r.status, r.body)
	}
	for _, l := range s.log() {
		if strings.Contains(l, "hunter2secret") {
			t.Fatalf("log prints the password: %s", l)
		}
	}
	if !strings.Contains(s.waitLog(t, "Using store: redis at", patience), ":****@") {
		t.Fatal("the log does not show the masked URL")
	}
	if w := s.waitLog(t, "password in --redis-url is visible", patience); !strings.Contains(w, "REDIS_URL") {
		t.Fatalf("the warning %q does not offer REDIS_URL", w)
	}
	for _, p := range s.waitBooted(t, 2) {
		b, err := readCmdline(p)
		if err == nil && strings.Contains(b, "hunter2secret") {
			t.Fatalf("worker %d command line holds the password: %q", p, b)
		}
	}
}

// TestRedisURLFromEnvironment: with --store redis and no --redis-url, serve
// takes REDIS_URL, so a password need not sit in its command line; here it
// is the embedded Redis of another server, which then sees the writes.
func TestRedisURLFromEnvironment(t *testing.T) {
	first := startServe(t, "-w", "1", "--store", "redis")
	addr := redisRE.FindStringSubmatch(first.waitLog(t, "embedded miniredis at", patience))[1]
	url := "redis://" + addr + "/0"
	s := launchEnv(t, nil, []string{"REDIS_URL=" + url}, "serve", "--bind", "127.0.0.1:0", "-w", "1", "--store", "redis")
	s.addr = listenRE.FindStringSubmatch(s.waitLog(t, "Listening at:", patience))[1]
	if line := s.waitLog(t, "Using store: redis at", patience); !strings.Contains(line, url+" (from REDIS_URL)") {
		t.Fatalf("log %q does not name %s from REDIS_URL", line, url)
	}
	if r := s.get(t, "/set?k=from&v=env"); r.status != http.StatusOK {
		t.Fatalf("/set = %d %q", r.status, r.body)
	}
	if r := first.get(t, "/get?k=from"); r.status != http.StatusOK || r.body != "env" {
		t.Fatalf("the Redis named by REDIS_URL holds %d %q, want env", r.status, r.body)
	}
	// A bad REDIS_URL is named as such, and not echoed.
	bad := launchEnv(t, nil, []string{"REDIS_URL=redis://:1234?secret@" + addr + "/0"}, "serve", "--store", "redis")
	err := bad.waitExit(t, 5*time.Second)
	if out := flat(bad.log()); exitCodeOf(err) != 2 || !strings.Contains(out, "redis_url: bad redis url") || strings.Contains(out, "secret") {
		t.Fatalf("bad REDIS_URL: exit %d, said %q", exitCodeOf(err), out)
	}
	// Without --store redis the variable is not used: the store stays local.
	local := launchEnv(t, nil, []string{"REDIS_URL=" + url}, "serve", "--bind", "127.0.0.1:0", "-w", "1")
	local.waitLog(t, "Using store: local", patience)
}

// TestBusyPort: a second server on the same address exits 1 naming it.
func TestBusyPort(t *testing.T) {
	s := startServe(t, "-w", "1")
	s2 := launch(t, "serve", "--bind", s.addr)
	err := s2.waitExit(t, 5*time.Second)
	want := "address " + s.addr + " already in use"
	if code := exitCodeOf(err); code != 1 {
		t.Fatalf("second serve exit code %d, want 1", code)
	}
	if !strings.Contains(flat(s2.log()), want) {
		t.Fatalf("second serve said %q, want %q", s2.log(), want)
	}
}

// TestBadFlags: bad values exit 2 and name what was wrong; the password of a
// bad --redis-url is masked.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--redis-url", "redis://:topsecret@localhost/0"}, "bad redis url: the host needs a port"},
		{[]string{"--redis-url", "redis://:1234?topsecret@127.0.0.1:6379/0"}, "bad redis url: it has a '?' or '#'"},
		{[]string{"--redis-url", "http://x:1"}, "the scheme is not redis://"},
		{[]string{"--timeout", "50ms"}, "timeout 50ms is shorter than 300ms"},
		{[]string{"--max-keys", "0"}, "--max-keys 0 out of range"},
		{[]string{"-w", "0"}, "workers 0 out of range: expected 1..64"},
		{[]string{"-w", "many"}, "many"},
		{[]string{"--store", "memcached"}, `store "memcached" unknown: expected local or redis`},
		{[]string{"--bind", "nowhere"}, `bad bind address "nowhere"`},
		{[]string{"--threads", "0"}, "threads 0 out of range"},
		{[]string{"--timeout", "soon"}, "soon"},
	} {
		s := launch(t, append([]string{"serve"}, tc.args...)...)
		err := s.waitExit(t, 5*time.Second)
		out := flat(s.log())
		if code := exitCodeOf(err); code != 2 {
			t.Errorf("serve %v: exit %d, want 2 (output %q)", tc.args, code, out)
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("serve %v said %q, want %q", tc.args, out, tc.want)
		}
		if strings.Contains(out, "topsecret") {
			t.Errorf("serve %v printed the password: %q", tc.args, out)
		}
	}
}

// TestNonLoopbackWarns: binding anything but loopback is allowed when asked
// for, with a warning.
func TestNonLoopbackWarns(t *testing.T) {
	s := launch(t, "serve", "--bind", "0.0.0.0:0")
	s.waitLog(t, "Listening at:", patience)
	s.waitLog(t, "[WARNING] Listening on 0.0.0.0:0, which other machines may reach", patience)
	s.signal(t, syscall.SIGTERM)
	if err := s.waitExit(t, 2*time.Second); err != nil {
		t.Fatalf("serve exit: %v", err)
	}
}

// flat joins output lines with single spaces, in lower case, so checks do not
// depend on how the CLI wraps and capitalises its error box.
func flat(lines []string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Join(lines, " ")), " "))
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(interface{ ExitCode() int }); ok {
		return ee.ExitCode()
	}
	return -1
}
