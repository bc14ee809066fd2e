package sim

import (
	"fmt"
	"strings"
)

// Timeline: see each request's steps, and move back and forth through a
// recorded run (timeline.go).

// timelineVerbs is the timeline family.
func timelineVerbs() []*Verb {
	return []*Verb{
		{Name: "steps", Usage: "steps on|off", Example: "steps on", Args: []string{"on", "off"}, role: roleView,
			Doc:   "log each request's steps (read, I/O, write, waits for the GIL) and who overwrote whom",
			parse: onOffArg, apply: (*Sim).applySteps},
		{Name: "back", Usage: "back [N|anomaly|start]", Example: "back 10", Args: []string{"anomaly", "start"}, role: roleTimeline,
			Doc:   "go back N events (1), to the previous stale read, lost update or error, or to the start",
			parse: parseMove("start"), apply: (*Sim).applyBack},
		{Name: "forward", Usage: "forward [N|anomaly|end]", Example: "forward end", Args: []string{"anomaly", "end"}, role: roleTimeline,
			Doc:   "go forward N events (1), to the next anomaly, or to the end (the present)",
			parse: parseMove("end"), apply: (*Sim).applyForward},
		{Name: "goto", Usage: "goto EVENT", Example: "goto 0", role: roleTimeline,
			Doc:   "show the run just after event number EVENT (0 = its start)",
			parse: parseGoto, apply: (*Sim).applyGoto},
	}
}

// maxMove bounds N of back N and forward N.
const maxMove = 1_000_000_000

// parseMove parses "back|forward [N|anomaly|far]" into Command.Events or Command.Word.
func parseMove(far string) func(*Verb, []string) (Command, error) {
	return func(v *Verb, a []string) (Command, error) {
		switch {
		case len(a) == 0:
			return Command{Events: 1}, nil
		case len(a) > 1:
			return Command{}, extra(v.Name+" "+a[0], a[1:], v.Usage)
		}
		switch w := strings.ToLower(a[0]); w {
		case "anomaly", far:
			return Command{Word: w}, nil
		}
		n, err := parseInt(v.Name, a[0], 1, maxMove)
		if err != nil {
			return Command{}, bad(a[0], "%q after %q; expected a number of events 1..%d, anomaly or %s", a[0], v.Name, maxMove, far)
		}
		return Command{Events: n}, nil
	}
}

func parseGoto(v *Verb, a []string) (Command, error) {
	if err := one(v, a, "an event number, e.g. goto 100"); err != nil {
		return Command{}, err
	}
	n, err := parseInt(v.Name, a[0], 0, maxMove)
	return Command{Events: n}, err
}

// errNoTimeline is the error of a timeline verb on a cluster that keeps none.
func errNoTimeline(verb string) error {
	return &LineError{Word: verb, Msg: fmt.Sprintf("%s needs a recorded timeline, which this cluster does not keep (the sandbox keeps one)", verb)}
}

func (s *Sim) applySteps(c Command) (string, error) {
	was := s.set.Steps
	s.set.Steps = c.On
	if !c.On {
		return "steps off", nil
	}
	if was || s.tl == nil {
		return "steps on: the log shows each request's steps", nil
	}
	// Run the recent events again, so the log shows their steps too.
	if err := s.tl.seekFrom(s, s.events, true); err != nil {
		return "", fmt.Errorf("steps on: %w", err)
	}
	return fmt.Sprintf("steps on: events %d to %d ran again to log their steps", s.tl.restored, s.events), nil
}

func (s *Sim) applyBack(c Command) (string, error) {
	if s.tl == nil {
		return "", errNoTimeline("back")
	}
	target := s.tl.cps[0].sim.events
	switch {
	case c.Word == "anomaly":
		a, ok := s.tl.anomalyNear(s.events, -1)
		if !ok {
			return "", &LineError{Word: "anomaly", Msg: "no stale read, lost update or error before this event"}
		}
		return s.moveTo(a.at, anomalyName(a.kind))
	case c.Word == "" && uint64(c.Events) < s.events:
		target = s.events - uint64(c.Events)
	}
	return s.moveTo(target, "")
}

func (s *Sim) applyForward(c Command) (string, error) {
	if s.tl == nil {
		return "", errNoTimeline("forward")
	}
	target := s.tl.end
	switch {
	case c.Word == "anomaly":
		a, ok := s.tl.anomalyNear(s.events, +1)
		if !ok {
			return "", &LineError{Word: "anomaly", Msg: "no stale read, lost update or error after this event"}
		}
		return s.moveTo(a.at, anomalyName(a.kind))
	case c.Word == "":
		target = min(s.events+uint64(c.Events), s.tl.end)
	}
	return s.moveTo(target, "")
}

func (s *Sim) applyGoto(c Command) (string, error) {
	if s.tl == nil {
		return "", errNoTimeline("goto")
	}
	return s.moveTo(uint64(c.Events), "")
}

// moveTo shows event p, paused, and says where the run is; what names the
// anomaly it went to ("" for none).
func (s *Sim) moveTo(p uint64, what string) (string, error) {
	s.set.Paused = true
	if err := s.tl.seek(s, p); err != nil {
		return "", fmt.Errorf("going to event %d: %w", p, err)
	}
	where := fmt.Sprintf("event %d of %d, t=%s", s.events, s.tl.end, fmtDur(s.now))
	if what != "" {
		where = what + " at " + where
	}
	if s.tl.inPast(s) {
		return where + " (the past)", nil
	}
	return where + " (the present)", nil
}

// anomalyName says what went wrong at an anomaly.
func anomalyName(k anomalyKind) string {
	switch k {
	case anomalyStale:
		return "a stale read"
	case anomalyLost:
		return "a lost update"
	}
	return "an error"
}
