package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// workerState is what a worker process knows about itself, shared by its
// handlers and its heartbeat.
type workerState struct {
	pid, slot, gen int
	storeName      string
	store          store
	log            *logger
	maxRequests    int64         // 0 = never retire
	maxKeys        int           // the dict's cap (serve --max-keys)
	sync           bool          // one request at a time: the heartbeat stops while it runs
	timeout        time.Duration // the master's --timeout (0 = never)
	events         io.Writer     // the pipe to the master: one record per request, or nil

	served   atomic.Int64 // requests started
	inFlight atomic.Int64
	done     atomic.Int64 // requests completed (the heartbeat watches it)
	retiring atomic.Bool
	retire   func() // called once when max-requests is reached

	mu    sync.Mutex
	doing string
}

// StateReply is the JSON body of /state: one worker and what it would read.
type StateReply struct {
	Pid           int    `json:"pid"`
	Slot          int    `json:"slot"`
	Generation    int    `json:"generation"`
	Store         string `json:"store"`
	Served        int64  `json:"served"`
	InFlight      int64  `json:"in_flight"`
	Doing         string `json:"doing"`
	Keys          []KV   `json:"keys"`
	KeysTruncated bool   `json:"keys_truncated,omitempty"`
	Error         string `json:"error,omitempty"`
}

// routes builds the public handler (served on the shared socket).
func (w *workerState) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/set", w.view("set"))
	mux.HandleFunc("/get", w.view("get"))
	mux.HandleFunc("/incr", w.view("incr"))
	mux.HandleFunc("/state", w.state)
	mux.HandleFunc("/pid", func(rw http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(rw, "%d\n", w.pid)
	})
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.Error(rw, fmt.Sprintf("no page %s; try /set?k=KEY&v=VALUE, /get?k=KEY, /incr?k=KEY[&atomic=1][&io=5ms], /state, /pid", cut(r.URL.Path, logTargetMax)), http.StatusNotFound)
			return
		}
		fmt.Fprintf(rw, "workerlab worker pid %d (slot %d, store %s)\n"+
			"  /set?k=KEY&v=VALUE               store a value\n"+
			"  /get?k=KEY                       read it (404 when this worker's store lacks it)\n"+
			"  /incr?k=KEY[&atomic=1][&io=5ms]  GET, wait io, SET; atomic=1 uses INCR or a lock\n"+
			"  /state                           this worker's pid and what it holds (JSON)\n"+
			"  /pid                             the pid that answered\n", w.pid, w.slot, w.storeName)
	})
	return w.middleware(mux)
}

// controlRoutes is what the master and the sandbox poll on the worker's own
// loopback port: the same /state and /pid, without counting as traffic.
func (w *workerState) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/state", w.state)
	mux.HandleFunc("/pid", func(rw http.ResponseWriter, _ *http.Request) { fmt.Fprintf(rw, "%d\n", w.pid) })
	return withPid(w.pid, mux)
}

func withPid(pid int, h http.Handler) http.Handler {
	p := strconv.Itoa(pid)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("X-Worker-Pid", p)
		h.ServeHTTP(rw, r)
	})
}

// statusWriter remembers the status and size of a response for the access
// log, and the parsed view for the master's request record.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
	view   *viewRequest // set by /set, /get and /incr once the query parsed
}

// WriteHeader records the status, then writes it.
func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write counts the body bytes, then writes them.
func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.size += n
	return n, err
}

// Bounds of one access-log line: a request of any length logs at most this
// much of its target and of its User-Agent.
const (
	logTargetMax = 256
	logAgentMax  = 128
)

// middleware counts requests, sets X-Worker-Pid, writes the access log,
// reports the request to the master and retires the worker after
// max-requests.
func (w *workerState) middleware(h http.Handler) http.Handler {
	pid := strconv.Itoa(w.pid)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		n := w.served.Add(1)
		w.inFlight.Add(1)
		target := cut(r.URL.RequestURI(), logTargetMax)
		w.setDoing(r.Method + " " + target)
		rw.Header().Set("X-Worker-Pid", pid)
		last := w.maxRequests > 0 && n >= w.maxRequests
		if last {
			rw.Header().Set("Connection", "close")
			w.retiring.Store(true)
		}
		sw := &statusWriter{ResponseWriter: rw}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(sw, fmt.Sprintf("method %s not allowed; use GET", cut(r.Method, 16)), http.StatusMethodNotAllowed)
		} else {
			h.ServeHTTP(sw, r)
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		took := time.Since(start)
		w.inFlight.Add(-1)
		w.done.Add(1)
		w.setDoing("idle")
		agent := cut(r.UserAgent(), logAgentMax)
		w.log.logf("ACCESS", "%s %q %d %d %s %q", clientHost(r.RemoteAddr), cut(r.Method, 16)+" "+target+" "+r.Proto,
			sw.status, sw.size, took.Round(time.Microsecond), agent)
		if w.events != nil {
			rec := RequestRecord{Method: r.Method, Target: target, Path: r.URL.Path, Status: sw.status, Size: sw.size, Duration: took, Agent: agent}
			if v := sw.view; v != nil {
				rec.Key, rec.Atomic = v.Key, v.Atomic
				if r.URL.Path == "/set" {
					rec.Value = v.Value
				}
			}
			_, _ = w.events.Write(encodeRecord(rec))
		}
		if last && n == w.maxRequests {
			w.log.info("Autorestarting worker after current request (max-requests %d).", w.maxRequests)
			go w.retire()
		}
	})
}

func clientHost(addr string) string {
	if i := strings.LastIndexByte(addr, ':'); i > 0 {
		return addr[:i]
	}
	return addr
}

func (w *workerState) setDoing(s string) {
	w.mu.Lock()
	w.doing = s
	w.mu.Unlock()
}

// view serves /set, /get and /incr.
func (w *workerState) view(name string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		req, err := parseView(name, r.URL.RawQuery)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		if sw, ok := rw.(*statusWriter); ok {
			sw.view = &req
		}
		ctx := r.Context()
		switch name {
		case "set":
			err = w.store.Set(ctx, req.Key, req.Value)
			if err == nil {
				fmt.Fprintln(rw, "OK")
			}
		case "get":
			var v string
			var ok bool
			v, ok, err = w.store.Get(ctx, req.Key)
			if err == nil && !ok {
				http.Error(rw, fmt.Sprintf("(missing) %q is not in the %s of pid %d", req.Key, w.storeDesc(), w.pid), http.StatusNotFound)
				return
			}
			if err == nil {
				fmt.Fprintln(rw, v)
			}
		case "incr":
			if w.sync && w.timeout > 0 && req.IO >= w.timeout {
				w.log.warn("io=%s is not shorter than --timeout %s: the master will kill this sync worker (pid %d) before it answers, "+
					"and the client gets no response; gunicorn's timeout caps how long a sync worker may spend on one request", req.IO, w.timeout, w.pid)
			}
			var n int64
			n, err = w.store.Incr(ctx, req.Key, req.Atomic, req.IO)
			if err == nil {
				fmt.Fprintln(rw, n)
			}
		}
		if err != nil {
			w.writeError(rw, req.Key, err)
		}
	}
}

func (w *workerState) storeDesc() string {
	if w.storeName == StoreRedis {
		return "shared redis"
	}
	return "dict"
}

// writeError answers a store's refusal in Redis's words (409 for a counter
// that cannot count on, 507 for a full store) and anything else as 503, the
// store cannot be reached; the worker lives on either way.
func (w *workerState) writeError(rw http.ResponseWriter, key string, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		return // the client went away
	case errors.Is(err, errNotInteger):
		http.Error(rw, fmt.Sprintf("%v: %q does not hold a whole number; /incr counts from a missing key or a whole number", err, key), http.StatusConflict)
	case errors.Is(err, errOverflow):
		http.Error(rw, fmt.Sprintf("%v: %q holds %d, the largest signed 64-bit integer, which Redis counters cannot pass", err, key, int64(math.MaxInt64)), http.StatusConflict)
	case errors.Is(err, errFull):
		http.Error(rw, w.fullMessage(err), http.StatusInsufficientStorage)
	default:
		w.log.error("store error: %v", err)
		http.Error(rw, fmt.Sprintf("503 redis unavailable: %v (the worker keeps running; retry when Redis is back)", err), http.StatusServiceUnavailable)
	}
}

// fullMessage explains a refused write: the store is full, and like Redis
// under its default policy (noeviction) it refuses new data rather than
// evicting old.
func (w *workerState) fullMessage(err error) string {
	if w.storeName == StoreRedis {
		return fmt.Sprintf("%v Redis is full and refuses writes: its default maxmemory-policy is noeviction, "+
			"which fails writes instead of evicting keys (serve's embedded Redis holds at most --max-keys keys, %d unless set; "+
			"a Redis of your own stops at its maxmemory); delete keys or raise the limit", err, DefaultMaxKeys)
	}
	return fmt.Sprintf("%v The dict of pid %d is full: it holds %d keys, the most --max-keys allows, and refuses new ones "+
		"as Redis's default policy noeviction does; existing keys can still change", err, w.pid, w.maxKeys)
}

// snapshot builds the /state reply.
func (w *workerState) snapshot(ctx context.Context) StateReply {
	w.mu.Lock()
	doing := w.doing
	w.mu.Unlock()
	st := StateReply{Pid: w.pid, Slot: w.slot, Generation: w.gen, Store: w.storeName,
		Served: w.served.Load(), InFlight: w.inFlight.Load(), Doing: doing, Keys: []KV{}}
	keys, more, err := w.store.Keys(ctx)
	if err != nil {
		st.Error = "store unavailable: " + err.Error()
	} else if keys != nil {
		st.Keys, st.KeysTruncated = keys, more
	}
	return st
}

func (w *workerState) state(rw http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	rw.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	_ = enc.Encode(w.snapshot(ctx))
}
