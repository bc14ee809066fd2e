package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/internal/safefile"
	"github.com/workerlab/workerlab/sim"
)

// Limits of `workerlab run` beyond the command language's own.
const (
	maxRunRequests = 100_000_000 // --requests
	maxRepeat      = 10_000      // --repeat
)

// sweepFlag is a flag of `run` that takes a comma list: each value becomes
// the command line "NAME VALUE" (or a field of the traffic line) of a point.
type sweepFlag struct {
	name  string // the flag and the setting it sets: workers, store, io, clients, ...
	value string // as typed
}

// sweepFlags lists the sweepable flags in the order their lines apply and
// their values nest (the first varies slowest): class after threads and
// connections, so "--class 'gthread 8'" sets the threads.
func (f runFlags) sweepFlags() []sweepFlag {
	return []sweepFlag{
		{"workers", f.workers}, {"threads", f.threads}, {"connections", f.connections},
		{"class", f.class}, {"store", f.store}, {"balancer", f.balancer}, {"cores", f.cores},
		{"io", f.io}, {"cpu", f.cpu}, {"think", f.think}, {"max-requests", f.maxRequests},
		{"clients", f.clients}, {"rate", f.rate}, {"requests", f.requests},
	}
}

// plan turns the flags into an experiment: every sweepable flag is an axis
// whose values the command language checks, so a flag and a console line
// can never disagree.
func (f runFlags) plan() (experiment.Plan, error) {
	p := experiment.Plan{Base: sim.DefaultSettings(), Seed: f.seed, Repeat: f.repeat}
	if f.workload != "none" && !slices.Contains(sim.Workloads(), f.workload) {
		return p, usagef("invalid --workload %q; expected one of %s, or none", f.workload, strings.Join(sim.Workloads(), ", "))
	}
	if f.workload != "none" {
		p.Traffic.Workload = f.workload
	}
	if f.repeat < 1 || f.repeat > maxRepeat {
		return p, usagef("invalid --repeat %d; expected 1..%d seeds per row", f.repeat, maxRepeat)
	}
	points := 1
	for _, fl := range f.sweepFlags() {
		vs, err := experiment.ParseValues(fl.name, fl.value)
		if err != nil {
			return p, usagef("invalid --%s %q: %v", fl.name, fl.value, err)
		}
		if fl.name == "requests" {
			for _, v := range vs {
				if n, err := strconv.Atoi(v); err == nil && n > maxRunRequests {
					return p, usagef("invalid --requests %q: %d is more than a run sends; expected 1..%d", fl.value, n, maxRunRequests)
				}
			}
		}
		points *= len(vs)
		if points > experiment.MaxPoints {
			return p, usagef("the sweep has more than %d rows; sweep fewer values", experiment.MaxPoints)
		}
		p.Axes = append(p.Axes, experiment.Axis{Name: fl.name, Values: vs})
	}
	base, err := settingsFromFlags(p.Base, flagLine{"atomic", onOff(f.atomic)}, flagLine{"lock", onOff(f.lock)},
		flagLine{"keep-alive", onOff(f.keepAlive)})
	if err != nil {
		return p, err
	}
	p.Base = base
	if f.script != "" {
		b, err := readScript(f.script)
		if err != nil {
			return p, err
		}
		p.Script = b
	}
	if _, err := p.Points(); err != nil {
		return p, f.planError(err)
	}
	return p, nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// planError words an error of the plan in terms of the flag at fault.
func (f runFlags) planError(err error) error {
	var ae *experiment.AxisError
	if errors.As(err, &ae) {
		for _, fl := range f.sweepFlags() {
			if fl.name == ae.Axis {
				return usagef("invalid --%s %q: %v", fl.name, fl.value, ae.Err)
			}
		}
	}
	return usageError{err}
}

// maxScriptBytes bounds a --script file.
const maxScriptBytes = 1 << 20

// readScript reads a --script file and checks every line. Only a regular
// file is read, and at most maxScriptBytes of it, so a FIFO or a link to
// /dev/zero is refused instead of hanging or filling memory.
func readScript(path string) (string, error) {
	// ReadRegular never blocks on a FIFO and stops at the limit.
	b, err := safefile.ReadRegular(path, maxScriptBytes)
	if err != nil {
		return "", usagef("reading --script %s: %w; expected a text file of command lines", path, err)
	}
	if _, err := sim.ParseScript(string(b)); err != nil {
		return "", usagef("bad --script %s: %w", path, err)
	}
	return string(b), nil
}
