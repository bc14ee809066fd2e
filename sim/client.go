package sim

import "time"

// client is one HTTP client: a traffic generator's, or the console's.
type client struct {
	id    int
	gen   *generator // nil for console clients
	stop  bool       // its generator was replaced or turned off
	busy  bool       // a request is in flight
	queue []consoleOp
	qhead int

	// The kept-alive connection (gthread/gevent with keep-alive on).
	conn     *worker
	lastUsed time.Duration

	lastSend time.Duration
	// Workload state.
	phase  int
	key    keyID
	streak int64 // fresh reads in a row
}

// consoleOp is one request typed at the console, waiting its turn.
type consoleOp struct {
	op     opKind
	key    keyID
	val    value
	item   string        // append: the item
	ttl    time.Duration // the set's own timeout, when hasTTL
	hasTTL bool
	atomic bool
}

func (c *client) pendingConsole() bool { return c.qhead < len(c.queue) }

func (c *client) popConsole() consoleOp {
	op := c.queue[c.qhead]
	c.qhead++
	if c.qhead == len(c.queue) {
		c.queue, c.qhead = c.queue[:0], 0
	}
	return op
}

// connectedTo returns the worker of a live kept-alive connection, or nil.
func (c *client) connectedTo(now, idle time.Duration) *worker {
	w := c.conn
	if w == nil || w.dead || w.retiring || now-c.lastUsed > idle {
		c.conn = nil
		return nil
	}
	return w
}
