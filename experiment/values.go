package experiment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// MaxRangeValues is how many values one low..high range may expand to.
const MaxRangeValues = 256

// rangeAxes are the axes whose values are whole numbers, so low..high
// ranges expand.
var rangeAxes = []string{"workers", "threads", "connections", "cores", "max-requests", "clients", "requests"}

// ParseValues reads the values of an axis as a person types them: a comma
// list ("1,2,4,8", "local,redis"), where for whole-number axes (workers,
// threads, connections, cores, max-requests, clients, requests) "low..high"
// stands for every number between ("1..16"). The values are not checked
// against the command language here: Plan.Points does that.
func ParseValues(axis, list string) ([]string, error) {
	ranges := slices.Contains(rangeAxes, axis)
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		lo, hi, isRange := strings.Cut(p, "..")
		if p == "" {
			return nil, fmt.Errorf("an empty value; expected values separated by commas")
		}
		if !ranges || !isRange {
			out = append(out, p)
			continue
		}
		a, errA := strconv.Atoi(lo)
		b, errB := strconv.Atoi(hi)
		if errA != nil || errB != nil || a > b {
			return nil, fmt.Errorf("%q is not a range; expected two whole numbers, low..high, e.g. 1..16", p)
		}
		// b ≥ a, so the difference fits in a uint64 even when b-a overflows an int.
		if span := uint64(b) - uint64(a); span >= MaxRangeValues {
			return nil, fmt.Errorf("%q has more than %d values; a range may have at most %d", p, MaxRangeValues, MaxRangeValues)
		}
		for i := 0; i <= b-a; i++ {
			out = append(out, strconv.Itoa(a+i))
		}
	}
	return out, nil
}
