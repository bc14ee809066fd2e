package main

import (
	"github.com/workerlab/workerlab/sim"
)

// flagLine is a flag whose value is a setting of the command language: the
// flag --NAME VALUE is the console line "NAME VALUE".
type flagLine struct {
	name, value string
}

// settingsFromFlags applies the flags' lines to base the way the console
// would, and words a rejected line in terms of its flag (exit status 2).
func settingsFromFlags(base sim.Settings, flags ...flagLine) (sim.Settings, error) {
	lines := make([]string, len(flags))
	for i, f := range flags {
		lines[i] = f.name + " " + f.value
		if _, err := sim.Parse(lines[i]); err != nil {
			return sim.Settings{}, usagef("invalid --%s %q: %v", f.name, f.value, err)
		}
	}
	s, err := sim.Configure(base, lines...)
	if err != nil {
		return sim.Settings{}, usagef("invalid flags: %v", err)
	}
	return s, nil
}
