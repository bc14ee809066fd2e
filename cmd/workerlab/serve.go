package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/sim/live"
)

// serveOptions are the flags of `workerlab serve`.
type serveOptions struct {
	workers, threads, maxRequests, jitter, maxKeys int
	bind, store, redisURL                          string
	timeout, graceful                              time.Duration
}

// envRedisURL names the environment variable serve reads a Redis URL from,
// so that a password need not sit in the master's command line (which every
// user of the machine can read with ps).
const envRedisURL = "REDIS_URL"

// newServeCmd builds `workerlab serve`, the real pre-fork server.
func newServeCmd() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run a real pre-fork HTTP server you can curl",
		Long: "serve starts a master process that binds one socket and N worker processes that share it,\n" +
			"as gunicorn's sync workers do: the kernel decides which worker accepts each connection.\n\n" +
			"Endpoints (every response has an X-Worker-Pid header):\n" +
			"  /set?k=KEY&v=VALUE   /get?k=KEY   /incr?k=KEY[&atomic=1][&io=5ms]   /state   /pid\n\n" +
			"Signals to the master, as gunicorn: TTIN adds a worker, TTOU removes the oldest,\n" +
			"HUP replaces them all, TERM and INT stop gracefully, QUIT stops at once.\n\n" +
			"Limits: each worker's dict, and the embedded Redis, hold at most --max-keys keys; a write\n" +
			"that would add one more gets 507, as Redis under its default policy noeviction refuses\n" +
			"writes when full. A key is at most 200 bytes, a value 4096, io= at most 60s, and a\n" +
			"request line with its headers 64 KiB.\n\n" +
			"The real pre-fork mode needs a Unix-like system: Linux, macOS, or WSL on Windows.",
		Example: "  workerlab serve -w 4\n" +
			"  curl '127.0.0.1:8000/set?k=user&v=ada'; curl -i '127.0.0.1:8000/get?k=user'\n" +
			"  workerlab serve -w 4 --store redis\n" +
			"  workerlab serve -w 4 --store redis --redis-url redis://localhost:6379/0\n" +
			"  REDIS_URL='redis://:PASSWORD@localhost:6379/0' workerlab serve -w 4 --store redis",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, o)
		},
	}
	f := cmd.Flags()
	f.IntVarP(&o.workers, "workers", "w", 1, "worker processes (1..64)")
	f.StringVar(&o.bind, "bind", live.DefaultBind, "address to listen on; anything but loopback only when given explicitly")
	f.StringVar(&o.store, "store", live.StoreLocal, "where workers keep data: local (a dict per worker) or redis (shared)")
	f.StringVar(&o.redisURL, "redis-url", "", "with --store redis: redis://[:password@]host:port/db instead of the embedded Redis (default $"+envRedisURL+")")
	f.IntVar(&o.threads, "threads", 1, "requests one worker handles at once (1 = sync worker)")
	f.IntVar(&o.maxRequests, "max-requests", 0, "recycle a worker after this many requests (0 = never)")
	f.IntVar(&o.jitter, "max-requests-jitter", 0, "add randint(0, J) to each worker's max-requests")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "kill a worker silent for longer than this (0 = never)")
	f.DurationVar(&o.graceful, "graceful-timeout", 30*time.Second, "how long a stopped worker may take to finish the connections it accepted")
	f.IntVar(&o.maxKeys, "max-keys", live.DefaultMaxKeys, "keys one worker's dict, or the embedded Redis, holds at most; more get 507")
	return cmd
}

// runServe validates the flags (bad values exit 2) and runs the master.
func runServe(cmd *cobra.Command, o serveOptions) error {
	if !live.Supported {
		return usageError{fmt.Errorf("serve: %w", live.ErrNeedsUnix)}
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the workerlab binary to start workers from: %w", err)
	}
	if o.redisURL != "" && !cmd.Flags().Changed("store") {
		o.store = live.StoreRedis
	}
	if o.redisURL != "" && live.HasPassword(o.redisURL) {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: the password in --redis-url is visible to every user of this machine (ps); put the URL in %s instead\n", envRedisURL)
	}
	source := "--redis-url"
	if o.redisURL == "" && o.store == live.StoreRedis && os.Getenv(envRedisURL) != "" {
		o.redisURL, source = os.Getenv(envRedisURL), envRedisURL
	}
	if o.redisURL != "" {
		if _, err := live.ParseRedisURL(o.redisURL); err != nil {
			return usagef("%s: %w", source, err)
		}
	}
	if o.maxKeys < 1 {
		return usagef("--max-keys %d out of range: expected 1 or more", o.maxKeys)
	}
	if o.threads < 1 {
		return usagef("--threads %d out of range: expected 1..256 (1 = a sync worker)", o.threads)
	}
	if o.graceful <= 0 {
		return usagef("--graceful-timeout %s: expected a positive duration such as 30s", o.graceful)
	}
	cfg := live.Config{
		Exe: exe, Workers: o.workers, Bind: o.bind, Store: o.store, RedisURL: o.redisURL,
		Threads: o.threads, MaxRequests: o.maxRequests, MaxJitter: o.jitter,
		Timeout: o.timeout, GracefulTimeout: o.graceful, MaxKeys: o.maxKeys, Log: os.Stderr,
		RedisURLSource: source,
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	return live.Run(cfg)
}

// newWorkerCmd is the hidden worker process that `serve` starts.
func newWorkerCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "worker",
		Short:              "A worker process of `workerlab serve` (started by it, not by hand)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(_ *cobra.Command, args []string) error {
			return live.RunWorker(args)
		},
	}
}
