package live

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// maxStateKeys bounds how many keys /state lists.
const maxStateKeys = 100

// Errors of a store's writes, in Redis's words (a view answers 409 or 507).
var (
	// errNotInteger: Incr of a key that holds something other than a whole number.
	errNotInteger = errors.New("ERR value is not an integer or out of range")
	// errOverflow: Incr of 9223372036854775807, the largest 64-bit integer.
	errOverflow = errors.New("ERR increment or decrement would overflow")
	// errFull: a write that would add a key to a full store.
	errFull = errors.New("OOM command not allowed when used memory > 'maxmemory'.")
)

// store is where a worker keeps its data: its own dict, or a shared Redis.
type store interface {
	Set(ctx context.Context, k, v string) error
	Get(ctx context.Context, k string) (v string, ok bool, err error)
	// Incr adds one to k. Non-atomic: read, wait io, write read+1 (the racy
	// read-modify-write). Atomic: one INCR, or an update under the dict's lock.
	Incr(ctx context.Context, k string, atomic bool, io time.Duration) (int64, error)
	// Keys returns up to maxStateKeys keys with their values, sorted, and
	// whether more exist.
	Keys(ctx context.Context) ([]KV, bool, error)
	Close() error
}

// KV is one key and its value as a worker sees it.
type KV struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// localStore is a module-level dict: a map private to this process. Its mutex
// only keeps the Go map memory-safe; it is released between the read and the
// write of a non-atomic increment, as Python releases the GIL at I/O.
type localStore struct {
	mu      sync.Mutex
	data    map[string]string
	maxKeys int        // a new key beyond this many is refused with errFull
	lock    sync.Mutex // the "threading.Lock" of atomic increments
}

func newLocalStore(maxKeys int) *localStore {
	return &localStore{data: map[string]string{}, maxKeys: maxKeys}
}

// Set stores v under k in this process's dict. A new key in a dict that
// holds maxKeys keys is refused with errFull; existing keys can still change.
func (s *localStore) Set(_ context.Context, k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.data[k]; !ok && len(s.data) >= s.maxKeys {
		return errFull
	}
	s.data[k] = v
	return nil
}

// Get reads k from this process's dict.
func (s *localStore) Get(_ context.Context, k string) (string, bool, error) {
	s.mu.Lock()
	v, ok := s.data[k]
	s.mu.Unlock()
	return v, ok, nil
}

// Incr reads k, waits io, writes k+1; atomic holds a lock across all three.
func (s *localStore) Incr(ctx context.Context, k string, atomic bool, io time.Duration) (int64, error) {
	if atomic {
		s.lock.Lock()
		defer s.lock.Unlock()
	}
	return getThenSet(ctx, s, k, io)
}

// Keys lists the dict, sorted, up to maxStateKeys.
func (s *localStore) Keys(_ context.Context) ([]KV, bool, error) {
	s.mu.Lock()
	out := make([]KV, 0, len(s.data))
	for k, v := range s.data {
		out = append(out, KV{k, v})
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	more := len(out) > maxStateKeys
	if more {
		out = out[:maxStateKeys]
	}
	return out, more, nil
}

// Close does nothing: the dict dies with the process.
func (s *localStore) Close() error { return nil }

// redisStore keeps every key in one Redis reached over the network.
type redisStore struct{ c *redis.Client }

// newRedisStore connects lazily: a Redis that is down makes requests fail
// with 503, not the worker's boot.
func newRedisStore(opts *redis.Options, name string, pool int) *redisStore {
	o := *opts
	o.ClientName = name
	o.DisableIdentity = true
	o.MaxRetries = -1
	o.DialTimeout = 500 * time.Millisecond
	o.ReadTimeout = time.Second
	o.WriteTimeout = time.Second
	o.PoolSize = pool
	return &redisStore{c: redis.NewClient(&o)}
}

// Set sends SET k v.
func (s *redisStore) Set(ctx context.Context, k, v string) error {
	return redisWriteError(s.c.Set(ctx, k, v, 0).Err())
}

// Get sends GET k; a nil reply is a miss.
func (s *redisStore) Get(ctx context.Context, k string) (string, bool, error) {
	v, err := s.c.Get(ctx, k).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return v, true, nil
}

// Incr sends GET, waits io, sends SET k n+1; atomic waits io, then sends INCR.
func (s *redisStore) Incr(ctx context.Context, k string, atomic bool, io time.Duration) (int64, error) {
	if atomic {
		if err := sleepCtx(ctx, io); err != nil {
			return 0, err
		}
		n, err := s.c.Incr(ctx, k).Result()
		return n, redisWriteError(err)
	}
	return getThenSet(ctx, s, k, io)
}

// redisWriteError maps Redis's refusals to the store's errors, so a view
// answers them as what they are (409, 507) and not as an outage (503).
func redisWriteError(err error) error {
	var re redis.Error
	if err == nil || !errors.As(err, &re) {
		return err
	}
	msg := re.Error()
	switch {
	case strings.Contains(msg, "not an integer"):
		return errNotInteger
	case strings.Contains(msg, "would overflow"):
		return errOverflow
	case strings.HasPrefix(msg, "OOM "):
		return errFull
	}
	return err
}

// getSetter is what a racy increment needs of a store.
type getSetter interface {
	Get(ctx context.Context, k string) (string, bool, error)
	Set(ctx context.Context, k, v string) error
}

// getThenSet is the read-modify-write the lab teaches about: read k, wait io
// (other requests run meanwhile), write the value read + 1.
func getThenSet(ctx context.Context, st getSetter, k string, io time.Duration) (int64, error) {
	v, _, err := st.Get(ctx, k)
	if err != nil {
		return 0, err
	}
	n, err := parseCounter(v)
	if err != nil {
		return 0, err
	}
	if n == math.MaxInt64 {
		return 0, errOverflow // Redis counters, like these, are signed 64-bit integers
	}
	if err := sleepCtx(ctx, io); err != nil {
		return 0, err
	}
	n++
	return n, st.Set(ctx, k, strconv.FormatInt(n, 10))
}

// Keys scans the shared store and reads the string values, sorted.
func (s *redisStore) Keys(ctx context.Context) ([]KV, bool, error) {
	var keys []string
	iter := s.c.Scan(ctx, 0, "*", 200).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
		if len(keys) > 10*maxStateKeys {
			break
		}
	}
	if err := iter.Err(); err != nil {
		return nil, false, err
	}
	sort.Strings(keys)
	more := len(keys) > maxStateKeys
	if more {
		keys = keys[:maxStateKeys]
	}
	if len(keys) == 0 {
		return nil, false, nil
	}
	vals, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, false, err
	}
	out := make([]KV, 0, len(keys))
	for i, k := range keys {
		if v, ok := vals[i].(string); ok {
			out = append(out, KV{k, v})
		}
	}
	return out, more, nil
}

// Close closes the connection pool.
func (s *redisStore) Close() error { return s.c.Close() }

// parseCounter reads a counter's stored value; missing counts as 0.
func parseCounter(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errNotInteger
	}
	return n, nil
}

// sleepCtx waits d, or less if ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("request cancelled during I/O wait: %w", ctx.Err())
	}
}
