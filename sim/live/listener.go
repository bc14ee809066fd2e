package live

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
)

// slotListener accepts a connection only while the worker has a free slot,
// as a gunicorn sync worker accepts only when it is idle: a busy worker leaves
// queued connections to the other workers waiting on the same socket. Every
// accepted connection holds its slot until it is closed, so drain can wait
// for all of them.
type slotListener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
	stop      *atomic.Bool // set when the worker retires (max-requests)
}

func newSlotListener(l net.Listener, slots int, stop *atomic.Bool) *slotListener {
	return &slotListener{Listener: l, slots: make(chan struct{}, slots), closed: make(chan struct{}), stop: stop}
}

// Accept waits for a free slot, then for a connection.
func (l *slotListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	if l.stop.Load() {
		<-l.slots
		<-l.closed // retiring: accept nothing more, wait for Close
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
}

// Close stops accepting; the inherited socket stays open in the other workers
// and in the master, so connections not yet accepted wait for them.
func (l *slotListener) Close() error {
	var err error
	l.closeOnce.Do(func() {
		close(l.closed)
		err = l.Listener.Close()
	})
	return err
}

// drain waits until every accepted connection has been closed (every slot is
// free and no Accept is under way), or ctx ends. Call it after Close.
func (l *slotListener) drain(ctx context.Context) error {
	for range cap(l.slots) {
		select {
		case l.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// slotConn frees its slot when closed.
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close frees the connection's slot once, then closes it.
func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
