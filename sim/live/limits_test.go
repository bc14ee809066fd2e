//go:build unix

package live

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestIncrOverflow: the largest 64-bit counter cannot count on. Both stores,
// racy and atomic, answer 409 in Redis's words, the counter keeps its value,
// and nothing is logged as an error (Redis is up).
func TestIncrOverflow(t *testing.T) {
	const top = "9223372036854775807"
	for _, store := range []string{StoreLocal, StoreRedis} {
		t.Run(store, func(t *testing.T) {
			s := startServe(t, "-w", "1", "--store", store)
			if r := s.get(t, "/set?k=n&v="+top); r.status != http.StatusOK {
				t.Fatalf("/set = %d %q", r.status, r.body)
			}
			for _, q := range []string{"/incr?k=n", "/incr?k=n&atomic=1"} {
				r := s.get(t, q)
				if r.status != http.StatusConflict || !strings.Contains(r.body, "ERR increment or decrement would overflow") {
					t.Errorf("%s on %s = %d %q; want 409 with Redis's overflow error", q, top, r.status, r.body)
				}
			}
			if r := s.get(t, "/get?k=n"); r.body != top {
				t.Errorf("after the refused increments /get = %q, want %s", r.body, top)
			}
			s.get(t, "/set?k=word&v=ada")
			for _, q := range []string{"/incr?k=word", "/incr?k=word&atomic=1"} {
				r := s.get(t, q)
				if r.status != http.StatusConflict || !strings.Contains(r.body, "ERR value is not an integer or out of range") {
					t.Errorf("%s on ada = %d %q; want 409 with Redis's not-an-integer error", q, r.status, r.body)
				}
			}
			s.get(t, "/pid") // the access lines of every request above are written by now
			s.waitLogN(t, `"GET /pid `, 1, patience)
			if n := s.count("[ERROR]"); n != 0 {
				t.Errorf("%d ERROR lines though the store is up: %v", n, s.log())
			}
		})
	}
}

// TestLocalDictIsCapped: with --max-keys 5 a worker's dict refuses a sixth
// key with 507 and a message teaching noeviction, and still updates the keys
// it holds.
func TestLocalDictIsCapped(t *testing.T) {
	s := startServe(t, "-w", "1", "--max-keys", "5")
	s.waitLog(t, "at most 5 keys each", patience)
	for i := range 5 {
		if r := s.get(t, fmt.Sprintf("/set?k=k%d&v=x", i)); r.status != http.StatusOK {
			t.Fatalf("/set k%d = %d %q", i, r.status, r.body)
		}
	}
	r := s.get(t, "/set?k=k5&v=x")
	if r.status != http.StatusInsufficientStorage || !strings.Contains(r.body, "noeviction") || !strings.Contains(r.body, "5 keys") {
		t.Fatalf("the sixth key: %d %q; want 507 naming the cap and noeviction", r.status, r.body)
	}
	if r := s.get(t, "/incr?k=k6"); r.status != http.StatusInsufficientStorage {
		t.Fatalf("/incr of a new key in a full dict = %d %q; want 507", r.status, r.body)
	}
	if r := s.get(t, "/set?k=k0&v=y"); r.status != http.StatusOK {
		t.Fatalf("updating a key of a full dict = %d %q; want 200", r.status, r.body)
	}
}

// TestEmbeddedRedisIsCapped: with --max-keys 5 the embedded Redis refuses
// writes with Redis's own OOM error once it holds 5 keys, for the views and
// for a Redis client alike; after a DEL it takes writes again.
func TestEmbeddedRedisIsCapped(t *testing.T) {
	s := startServe(t, "-w", "2", "--store", "redis", "--max-keys", "5")
	addr := redisRE.FindStringSubmatch(s.waitLog(t, "embedded miniredis at", patience))[1]
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	for i := range 4 {
		if r := s.get(t, fmt.Sprintf("/set?k=k%d&v=x", i)); r.status != http.StatusOK {
			t.Fatalf("/set k%d = %d %q", i, r.status, r.body)
		}
	}
	if err := rdb.Set(ctx, "fifth", "x", 0).Err(); err != nil {
		t.Fatalf("SET of the fifth key: %v", err)
	}
	r := s.get(t, "/set?k=k5&v=x")
	if r.status != http.StatusInsufficientStorage || !strings.Contains(r.body, "OOM command not allowed") || !strings.Contains(r.body, "noeviction") {
		t.Fatalf("a sixth key through the view: %d %q; want 507 with Redis's OOM error", r.status, r.body)
	}
	if err := rdb.Set(ctx, "sixth", "x", 0).Err(); err == nil || !strings.HasPrefix(err.Error(), "OOM ") {
		t.Fatalf("SET of a sixth key from a client: %v; want Redis's OOM error", err)
	}
	if n, err := rdb.DBSize(ctx).Result(); err != nil || n != 5 {
		t.Fatalf("DBSIZE = %d, %v; want 5", n, err)
	}
	if r := s.get(t, "/get?k=k0"); r.status != http.StatusOK {
		t.Fatalf("reads of a full Redis = %d %q; want 200", r.status, r.body)
	}
	if err := rdb.Del(ctx, "fifth").Err(); err != nil {
		t.Fatalf("DEL on a full Redis: %v", err)
	}
	if r := s.get(t, "/set?k=k5&v=x"); r.status != http.StatusOK {
		t.Fatalf("/set after a DEL made room = %d %q", r.status, r.body)
	}
	if n := s.count("[ERROR]"); n != 0 {
		t.Errorf("%d ERROR lines though Redis is up", n)
	}
}

// TestRequestSizeIsBounded: a request line of 1 MB is refused before the
// view, and one just under the header limit logs a line of bounded length.
func TestRequestSizeIsBounded(t *testing.T) {
	s := startServe(t, "-w", "1")
	// Go's server answers 431 (or cuts the connection while the client is
	// still writing); either way the view never sees it.
	if resp, err := s.client.Get("http://" + s.addr + "/set?k=a&v=" + strings.Repeat("x", 1<<20)); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("a 1 MB request line = %d; want 431", resp.StatusCode)
		}
	}
	long := s.get(t, "/get?k="+strings.Repeat("y", 60_000))
	if long.status != http.StatusBadRequest || len(long.body) > 1000 {
		t.Fatalf("a 60 kB key: %d with a %d-byte body; want a short 400", long.status, len(long.body))
	}
	line := s.waitLog(t, `"GET /get?k=yyy`, patience)
	if len(line) > 1024 || !strings.Contains(line, "more bytes") {
		t.Fatalf("access line of %d bytes for a 60 kB request: %.200q", len(line), line)
	}
	for _, l := range s.log() {
		if len(l) > 2048 {
			t.Fatalf("a log line of %d bytes", len(l))
		}
	}
}

// TestBadQueriesSayWhy: what a query parser would drop is reported, not
// answered as "missing k".
func TestBadQueriesSayWhy(t *testing.T) {
	s := startServe(t, "-w", "1")
	for path, want := range map[string]string{
		"/get?k=%zz":                            `bad percent-escape "%zz"`,
		"/set?k=a;b&v=1":                        "';'",
		"/get?k=a" + strings.Repeat("&x=1", 20): "the query has 21 parameters",
	} {
		r := s.get(t, path)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) || strings.Contains(r.body, "missing k") {
			t.Errorf("%.40s… = %d %q; want 400 saying %q", path, r.status, r.body, want)
		}
	}
}

// TestIOLongerThanTimeoutWarns: a sync worker asked to wait longer than
// --timeout logs why it is about to be killed.
func TestIOLongerThanTimeoutWarns(t *testing.T) {
	s := startServe(t, "-w", "1", "--timeout", "300ms")
	go func() { _, _ = httpGet(&http.Client{Timeout: 5 * time.Second}, "http://"+s.addr+"/incr?k=a&io=2s") }()
	line := s.waitLog(t, "io=2s is not shorter than --timeout 300ms", patience)
	if !strings.Contains(line, "[WARNING]") || !strings.Contains(line, "gunicorn") {
		t.Fatalf("warning %q", line)
	}
	s.waitLog(t, "WORKER TIMEOUT", patience)
}
