//go:build unix

package live

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// File descriptors a worker inherits from its master (ExtraFiles 0, 1, 2).
const (
	fdListener  = 3 // the shared listening socket
	fdControl   = 4 // this worker's own loopback socket for /state polling
	fdHeartbeat = 5 // write end of a pipe: a line per heartbeat or request record
)

// envRedisURL carries the Redis URL to a worker, so a password never shows in
// the process list.
const envRedisURL = "WORKERLAB_REDIS_URL"

// workerArgs are the flags the master passes to `workerlab worker`.
type workerArgs struct {
	slot, gen, threads, maxRequests, maxKeys int
	store                                    string
	graceful, timeout                        time.Duration
	events                                   bool // send a record of every request to the master
}

func (a workerArgs) argv() []string {
	return []string{"worker",
		"--slot", strconv.Itoa(a.slot), "--generation", strconv.Itoa(a.gen),
		"--store", a.store, "--threads", strconv.Itoa(a.threads),
		"--max-requests", strconv.Itoa(a.maxRequests), "--max-keys", strconv.Itoa(a.maxKeys),
		"--graceful-timeout", a.graceful.String(), "--timeout", a.timeout.String(),
		"--events=" + strconv.FormatBool(a.events)}
}

func parseWorkerArgs(args []string) (workerArgs, error) {
	var a workerArgs
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&a.slot, "slot", 1, "slot")
	fs.IntVar(&a.gen, "generation", 0, "generation")
	fs.IntVar(&a.threads, "threads", 1, "threads")
	fs.IntVar(&a.maxRequests, "max-requests", 0, "max requests")
	fs.StringVar(&a.store, "store", StoreLocal, "store")
	fs.IntVar(&a.maxKeys, "max-keys", DefaultMaxKeys, "max keys")
	fs.DurationVar(&a.graceful, "graceful-timeout", 30*time.Second, "graceful timeout")
	fs.DurationVar(&a.timeout, "timeout", 0, "timeout")
	fs.BoolVar(&a.events, "events", false, "events")
	if err := fs.Parse(args); err != nil {
		return a, fmt.Errorf("worker arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return a, fmt.Errorf("worker arguments: unexpected %q", fs.Arg(0))
	}
	if a.store != StoreLocal && a.store != StoreRedis {
		return a, fmt.Errorf("worker arguments: store %q unknown: expected local or redis", a.store)
	}
	if a.threads < 1 || a.maxRequests < 0 || a.slot < 1 || a.maxKeys < 1 || a.graceful <= 0 || a.timeout < 0 {
		return a, fmt.Errorf("worker arguments out of range: threads %d, max-requests %d, slot %d, max-keys %d, graceful-timeout %s, timeout %s",
			a.threads, a.maxRequests, a.slot, a.maxKeys, a.graceful, a.timeout)
	}
	return a, nil
}

// RunWorker is the body of the hidden `workerlab worker` subcommand: it serves
// HTTP on the socket inherited from the master until the master stops it,
// retires it, or dies. args are the flags the master passed.
func RunWorker(args []string) error {
	a, err := parseWorkerArgs(args)
	if err != nil {
		return err
	}
	// A worker runs Python-like code: one thread at a time (the GIL). One P
	// also spares several workers on few cores the Go scheduler's spinning.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	ppid := os.Getppid()
	log := newLogger(os.Stderr)
	ln, err := inheritedListener(fdListener, "listener")
	if err != nil {
		return fmt.Errorf("worker started without its socket (run `workerlab serve`, not `workerlab worker`): %w", err)
	}
	ctl, err := inheritedListener(fdControl, "control")
	if err != nil {
		return fmt.Errorf("worker control socket: %w", err)
	}
	beat := os.NewFile(fdHeartbeat, "heartbeat")

	var st store = newLocalStore(a.maxKeys)
	if a.store == StoreRedis {
		opts, err := ParseRedisURL(os.Getenv(envRedisURL))
		if err != nil {
			return fmt.Errorf("worker redis: %w", err)
		}
		st = newRedisStore(opts, fmt.Sprintf("worker-%d-pid-%d", a.slot, os.Getpid()), a.threads+1)
	}
	defer st.Close()

	w := &workerState{pid: os.Getpid(), slot: a.slot, gen: a.gen, storeName: a.store, store: st, log: log,
		maxRequests: int64(a.maxRequests), maxKeys: a.maxKeys, sync: a.threads == 1, timeout: a.timeout, doing: "idle"}
	if a.events {
		w.events = beat // request records share the heartbeat pipe
	}

	srv := &http.Server{Handler: w.routes(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Second,
		MaxHeaderBytes: maxHeaderBytes}
	srv.SetKeepAlivesEnabled(a.threads > 1) // sync workers close every connection, as gunicorn's do
	ctlSrv := &http.Server{Handler: w.controlRoutes(), ReadHeaderTimeout: 5 * time.Second}
	sl := newSlotListener(ln, a.threads, &w.retiring)

	// A graceful stop first stops accepting, then lets every connection
	// already accepted finish, up to the graceful timeout, as gunicorn's
	// workers do. (http.Server.Shutdown would drop a connection accepted
	// before it but whose request it reads after it.)
	var stopOnce sync.Once
	stopped := make(chan struct{})
	graceful := func() {
		stopOnce.Do(func() {
			_ = sl.Close()
			srv.SetKeepAlivesEnabled(false) // idle keep-alive connections close; busy ones after their response
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), a.graceful)
				if err := sl.drain(ctx); err != nil {
					log.warn("Connections still open after the graceful timeout (%s); closing them", a.graceful)
				}
				cancel()
				_ = srv.Close()
				close(stopped)
			}()
		})
	}
	w.retire = graceful

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGTTIN, syscall.SIGTTOU)
	go func() {
		for s := range sigs {
			switch s {
			case syscall.SIGTERM:
				graceful()
			case syscall.SIGQUIT:
				log.info("Worker exiting (pid: %d)", w.pid)
				os.Exit(0) // gunicorn: QUIT stops a worker at once
			}
			// INT (Ctrl-C reaches the whole process group) is left to the
			// master, which then stops every worker in order; were workers to
			// die of it first, the master could respawn them before it sees
			// its own INT. HUP, TTIN and TTOU belong to the master too.
		}
	}()
	go watchParent(ppid, log, func() { graceful(); time.AfterFunc(time.Second, func() { os.Exit(0) }) })
	go heartbeat(beat, w, a.threads > 1)
	go func() { _ = ctlSrv.Serve(ctl) }()

	log.info("Booting worker with pid: %d (slot %d, generation %d, %s store)", w.pid, a.slot, a.gen, a.store)
	err = srv.Serve(sl)
	if err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("worker %d serving: %w", w.pid, err)
	}
	<-stopped
	_ = ctlSrv.Close()
	log.info("Worker exiting (pid: %d)", w.pid)
	return nil
}

// inheritedListener turns an inherited descriptor into a listener.
func inheritedListener(fd uintptr, name string) (net.Listener, error) {
	f := os.NewFile(fd, name)
	if f == nil {
		return nil, fmt.Errorf("no file descriptor %d", fd)
	}
	defer f.Close()
	l, err := net.FileListener(f)
	if err != nil {
		return nil, fmt.Errorf("descriptor %d is not a listening socket: %w", fd, err)
	}
	return l, nil
}

// watchParent calls gone when the master exits: the parent pid changes when
// the process is re-parented. It backs up the Linux parent-death signal.
func watchParent(ppid int, log *logger, gone func()) {
	for range time.Tick(100 * time.Millisecond) {
		if os.Getppid() != ppid {
			log.warn("Master (pid %d) is gone; worker exiting.", ppid)
			gone()
			return
		}
	}
}

// beatLine is one heartbeat on the pipe to the master.
var beatLine = []byte{'\n'}

// heartbeat writes an empty line to the master every heartbeatEvery while the
// worker makes progress. A sync worker (always=false) is silent while one
// request runs without completing, so the master's timeout caps request time,
// as gunicorn's does; a threaded worker beats regardless.
func heartbeat(f *os.File, w *workerState, always bool) {
	last := w.done.Load()
	if _, err := f.Write(beatLine); err != nil { // the first beat: ready to serve
		return
	}
	for range time.Tick(heartbeatEvery) {
		done := w.done.Load()
		if always || w.inFlight.Load() == 0 || done != last {
			if _, err := f.Write(beatLine); err != nil {
				return // the master is gone; watchParent handles it
			}
		}
		last = done
	}
}
