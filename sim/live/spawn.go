//go:build unix

package live

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"time"
)

// proc is one worker process as the master tracks it.
type proc struct {
	slot, gen   int
	pid         int
	cmd         *exec.Cmd
	started     time.Time
	controlAddr string
	lastBeat    atomic.Int64 // unix nanoseconds of the last heartbeat
	retiring    bool         // sent TERM on purpose (TTOU, HUP, stop): do not respawn
	timedOut    bool
	killed      bool          // killed on request (Cluster.Exec "kill N")
	ready       chan struct{} // closed at the first heartbeat: the worker serves
}

// spawnReq asks the spawner thread to start a command.
type spawnReq struct {
	cmd *exec.Cmd
	res chan error
}

// spawner starts every worker from one OS thread that lives as long as the
// master: Linux delivers the parent-death signal when the *thread* that forked
// a child exits, so the thread must not be one the Go runtime may retire.
func spawner(reqs <-chan spawnReq) {
	runtime.LockOSThread()
	for r := range reqs {
		r.res <- r.cmd.Start()
	}
}

// startWorker starts one worker process for slot with the given generation.
func (m *Master) startWorker(slot, gen int) (*proc, error) {
	ctl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("control socket for slot %d: %w", slot, err)
	}
	defer ctl.Close()
	ctlFile, err := ctl.(*net.TCPListener).File()
	if err != nil {
		return nil, fmt.Errorf("control socket for slot %d: %w", slot, err)
	}
	defer ctlFile.Close()
	beatR, beatW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("heartbeat pipe for slot %d: %w", slot, err)
	}
	defer beatW.Close()

	maxReq := m.cfg.MaxRequests
	if maxReq > 0 && m.cfg.MaxJitter > 0 {
		maxReq += m.rng.IntN(m.cfg.MaxJitter + 1)
	}
	args := workerArgs{slot: slot, gen: gen, threads: m.cfg.Threads, maxRequests: maxReq, store: m.cfg.Store,
		maxKeys: m.cfg.MaxKeys, graceful: m.cfg.GracefulTimeout, timeout: m.cfg.Timeout, events: m.cfg.OnEvent != nil}
	cmd := exec.Command(m.cfg.Exe, args.argv()...)
	cmd.ExtraFiles = []*os.File{m.lnFile, ctlFile, beatW}
	cmd.Stdout = m.cfg.Log
	cmd.Stderr = m.cfg.Log
	cmd.Env = os.Environ()
	if m.cfg.Store == StoreRedis {
		cmd.Env = append(cmd.Env, envRedisURL+"="+m.redisURL)
	}
	cmd.SysProcAttr = workerSysProcAttr()

	res := make(chan error, 1)
	m.spawnCh <- spawnReq{cmd, res}
	if err := <-res; err != nil {
		beatR.Close()
		return nil, fmt.Errorf("starting worker for slot %d (%s): %w", slot, m.cfg.Exe, err)
	}
	p := &proc{slot: slot, gen: gen, pid: cmd.Process.Pid, cmd: cmd, started: time.Now(), controlAddr: ctl.Addr().String(), ready: make(chan struct{})}
	p.lastBeat.Store(p.started.UnixNano())
	m.emit(Event{Kind: EventSpawn, Pid: p.pid, Slot: slot, Generation: gen})
	go m.readPipe(beatR, p)
	go func() {
		err := cmd.Wait()
		m.exits <- exitMsg{p, err}
	}()
	return p, nil
}

// readPipe reads what a worker sends on its pipe until the pipe closes: one
// line per heartbeat, or a request record, which also says the worker is
// alive. The first line says the worker is ready to serve.
func (m *Master) readPipe(r io.ReadCloser, p *proc) {
	defer r.Close()
	br := bufio.NewReaderSize(r, pipeLineMax)
	first := true
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			for errors.Is(err, bufio.ErrBufferFull) { // an overlong line: skip it whole
				_, err = br.ReadSlice('\n')
			}
			line = nil
		}
		if err != nil {
			return
		}
		p.lastBeat.Store(time.Now().UnixNano())
		if first {
			close(p.ready)
			first = false
		}
		if len(line) > 1 {
			if rec, ok := decodeRecord(line); ok {
				m.emit(Event{Kind: EventRequest, Pid: p.pid, Slot: p.slot, Request: rec})
			}
		}
	}
}

// pipeLineMax bounds one line on a worker's pipe: a request record with a
// value of maxValueLen bytes, every byte escaped, fits.
const pipeLineMax = 64 << 10

// exitMsg reports a worker process that has exited.
type exitMsg struct {
	p   *proc
	err error
}
