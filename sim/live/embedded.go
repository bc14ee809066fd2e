package live

import (
	"sync"

	"github.com/alicebob/miniredis/v2"
	mrserver "github.com/alicebob/miniredis/v2/server"
)

// growCommands are the commands Redis flags "denyoom": those that can make
// the data set grow. A full store refuses them and still runs the others
// (reads, DEL, EXPIRE, FLUSHDB ...), as Redis does under its default
// maxmemory-policy, noeviction.
var growCommands = map[string]bool{
	"SET": true, "SETNX": true, "SETEX": true, "PSETEX": true, "MSET": true, "MSETNX": true,
	"APPEND": true, "SETRANGE": true, "GETSET": true, "SETBIT": true, "BITOP": true, "BITFIELD": true,
	"INCR": true, "INCRBY": true, "DECR": true, "DECRBY": true, "INCRBYFLOAT": true,
	"LPUSH": true, "RPUSH": true, "LPUSHX": true, "RPUSHX": true, "LINSERT": true, "LSET": true,
	"RPOPLPUSH": true, "BRPOPLPUSH": true, "LMOVE": true, "BLMOVE": true,
	"SADD": true, "SMOVE": true, "SUNIONSTORE": true, "SINTERSTORE": true, "SDIFFSTORE": true,
	"ZADD": true, "ZINCRBY": true, "ZUNIONSTORE": true, "ZINTERSTORE": true, "ZDIFFSTORE": true, "ZRANGESTORE": true,
	"HSET": true, "HSETNX": true, "HMSET": true, "HINCRBY": true, "HINCRBYFLOAT": true,
	"PFADD": true, "PFMERGE": true, "XADD": true, "GEOADD": true, "COPY": true, "RESTORE": true,
	"SORT": true, "EVAL": true, "EVALSHA": true,
}

// keyCap makes the embedded Redis hold at most max keys over all its
// databases: once full, it answers a command that could add data with
// Redis's own OOM error.
type keyCap struct {
	m   *miniredis.Miniredis
	max int

	mu    sync.Mutex
	known int // keys counted at the last count
	since int // keys the commands let through since then may have added
}

// capKeys installs a keyCap on m.
func capKeys(m *miniredis.Miniredis, max int) *keyCap {
	k := &keyCap{m: m, max: max}
	m.Server().SetPreHook(k.hook)
	return k
}

// hook runs before every command; it reports true (done) when it refused one.
func (k *keyCap) hook(c *mrserver.Peer, cmd string, args ...string) bool {
	if !growCommands[cmd] {
		return false
	}
	add := 1
	if cmd == "MSET" || cmd == "MSETNX" {
		add = max(1, len(args)/2)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.known+k.since+add > k.max {
		// Near the cap: count exactly (deletes may have made room).
		k.known, k.since = k.count(), 0
		if k.known+add > k.max {
			c.WriteError(errFull.Error())
			return true
		}
	}
	k.since += add
	return false
}

// count returns the keys held in all 16 databases.
func (k *keyCap) count() int {
	n := 0
	for db := range 16 {
		n += len(k.m.DB(db).Keys())
	}
	return n
}
