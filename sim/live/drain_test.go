//go:build unix

package live

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// loadGen keeps clients busy sending GET path, one new connection per
// request as wrk does against sync workers, and counts what came back.
type loadGen struct {
	addr, path string
	answered   atomic.Int64 // a status line arrived
	missing    atomic.Int64 // the request was sent, the connection ended without a status line
	refused    atomic.Int64 // no connection at all
	mu         sync.Mutex
	firstMiss  string
	stop       context.CancelFunc
	wg         sync.WaitGroup
}

// startLoad starts clients goroutines against addr.
func startLoad(addr, path string, clients int) *loadGen {
	ctx, cancel := context.WithCancel(context.Background())
	g := &loadGen{addr: addr, path: path, stop: cancel}
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nUser-Agent: workerlab-load\r\n\r\n")
	for range clients {
		g.wg.Go(func() {
			for ctx.Err() == nil {
				g.one(req)
			}
		})
	}
	return g
}

// one sends a request on a fresh connection and reads the status line.
func (g *loadGen) one(req []byte) {
	c, err := net.DialTimeout("tcp", g.addr, 5*time.Second)
	if err != nil {
		g.refused.Add(1)
		return
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := c.Write(req); err != nil {
		g.miss(fmt.Sprintf("write: %v", err))
		return
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 ") {
		g.miss(fmt.Sprintf("status line %q, %v", line, err))
		return
	}
	g.answered.Add(1)
}

func (g *loadGen) miss(why string) {
	g.missing.Add(1)
	g.mu.Lock()
	if g.firstMiss == "" {
		g.firstMiss = why
	}
	g.mu.Unlock()
}

// finish stops the clients and waits for their last requests.
func (g *loadGen) finish() {
	g.stop()
	g.wg.Wait()
}

// waitAnswered waits until n more requests than now have been answered, so
// the next signal lands on a server under load.
func (g *loadGen) waitAnswered(t *testing.T, n int64) {
	t.Helper()
	want := g.answered.Load() + n
	deadline := time.Now().Add(patience)
	for g.answered.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("load stalled: %d answered, %d missing, %d refused (first miss: %s)", g.answered.Load(), g.missing.Load(), g.refused.Load(), g.firstMiss)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestGracefulSignalsLoseNoRequest: under a steady load, 20 HUPs (every
// worker replaced) and 20 TTOUs (the oldest retired, each after a TTIN) let
// every accepted connection finish: no client is left without a response.
func TestGracefulSignalsLoseNoRequest(t *testing.T) {
	s := startServe(t, "-w", "2")
	g := startLoad(s.addr, "/pid", 16)
	defer g.finish()
	g.waitAnswered(t, 200)
	boots := 2
	for i := range 20 {
		s.signal(t, syscall.SIGHUP)
		boots += 2
		s.waitLogN(t, "Booting worker", boots, patience)
		g.waitAnswered(t, 100)

		s.signal(t, syscall.SIGTTIN)
		boots++
		s.waitLogN(t, "Booting worker", boots, patience)
		g.waitAnswered(t, 50)
		s.signal(t, syscall.SIGTTOU)
		s.waitLogN(t, "Handling signal: ttou", i+1, patience)
		g.waitAnswered(t, 100)
	}
	// Every retired worker has exited: their connections are all answered.
	s.waitLogN(t, "Worker exited", 60, patience)
	g.waitAnswered(t, 100)
	g.finish()
	t.Logf("20 HUP + 20 TTOU under 16 clients: %d answered, %d missing, %d refused", g.answered.Load(), g.missing.Load(), g.refused.Load())
	if n := g.missing.Load(); n != 0 {
		t.Fatalf("%d of %d requests got no response (first: %s)", n, n+g.answered.Load(), g.firstMiss)
	}
	if n := g.refused.Load(); n != 0 {
		t.Fatalf("%d connections were refused while the master held the socket", n)
	}
}
