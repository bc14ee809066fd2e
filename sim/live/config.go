package live

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// Store names accepted by Config.Store.
const (
	StoreLocal = "local" // one dict per worker process
	StoreRedis = "redis" // one Redis shared by every worker
)

// MaxWorkers bounds Config.Workers and the TTIN count.
const MaxWorkers = 64

// Config configures a master and its workers.
type Config struct {
	Exe             string        // the workerlab binary to start workers from (its hidden `worker` subcommand)
	Workers         int           // worker processes (1..64)
	Bind            string        // host:port to listen on; "" = 127.0.0.1:8000
	Store           string        // local | redis
	RedisURL        string        // with Store redis: use this Redis instead of an embedded one
	RedisURLSource  string        // where RedisURL came from, for the log ("--redis-url", "REDIS_URL")
	Threads         int           // requests one worker handles at once (0 or 1 = a sync worker)
	MaxRequests     int           // recycle a worker after this many requests (0 = never)
	MaxJitter       int           // + randint(0, jitter), drawn once per worker
	Timeout         time.Duration // kill a worker whose heartbeat is silent this long (0 = never)
	GracefulTimeout time.Duration // how long TERM waits for workers before SIGKILL
	MaxKeys         int           // keys one worker's dict, or the embedded Redis, may hold (0 = DefaultMaxKeys)
	Log             io.Writer     // master and worker log lines (nil = discard)
	Seed            uint64        // seeds the max-requests jitter (0 = time based)
	// OnEvent, when set, receives every spawn, exit, answered request and
	// master log line as a typed Event. It is called from several goroutines
	// at once and must not block.
	OnEvent func(Event)
}

// DefaultMaxKeys is how many keys one worker's dict, or the embedded Redis,
// holds at most unless Config.MaxKeys (serve --max-keys) says otherwise. A
// write that would add a key beyond it is refused (HTTP 507), as Redis's
// default maxmemory policy, noeviction, refuses writes instead of evicting.
const DefaultMaxKeys = 10000

// MinTimeout is the shortest worker timeout accepted: workers tell the master
// they are alive every 100 ms, so a shorter timeout would kill healthy
// workers in a loop.
const MinTimeout = 3 * heartbeatEvery

// heartbeatEvery is how often a worker tells its master it is alive.
const heartbeatEvery = 100 * time.Millisecond

// DefaultBind is the address serve listens on when none is given.
const DefaultBind = "127.0.0.1:8000"

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.Workers == 0 {
		c.Workers = 1
	}
	if c.Bind == "" {
		c.Bind = DefaultBind
	}
	if c.Store == "" {
		c.Store = StoreLocal
		if c.RedisURL != "" {
			c.Store = StoreRedis
		}
	}
	if c.Threads == 0 {
		c.Threads = 1
	}
	if c.GracefulTimeout == 0 {
		c.GracefulTimeout = 30 * time.Second
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.MaxKeys == 0 {
		c.MaxKeys = DefaultMaxKeys
	}
	return c
}

// Validate reports the first field that is out of range, naming what is
// accepted. Zero Threads, GracefulTimeout and empty Bind, Store and Log take
// their defaults; Workers must be given (Start alone fills it with 1).
func (c Config) Validate() error {
	w := c.Workers
	c = c.withDefaults()
	c.Workers = w
	if c.Exe == "" {
		return fmt.Errorf("no worker binary given: Config.Exe must name the workerlab executable")
	}
	if c.Workers < 1 || c.Workers > MaxWorkers {
		return fmt.Errorf("workers %d out of range: expected 1..%d", c.Workers, MaxWorkers)
	}
	if _, _, err := ParseBind(c.Bind); err != nil {
		return err
	}
	switch c.Store {
	case StoreLocal:
		if c.RedisURL != "" {
			return fmt.Errorf("--redis-url needs --store redis (got --store local)")
		}
	case StoreRedis:
		if c.RedisURL != "" {
			if _, err := ParseRedisURL(c.RedisURL); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("store %q unknown: expected local or redis", c.Store)
	}
	if c.Threads < 1 || c.Threads > 256 {
		return fmt.Errorf("threads %d out of range: expected 1..256", c.Threads)
	}
	if c.MaxRequests < 0 {
		return fmt.Errorf("max-requests %d out of range: expected 0 (never) or more", c.MaxRequests)
	}
	if c.MaxJitter < 0 {
		return fmt.Errorf("max-requests-jitter %d out of range: expected 0 or more", c.MaxJitter)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout %s out of range: expected 0 (never) or a positive duration", c.Timeout)
	}
	if c.Timeout > 0 && c.Timeout < MinTimeout {
		return fmt.Errorf("timeout %s is shorter than %s: every worker tells the master it is alive every %s, "+
			"so the master would kill healthy workers in a loop; expected 0 (never) or at least %s (gunicorn's default is 30s)",
			c.Timeout, MinTimeout, heartbeatEvery, MinTimeout)
	}
	if c.MaxKeys < 0 {
		return fmt.Errorf("max-keys %d out of range: expected 1 or more (0 = the default %d)", c.MaxKeys, DefaultMaxKeys)
	}
	if c.GracefulTimeout < 0 {
		return fmt.Errorf("graceful-timeout %s out of range: expected a positive duration", c.GracefulTimeout)
	}
	return nil
}

// ParseBind splits a bind address into host and port and reports whether the
// host is a loopback address. The host must be an IP address or "localhost";
// the port 0..65535 (0 = any free port).
func ParseBind(addr string) (host string, port int, err error) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("bad bind address %q: expected HOST:PORT such as 127.0.0.1:8000", addr)
	}
	if h != "localhost" && h != "" && net.ParseIP(h) == nil {
		return "", 0, fmt.Errorf("bad bind address %q: host %q is not an IP address or localhost", addr, h)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 || (len(p) > 1 && p[0] == '0') || p[0] == '+' || p[0] == '-' {
		return "", 0, fmt.Errorf("bad bind address %q: port %q is not a number 0..65535", addr, p)
	}
	return h, n, nil
}

// IsLoopback reports whether a bind host only accepts local connections.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
