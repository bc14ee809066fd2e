package sim

// Choice points: where the model allows more than one outcome, the simulator
// asks its Chooser. With none set it decides as it always has, from its
// seeded RNG (a weighted draw for accept, a uniform one when a switch
// interval runs out) or by arrival order, and it never preempts a thread
// between its read and its write: a seeded run is the same with or without
// this file. The explorer (explore.go) sets a Chooser that walks every
// alternative in turn.

// ChoiceKind names a kind of choice point.
type ChoiceKind uint8

// Choice kinds.
const (
	// ChoiceAccept: which idle worker wins accept() (by default a draw
	// weighted as FACTS.md A measured).
	ChoiceAccept ChoiceKind = iota + 1
	// ChoiceWake: which thread waiting for its worker's GIL (or core) takes
	// it when it is free (by default the one that has waited longest).
	ChoiceWake
	// ChoiceSwitch: which waiting thread takes the GIL when the switch
	// interval makes the holder drop it (by default a uniform draw: the OS
	// scheduler's pick).
	ChoiceSwitch
	// ChoiceCore: which worker waiting for a free core gets it (by default
	// the one that has waited longest).
	ChoiceCore
	// ChoicePreempt: whether a gthread thread that has just read its key
	// loses the GIL before its next step, while another thread of its worker
	// wants to run (0 no, 1 yes). CPython can switch threads between any two
	// bytecodes; the timed model switches only at I/O and after the switch
	// interval, so by default the answer is no.
	ChoicePreempt
)

// String names the kind as the explorer reports it.
func (k ChoiceKind) String() string {
	switch k {
	case ChoiceAccept:
		return "accept"
	case ChoiceWake:
		return "wake"
	case ChoiceSwitch:
		return "switch"
	case ChoiceCore:
		return "core"
	case ChoicePreempt:
		return "preempt"
	}
	return "choice"
}

// Chooser decides the model's choice points. Choose returns the alternative
// to take (0..n-1) at a point of kind k with n alternatives, or ok false to
// let the simulator decide as it does by default.
type Chooser interface {
	Choose(k ChoiceKind, n int) (alt int, ok bool)
	// Clone returns an independent copy in the same state: a checkpoint of
	// the simulator keeps its chooser's place.
	Clone() Chooser
}

// SetChooser makes c decide the simulator's choice points (nil: the
// default, the seeded RNG).
func (s *Sim) SetChooser(c Chooser) { s.chooser = c }

// choose asks the chooser, or decides as the default does.
func (s *Sim) choose(k ChoiceKind, n int) int {
	if s.chooser != nil {
		if alt, ok := s.chooser.Choose(k, n); ok && alt >= 0 && alt < n {
			return alt
		}
	}
	switch k {
	case ChoiceSwitch:
		return s.rng.IntN(n)
	case ChoiceAccept:
		panic("sim: choose(ChoiceAccept) needs weights: call chooseAccept")
	}
	return 0
}

// chooseAccept picks the idle worker (an index into weights) that wins
// accept(): by default a draw weighted by weights, whose sum is total.
func (s *Sim) chooseAccept(weights []float64, total float64) int {
	if s.chooser != nil && len(weights) > 1 {
		if alt, ok := s.chooser.Choose(ChoiceAccept, len(weights)); ok && alt >= 0 && alt < len(weights) {
			return alt
		}
	}
	x := s.rng.Float64() * total
	for i, wt := range weights {
		x -= wt
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}

// nextRunner takes the thread of w that gets its GIL (or core) next.
func (s *Sim) nextRunner(w *worker, k ChoiceKind) *request {
	n := w.runq.len()
	if n > 1 || k == ChoiceSwitch {
		if i := s.choose(k, n); i > 0 {
			return w.runq.take(i)
		}
	}
	return w.runq.pop()
}

// switchAfterRead lets the chooser put a switch between a gthread thread's
// read and its next step, when another thread of its worker wants the GIL:
// the thread then waits for the GIL before it goes on. It reports whether
// it switched (the caller must return).
func (s *Sim) switchAfterRead(r *request) bool {
	w := r.w
	if s.set.Class != "gthread" || (w.runq.len() == 0 && (w.holder == nil || w.holder == r)) {
		return false
	}
	if s.choose(ChoicePreempt, 2) != 1 {
		return false
	}
	s.obs.preemptions++
	s.tracePreempt(r, nil, 0)
	s.needCPU(r, 0, true)
	return true
}
