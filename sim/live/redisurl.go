package live

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// redisURLForm is the accepted shape, quoted in every error.
const redisURLForm = "redis://[:password@]host:port/db"

// hiddenURL stands in for a URL that cannot be shown safely.
const hiddenURL = "(a Redis URL that does not parse; not shown, it may hold a password)"

// MaskRedisURL returns u with any password replaced by "****", so it can be
// printed. Only a URL that ParseRedisURL accepts is shown: in text that does
// not parse, no one can tell where a password ends, so it is never echoed.
func MaskRedisURL(u string) string {
	if _, err := ParseRedisURL(u); err != nil {
		return hiddenURL
	}
	p, err := url.Parse(u)
	if err != nil {
		return hiddenURL
	}
	if p.User != nil {
		if _, has := p.User.Password(); has {
			p.User = url.UserPassword(p.User.Username(), "****")
			return strings.Replace(p.String(), "%2A%2A%2A%2A", "****", 1)
		}
	}
	return p.String()
}

// HasPassword reports whether u may carry a password: it parses with one, or
// it does not parse and holds an "@".
func HasPassword(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return strings.Contains(u, "@")
	}
	_, has := p.User.Password()
	return has
}

// errBadRedisURL is wrapped by every ParseRedisURL error.
var errBadRedisURL = errors.New("bad Redis URL")

// ParseRedisURL checks a Redis URL (serve's --redis-url or REDIS_URL) and
// returns go-redis options for it. It accepts redis:// and rediss:// URLs
// with an explicit host and port, an optional password and a database number
// 0..15. An error says what is wrong in fixed words and never repeats any
// part of the URL: a password holding '?', '/' or '#' would otherwise leak in
// the part quoted.
func ParseRedisURL(u string) (*redis.Options, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: %s; expected %s (the URL is not repeated: it may hold a password)", errBadRedisURL, why, redisURLForm)
	}
	if u == "" {
		return nil, bad("it is empty")
	}
	p, err := url.Parse(u)
	if err != nil {
		return nil, bad("it is not a URL")
	}
	if p.Scheme != "redis" && p.Scheme != "rediss" {
		return nil, bad("the scheme is not redis:// or rediss://")
	}
	if p.Opaque != "" || p.Host == "" {
		return nil, bad("it has no host")
	}
	if p.RawQuery != "" || p.ForceQuery || p.Fragment != "" || strings.ContainsAny(u, "?#") {
		return nil, bad("it has a '?' or '#': query options are not supported, and a password holding them must be percent-encoded (%3F, %23)")
	}
	host, port, err := net.SplitHostPort(p.Host)
	if err != nil || host == "" {
		return nil, bad("the host needs a port, as in localhost:6379")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, bad("the port is not a number 1..65535")
	}
	db := strings.TrimPrefix(p.Path, "/")
	if db != "" {
		if n, err := strconv.Atoi(db); err != nil || n < 0 || n > 15 || strconv.Itoa(n) != db {
			return nil, bad("the database (after the last '/') is not a number 0..15; a '/' in the password must be percent-encoded as %2F")
		}
	}
	opts, err := redis.ParseURL(u)
	if err != nil {
		return nil, bad("go-redis rejects it")
	}
	return opts, nil
}
