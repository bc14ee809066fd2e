//go:build unix

package live

import (
	"net"
	"os/exec"
	"testing"
	"time"
)

// redisServer is a real redis-server started by a test.
type redisServer struct {
	cmd  *exec.Cmd
	addr string
	url  string
	done chan struct{}
}

// startRedisServer starts redis-server on a free loopback port, or skips the
// test when it is not installed.
func startRedisServer(t *testing.T, extra ...string) *redisServer {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not on PATH; install it (apt-get install redis-server) to run the real-Redis tests")
	}
	addr := freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	args := append([]string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, extra...)
	rs := &redisServer{cmd: exec.Command(path, args...), addr: addr, url: "redis://" + addr + "/0", done: make(chan struct{})}
	if err := rs.cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	go func() { _ = rs.cmd.Wait(); close(rs.done) }()
	t.Cleanup(func() { _ = rs.cmd.Process.Kill(); <-rs.done })
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return rs
		}
		select {
		case <-rs.done:
			t.Fatalf("redis-server exited at start (port %s taken?)", port)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not accept connections within 5s", addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop kills the redis-server and waits for it.
func (rs *redisServer) stop(t *testing.T) {
	t.Helper()
	_ = rs.cmd.Process.Kill()
	select {
	case <-rs.done:
	case <-time.After(5 * time.Second):
		t.Fatal("redis-server did not exit")
	}
}
