//go:build unix

package live

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTTINTTOU: TTIN adds a worker, TTOU retires the oldest; both show in
// the /pid answers and in the log.
func TestTTINTTOU(t *testing.T) {
	s := startServe(t, "-w", "2")
	s.waitLogN(t, "Booting worker", 2, patience)
	s.signal(t, syscall.SIGTTIN)
	s.waitLog(t, "Handling signal: ttin", patience)
	s.waitLogN(t, "Booting worker", 3, patience)
	s.waitLog(t, "Workers: 3", patience)
	if got := s.pidsAnswering(t, "/pid", 400); len(got) != 3 {
		t.Fatalf("after TTIN, 400 requests reached pids %v, want 3", got)
	}

	oldest := s.slotPid(t, 1) // slot 1 started first, so TTOU retires it
	s.signal(t, syscall.SIGTTOU)
	s.waitLog(t, "Handling signal: ttou", patience)
	s.waitLog(t, "Workers: 2", patience)
	exit := s.waitLog(t, "Worker exited (pid:", patience)
	if m := exitRE.FindStringSubmatch(exit); m == nil || m[1] != strconv.Itoa(oldest) {
		t.Fatalf("TTOU retired %q, want the oldest worker %d", exit, oldest)
	}
	waitGone(t, []int{oldest}, patience)
	// 300 answers now come from exactly the two remaining pids.
	got := s.pidsAnswering(t, "/pid", 300)
	if len(got) != 2 || got[oldest] != 0 {
		t.Fatalf("after TTOU, pids answering %v; want 2, without the retired %d", got, oldest)
	}
	// TTOU never goes below one worker.
	s.signal(t, syscall.SIGTTOU)
	s.waitLog(t, "Workers: 1", patience)
	// The retired worker takes connections until its TERM arrives, then
	// finishes them: count answers once it is gone.
	s.waitLogN(t, "Worker exited (pid:", 2, patience)
	s.signal(t, syscall.SIGTTOU)
	s.waitLog(t, "TTOU never goes below one", patience)
	if got := s.pidsAnswering(t, "/pid", 50); len(got) != 1 {
		t.Fatalf("at one worker, pids answering %v", got)
	}
}

var (
	exitRE = regexp.MustCompile(`Worker exited \(pid: (\d+)`)
	slotRE = regexp.MustCompile(`Booting worker with pid: (\d+) \(slot (\d+)`)
)

// slotPid returns the pid of the latest worker booted in slot.
func (s *server) slotPid(t *testing.T, slot int) int {
	t.Helper()
	pid := 0
	for _, l := range s.log() {
		if m := slotRE.FindStringSubmatch(l); m != nil && m[2] == strconv.Itoa(slot) {
			pid, _ = strconv.Atoi(m[1])
		}
	}
	if pid == 0 {
		t.Fatalf("no worker booted in slot %d", slot)
	}
	return pid
}

// TestKilledWorkerRespawns: kill -9 of a worker, and a new pid serves within 1 s.
func TestKilledWorkerRespawns(t *testing.T) {
	s := startServe(t, "-w", "2")
	first := s.waitBooted(t, 2)
	victim, survivor := first[0], first[1]
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	// Two clients at once, so the survivor cannot take every request; any
	// pid but the two first ones is the respawned worker.
	for time.Since(killed) < time.Second {
		for _, r := range hammer(t, s.client, "http://"+s.addr+"/pid", 2, 1) {
			switch r.pid {
			case victim:
				t.Fatalf("killed pid %d answered", victim)
			case survivor:
			default:
				took := time.Since(killed)
				if took > time.Second {
					t.Fatalf("new worker %d first answered %s after the kill, want <= 1s", r.pid, took)
				}
				s.waitLog(t, "was sent SIGKILL", patience)
				t.Logf("kill -9 %d: new worker %d answered after %s", victim, r.pid, took.Round(time.Millisecond))
				return
			}
		}
	}
	t.Fatalf("no new pid answered within 1s of kill -9 (booted %v)", s.bootedPids())
}

// TestTermStopsEverything: SIGTERM to the master, all processes gone in 2 s.
func TestTermStopsEverything(t *testing.T) {
	s := startServe(t, "-w", "4")
	s.waitLogN(t, "Booting worker", 4, patience)
	pids := append(s.bootedPids(), s.cmd.Process.Pid)
	sent := time.Now()
	s.signal(t, syscall.SIGTERM)
	if err := s.waitExit(t, 2*time.Second); err != nil {
		t.Fatalf("master exit: %v", err)
	}
	waitGone(t, pids, 2*time.Second)
	s.waitLog(t, "Shutting down: Master", patience)
	t.Logf("TERM: all %d processes gone %s after the signal", len(pids), time.Since(sent).Round(time.Millisecond))
}

// TestKillMasterLeavesNoOrphans: kill -9 of the master, its workers exit
// within 2 s (parent-death signal and the parent-pid check).
func TestKillMasterLeavesNoOrphans(t *testing.T) {
	s := startServe(t, "-w", "4")
	s.waitLogN(t, "Booting worker", 4, patience)
	workers := s.bootedPids()
	for _, p := range workers {
		if !alive(p) {
			t.Fatalf("worker %d not running before the kill", p)
		}
	}
	killed := time.Now()
	s.signal(t, syscall.SIGKILL)
	s.waitExit(t, 2*time.Second)
	waitGone(t, workers, 2*time.Second)
	t.Logf("kill -9 master: its %d workers gone %s after the kill", len(workers), time.Since(killed).Round(time.Millisecond))
}

// TestKillMasterWithoutPdeathsig: macOS has no parent-death signal; workers
// started without it (as there) notice the master is gone by its pid and
// exit within the same 2 s, an idle one and one busy with a 20 s request.
func TestKillMasterWithoutPdeathsig(t *testing.T) {
	s := launchEnv(t, nil, []string{"WORKERLAB_NO_PDEATHSIG=1"}, "serve", "--bind", "127.0.0.1:0", "-w", "2", "--threads", "2")
	s.addr = listenRE.FindStringSubmatch(s.waitLog(t, "Listening at:", patience))[1]
	workers := s.waitBooted(t, 2)
	s.slowRequest(t, "20s")
	killed := time.Now()
	s.signal(t, syscall.SIGKILL)
	s.waitExit(t, 2*time.Second)
	waitGone(t, workers, 2*time.Second)
	s.waitLog(t, "is gone; worker exiting", patience)
	t.Logf("kill -9 master, no pdeathsig: its %d workers gone %s after the kill", len(workers), time.Since(killed).Round(time.Millisecond))
}

// TestStartStop20: start and stop 20 times; no process of ours is left.
func TestStartStop20(t *testing.T) {
	before := ownProcesses()
	var all []int
	for i := range 20 {
		s := startServe(t, "-w", "2")
		if r := s.get(t, "/pid"); r.status != http.StatusOK {
			t.Fatalf("round %d: /pid = %d", i, r.status)
		}
		s.waitLogN(t, "Booting worker", 2, patience)
		round := append([]int{s.cmd.Process.Pid}, s.bootedPids()...)
		all = append(all, round...)
		if i == 0 { // the leftover check below must be able to see our processes
			seen := ownProcesses()
			for _, p := range round {
				if !slices.Contains(seen, p) {
					t.Fatalf("ownProcesses() = %v misses running pid %d of %v", seen, p, round)
				}
			}
		}
		if i%2 == 0 {
			s.signal(t, syscall.SIGTERM)
		} else {
			s.signal(t, syscall.SIGINT)
		}
		if err := s.waitExit(t, 2*time.Second); err != nil {
			t.Fatalf("round %d: exit %v", i, err)
		}
	}
	waitGone(t, all, 2*time.Second)
	if after := ownProcesses(); len(after) > len(before) {
		t.Fatalf("processes of %s left: before %v, after %v", binPath, before, after)
	}
	if len(all) != 60 {
		t.Fatalf("tracked %d processes, want 60 (20 masters, 40 workers)", len(all))
	}
}

// slowRequest starts GET /incr with a long I/O wait and waits until the
// worker reports it in flight (the server needs --threads 2 so /state can
// answer meanwhile). The reply arrives on the returned channel.
func (s *server) slowRequest(t *testing.T, io string) <-chan reply {
	t.Helper()
	out := make(chan reply, 1)
	go func() {
		r, err := httpGet(&http.Client{Timeout: 30 * time.Second}, "http://"+s.addr+"/incr?k=slow&io="+io)
		if err != nil {
			r.status = -1
			r.body = err.Error()
		}
		out <- r
	}()
	for i := 0; ; i++ {
		r := s.get(t, "/state")
		if strings.Contains(r.body, `"in_flight": 2`) {
			return out
		}
		if i == 200 {
			t.Fatalf("the slow request never showed in /state: %s", r.body)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestTermIsGraceful: TERM lets a request in flight finish, then stops.
func TestTermIsGraceful(t *testing.T) {
	s := startServe(t, "-w", "1", "--threads", "2")
	slow := s.slowRequest(t, "400ms")
	s.signal(t, syscall.SIGTERM)
	r := <-slow
	if r.status != http.StatusOK || r.body != "1" {
		t.Fatalf("request in flight during TERM = %d %q, want 200 1", r.status, r.body)
	}
	if err := s.waitExit(t, 2*time.Second); err != nil {
		t.Fatalf("master exit: %v", err)
	}
}

// TestQuitStopsAtOnce: QUIT stops without waiting for a slow request, which
// TERM would wait 30 s for.
func TestQuitStopsAtOnce(t *testing.T) {
	s := startServe(t, "-w", "1", "--threads", "2", "--graceful-timeout", "30s")
	slow := s.slowRequest(t, "20s")
	pids := s.waitBooted(t, 1)
	start := time.Now()
	s.signal(t, syscall.SIGQUIT)
	if err := s.waitExit(t, 2*time.Second); err != nil {
		t.Fatalf("master exit: %v", err)
	}
	waitGone(t, pids, 2*time.Second)
	if r := <-slow; r.status == http.StatusOK {
		t.Fatalf("the 20 s request finished (%q) though QUIT stops at once", r.body)
	}
	t.Logf("QUIT with a 20 s request in flight: stopped in %s", time.Since(start).Round(time.Millisecond))
}

// TestHUPReplacesWorkers: HUP boots fresh workers and retires every old one.
func TestHUPReplacesWorkers(t *testing.T) {
	s := startServe(t, "-w", "2")
	s.waitLogN(t, "Booting worker", 2, patience)
	old := s.bootedPids()
	s.get(t, "/set?k=a&v=1")
	s.signal(t, syscall.SIGHUP)
	s.waitLog(t, "Handling signal: hup", patience)
	s.waitLogN(t, "Booting worker", 4, patience)
	waitGone(t, old, patience)
	fresh := s.bootedPids()[2:]
	got := s.pidsAnswering(t, "/get?k=a", 100)
	for p := range got {
		if !slices.Contains(fresh, p) {
			t.Fatalf("pid %d answered after HUP; want only the new workers %v", p, fresh)
		}
	}
	if r := s.get(t, "/get?k=a"); r.status != http.StatusNotFound {
		t.Fatalf("after HUP /get = %d %q; new workers start with empty dicts", r.status, r.body)
	}
}

// TestMaxRequestsRecycles: with --max-requests 10 a worker is replaced after
// exactly 10 requests, and no client sees an error.
func TestMaxRequestsRecycles(t *testing.T) {
	s := startServe(t, "-w", "1", "--max-requests", "10")
	first := s.waitBooted(t, 1)[0]
	count := map[int]int{}
	for range 25 {
		r := s.get(t, "/pid")
		if r.status != http.StatusOK {
			t.Fatalf("/pid = %d during recycling", r.status)
		}
		count[r.pid]++
	}
	if count[first] != 10 || len(count) != 3 {
		t.Fatalf("answers per pid %v; want 10 from the first worker and 3 workers in all", count)
	}
	s.waitLogN(t, "Autorestarting worker after current request", 2, patience)
}

// TestTimeoutKillsSilentWorker: a sync worker stuck in one request longer
// than --timeout is killed and replaced.
func TestTimeoutKillsSilentWorker(t *testing.T) {
	s := startServe(t, "-w", "1", "--timeout", "300ms")
	stuck := s.waitBooted(t, 1)[0]
	r, err := httpGet(s.client, "http://"+s.addr+"/incr?k=a&io=5s")
	if err == nil {
		t.Fatalf("the stuck request answered %d %q; want the connection cut", r.status, r.body)
	}
	s.waitLog(t, "WORKER TIMEOUT (pid:"+strconv.Itoa(stuck)+")", patience)
	if r := s.get(t, "/pid"); r.pid == stuck {
		t.Fatalf("the timed-out worker %d still answers", stuck)
	}
}

// TestCrashLoopBacksOff: a worker that dies at boot again and again is
// respawned with a growing delay, not in a tight loop.
func TestCrashLoopBacksOff(t *testing.T) {
	s := startServe(t, "-w", "1")
	for i := range 3 {
		s.waitBooted(t, i+1)
		pid := s.slotPid(t, 1)
		_ = syscall.Kill(pid, syscall.SIGKILL)
		s.waitLogN(t, "Booting worker", i+2, patience)
	}
	// Deaths within a second of boot count as a crash loop.
	if n := s.count("keeps dying at boot"); n < 1 {
		t.Fatalf("three crashes within a second of boot logged no backoff")
	}
}

// TestKillMasterWithBusyWorker: a worker in the middle of a 20 s request
// still exits within 2 s of kill -9 of its master.
func TestKillMasterWithBusyWorker(t *testing.T) {
	s := startServe(t, "-w", "1", "--threads", "2")
	s.slowRequest(t, "20s")
	workers := s.waitBooted(t, 1)
	killed := time.Now()
	s.signal(t, syscall.SIGKILL)
	s.waitExit(t, 2*time.Second)
	waitGone(t, workers, 2*time.Second)
	t.Logf("kill -9 master with a 20 s request in flight: worker gone %s after the kill", time.Since(killed).Round(time.Millisecond))
}

// TestCtrlCStopsGroupWithoutRespawn: SIGINT to the whole process group (a
// terminal's Ctrl-C) stops master and workers, and no worker is respawned.
func TestCtrlCStopsGroupWithoutRespawn(t *testing.T) {
	for round := range 5 {
		s := launchWith(t, &syscall.SysProcAttr{Setpgid: true}, "serve", "--bind", "127.0.0.1:0", "-w", "4")
		pids := s.waitBooted(t, 4)
		if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		if err := s.waitExit(t, 2*time.Second); err != nil {
			t.Fatalf("round %d: master exit %v", round, err)
		}
		waitGone(t, pids, 2*time.Second)
		if n := s.count("Booting worker"); n != 4 {
			t.Fatalf("round %d: %d workers booted; Ctrl-C must not respawn any", round, n)
		}
	}
}

// TestMaxRequestsJitter: each worker's limit is max-requests + randint(0,
// jitter), drawn once per worker.
func TestMaxRequestsJitter(t *testing.T) {
	s := startServe(t, "-w", "1", "--max-requests", "5", "--max-requests-jitter", "5")
	var order []int
	count := map[int]int{}
	for range 60 {
		r := s.get(t, "/pid")
		if r.status != http.StatusOK {
			t.Fatalf("/pid = %d during recycling", r.status)
		}
		if count[r.pid] == 0 {
			order = append(order, r.pid)
		}
		count[r.pid]++
	}
	for _, p := range order[:len(order)-1] { // the last worker may not be done
		if n := count[p]; n < 5 || n > 10 {
			t.Fatalf("worker %d served %d requests; want 5..10 (max-requests 5, jitter 5): %v", p, n, count)
		}
	}
	if len(order) < 6 {
		t.Fatalf("60 requests reached %d workers; want >= 6 with limits of at most 10", len(order))
	}
	t.Logf("requests per recycled worker: %v", count)
}
