package live

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// redisURLForm is the accepted shape, quoted in every error.
const redisURLForm = "redis://[:password@]host:port/db"

// MaskRedisURL returns u with any password replaced by "****", so it can be
// printed. Text that does not parse as a URL is masked after the last "@"
// before the host, or returned whole when it holds no "@".
func MaskRedisURL(u string) string {
	p, err := url.Parse(u)
	if err == nil && p.User != nil {
		if _, has := p.User.Password(); has {
			p.User = url.UserPassword(p.User.Username(), "****")
			return strings.Replace(p.String(), "%2A%2A%2A%2A", "****", 1)
		}
		return p.String()
	}
	if err == nil {
		return u
	}
	// Unparsable: hide everything between the scheme and the last '@'.
	if at := strings.LastIndex(u, "@"); at >= 0 {
		start := 0
		if i := strings.Index(u, "://"); i >= 0 && i < at {
			start = i + 3
		}
		return u[:start] + "****" + u[at:]
	}
	return u
}

// ParseRedisURL checks a --redis-url value and returns go-redis options for it.
// It accepts redis:// and rediss:// URLs with an explicit host and port, an
// optional password and a database number 0..15. Errors name the URL with its
// password masked.
func ParseRedisURL(u string) (*redis.Options, error) {
	bad := func(why string) error {
		return fmt.Errorf("bad --redis-url %q: %s; expected %s", MaskRedisURL(u), why, redisURLForm)
	}
	if u == "" {
		return nil, bad("it is empty")
	}
	p, err := url.Parse(u)
	if err != nil {
		return nil, bad("it is not a URL")
	}
	if p.Scheme != "redis" && p.Scheme != "rediss" {
		return nil, bad(fmt.Sprintf("scheme %q is not redis or rediss", p.Scheme))
	}
	if p.Opaque != "" || p.Host == "" {
		return nil, bad("it has no host")
	}
	host, port, err := net.SplitHostPort(p.Host)
	if err != nil || host == "" {
		return nil, bad("the host needs a port, as in localhost:6379")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, bad(fmt.Sprintf("port %q is not a number 1..65535", port))
	}
	if p.RawQuery != "" || p.Fragment != "" {
		return nil, bad("query options are not supported")
	}
	db := strings.TrimPrefix(p.Path, "/")
	if db != "" {
		if n, err := strconv.Atoi(db); err != nil || n < 0 || n > 15 || strconv.Itoa(n) != db {
			return nil, bad(fmt.Sprintf("database %q is not a number 0..15", db))
		}
	}
	opts, err := redis.ParseURL(u)
	if err != nil {
		return nil, bad("go-redis rejects it")
	}
	return opts, nil
}
