package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Experiments: a headless sweep of the current settings, charted by the
// sandbox (the experiment package runs it; `workerlab run` is its CLI).

// MaxRangeValues is how many values one low..high range of a sweep may
// expand to.
const MaxRangeValues = 256

// sweepSettingAxes are the setting verbs a sweep can vary.
var sweepSettingAxes = []string{"workers", "servers", "threads", "connections", "class", "store", "balancer", "cores",
	"io", "cpu", "think", "ttl", "timeout", "max-requests", "lock", "atomic", "preload", "fallback", "keep-alive"}

// sweepTrafficAxes are the traffic's numbers a sweep can vary.
var sweepTrafficAxes = []string{"clients", "rate", "requests"}

// sweepRangeAxes take whole numbers, so low..high ranges expand.
var sweepRangeAxes = []string{"workers", "servers", "threads", "connections", "cores", "max-requests", "clients", "requests"}

// SweepSettingAxes lists the setting verbs a sweep can vary.
func SweepSettingAxes() []string { return slices.Clone(sweepSettingAxes) }

// SweepTrafficAxes lists the traffic's numbers a sweep can vary: clients,
// rate and requests.
func SweepTrafficAxes() []string { return slices.Clone(sweepTrafficAxes) }

// SweepAxes lists everything a sweep can vary: the setting verbs, then the
// traffic's clients, rate and requests.
func SweepAxes() []string { return append(SweepSettingAxes(), sweepTrafficAxes...) }

// ExpandValues reads the values of a sweep's axis as a person types them: a
// comma list ("1,2,4,8", "local,redis"), where for whole-number axes
// (workers, threads, connections, cores, max-requests, clients, requests)
// "low..high" stands for every number between ("1..16"). It does not check
// the values against the command language (CheckSweepValue does).
func ExpandValues(axis, list string) ([]string, error) {
	ranges := slices.Contains(sweepRangeAxes, axis)
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

// CheckSweepValue checks one value of a setting axis the way the console
// line "AXIS VALUE" would be checked.
func CheckSweepValue(axis, value string) error {
	_, err := Parse(axis + " " + value)
	return err
}

// experimentVerbs is the experiments family.
func experimentVerbs() []*Verb {
	return []*Verb{
		{Name: "sweep", Usage: "sweep AXIS VALUES [repeat N] [requests N]", Example: "sweep workers 1..8",
			Args:  SweepAxes(),
			Doc:   "chart headless runs of the current settings per value (1..16 or a,b,c); the cluster goes on",
			parse: parseSweep, apply: func(*Sim, Command) (string, error) {
				return "", &LineError{Word: "sweep", Msg: "sweep runs in the sandbox and lessons, which chart it; headless, use workerlab run with comma-separated values and --plot"}
			}},
	}
}

// Sweep limits of the console verb.
const (
	maxSweepRepeat   = 20
	maxSweepRequests = 100_000
	defaultSweepReps = 3
	defaultSweepReqs = 2000
)

// parseSweep reads "sweep AXIS VALUES [repeat N] [requests N]": Word is the
// axis, Raw its values (expanded), Repeat the seeds per value and
// Traffic.Limit the requests of each run.
func parseSweep(v *Verb, a []string) (Command, error) {
	if len(a) < 2 {
		return Command{}, missing(v.Name, "an axis and its values, e.g. sweep workers 1..8 (axes: "+strings.Join(SweepAxes(), ", ")+")")
	}
	axis := strings.ToLower(a[0])
	if !slices.Contains(SweepAxes(), axis) {
		return Command{}, bad(a[0], "%q cannot be swept; expected one of %s", a[0], strings.Join(SweepAxes(), ", "))
	}
	values, err := ExpandValues(axis, a[1])
	if err != nil {
		return Command{}, bad(a[1], "%v after %q", err, "sweep "+axis)
	}
	for _, val := range values {
		if slices.Contains(sweepTrafficAxes, axis) {
			if f, err := strconv.ParseFloat(val, 64); err != nil || f <= 0 {
				return Command{}, bad(val, "%q is not a %s value; expected a number above 0", val, axis)
			}
			continue
		}
		if err := CheckSweepValue(axis, val); err != nil {
			return Command{}, err
		}
	}
	c := Command{Word: axis, Raw: values, Repeat: defaultSweepReps, Traffic: Traffic{Limit: defaultSweepReqs}}
	for i := 2; i < len(a); i += 2 {
		opt := strings.ToLower(a[i])
		if i+1 >= len(a) {
			if opt == "repeat" || opt == "requests" {
				return Command{}, missing(opt, "a whole number")
			}
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], v.Usage)
		}
		switch opt {
		case "repeat":
			if c.Repeat, err = parseInt("repeat", a[i+1], 1, maxSweepRepeat); err != nil {
				return Command{}, err
			}
		case "requests":
			n, err := parseInt("requests", a[i+1], 1, maxSweepRequests)
			if err != nil {
				return Command{}, err
			}
			c.Traffic.Limit = int64(n)
		default:
			return Command{}, bad(a[i], "unexpected %q; usage: %s", a[i], v.Usage)
		}
	}
	return c, nil
}
