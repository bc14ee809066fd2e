package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// Faults: what goes wrong in production, on purpose. The Redis faults are
// words of the redis verb (verbs_redis.go).

// faultVerbs is the faults family.
func faultVerbs() []*Verb {
	return []*Verb{
		{Name: "kill", Usage: "kill N|jobs", Example: "kill 2", Args: []string{"jobs"},
			Doc:   "SIGKILL the worker in slot N (the master starts a new one), or the job worker",
			parse: parseKill, apply: (*Sim).applyKill},
		{Name: "hup", Usage: "hup", Example: "hup",
			Doc:   "HUP the master: new workers replace the old; a preloaded app is not reloaded",
			parse: noArgs, apply: func(s *Sim, _ Command) (string, error) { return s.hup(), nil }},
		{Name: "restart", Usage: "restart", Example: "restart",
			Doc:   "stop gunicorn and start it again: with preload the new master imports the code on disk",
			parse: noArgs, apply: func(s *Sim, _ Command) (string, error) { return s.restartServer(), nil }},
	}
}

func parseKill(v *Verb, a []string) (Command, error) {
	if len(a) == 1 && strings.ToLower(a[0]) == "jobs" {
		return Command{Word: "jobs"}, nil
	}
	c, err := countArg(1, 1000)(v, a)
	if _, nerr := strconv.Atoi(a0(a)); err != nil && len(a) == 1 && nerr != nil {
		return Command{}, bad(a[0], "%q is not a number or jobs; expected a worker slot 1..1000, or jobs (the job worker)", a[0])
	}
	return Command{Slot: c.Count}, err
}

func (s *Sim) applyKill(c Command) (string, error) {
	if c.Word == "jobs" {
		return s.killJobWorker()
	}
	if !s.kill(c.Slot) {
		return "", &LineError{Word: fmt.Sprint(c.Slot), Msg: fmt.Sprintf("no worker in slot %d; live slots: %s", c.Slot, s.slotList())}
	}
	s.launch()
	return fmt.Sprintf("killed worker %d; the master starts a new one from import-time state", c.Slot), nil
}

func (s *Sim) slotList() string {
	slots := make([]string, len(s.workers))
	for i, w := range s.workers {
		slots[i] = fmt.Sprint(w.slot)
	}
	if len(slots) == 0 {
		return "none"
	}
	return strings.Join(slots, ", ")
}

// a0 is the first argument, or "".
func a0(a []string) string {
	if len(a) == 0 {
		return ""
	}
	return a[0]
}
