//go:build unix

package live

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLiveGet4Workers measures /get throughput of `serve -w 4` (sync
// workers, local store, access log on, sent to /dev/null) from 8 concurrent
// loopback clients. Like wrk against gunicorn's sync workers, each request is
// one connection (the server closes it); the client writes the request and
// reads the reply on a raw socket so the load generator stays light.
// FACTS.md: gunicorn -w 4 on a trivial Django view, wrk, 8 connections:
// 13.6k req/s on 2 cores.
func BenchmarkLiveGet4Workers(b *testing.B) {
	addr := startQuiet(b, 4)
	setUser(b, addr)
	b.ResetTimer()
	rate, failed := loadRate(addr, "/get?k=user", b.N, benchClients)
	b.StopTimer()
	if failed > 0 {
		b.Fatalf("%d of %d requests failed", failed, b.N)
	}
	b.ReportMetric(rate, "req/s")
}

// BenchmarkLiveVsBareServer compares `serve -w 4` with a bare Go net/http
// server that closes every connection (testdata/bareserver), in the same run,
// turn by turn, under the same load generator: the ratio says what live
// mode's workers, log and slot accounting cost over the connection set-up
// that dominates both. Goal: live/bare >= 0.9.
func BenchmarkLiveVsBareServer(b *testing.B) {
	bare := startBare(b)
	addr := startQuiet(b, 4)
	setUser(b, addr)
	const rounds = 5
	per := max(b.N, 3*rounds*1000) / rounds
	var bareRate, liveRate float64
	b.ResetTimer()
	for range rounds {
		r, failed := loadRate(bare, "/get?k=user", per, benchClients)
		if failed > 0 {
			b.Fatalf("bare server: %d of %d requests failed", failed, per)
		}
		bareRate += r / rounds
		r, failed = loadRate(addr, "/get?k=user", per, benchClients)
		if failed > 0 {
			b.Fatalf("serve -w 4: %d of %d requests failed", failed, per)
		}
		liveRate += r / rounds
	}
	b.StopTimer()
	b.ReportMetric(bareRate, "bare-req/s")
	b.ReportMetric(liveRate, "live-req/s")
	b.ReportMetric(liveRate/bareRate, "live/bare")
}

// benchClients is the load generator's concurrency, as wrk -c 8.
const benchClients = 8

// setUser stores user=ada through the live server, so /get answers 200 from
// the worker holding it and 404 from the others.
func setUser(b *testing.B, addr string) {
	b.Helper()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	if r, err := httpGet(c, "http://"+addr+"/set?k=user&v=ada"); err != nil || r.status != http.StatusOK {
		b.Fatalf("/set = %+v, %v", r, err)
	}
}

// loadRate sends n GETs of path to addr from clients concurrent clients, one
// connection per request, and returns the rate and the failures.
func loadRate(addr, path string, n, clients int) (float64, int64) {
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nUser-Agent: workerlab-bench\r\n\r\n")
	var next, failed atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			buf := make([]byte, 4096)
			for next.Add(1) <= int64(n) {
				if !rawGet(addr, req, buf) {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds(), failed.Load()
}

var (
	bareOnce sync.Once
	barePath string
	bareErr  error
)

// startBare builds testdata/bareserver once, starts it and returns its
// address; it is killed at cleanup.
func startBare(b *testing.B) string {
	b.Helper()
	bareOnce.Do(func() {
		dir, err := os.MkdirTemp("", "workerlab-bare-")
		if err != nil {
			bareErr = err
			return
		}
		barePath = filepath.Join(dir, "bareserver")
		out, err := exec.Command("go", "build", "-o", barePath, "./testdata/bareserver").CombinedOutput()
		if err != nil {
			bareErr = fmt.Errorf("building testdata/bareserver: %v\n%s", err, out)
		}
	})
	if bareErr != nil {
		b.Fatal(bareErr)
	}
	cmd := exec.Command(barePath)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("bareserver printed no address: %v", err)
	}
	return strings.TrimSpace(line)
}

// rawGet sends one request on a new connection and reads the reply until the
// server closes it; it reports whether the view answered: 200 from the worker
// holding the key, 404 from the others (the local store is one dict each).
func rawGet(addr string, req, buf []byte) bool {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write(req); err != nil {
		return false
	}
	n, total := 0, 0
	for {
		n, err = conn.Read(buf[total:])
		total += n
		if err != nil || total == len(buf) {
			break
		}
	}
	return bytes.HasPrefix(buf[:total], []byte("HTTP/1.1 200 ")) || bytes.HasPrefix(buf[:total], []byte("HTTP/1.1 404 "))
}

// startQuiet starts `serve -w workers` on a free port with its log (and the
// access log) sent to /dev/null, as a benchmark should, and waits until every
// worker has answered /pid. It stops the server at cleanup.
func startQuiet(b *testing.B, workers int) string {
	b.Helper()
	addr := freePort(b)
	cmd := exec.Command(binPath, "serve", "--bind", addr, "-w", strconv.Itoa(workers))
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	deadline := time.Now().Add(patience)
	seen := map[int]bool{}
	for len(seen) < workers {
		if time.Now().After(deadline) {
			b.Fatalf("serve on %s: %d of %d workers answered within %s", addr, len(seen), workers, patience)
		}
		if r, err := httpGet(c, "http://"+addr+"/pid"); err == nil && r.status == http.StatusOK {
			seen[r.pid] = true
		} else {
			time.Sleep(5 * time.Millisecond) // not listening yet
		}
	}
	return addr
}

// startupOnce launches `serve -w 4` on a free port and returns the time from
// exec to the first answered request.
func startupOnce(tb testing.TB) time.Duration {
	tb.Helper()
	addr := freePort(tb)
	c := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	s := launch(tb, "serve", "-w", "4", "--bind", addr)
	for {
		if r, err := httpGet(c, "http://"+addr+"/pid"); err == nil && r.status == http.StatusOK {
			break
		}
		if time.Since(start) > 5*time.Second {
			tb.Fatalf("no answer within 5s of starting serve")
		}
		time.Sleep(time.Millisecond)
	}
	took := time.Since(start)
	s.signal(tb, syscall.SIGTERM)
	if err := s.waitExit(tb, 2*time.Second); err != nil {
		tb.Fatalf("exit: %v", err)
	}
	return took
}

// BenchmarkStartupToFirstResponse measures exec of `serve -w 4` to the first
// answered request, and beside it one bare start of the same binary (a
// process that initialises every package and exits): the first response
// needs two of those in a row, the master's and its first worker's.
// FACTS.md: gunicorn -w 4 answered first after 93–110 ms. Goal: <= 30 ms.
func BenchmarkStartupToFirstResponse(b *testing.B) {
	var total, worst time.Duration
	for range b.N {
		d := startupOnce(b)
		total += d
		worst = max(worst, d)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/first-response")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst")
	b.ReportMetric(float64(processStart(b).Microseconds())/1000, "ms/bare-process-start")
}

// cpuPressure is the share of the last 10 s in which some task waited for a
// CPU (Linux PSI, /proc/pressure/cpu "some avg10"), or 0 when unknown.
func cpuPressure() float64 {
	b, err := os.ReadFile("/proc/pressure/cpu")
	if err != nil {
		return 0
	}
	for _, f := range strings.Fields(string(b)) {
		if v, ok := strings.CutPrefix(f, "avg10="); ok {
			p, _ := strconv.ParseFloat(v, 64)
			return p // the first avg10 is the "some" line
		}
	}
	return 0
}

// processStart is the shortest of three runs of the binary that exit at
// once (the hidden worker command without its socket): what one process costs
// to start on this machine right now.
func processStart(tb testing.TB) time.Duration {
	tb.Helper()
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		_ = exec.Command(binPath, "worker").Run() // fails fast: no inherited socket
		best = min(best, time.Since(start))
	}
	return best
}

// TestStartupUnder100ms: the median of 5 starts of `serve -w 4` answers its
// first request within 100 ms.
func TestStartupUnder100ms(t *testing.T) {
	var ds []time.Duration
	for range 5 {
		ds = append(ds, startupOnce(t))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	// Starting serve -w 4 is two process starts in a row (master, then a
	// worker, booting beside its three siblings). When other work competes
	// for the CPU (CPU pressure over 10 % in the last 10 s, or one bare
	// process start over 40 ms; about 30 ms here when quiet) the 100 ms budget
	// says nothing about this code.
	if ds[2] > 100*time.Millisecond {
		one, psi := processStart(t), cpuPressure()
		if one > 40*time.Millisecond || psi > 10 {
			t.Skipf("startup to first response %v, but the machine is busy (one bare process start %v, CPU pressure %.1f%%); not judging the 100 ms budget", ds, one, psi)
		}
		t.Fatalf("startup to first response %v (one bare process start %v, CPU pressure %.1f%%); want the median <= 100ms", ds, one, psi)
	}
	t.Logf("startup to first response, 5 runs of serve -w 4: %v (median %v)", ds, ds[2])
}
