package sim

import "time"

// needCPU queues a CPU burst of r on its worker; the worker competes for a
// core, one burst at a time (the GIL).
func (s *Sim) needCPU(r *request, d time.Duration) {
	w := r.w
	r.prog[r.pc-1].d = d/2 + time.Duration(s.rng.Int64N(int64(d)+1)) // 0.5..1.5 × d
	w.runq.push(r)
	if !w.onCore && !w.inCoreWait {
		w.inCoreWait = true
		s.coreWait = append(s.coreWait, w)
		s.grantCores()
	}
}

// grantCores gives free cores to waiting workers in arrival order.
func (s *Sim) grantCores() {
	for s.freeCores > 0 && len(s.coreWait) > 0 {
		w := s.coreWait[0]
		copy(s.coreWait, s.coreWait[1:])
		s.coreWait[len(s.coreWait)-1] = nil
		s.coreWait = s.coreWait[:len(s.coreWait)-1]
		w.inCoreWait = false
		if w.dead || w.runq.len() == 0 {
			continue
		}
		r := w.runq.pop()
		if r.w != w {
			continue
		}
		w.onCore = true
		s.freeCores--
		r.onCPU = true
		s.schedule(s.now+r.prog[r.pc-1].d, evResume, r, nil, nil)
	}
}

// releaseCore ends a burst: the worker queues again if it has more to run.
func (s *Sim) releaseCore(w *worker) {
	if !w.onCore {
		return
	}
	w.onCore = false
	s.freeCores++
	if w.runq.len() > 0 && !w.dead {
		w.inCoreWait = true
		s.coreWait = append(s.coreWait, w)
	}
	s.grantCores()
}
