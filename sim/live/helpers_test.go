//go:build unix

package live

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// patience bounds waits for things that are not the property under test
// (a log line, a worker's boot): generous, so a loaded machine does not fail
// a test, while the timing properties keep their own tight bounds.
const patience = 10 * time.Second

// server is one `workerlab serve` process under test.
type server struct {
	t      testing.TB
	cmd    *exec.Cmd
	addr   string
	client *http.Client

	mu     sync.Mutex
	lines  []string
	change chan struct{} // closed and replaced on every new log line

	exited chan struct{}
	exit   error
}

var (
	listenRE = regexp.MustCompile(`Listening at: http://(\S+) `)
	bootRE   = regexp.MustCompile(`Booting worker with pid: (\d+)`)
	redisRE  = regexp.MustCompile(`embedded miniredis at (\S+)`)
)

// startServe runs `workerlab serve --bind 127.0.0.1:0 args...`, waits until it
// listens, and stops it (SIGKILL) at cleanup if the test did not.
func startServe(t testing.TB, args ...string) *server {
	t.Helper()
	s := launch(t, append([]string{"serve", "--bind", "127.0.0.1:0"}, args...)...)
	line := s.waitLog(t, "Listening at:", patience)
	s.addr = listenRE.FindStringSubmatch(line)[1]
	// The first worker boots alone and the others follow it: wait for all of
	// them, so a test never measures a server still starting.
	for i, a := range args {
		if a == "-w" && i+1 < len(args) {
			if n, err := strconv.Atoi(args[i+1]); err == nil {
				s.waitBooted(t, n)
			}
		}
	}
	return s
}

// launch starts the binary with args and collects its stderr lines.
func launch(t testing.TB, args ...string) *server {
	t.Helper()
	return launchWith(t, nil, args...)
}

// launchWith is launch with process attributes (e.g. a process group of its
// own, so a test can signal the whole group as a terminal's Ctrl-C does).
func launchWith(t testing.TB, attr *syscall.SysProcAttr, args ...string) *server {
	t.Helper()
	return launchEnv(t, attr, nil, args...)
}

// launchEnv is launchWith with extra environment variables ("K=V").
func launchEnv(t testing.TB, attr *syscall.SysProcAttr, env []string, args ...string) *server {
	t.Helper()
	s := &server{t: t, change: make(chan struct{}), exited: make(chan struct{}),
		client: &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
	s.cmd = exec.Command(binPath, args...)
	s.cmd.SysProcAttr = attr
	if env != nil {
		s.cmd.Env = append(os.Environ(), env...)
	}
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stdout = io.Discard
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s %v: %v", binPath, args, err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.lines = append(s.lines, sc.Text())
			close(s.change)
			s.change = make(chan struct{})
			s.mu.Unlock()
		}
		s.exit = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
		if t.Failed() {
			t.Logf("server log:\n%s", strings.Join(s.log(), "\n"))
		}
	})
	return s
}

// log returns the lines seen so far.
func (s *server) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

// waitLog waits for a line containing sub, counting from the first line, and
// returns it; it fails the test after d.
func (s *server) waitLog(t testing.TB, sub string, d time.Duration) string {
	t.Helper()
	return s.waitLogN(t, sub, 1, d)
}

// waitLogN waits until n lines contain sub and returns the n-th.
func (s *server) waitLogN(t testing.TB, sub string, n int, d time.Duration) string {
	t.Helper()
	deadline := time.After(d)
	for {
		s.mu.Lock()
		found := 0
		for _, l := range s.lines {
			if strings.Contains(l, sub) {
				found++
				if found == n {
					s.mu.Unlock()
					return l
				}
			}
		}
		ch := s.change
		s.mu.Unlock()
		select {
		case <-ch:
		case <-s.exited:
			// drain: the scanner may still deliver buffered lines
			s.mu.Lock()
			for _, l := range s.lines {
				if strings.Contains(l, sub) {
					found++
				}
			}
			s.mu.Unlock()
			t.Fatalf("server exited (%v) before logging %d× %q", s.exit, n, sub)
		case <-deadline:
			t.Fatalf("no %d× %q in the server log after %s", n, sub, d)
		}
	}
}

// count reports how many log lines contain sub.
func (s *server) count(sub string) int {
	n := 0
	for _, l := range s.log() {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

// waitBooted waits until n workers have logged their boot and returns every
// booted pid so far.
func (s *server) waitBooted(t testing.TB, n int) []int {
	t.Helper()
	s.waitLogN(t, "Booting worker", n, patience)
	return s.bootedPids()
}

// bootedPids lists every worker pid the log says booted.
func (s *server) bootedPids() []int {
	var pids []int
	for _, l := range s.log() {
		if m := bootRE.FindStringSubmatch(l); m != nil {
			p, _ := strconv.Atoi(m[1])
			pids = append(pids, p)
		}
	}
	return pids
}

// reply is one HTTP answer.
type reply struct {
	status int
	body   string
	pid    int
}

// get sends GET path to the server and returns the answer.
func (s *server) get(t testing.TB, path string) reply {
	t.Helper()
	r, err := httpGet(s.client, "http://"+s.addr+path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return r
}

func httpGet(c *http.Client, url string) (reply, error) {
	resp, err := c.Get(url)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	pid, err := strconv.Atoi(resp.Header.Get("X-Worker-Pid"))
	if err != nil {
		return reply{}, fmt.Errorf("GET %s: no X-Worker-Pid header (%q)", url, resp.Header.Get("X-Worker-Pid"))
	}
	return reply{resp.StatusCode, strings.TrimSpace(string(b)), pid}, nil
}

// signal sends sig to the master.
func (s *server) signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// waitExit waits for the master to exit within d and returns its error.
func (s *server) waitExit(t testing.TB, d time.Duration) error {
	t.Helper()
	select {
	case <-s.exited:
		return s.exit
	case <-time.After(d):
		t.Fatalf("master still running %s after the signal", d)
		return nil
	}
}

// waitGone waits until none of pids runs, polling every 10 ms for at most d,
// and returns how long it took; it fails the test with the survivors.
func waitGone(t testing.TB, pids []int, d time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		var left []int
		for _, p := range pids {
			if alive(p) {
				left = append(left, p)
			}
		}
		if len(left) == 0 {
			return time.Since(start)
		}
		if time.Since(start) > d {
			for _, p := range left {
				_ = syscall.Kill(p, syscall.SIGKILL)
			}
			t.Fatalf("processes %v still running %s later", left, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ownerEnv marks every process this test binary starts (TestMain sets it in
// the environment, which masters and workers inherit), so leftovers are told
// apart from other test runs.
func ownerEnv() string { return fmt.Sprintf("WORKERLAB_TEST_OWNER=%d", os.Getpid()) }

// freePort returns a loopback address with a port that was free a moment ago.
func freePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// pidsAnswering sends n GETs of path from 4 concurrent clients (so that
// sync workers, one connection each, must share them) and counts answers per
// pid.
func (s *server) pidsAnswering(t testing.TB, path string, n int) map[int]int {
	t.Helper()
	seen := map[int]int{}
	for _, r := range hammer(t, s.client, "http://"+s.addr+path, 4, n/4) {
		seen[r.pid]++
	}
	return seen
}

// hammer runs clients goroutines, each sending n GETs of path, and returns
// the answers.
func hammer(t testing.TB, c *http.Client, url string, clients, n int) []reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	var out []reply
	var firstErr error
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range n {
				if ctx.Err() != nil {
					return
				}
				r, err := httpGet(c, url)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out = append(out, r)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("load on %s: %v", url, firstErr)
	}
	return out
}
