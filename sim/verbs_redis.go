package sim

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis: fail or slow the shared store, or talk to it directly.

// redisVerbs is the redis family.
func redisVerbs() []*Verb {
	return []*Verb{
		{Name: "redis", Usage: "redis down|up|slow D | redis COMMAND...", Example: "redis KEYS *",
			Args:  []string{"down", "up", "slow", "KEYS", "GET", "SET", "TTL", "INCR", "DBSIZE", "FLUSHALL"},
			Doc:   "fail or slow the shared store, or send a raw command (redis KEYS *)",
			parse: parseRedis, apply: (*Sim).applyRedis},
	}
}

func parseRedis(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{}, missing(v.Name, "down, up, slow D, or a Redis command such as KEYS *")
	}
	switch strings.ToLower(a[0]) {
	case "down", "up":
		if len(a) > 1 {
			return Command{}, extra("redis "+a[0], a[1:], "redis down|up")
		}
		return Command{Word: strings.ToLower(a[0])}, nil
	case "slow":
		if len(a) < 2 {
			return Command{}, missing("redis slow", "a duration such as 20ms (0 = normal)")
		}
		if len(a) > 2 {
			return Command{}, extra("redis slow "+a[1], a[2:], "redis slow D")
		}
		d, err := parseDur("redis slow", a[1], true)
		return Command{Word: "slow", Dur: d}, err
	}
	return Command{Word: "raw", Raw: append([]string(nil), a...)}, nil
}

// redisDownError is what every command of a down Redis answers.
const redisDownError = "ERR connection refused (redis down in the lab)"

// applyRedis runs `redis down|up|slow D` or a raw command.
func (s *Sim) applyRedis(c Command) (string, error) {
	switch c.Word {
	case "down":
		s.set.RedisDown = true
		s.store.m.SetError(redisDownError)
		s.store.touched()
		s.logEvent(EventFault, nil, "redis down")
		return "redis down: every command fails", nil
	case "up":
		s.set.RedisDown = false
		s.store.m.SetError("")
		s.store.touched()
		s.logEvent(EventFault, nil, "redis up")
		s.pullJobWorker()
		return "redis up", nil
	case "slow":
		s.set.RedisSlow = c.Dur
		s.logEvent(EventFault, nil, "redis slow "+c.Dur.String())
		return "redis slow: +" + c.Dur.String() + " per command", nil
	}
	return s.rawRedis(c.Raw)
}

// rawRedis sends a command to the embedded Redis over RESP with go-redis, as
// redis-cli would, and formats the reply.
func (s *Sim) rawRedis(args []string) (string, error) {
	s.store.sync(s.now) // TTLs answer in virtual time
	if s.set.RedisDown {
		return "(error) " + redisDownError, nil
	}
	defer s.store.touched() // any command may write
	client := redis.NewClient(&redis.Options{
		Dialer:          func(ctx context.Context, _, _ string) (net.Conn, error) { return s.store.m.Dial() },
		DisableIdentity: true,
		Protocol:        2,
		MaxRetries:      -1,
		ReadTimeout:     time.Second,
		WriteTimeout:    time.Second,
	})
	defer client.Close()
	return RawRedis(client, args), nil
}

// RawRedis sends one raw command with client and formats the reply as
// redis-cli does: errors are a reply ("(error) ERR ..."), not a failure of
// the line. The simulation and live mode both answer `redis COMMAND` with it.
func RawRedis(client *redis.Client, args []string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	a := make([]any, len(args))
	for i, x := range args {
		a[i] = x
	}
	return FormatReply(client.Do(ctx, a...).Result())
}

// FormatReply renders a Redis reply (or its error) the way redis-cli does.
func FormatReply(v any, err error) string {
	switch {
	case err == redis.Nil:
		return "(nil)"
	case err != nil:
		return "(error) " + err.Error()
	}
	return formatValue(v, "")
}

func formatValue(v any, indent string) string {
	switch x := v.(type) {
	case nil:
		return "(nil)"
	case string:
		return fmt.Sprintf("%q", x)
	case int64:
		return fmt.Sprintf("(integer) %d", x)
	case []any:
		if len(x) == 0 {
			return "(empty array)"
		}
		lines := make([]string, len(x))
		for i, e := range x {
			lines[i] = fmt.Sprintf("%s%d) %s", indent, i+1, formatValue(e, indent+"   "))
		}
		return strings.Join(lines, "\n")
	}
	return fmt.Sprint(v)
}
