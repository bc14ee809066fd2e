package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The clock: virtual time passes by wait, step, or (in the UI) at speed ×
// wall time unless paused.

// maxWaitEvents bounds the events one slice of a wait runs, so a line always
// returns.
const maxWaitEvents = 20_000_000

// clockVerbs is the clock family.
func clockVerbs() []*Verb {
	return []*Verb{
		{Name: "wait", role: roleClock, Usage: "wait D", Example: "wait 5s",
			Doc:   "let D of virtual time pass (e.g. 5s)",
			parse: durArg(false), apply: (*Sim).applyWait},
		{Name: "pause", role: roleView, Usage: "pause", Example: "pause",
			Doc:   "stop the clock (the UI)",
			parse: noArgs, apply: (*Sim).applyPause},
		{Name: "resume", role: roleView, Usage: "resume", Example: "resume",
			Doc:   "start the clock again",
			parse: noArgs, apply: (*Sim).applyResume},
		{Name: "step", role: roleClock, Usage: "step [N]", Example: "step 10",
			Doc:   "run the next N events (default 1)",
			parse: parseStep, apply: (*Sim).applyStep},
		{Name: "speed", role: roleView, Usage: "speed X", Example: "speed 4",
			Doc:   "virtual seconds per wall second (0.01..1000)",
			parse: parseSpeed, apply: (*Sim).applySpeed},
	}
}

func parseStep(v *Verb, a []string) (Command, error) {
	if len(a) == 0 {
		return Command{Events: 1}, nil
	}
	c, err := countArg(1, 1_000_000)(v, a)
	return Command{Events: c.Count}, err
}

func parseSpeed(v *Verb, a []string) (Command, error) {
	if err := one(v, a, "a factor 0.01..1000, e.g. speed 4"); err != nil {
		return Command{}, err
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(a[0]), "x"), 64)
	if err != nil || math.IsNaN(f) || f < 0.01 || f > 1000 {
		return Command{}, bad(a[0], "%q is not a speed; expected a factor 0.01..1000, e.g. speed 4", a[0])
	}
	return Command{Factor: f}, nil
}

// Wait lets d of virtual time pass on c: in slices of every (all at once when
// every is 0), calling after, if not nil, once each slice has run. It
// returns the events run. The wait verb, scripts and the lesson engine (which
// checks goals after every slice) all wait through it.
func Wait(c Cluster, d, every time.Duration, after func()) int {
	if every <= 0 || every > d {
		every = d
	}
	n := 0
	for left := d; left > 0; left -= every {
		n += c.Advance(min(left, every), maxWaitEvents)
		if after != nil {
			after()
		}
	}
	return n
}

// WaitReply is what a wait line answers.
func WaitReply(d time.Duration, events int) string {
	return fmt.Sprintf("%s passed (%d events)", d, events)
}

func (s *Sim) applyWait(c Command) (string, error) {
	s.launch()
	return WaitReply(c.Dur, Wait(s, c.Dur, 0, nil)), nil
}

func (s *Sim) applyPause(Command) (string, error) {
	s.set.Paused = true
	return "paused", nil
}

func (s *Sim) applyResume(Command) (string, error) {
	s.set.Paused = false
	return "running", nil
}

func (s *Sim) applyStep(c Command) (string, error) {
	n := 0
	for n < c.Events && s.Step() {
		n++
	}
	return fmt.Sprintf("ran %d events; now %s", n, fmtDur(s.now)), nil
}

func (s *Sim) applySpeed(c Command) (string, error) {
	s.set.Speed = c.Factor
	return fmt.Sprintf("speed %gx", c.Factor), nil
}

func fmtDur(d time.Duration) string {
	return d.Round(time.Microsecond).String()
}
