//go:build unix

package live

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/workerlab/workerlab/sim"
)

// Polling of the workers' /state for Snapshot.
const (
	pollEvery   = 250 * time.Millisecond
	pollTimeout = 300 * time.Millisecond
	// maxLiveRequests bounds the requests one console line may send, so a
	// line never blocks the screen for long.
	maxLiveRequests = 1000
)

// Cluster is a running live master seen through sim.Cluster: console lines
// become real HTTP requests and signals, and Snapshot draws the real workers
// from their /state, polled in the background so it never blocks.
type Cluster struct {
	m      *Master
	cfg    Config
	obs    *observer
	client *http.Client
	rdb    *redis.Client // for `redis <command>`; nil with the local store

	start     func(Config) (*Master, error) // Start, replaced by tests
	switching sync.Mutex                    // one store switch at a time, and none during Close

	mu   sync.Mutex
	io   time.Duration // io= of console increments
	last []sim.WorkerState
	want int // workers the master keeps running, as last polled

	stop     chan struct{}
	polled   chan struct{} // closed and replaced after every poll
	pollDone sync.WaitGroup
	closeErr error
	once     sync.Once
}

var _ sim.Cluster = (*Cluster)(nil)

// NewCluster starts a master with cfg (cfg.Exe must be the workerlab binary,
// usually os.Executable()) and returns it as a sim.Cluster. Log lines go to
// cfg.Log if set; the master's typed events become the cluster's events (and
// still reach cfg.OnEvent if set). Close stops every worker.
func NewCluster(cfg Config) (*Cluster, error) {
	obs := newObserver()
	if next := cfg.OnEvent; next != nil {
		cfg.OnEvent = func(ev Event) { obs.onEvent(ev); next(ev) }
	} else {
		cfg.OnEvent = obs.onEvent
	}
	m, err := Start(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting the live cluster: %w", err)
	}
	c := &Cluster{m: m, cfg: cfg.withDefaults(), obs: obs, start: Start, stop: make(chan struct{}), polled: make(chan struct{}),
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
	if c.cfg.Store == StoreRedis {
		if opts, err := ParseRedisURL(m.redisURL); err == nil {
			c.rdb = newRedisStore(opts, "workerlab-console", 1).c
		}
	}
	c.want = c.cfg.Workers
	c.pollDone.Add(1)
	go c.poll()
	return c, nil
}

// Open starts a live cluster (see NewCluster) and returns it with the
// address it listens on.
func Open(cfg Config) (sim.Cluster, string, error) {
	c, err := NewCluster(cfg)
	if err != nil {
		return nil, "", err
	}
	return c, c.Master().Addr(), nil
}

// Master returns the master behind the cluster.
func (c *Cluster) Master() *Master {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m
}

// liveMode is what a live cluster runs of the command language: requests
// become real HTTP, kill and workers become signals, store restarts the
// server. Usage, parsing and help come from sim's verb specs.
var liveMode *sim.Mode[*Cluster]

func init() {
	liveMode = sim.NewMode("live mode", liveHandlers)
}

// liveHandlers are the verbs live mode runs, with what each does here.
var liveHandlers = map[string]sim.Handler[*Cluster]{
	"set":  {Doc: "GET /set?k=KEY&v=VALUE on the real server", Run: (*Cluster).requests},
	"get":  {Doc: "GET /get?k=KEY on the real server, N times (one client, or C at once)", Run: (*Cluster).requests},
	"incr": {Doc: "GET /incr?k=KEY on the real server (GET, I/O, SET; --atomic: INCR)", Run: (*Cluster).requests},
	"kill": {Doc: "SIGKILL the worker in slot N; the master respawns it", Run: (*Cluster).kill},
	"workers": {Doc: "send TTIN/TTOU to the master until N workers run",
		Run: func(c *Cluster, cmd sim.Command) (string, error) { return c.resize(cmd.Count) }},
	"store": {Doc: "restart the server with that store (local or redis; new, empty workers)",
		Run: func(c *Cluster, cmd sim.Command) (string, error) { return c.switchStore(cmd.Word) }},
	"io":    {Doc: "I/O wait of console increments between GET and SET (e.g. 5ms)", Run: (*Cluster).setIO},
	"redis": {Doc: "a raw command to the shared Redis (store redis only)", Run: (*Cluster).redisLine},
	"hup":   {Doc: "send HUP to the master: every worker is replaced by a new one", Run: (*Cluster).hup},
	"wait": {Doc: fmt.Sprintf("let D pass on the wall clock (at most %s): real workers run in real time", maxLiveWait),
		Run: (*Cluster).wait},
}

// maxLiveWait bounds a wait line in live mode, which blocks for real.
const maxLiveWait = time.Minute

// wait lets real time pass, so the workers' log lines (the cluster's
// events and counts) catch up with the requests just sent.
func (c *Cluster) wait(cmd sim.Command) (string, error) {
	if cmd.Dur > maxLiveWait {
		return "", &sim.LineError{Word: cmd.Dur.String(), Msg: fmt.Sprintf("live mode waits at most %s; got %s", maxLiveWait, cmd.Dur)}
	}
	time.Sleep(cmd.Dur)
	return cmd.Dur.String() + " passed on the wall clock", nil
}

// hup sends HUP to the master, which replaces every worker.
func (c *Cluster) hup(sim.Command) (string, error) {
	if err := c.Master().Signal(syscall.SIGHUP); err != nil {
		return "", fmt.Errorf("hup: %w", err)
	}
	return "sent HUP to the master: new workers replace the old ones, each with an empty dict", nil
}

// Exec runs one line of the live subset of the command language (see
// liveMode). Other verbs return a *sim.LineError saying what live mode runs.
func (c *Cluster) Exec(line string) (string, error) {
	return liveMode.Exec(c, line)
}

// kill sends SIGKILL to the worker in a slot.
func (c *Cluster) kill(cmd sim.Command) (string, error) {
	pid, err := c.Master().Kill(cmd.Slot)
	if err != nil {
		return "", &sim.LineError{Word: strconv.Itoa(cmd.Slot), Msg: err.Error()}
	}
	return fmt.Sprintf("sent SIGKILL to pid %d in slot %d; the master starts a new, empty worker", pid, cmd.Slot), nil
}

// setIO sets the I/O wait of console increments.
func (c *Cluster) setIO(cmd sim.Command) (string, error) {
	c.mu.Lock()
	c.io = cmd.Dur
	c.mu.Unlock()
	return fmt.Sprintf("console increments wait %s between GET and SET", cmd.Dur), nil
}

// redisLine runs `redis COMMAND...`; the faults (down, up, slow) are the
// simulation's.
func (c *Cluster) redisLine(cmd sim.Command) (string, error) {
	if len(cmd.Raw) == 0 {
		return "", liveMode.NotAvailable("redis " + cmd.Word)
	}
	return c.redis(cmd.Raw)
}

// requests sends cmd.Repeat requests of a set/get/incr line, spread over
// cmd.Clients concurrent clients (one when 0), and summarises the answers.
func (c *Cluster) requests(cmd sim.Command) (string, error) {
	if cmd.HasTTL {
		return "", liveMode.NotAvailable("ttl")
	}
	n := max(cmd.Repeat, 1)
	if n > maxLiveRequests {
		return "", &sim.LineError{Word: "x" + strconv.Itoa(n), Msg: fmt.Sprintf("live mode sends at most %d requests per line; got x%d", maxLiveRequests, n)}
	}
	q := url.Values{"k": {cmd.Key}}
	switch cmd.Verb {
	case "set":
		q.Set("v", cmd.Value)
	case "incr":
		if cmd.Atomic {
			q.Set("atomic", "1")
		}
		c.mu.Lock()
		if c.io > 0 {
			q.Set("io", c.io.String())
		}
		c.mu.Unlock()
	}
	u := "http://" + c.Master().Addr() + "/" + cmd.Verb + "?" + q.Encode()
	route := "GET /" + cmd.Verb + "?" + q.Encode()
	clients := min(max(cmd.Clients, 1), n)
	results := make([]string, n)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range clients {
		wg.Go(func() {
			for i := range next {
				results[i] = c.one(cmd, u, route)
			}
		})
	}
	wg.Wait()
	if n == 1 {
		return results[0], nil
	}
	return fmt.Sprintf("%d requests, last: %s", n, results[n-1]), nil
}

// one sends a single console request and logs its event.
func (c *Cluster) one(cmd sim.Command, u, route string) string {
	ev := sim.Event{Kind: sim.EventRequest, Route: route}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("User-Agent", consoleAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		ev.Error, ev.Result = true, err.Error()
		c.obs.record(ev)
		return "error: " + err.Error()
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	ev.Pid, _ = strconv.Atoi(resp.Header.Get("X-Worker-Pid"))
	ev.Slot = c.slotOf(ev.Pid)
	text := strings.TrimSpace(string(body))
	switch {
	case resp.StatusCode == http.StatusNotFound && cmd.Verb == "get":
		ev.Result = "(missing)"
		_, ev.Stale = c.obs.newestWrite(cmd.Key)
	case resp.StatusCode >= 400:
		ev.Result, ev.Error = fmt.Sprintf("%d %s", resp.StatusCode, text), true
	default:
		ev.Result = text
		if cmd.Verb == "get" {
			ev.Stale = c.obs.consoleRead(cmd.Key, text)
		}
	}
	c.obs.record(ev)
	out := fmt.Sprintf("%s (pid %d, slot %d)", ev.Result, ev.Pid, ev.Slot)
	if ev.Stale {
		out += " stale"
	}
	return out
}

func (c *Cluster) slotOf(pid int) int {
	c.obs.mu.Lock()
	defer c.obs.mu.Unlock()
	return c.obs.slotOf[pid]
}

// resize sends TTIN or TTOU until n workers are wanted.
func (c *Cluster) resize(n int) (string, error) {
	m := c.Master()
	have := len(m.Workers())
	sig, name := syscall.SIGTTIN, "TTIN"
	if n < have {
		sig, name = syscall.SIGTTOU, "TTOU"
	}
	steps := max(n-have, have-n)
	for range steps {
		if err := m.Signal(sig); err != nil {
			return "", fmt.Errorf("workers %d: %w", n, err)
		}
	}
	if steps == 0 {
		return fmt.Sprintf("already %d workers", n), nil
	}
	return fmt.Sprintf("workers %d -> %d (%s x%d)", have, n, name, steps), nil
}

// switchStore restarts the server on the same address with another store:
// the old master stops gracefully, a new one starts with fresh workers. Both
// happen outside c.mu, so Snapshot and the polls never wait behind the stop;
// the new master replaces the old one in one swap.
func (c *Cluster) switchStore(store string) (string, error) {
	if store != StoreLocal && store != StoreRedis {
		return "", &sim.LineError{Word: store, Msg: fmt.Sprintf("store %q is not available in live mode; expected local or redis", store)}
	}
	c.switching.Lock()
	defer c.switching.Unlock()
	c.mu.Lock()
	old, cfg := c.m, c.cfg
	c.mu.Unlock()
	if cfg.Store == store {
		return fmt.Sprintf("store is already %s", store), nil
	}
	next := cfg
	next.Store, next.RedisURL, next.Bind = store, "", old.Addr()
	next.Workers = max(1, len(old.Workers()))
	if err := old.Stop(); err != nil {
		return "", fmt.Errorf("store %s: stopping the old server: %w", store, err)
	}
	m, err := c.start(next)
	if err != nil {
		// Put the old configuration back, so the cluster keeps a server.
		back := cfg
		back.Bind, back.Workers = next.Bind, next.Workers
		restored, err2 := c.start(back)
		if err2 != nil {
			return "", fmt.Errorf("store %s: %w; restarting with store %s failed too: %w", store, err, cfg.Store, err2)
		}
		c.mu.Lock()
		c.m = restored
		c.mu.Unlock()
		return "", fmt.Errorf("store %s: %w (the server runs again with store %s)", store, err, cfg.Store)
	}
	var rdb *redis.Client
	if store == StoreRedis {
		if opts, err := ParseRedisURL(m.redisURL); err == nil {
			rdb = newRedisStore(opts, "workerlab-console", 1).c
		}
	}
	c.mu.Lock()
	oldRdb := c.rdb
	c.m, c.cfg, c.rdb, c.want = m, next, rdb, next.Workers
	c.mu.Unlock()
	if oldRdb != nil {
		_ = oldRdb.Close()
	}
	c.obs.forgetWrites()
	return fmt.Sprintf("restarted on %s with store %s: %d new workers", m.Addr(), store, next.Workers), nil
}

// redis sends a raw command to the shared Redis.
func (c *Cluster) redis(args []string) (string, error) {
	c.mu.Lock()
	rdb := c.rdb
	c.mu.Unlock()
	if rdb == nil {
		return "", &sim.LineError{Word: "redis", Msg: "the store is local (a dict per worker); start the live cluster with store redis to reach a shared Redis"}
	}
	return sim.RawRedis(rdb, args), nil
}

// Advance does nothing: real workers run in wall time. It reports 0 events.
func (c *Cluster) Advance(time.Duration, int) int { return 0 }

// Step reports false: a live cluster has no pending virtual events.
func (c *Cluster) Step() bool { return false }

// EventsSince appends the events with Seq > seq, oldest first.
func (c *Cluster) EventsSince(seq uint64, dst []sim.Event) []sim.Event {
	return c.obs.eventsSince(seq, dst)
}

// poll refreshes the worker cards from every worker's /state.
func (c *Cluster) poll() {
	defer c.pollDone.Done()
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		c.refresh()
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
	}
}

// refresh polls every current worker's control port once, concurrently.
func (c *Cluster) refresh() {
	m := c.Master()
	ws := m.Workers()
	want := m.Wanted()
	states := make([]sim.WorkerState, len(ws))
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Go(func() {
			states[i] = c.stateOf(w)
		})
	}
	wg.Wait()
	c.mu.Lock()
	c.last = states
	if want > 0 {
		c.want = want
	}
	close(c.polled)
	c.polled = make(chan struct{})
	c.mu.Unlock()
}

// stateOf asks one worker for its /state.
func (c *Cluster) stateOf(w WorkerInfo) sim.WorkerState {
	st := sim.WorkerState{Slot: w.Slot, Pid: w.Pid, Generation: w.Generation, Doing: "booting"}
	ctx, cancel := context.WithTimeout(context.Background(), pollTimeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+w.ControlAddr+"/state", nil)
	resp, err := c.client.Do(req)
	if err != nil {
		return st
	}
	defer resp.Body.Close()
	var r StateReply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Pid != w.Pid {
		return st
	}
	st.Served, st.InFlight, st.Doing = r.Served, int(r.InFlight), r.Doing
	if r.Error != "" {
		st.Doing = r.Error
	}
	for _, kv := range r.Keys {
		st.Keys = append(st.Keys, sim.KV{Key: kv.Key, Value: kv.Value, Present: true})
	}
	return st
}

// WaitPoll blocks until the next background poll of /state has finished, or
// ctx ends. Tests and scripts use it to see a change they just caused.
func (c *Cluster) WaitPoll(ctx context.Context) error {
	c.mu.Lock()
	ch := c.polled
	c.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Snapshot returns the latest polled picture of the real workers. It never
// waits on the network.
func (c *Cluster) Snapshot() sim.Snapshot {
	c.mu.Lock()
	workers := make([]sim.WorkerState, len(c.last))
	copy(workers, c.last)
	io, m, cfg, want := c.io, c.m, c.cfg, c.want
	c.mu.Unlock()
	metrics, newest := c.obs.metrics()

	// Colour each worker's keys against the newest completed write.
	keys := map[string]bool{}
	for k := range newest {
		keys[k] = true
	}
	for i := range workers {
		kvs := append([]sim.KV(nil), workers[i].Keys...)
		for j := range kvs {
			keys[kvs[j].Key] = true
			kvs[j].Agreement = "agrees"
			if want, ok := newest[kvs[j].Key]; ok && want != kvs[j].Value {
				kvs[j].Agreement = "stale"
			}
		}
		for k := range newest {
			if !hasKey(kvs, k) {
				kvs = append(kvs, sim.KV{Key: k, Agreement: "missing"})
			}
		}
		workers[i].Keys = kvs
	}
	var ks []sim.KeyState
	for k := range keys {
		want, has := newest[k]
		values := map[string]bool{}
		agree := 0
		for _, w := range workers {
			v, present := lookupKV(w.Keys, k)
			if !present {
				v = "\x00missing"
			}
			values[v] = true
			if has && present && v == want {
				agree++
			}
		}
		ks = append(ks, sim.KeyState{Key: k, Newest: want, HasWrite: has, Divergence: len(values), Agreement: share(agree, len(workers))})
	}
	sortKeys(ks)
	metrics.ServedPerWorker = make([]int64, 0, len(workers))
	for _, w := range workers {
		metrics.ServedPerWorker = append(metrics.ServedPerWorker, w.Served)
	}
	cls := "sync"
	if cfg.Threads > 1 {
		cls = "gthread"
	}
	return sim.Snapshot{
		Now: time.Duration(metrics.VirtualSeconds * float64(time.Second)),
		Settings: sim.Settings{Workers: want, Class: cls, Threads: cfg.Threads, Store: cfg.Store,
			Balancer: "accept", MaxRequests: cfg.MaxRequests, MaxRequestsJitter: cfg.MaxJitter,
			Timeout: cfg.Timeout, KeepAlive: cfg.Threads > 1, IO: io, Speed: 1},
		Workers:   workers,
		Keys:      ks,
		Metrics:   metrics,
		RedisAddr: m.RedisAddr(),
		Live:      true,
	}
}

func hasKey(kvs []sim.KV, k string) bool {
	_, ok := lookupKV(kvs, k)
	return ok
}

func lookupKV(kvs []sim.KV, k string) (string, bool) {
	for _, kv := range kvs {
		if kv.Key == k {
			return kv.Value, kv.Present
		}
	}
	return "", false
}

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Close stops the master gracefully and waits for every worker to exit.
func (c *Cluster) Close() error {
	c.once.Do(func() {
		close(c.stop)
		c.pollDone.Wait()
		c.switching.Lock()
		defer c.switching.Unlock()
		c.mu.Lock()
		m, rdb := c.m, c.rdb
		c.mu.Unlock()
		if rdb != nil {
			_ = rdb.Close()
		}
		c.closeErr = m.Stop()
	})
	return c.closeErr
}
