package sim

import (
	"context"
	"fmt"
	"strings"
	"time"

	"net"

	"github.com/redis/go-redis/v9"
)

// redisCommand runs `redis down|up|slow D` or a raw command.
func (s *Sim) redisCommand(c Command) (string, error) {
	switch c.Word {
	case "down":
		s.set.RedisDown = true
		s.store.m.SetError("ERR connection refused (redis down in the lab)")
		s.logEvent(EventFault, nil, "redis down")
		return "redis down: every command fails", nil
	case "up":
		s.set.RedisDown = false
		s.store.m.SetError("")
		s.logEvent(EventFault, nil, "redis up")
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
		return "(error) ERR connection refused (redis down in the lab)", nil
	}
	client := redis.NewClient(&redis.Options{
		Dialer:          func(ctx context.Context, _, _ string) (net.Conn, error) { return s.store.m.Dial() },
		DisableIdentity: true,
		Protocol:        2,
		MaxRetries:      -1,
		ReadTimeout:     time.Second,
		WriteTimeout:    time.Second,
	})
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	a := make([]any, len(args))
	for i, x := range args {
		a[i] = x
	}
	res, err := client.Do(ctx, a...).Result()
	if err == redis.Nil {
		return "(nil)", nil
	}
	if err != nil {
		return "(error) " + err.Error(), nil
	}
	return formatReply(res, ""), nil
}

// formatReply renders a reply the way redis-cli does.
func formatReply(v any, indent string) string {
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
			lines[i] = fmt.Sprintf("%s%d) %s", indent, i+1, formatReply(e, indent+"   "))
		}
		return strings.Join(lines, "\n")
	}
	return fmt.Sprint(v)
}
