package experiment

import (
	"strings"

	"github.com/workerlab/workerlab/sim"
)

// Point is one configuration of a sweep and what its runs measured.
type Point struct {
	Index    int          // position in the plan's order
	Values   []string     // the value of each axis, in Plan.Axes order
	Settings sim.Settings // the settings its clusters boot with
	Traffic  sim.Traffic  // the workload its runs send
	Trials   []Trial      // one per seed, in seed order
}

// Trial is one seed of a point: the settings of its final snapshot (a script
// may have changed them) and what the observer measured.
type Trial struct {
	Seed     uint64
	Settings sim.Settings
	Metrics  sim.Metrics
}

// label names the point by its axis values, e.g. "workers 4, store redis".
func (p Point) label(axes []Axis) string {
	parts := make([]string, len(axes))
	for i, a := range axes {
		parts[i] = a.Name + " " + p.Values[i]
	}
	return strings.Join(parts, ", ")
}

// Stat summarises one metric over the point's runs.
func (p Point) Stat(m Metric) Stat {
	vs := make([]float64, len(p.Trials))
	for i, r := range p.Trials {
		vs[i] = m.Of(r.Metrics)
	}
	return Summarise(vs)
}

// Final is the settings the point's first run ended with: the settings a
// report shows for the point.
func (p Point) Final() sim.Settings {
	if len(p.Trials) == 0 {
		return p.Settings
	}
	return p.Trials[0].Settings
}
