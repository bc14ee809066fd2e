package sim

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The explorer: the lab's small model checker. From one instant (the
// workload just sent), it runs the cluster again and again, each time taking
// other alternatives at its choice points (choose.go): which idle worker
// accepts, which waiting thread gets the GIL or a core, whether a thread is
// preempted between its read and its write. It walks the tree of those
// choices depth first, each schedule restored from one checkpoint, and
// checks a property at the end of each: a counter that must stay 0. It keeps
// the violating schedule with the fewest switches away from the default (the
// simplest story of how the property breaks) and skips every branch that
// cannot beat it.

// Default bounds of an exploration.
const (
	DefaultExploreDepth     = 48
	DefaultExploreSchedules = 1_000_000
	DefaultExploreTime      = 10 * time.Second
)

// Properties lists what an exploration can check: counters that must stay 0.
func Properties() []string { return []string{"lost_updates", "stale_reads"} }

// propertyValue reads a property's counter now (as Metrics would count it,
// without the latency quantiles a whole Metrics computes).
func (s *Sim) propertyValue(name string) int64 {
	if name == "stale_reads" {
		return s.obs.staleReads
	}
	return s.obs.lostArchived + s.liveLost()
}

// ExploreOptions bound an exploration and name its property.
type ExploreOptions struct {
	Property     string        // a name of Properties: the counter that must stay 0 (default lost_updates)
	Depth        int           // choice points per schedule it branches at; later ones take the default (0 = DefaultExploreDepth)
	MaxSchedules int           // the most schedules it runs (0 = DefaultExploreSchedules)
	MaxTime      time.Duration // the most wall time it takes (0 = DefaultExploreTime)
}

func (o ExploreOptions) withDefaults() ExploreOptions {
	if o.Property == "" {
		o.Property = "lost_updates"
	}
	if o.Depth <= 0 {
		o.Depth = DefaultExploreDepth
	}
	if o.MaxSchedules <= 0 {
		o.MaxSchedules = DefaultExploreSchedules
	}
	if o.MaxTime <= 0 {
		o.MaxTime = DefaultExploreTime
	}
	return o
}

// Bounds an exploration can stop at.
const (
	StoppedByDepth = "depth" // some schedule met more choice points than the depth
	StoppedByCount = "count" // it ran the most schedules allowed
	StoppedByTime  = "time"  // it ran out of time
)

// Choice is one choice point a schedule met: its kind, how many
// alternatives it had and which it took (0 is what the default takes).
type Choice struct {
	Kind ChoiceKind
	Alts int
	Took int
}

// Schedule is one run of an exploration.
type Schedule struct {
	Choices  []Choice // every choice point it met with more than one alternative, in order
	Switches int      // choices that took another alternative than the first
	Value    int64    // the property's counter at its end
	Events   []Event  // its event log with steps, from the workload's start
	Settings Settings // the cluster's settings
}

// ExploreResult is what an exploration found.
type ExploreResult struct {
	Property     string
	Schedules    int           // schedules run
	ChoicePoints int           // the most choice points one schedule met
	Elapsed      time.Duration // wall time
	StoppedBy    string        // the bound that stopped it ("" when it covered every schedule)
	Violation    *Schedule     // the violating schedule with the fewest switches (nil: none found)
}

// Complete reports whether every schedule within the bounds was covered.
func (r ExploreResult) Complete() bool { return r.StoppedBy == "" }

// explorer is the chooser of one schedule: it takes the alternatives of
// prefix, then the first one, and records every choice point it meets.
type explorer struct {
	prefix []int
	trace  []Choice
	depth  int
	deep   bool // a choice point past depth had alternatives
}

// Choose implements Chooser.
func (x *explorer) Choose(k ChoiceKind, n int) (int, bool) {
	if n <= 1 {
		return 0, false
	}
	i := len(x.trace)
	alt := 0
	if i < len(x.prefix) {
		alt = x.prefix[i]
	}
	if i >= x.depth {
		x.deep = true
	}
	x.trace = append(x.trace, Choice{Kind: k, Alts: n, Took: alt})
	return alt, true
}

// Clone implements Chooser.
func (x *explorer) Clone() Chooser {
	c := *x
	c.prefix = slices.Clone(x.prefix)
	c.trace = slices.Clone(x.trace)
	return &c
}

// replayer is the chooser that takes a recorded schedule's choices again,
// then leaves every choice to the default.
type replayer struct {
	choices []Choice // shared, never written
	next    int
}

// Choose implements Chooser.
func (r *replayer) Choose(k ChoiceKind, n int) (int, bool) {
	if n <= 1 || r.next >= len(r.choices) {
		return 0, false
	}
	c := r.choices[r.next]
	r.next++
	if c.Kind != k || c.Alts != n || c.Took >= n {
		r.next = len(r.choices) // the run left the schedule: the default decides
		return 0, false
	}
	return c.Took, true
}

// Clone implements Chooser.
func (r *replayer) Clone() Chooser { c := *r; return &c }

// ReplaySchedule returns a Chooser that takes choices again, in order, then
// leaves every choice point to the default (the seeded RNG).
func ReplaySchedule(choices []Choice) Chooser { return &replayer{choices: choices} }

// TrafficLine is the command line that starts t: "traffic counter clients 2 requests 2".
func TrafficLine(t Traffic) string {
	b := []string{"traffic", t.Workload}
	if t.Rate > 0 {
		b = append(b, fmt.Sprintf("%g/s", t.Rate))
	}
	if t.Clients > 0 {
		b = append(b, fmt.Sprintf("clients %d", t.Clients))
	}
	if t.Keys > 0 {
		b = append(b, fmt.Sprintf("keys %d", t.Keys))
	}
	if t.Limit > 0 {
		b = append(b, fmt.Sprintf("requests %d", t.Limit))
	}
	return strings.Join(b, " ")
}

// ExploreStart builds the cluster an exploration starts from: cfg's
// cluster booted, script run, then t's traffic started. Its every later
// choice is what an exploration varies.
func ExploreStart(cfg Config, script string, t Traffic) (*Sim, error) {
	if t.Workload != "" && t.Limit <= 0 {
		return nil, fmt.Errorf("exploring needs a workload that ends: give its traffic a number of requests")
	}
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	s.RunUntilIdle(RunLimit)
	if err := s.RunScript(script); err != nil {
		s.Close()
		return nil, fmt.Errorf("script: %w", err)
	}
	if t.Workload != "" {
		if _, err := s.Exec(TrafficLine(t)); err != nil {
			s.Close()
			return nil, fmt.Errorf("starting the workload: %w", err)
		}
		s.sendTogether()
	} else if s.traffic != nil && s.traffic.t.Limit == 0 {
		s.Close()
		return nil, ErrEndlessTraffic
	}
	return s, nil
}

// Explore searches the schedules of cfg's cluster running script then t's
// workload for one that breaks opts.Property, within opts' bounds.
func Explore(ctx context.Context, cfg Config, script string, t Traffic, opts ExploreOptions) (ExploreResult, error) {
	s, err := ExploreStart(cfg, script, t)
	if err != nil {
		return ExploreResult{}, err
	}
	defer s.Close()
	return s.explore(ctx, opts)
}

// explore searches the schedules from s's present.
func (s *Sim) explore(ctx context.Context, opts ExploreOptions) (ExploreResult, error) {
	opts = opts.withDefaults()
	if !slices.Contains(Properties(), opts.Property) {
		return ExploreResult{}, fmt.Errorf("unknown property %q; expected one of %s", opts.Property, strings.Join(Properties(), ", "))
	}
	res := ExploreResult{Property: opts.Property}
	root := s.checkpoint(nil)
	if root.store.unsupported != "" {
		return res, fmt.Errorf("exploring: the embedded redis holds %s", root.store.unsupported)
	}
	rootSeq := s.LastSeq()
	start := time.Now()
	var best []Choice
	bestSwitches := -1
	var prefix []int
	deep := false
	for {
		if err := s.restore(root); err != nil {
			return res, err
		}
		x := &explorer{prefix: prefix, depth: opts.Depth}
		s.chooser = x
		if err := s.runToEnd(ctx, nil); err != nil {
			return res, err
		}
		res.Schedules++
		res.ChoicePoints = max(res.ChoicePoints, len(x.trace))
		deep = deep || x.deep
		if s.propertyValue(opts.Property) > 0 {
			if sw := switches(x.trace); bestSwitches < 0 || sw < bestSwitches {
				best, bestSwitches = slices.Clip(x.trace), sw
			}
		}
		var ok bool
		if prefix, ok = nextPrefix(x.trace, opts.Depth, bestSwitches); !ok {
			break
		}
		if res.Schedules >= opts.MaxSchedules {
			res.StoppedBy = StoppedByCount
			break
		}
		if res.Schedules%256 == 0 {
			if time.Since(start) > opts.MaxTime {
				res.StoppedBy = StoppedByTime
				break
			}
			if err := ctx.Err(); err != nil {
				return res, err
			}
		}
	}
	if res.StoppedBy == "" && deep {
		res.StoppedBy = StoppedByDepth
	}
	res.Elapsed = time.Since(start)
	if bestSwitches >= 0 {
		v, err := s.replaySchedule(root, rootSeq, best, opts.Property)
		if err != nil {
			return res, err
		}
		res.Violation = v
	}
	s.chooser = nil
	return res, nil
}

// replaySchedule runs choices again from root with steps on and returns the
// schedule with its event log.
func (s *Sim) replaySchedule(root *checkpoint, rootSeq uint64, choices []Choice, property string) (*Schedule, error) {
	if err := s.restore(root); err != nil {
		return nil, err
	}
	s.set.Steps = true
	s.chooser = ReplaySchedule(choices)
	if err := s.runToEnd(context.Background(), nil); err != nil {
		return nil, err
	}
	return &Schedule{Choices: choices, Switches: switches(choices), Value: s.propertyValue(property),
		Events: s.EventsSince(rootSeq, nil), Settings: s.set}, nil
}

// switches counts the choices that took another alternative than the first.
func switches(cs []Choice) int {
	n := 0
	for _, c := range cs {
		if c.Took != 0 {
			n++
		}
	}
	return n
}

// nextPrefix is the next schedule depth first after trace: the last choice
// point within depth that has an alternative left takes it. A branch that
// would need as many switches as the best violation so far (best >= 0) is
// skipped: it cannot be simpler.
func nextPrefix(trace []Choice, depth, best int) ([]int, bool) {
	sw := make([]int, len(trace)+1) // switches before choice i
	for i, c := range trace {
		sw[i+1] = sw[i]
		if c.Took != 0 {
			sw[i+1]++
		}
	}
	for i := min(len(trace), depth) - 1; i >= 0; i-- {
		c := trace[i]
		if c.Took+1 >= c.Alts {
			continue
		}
		if best >= 0 && sw[i]+1 >= best {
			continue
		}
		p := make([]int, i+1)
		for j := range i {
			p[j] = trace[j].Took
		}
		p[i] = c.Took + 1
		return p, true
	}
	return nil, false
}

// sendTogether makes every generated client send its first request now: a
// generator staggers its clients by up to a millisecond, so two of them may
// never overlap; an exploration asks what can happen when they do.
func (s *Sim) sendTogether() {
	for i := range s.q.items {
		if e := &s.q.items[i]; e.kind == evSend && e.c != nil && e.c.gen != nil {
			e.at = s.now
		}
	}
	slices.SortFunc(s.q.items, func(a, b ev) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.seq, b.seq)
	}) // a sorted slice is a heap
}
