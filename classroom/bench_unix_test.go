//go:build unix

package classroom

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchSessions opens n students' sessions over real SSH connections, each
// at 80x24, and measures what one session costs: the memory the process
// holds per session (heap and stacks after a GC) and the CPU it uses per
// session, as a share of one core over one second of wall time per
// iteration. Active sessions have a lesson open with traffic running at the
// default speed; idle ones sit on a lesson whose terminal lost focus, so
// their clock is stopped. The SSH clients run in the same process, so their
// decryption is counted too: the numbers are an upper bound for the server.
// CLASSROOM_BENCH_SESSIONS sets n (default 10).
func benchSessions(b *testing.B, active bool) {
	n := 10
	if v, err := strconv.Atoi(os.Getenv("CLASSROOM_BENCH_SESSIONS")); err == nil && v > 0 {
		n = v
	}
	srv, addr := startClass(b, Config{Max: n})
	before := heldBytes()
	labs := make([]*lab, n)
	for i := range labs {
		user := "s" + strconv.Itoa(i)
		labs[i] = openLab(b, dial(b, addr, user, newKey(b)), 80, 24)
		labs[i].typeKeys(b, "j\r") // lesson 2: four workers
		labs[i].waitScreen(b, "Make a worker forget")
		if active {
			labs[i].typeKeys(b, ":traffic set-then-get 100/s clients 4\r")
		} else {
			labs[i].typeKeys(b, "\x1b[O") // focus out: the student looks elsewhere
		}
	}
	waitRoster(b, srv, "every session in its state", func(st []Student) bool {
		if len(st) != n {
			return false
		}
		for _, s := range st {
			if !s.Connected || s.Watching != active {
				return false
			}
		}
		return true
	})
	time.Sleep(time.Second) // let the sessions settle into their steady state
	held := heldBytes() - before
	b.ResetTimer()
	cpu := cpuTime()
	start := time.Now()
	for range b.N {
		time.Sleep(time.Second)
	}
	used := cpuTime() - cpu
	wall := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(held)/float64(n)/(1<<20), "MB/session")
	b.ReportMetric(100*used.Seconds()/wall.Seconds()/float64(n), "%core/session")
	b.ReportMetric(float64(n), "sessions")
}

func BenchmarkSessionIdle(b *testing.B)   { benchSessions(b, false) }
func BenchmarkSessionActive(b *testing.B) { benchSessions(b, true) }

// heldBytes is the heap in use plus goroutine stacks, after a GC.
func heldBytes() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse + ms.StackInuse)
}

// cpuTime is the CPU the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
