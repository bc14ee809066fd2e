package experiment

import "github.com/workerlab/workerlab/sim"

// MaxRangeValues is how many values one low..high range may expand to.
const MaxRangeValues = sim.MaxRangeValues

// ParseValues reads the values of an axis as a person types them: a comma
// list ("1,2,4,8", "local,redis"), where for whole-number axes (workers,
// threads, connections, cores, max-requests, clients, requests) "low..high"
// stands for every number between ("1..16"). The values are not checked
// against the command language here: Plan.Points does that. It is the sweep
// verb's reading (sim.ExpandValues), so a flag and a console line agree.
func ParseValues(axis, list string) ([]string, error) { return sim.ExpandValues(axis, list) }
