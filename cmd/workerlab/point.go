package main

import (
	"fmt"
	"strings"

	"github.com/workerlab/workerlab/sim"
)

// onePoint is one configuration given with run's flags, for commands that
// run one cluster rather than a sweep (trace, explore).
type onePoint struct {
	settings sim.Settings
	traffic  sim.Traffic
	script   string
	seed     uint64
}

// point reads the flags as one configuration: a comma list (a sweep) is
// refused, naming the flag.
func (f runFlags) point(command string) (onePoint, error) {
	f.repeat = 1 // one seed: --seed
	p, err := f.plan()
	if err != nil {
		return onePoint{}, err
	}
	for _, a := range p.Axes {
		if len(a.Values) > 1 {
			return onePoint{}, usagef("invalid --%s: %s runs one cluster, and %q gives %d values; give one (sweeps are for workerlab run)",
				a.Name, command, strings.Join(a.Values, ","), len(a.Values))
		}
	}
	pts, err := p.Points()
	if err != nil {
		return onePoint{}, f.planError(err)
	}
	return onePoint{settings: pts[0].Settings, traffic: pts[0].Traffic, script: p.Script, seed: f.seed}, nil
}

// describe says in a line what cluster a point runs and what it is sent.
func (o onePoint) describe() string {
	s := o.settings
	var b []string
	workers := fmt.Sprintf("%d %s worker%s", s.Workers, s.Class, plural(s.Workers))
	switch s.Class {
	case "gthread":
		workers += fmt.Sprintf(" × %d thread%s", s.Threads, plural(s.Threads))
	case "gevent":
		workers += fmt.Sprintf(" × %d greenlet%s", s.Connections, plural(s.Connections))
	}
	b = append(b, workers, "store "+s.Store)
	for _, on := range []struct {
		set  bool
		word string
	}{{s.Lock, "lock on"}, {s.Atomic, "atomic on"}, {s.KeepAlive, "keep-alive on"}} {
		if on.set {
			b = append(b, on.word)
		}
	}
	if s.IO > 0 {
		b = append(b, "io "+s.IO.String())
	}
	if s.CPU > 0 {
		b = append(b, "cpu "+s.CPU.String())
	}
	what := strings.Join(b, ", ")
	if t := o.traffic; t.Workload != "" {
		what += fmt.Sprintf("; %s workload, %d request%s from %d client%s", t.Workload, t.Limit, plural(int(t.Limit)), t.Clients, plural(t.Clients))
	}
	return what
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
