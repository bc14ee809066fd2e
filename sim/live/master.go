//go:build unix

package live

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"sort"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// Respawn backoff for a worker that keeps dying soon after it boots.
const (
	fastDeath   = time.Second // a worker that dies younger than this counts as a crash loop
	backoffBase = 100 * time.Millisecond
	backoffMax  = 5 * time.Second
)

// firstBootWait bounds how long Start lets the first worker boot alone
// before starting the others.
const firstBootWait = 200 * time.Millisecond

// ErrStopped is returned by Master methods called after the master stopped.
var ErrStopped = errors.New("the master has stopped")

// Master is the arbiter: it owns the listening socket and the worker
// processes. Its methods are safe for concurrent use.
type Master struct {
	cfg      Config
	log      *logger
	addr     string
	lnFile   *os.File
	mini     *miniredis.Miniredis // embedded store, or nil
	redisURL string               // what workers connect to
	rng      *rand.Rand

	spawnCh chan spawnReq
	ops     chan func()
	exits   chan exitMsg
	done    chan struct{}

	// Owned by the loop goroutine.
	procs    map[int]*proc // every live process, by pid
	slots    map[int]*proc // the current worker of each slot
	want     int
	fails    map[int]int // consecutive fast deaths per slot
	stopping bool
	killAt   time.Time // when stopping: SIGKILL what is left at this time
}

// WorkerInfo describes one current worker.
type WorkerInfo struct {
	Slot        int
	Generation  int
	Pid         int
	Started     time.Time
	ControlAddr string // 127.0.0.1:port answering /state for this worker only
}

// Start binds the address, starts the store and the workers, and returns the
// running master. A busy address gives an error reading
// "address HOST:PORT already in use".
func Start(cfg Config) (*Master, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	m := &Master{cfg: cfg, log: newLogger(cfg.Log), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		spawnCh: make(chan spawnReq), ops: make(chan func()), exits: make(chan exitMsg, MaxWorkers),
		done: make(chan struct{}), procs: map[int]*proc{}, slots: map[int]*proc{}, want: cfg.Workers, fails: map[int]int{}}

	if cfg.OnEvent != nil {
		m.log.onLine = func(level, msg string) { m.emit(Event{Kind: EventLog, Level: level, Text: msg}) }
	}

	ln, err := net.Listen("tcp", cfg.Bind)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("address %s already in use", cfg.Bind)
		}
		return nil, fmt.Errorf("listening on %s: %w", cfg.Bind, err)
	}
	m.addr = ln.Addr().String()
	m.lnFile, err = inheritableFile(ln.(*net.TCPListener))
	ln.Close() // the duplicate in lnFile keeps the socket open for the workers
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", cfg.Bind, err)
	}
	m.log.info("Starting workerlab serve (live mode)")
	m.log.info("Listening at: http://%s (%d)", m.addr, os.Getpid())
	if host, _, _ := ParseBind(cfg.Bind); !IsLoopback(host) {
		m.log.warn("Listening on %s, which other machines may reach; the endpoints have no authentication.", cfg.Bind)
	}
	kind := "sync"
	if cfg.Threads > 1 {
		kind = fmt.Sprintf("gthread (%d threads)", cfg.Threads)
	}
	m.log.info("Using worker: %s", kind)
	m.log.info("Try: curl -i 'http://%s/set?k=user&v=ada'; curl -i 'http://%s/get?k=user'; kill -TTIN %d adds a worker", m.addr, m.addr, os.Getpid())

	if err := m.startStore(); err != nil {
		m.lnFile.Close()
		return nil, err
	}
	go spawner(m.spawnCh)
	for slot := 1; slot <= cfg.Workers; slot++ {
		p, err := m.startWorker(slot, 0)
		if err != nil {
			m.abort()
			return nil, err
		}
		m.adopt(p)
		if slot == 1 && cfg.Workers > 1 {
			// Let the first worker boot alone, so the first request is
			// answered without waiting for its siblings' start-up CPU.
			select {
			case <-p.ready:
			case <-time.After(firstBootWait):
			}
		}
	}
	go m.loop()
	return m, nil
}

// startStore starts the embedded miniredis, or checks the given Redis URL.
func (m *Master) startStore() error {
	switch {
	case m.cfg.Store == StoreLocal:
		m.log.info("Using store: local (a dict in each worker's memory, at most %d keys each)", m.cfg.MaxKeys)
	case m.cfg.RedisURL == "":
		m.mini = miniredis.NewMiniRedis()
		if err := m.mini.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("starting the embedded redis: %w", err)
		}
		capKeys(m.mini, m.cfg.MaxKeys)
		m.redisURL = "redis://" + m.mini.Addr() + "/0"
		m.log.info("Using store: redis, embedded miniredis at %s holding at most %d keys (try: redis-cli -p %s)", m.mini.Addr(), m.cfg.MaxKeys, portOf(m.mini.Addr()))
	default:
		opts, err := ParseRedisURL(m.cfg.RedisURL)
		if err != nil {
			return err
		}
		m.redisURL = m.cfg.RedisURL
		from := ""
		if m.cfg.RedisURLSource != "" {
			from = " (from " + m.cfg.RedisURLSource + ")"
		}
		m.log.info("Using store: redis at %s%s", MaskRedisURL(m.cfg.RedisURL), from)
		c := newRedisStore(opts, "workerlab-master", 1)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := c.c.Ping(ctx).Err(); err != nil {
			m.log.warn("Redis at %s does not answer (%v); requests will get 503 until it does.", MaskRedisURL(m.cfg.RedisURL), err)
		}
		cancel()
		c.Close()
	}
	return nil
}

// emit hands ev to Config.OnEvent, if set.
func (m *Master) emit(ev Event) {
	if m.cfg.OnEvent != nil {
		ev.At = time.Now()
		m.cfg.OnEvent(ev)
	}
}

func portOf(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

// abort tears down a master whose start failed.
func (m *Master) abort() {
	for _, p := range m.procs {
		_ = p.cmd.Process.Kill()
	}
	for range m.procs {
		<-m.exits
	}
	close(m.spawnCh)
	m.lnFile.Close()
	if m.mini != nil {
		m.mini.Close()
	}
}

func (m *Master) adopt(p *proc) {
	m.procs[p.pid] = p
	m.slots[p.slot] = p
}

// Addr is the address the master listens on (the real port when Bind used 0).
func (m *Master) Addr() string { return m.addr }

// RedisAddr is the embedded Redis's address, or "" when there is none.
func (m *Master) RedisAddr() string {
	if m.mini == nil {
		return ""
	}
	return m.mini.Addr()
}

// Done is closed when the master has stopped and every worker has exited.
func (m *Master) Done() <-chan struct{} { return m.done }

// do runs f on the loop goroutine and waits for it.
func (m *Master) do(f func()) error {
	ran := make(chan struct{})
	select {
	case m.ops <- func() { f(); close(ran) }:
		<-ran
		return nil
	case <-m.done:
		return ErrStopped
	}
}

// Wanted is how many workers the master keeps running (the configured
// count, moved by TTIN and TTOU).
func (m *Master) Wanted() int {
	n := 0
	_ = m.do(func() { n = m.want })
	return n
}

// Workers lists the current workers by slot.
func (m *Master) Workers() []WorkerInfo {
	var out []WorkerInfo
	_ = m.do(func() {
		for _, p := range m.slots {
			out = append(out, WorkerInfo{Slot: p.slot, Generation: p.gen, Pid: p.pid, Started: p.started, ControlAddr: p.controlAddr})
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Slot < out[j].Slot })
	return out
}

// Signal handles one of gunicorn's master signals: TTIN, TTOU, HUP, TERM,
// INT, QUIT. Others are ignored with a log line.
func (m *Master) Signal(sig os.Signal) error {
	return m.do(func() {
		name := sigName(sig)
		m.log.info("Handling signal: %s", name)
		switch sig {
		case syscall.SIGTTIN:
			m.grow()
		case syscall.SIGTTOU:
			m.shrink()
		case syscall.SIGHUP:
			m.reload()
		case syscall.SIGTERM, syscall.SIGINT:
			m.stop(syscall.SIGTERM, m.cfg.GracefulTimeout)
		case syscall.SIGQUIT:
			m.stop(syscall.SIGQUIT, time.Second)
		default:
			m.log.warn("Ignoring signal %s", name)
		}
	})
}

// Kill sends SIGKILL to the worker in slot (1-based); the master respawns it.
func (m *Master) Kill(slot int) (pid int, err error) {
	if derr := m.do(func() {
		p, ok := m.slots[slot]
		if !ok {
			err = fmt.Errorf("no worker in slot %d; slots %s", slot, m.slotList())
			return
		}
		p.killed = true
		pid = p.pid
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}); derr != nil {
		return 0, derr
	}
	return pid, err
}

func (m *Master) slotList() string {
	var s []int
	for k := range m.slots {
		s = append(s, k)
	}
	sort.Ints(s)
	return fmt.Sprint(s)
}

// Stop stops the master gracefully (as SIGTERM does) and waits until every
// worker has exited.
func (m *Master) Stop() error {
	_ = m.Signal(syscall.SIGTERM)
	<-m.done
	return nil
}

func sigName(sig os.Signal) string {
	switch sig {
	case syscall.SIGTTIN:
		return "ttin"
	case syscall.SIGTTOU:
		return "ttou"
	case syscall.SIGHUP:
		return "hup"
	case syscall.SIGTERM:
		return "term"
	case syscall.SIGINT:
		return "int"
	case syscall.SIGQUIT:
		return "quit"
	}
	return sig.String()
}

// loop owns the master's state: operations, exits and timers run here, one
// at a time.
func (m *Master) loop() {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case op := <-m.ops:
			op()
		case ex := <-m.exits:
			m.onExit(ex)
		case now := <-tick.C:
			m.onTick(now)
		}
		if m.stopping && len(m.procs) == 0 {
			m.finish()
			return
		}
	}
}

// grow handles TTIN: one more worker in the lowest free slot.
func (m *Master) grow() {
	if m.want >= MaxWorkers {
		m.log.warn("Already at %d workers, the most allowed.", MaxWorkers)
		return
	}
	m.want++
	m.fill()
	m.log.info("Workers: %d", m.want)
}

// shrink handles TTOU: TERM the oldest worker, never going below one.
func (m *Master) shrink() {
	if m.want <= 1 {
		m.log.info("Already at 1 worker; TTOU never goes below one.")
		return
	}
	m.want--
	var oldest *proc
	for _, p := range m.slots {
		if oldest == nil || p.started.Before(oldest.started) {
			oldest = p
		}
	}
	if oldest != nil {
		m.retire(oldest, syscall.SIGTERM)
	}
	m.log.info("Workers: %d", m.want)
}

// reload handles HUP as gunicorn does: start the configured number of fresh
// workers, then gracefully stop the old ones, which finish every connection
// they have accepted while the new ones take the next.
func (m *Master) reload() {
	old := make([]*proc, 0, len(m.slots))
	for _, p := range m.slots {
		old = append(old, p)
	}
	m.want = m.cfg.Workers
	gens := map[int]int{}
	for _, p := range old {
		gens[p.slot] = p.gen + 1
		delete(m.slots, p.slot)
	}
	for slot := 1; slot <= m.want; slot++ {
		m.spawn(slot, gens[slot])
	}
	for _, p := range old {
		m.retire(p, syscall.SIGTERM)
	}
}

// fill starts workers in free slots until there are want of them.
func (m *Master) fill() {
	for slot := 1; len(m.slots) < m.want && slot <= MaxWorkers; slot++ {
		if _, busy := m.slots[slot]; !busy {
			m.spawn(slot, 0)
		}
	}
}

func (m *Master) spawn(slot, gen int) {
	p, err := m.startWorker(slot, gen)
	if err != nil {
		m.log.error("%v", err)
		return
	}
	m.adopt(p)
}

// retire takes p out of its slot and signals it; its exit is not respawned.
func (m *Master) retire(p *proc, sig syscall.Signal) {
	p.retiring = true
	if m.slots[p.slot] == p {
		delete(m.slots, p.slot)
	}
	_ = p.cmd.Process.Signal(sig)
}

// stop begins a shutdown: signal every worker, SIGKILL stragglers after wait.
func (m *Master) stop(sig syscall.Signal, wait time.Duration) {
	if m.stopping {
		if sig == syscall.SIGQUIT {
			m.killAt = time.Now() // a second, harder stop: kill now
		}
		return
	}
	m.stopping = true
	m.killAt = time.Now().Add(wait)
	for _, p := range m.procs {
		m.retire(p, sig)
	}
}

func (m *Master) onTick(now time.Time) {
	if m.stopping {
		if !now.Before(m.killAt) {
			for _, p := range m.procs {
				m.log.warn("Worker (pid:%d) did not stop in time; sending SIGKILL", p.pid)
				_ = p.cmd.Process.Signal(syscall.SIGKILL)
			}
			m.killAt = now.Add(time.Hour)
		}
		return
	}
	if t := m.cfg.Timeout; t > 0 {
		for _, p := range m.slots {
			if !p.timedOut && now.Sub(time.Unix(0, p.lastBeat.Load())) > t {
				p.timedOut = true
				m.log.error("WORKER TIMEOUT (pid:%d): silent for more than %s; sending SIGKILL", p.pid, t)
				_ = p.cmd.Process.Signal(syscall.SIGKILL)
			}
		}
	}
}

// onExit logs a worker's exit and respawns its slot unless it was retired.
func (m *Master) onExit(ex exitMsg) {
	p := ex.p
	delete(m.procs, p.pid)
	how := describeExit(p, ex.err)
	m.log.write("INFO", how)
	m.emit(Event{Kind: EventExit, Pid: p.pid, Slot: p.slot, Generation: p.gen, Text: how})
	if p.retiring || m.stopping || m.slots[p.slot] != p {
		return
	}
	delete(m.slots, p.slot)
	clean := ex.err == nil
	if clean || p.killed || time.Since(p.started) >= fastDeath {
		m.fails[p.slot] = 0
	} else {
		m.fails[p.slot]++
	}
	delay := time.Duration(0)
	if n := m.fails[p.slot]; n > 1 {
		delay = min(backoffBase<<(n-2), backoffMax)
		m.log.warn("Worker in slot %d keeps dying at boot; respawning in %s", p.slot, delay)
	}
	slot, gen := p.slot, p.gen+1
	if delay == 0 {
		m.spawn(slot, gen)
		return
	}
	time.AfterFunc(delay, func() {
		_ = m.do(func() {
			if _, busy := m.slots[slot]; !busy && !m.stopping && len(m.slots) < m.want {
				m.spawn(slot, gen)
			}
		})
	})
}

func describeExit(p *proc, err error) string {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return fmt.Sprintf("Worker exited (pid: %d, slot %d)", p.pid, p.slot)
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if ws.Signal() == syscall.SIGKILL && !p.timedOut && !p.killed {
				return fmt.Sprintf("Worker (pid:%d) was sent SIGKILL! Perhaps out of memory?", p.pid)
			}
			return fmt.Sprintf("Worker with pid %d was terminated due to signal %d", p.pid, int(ws.Signal()))
		}
		return fmt.Sprintf("Worker (pid:%d) exited with code %d", p.pid, ee.ExitCode())
	}
	return fmt.Sprintf("Worker (pid:%d) ended: %v", p.pid, err)
}

// finish releases the socket and the store once every worker is gone.
func (m *Master) finish() {
	close(m.spawnCh)
	m.lnFile.Close()
	if m.mini != nil {
		m.mini.Close()
	}
	m.log.info("Shutting down: Master")
	close(m.done)
}
