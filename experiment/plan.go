package experiment

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/workerlab/workerlab/sim"
)

// Axis is one swept setting: a setting verb of the command language, or one
// of the traffic's clients, rate and requests, with the values it takes.
type Axis struct {
	Name   string   // "workers", "store", "class", "io", "clients", "rate", ...
	Values []string // arguments as a console line takes them: "4", "redis", "gthread 8", "1ms"
}

// Plan is an experiment: the settings every run starts from, what it sweeps
// and how many seeds each point runs.
type Plan struct {
	Base     sim.Settings // settings of every cluster before the axes apply (Traffic is ignored)
	Traffic  sim.Traffic  // the workload each run sends; Workload "" sends none
	Script   string       // command lines run on each cluster before its traffic starts
	Axes     []Axis       // swept settings: their cross product, the first axis outermost
	Seed     uint64       // the first seed
	Repeat   int          // runs per point, over seeds Seed..Seed+Repeat-1 (0 means 1)
	Parallel int          // runs at once (0 = GOMAXPROCS); it never changes the result
}

// trafficAxes are the axes that change the traffic rather than a setting.
var trafficAxes = sim.SweepTrafficAxes()

// settingAxes are the setting verbs a plan can sweep.
var settingAxes = sim.SweepSettingAxes()

// Axes lists what a plan can sweep: the setting verbs, then the traffic's
// clients, rate and requests (the sweep verb's axes).
func Axes() []string { return sim.SweepAxes() }

// MaxPoints bounds the points of one plan.
const MaxPoints = 100_000

// AxisError is a swept value (or a base setting) that the command language
// rejects: Axis names the setting, Value the value as given.
type AxisError struct {
	Axis, Value string
	Err         error // usually a *sim.LineError saying what is accepted
}

// Error implements error.
func (e *AxisError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Axis, e.Value, e.Err)
}

// Unwrap returns the underlying error.
func (e *AxisError) Unwrap() error { return e.Err }

// repeat is the number of seeds per point.
func (p Plan) repeat() int {
	if p.Repeat < 1 {
		return 1
	}
	return p.Repeat
}

// Points expands the plan into its points, in order (the last axis varies
// fastest), checking every value through the command language.
func (p Plan) Points() ([]Point, error) {
	if strings.TrimSpace(p.Script) != "" {
		if _, err := sim.ParseScript(p.Script); err != nil {
			return nil, fmt.Errorf("script: %w", err)
		}
	}
	n := 1
	for _, a := range p.Axes {
		if !slices.Contains(settingAxes, a.Name) && !slices.Contains(trafficAxes, a.Name) {
			return nil, &AxisError{Axis: a.Name, Err: fmt.Errorf("not something a sweep can vary; expected one of %s", strings.Join(Axes(), ", "))}
		}
		if len(a.Values) == 0 {
			return nil, &AxisError{Axis: a.Name, Err: errors.New("no values to sweep")}
		}
		if n *= len(a.Values); n > MaxPoints {
			return nil, fmt.Errorf("the plan has more than %d points; sweep fewer values", MaxPoints)
		}
	}
	points := make([]Point, 0, n)
	idx := make([]int, len(p.Axes))
	for i := 0; i < n; i++ {
		pt, err := p.point(i, idx)
		if err != nil {
			return nil, err
		}
		points = append(points, pt)
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(p.Axes[k].Values) {
				break
			}
			idx[k] = 0
		}
	}
	return points, nil
}

// point builds the point whose axis values are at idx.
func (p Plan) point(i int, idx []int) (Point, error) {
	pt := Point{Index: i, Values: make([]string, len(p.Axes)), Traffic: p.Traffic}
	var lines []string
	for k, a := range p.Axes {
		v := strings.TrimSpace(a.Values[idx[k]])
		pt.Values[k] = v
		if slices.Contains(trafficAxes, a.Name) {
			t, err := withTrafficValue(pt.Traffic, a.Name, v)
			if err != nil {
				return Point{}, &AxisError{Axis: a.Name, Value: v, Err: err}
			}
			if err := checkTrafficValue(a.Name, v, t); err != nil {
				return Point{}, &AxisError{Axis: a.Name, Value: v, Err: err}
			}
			pt.Traffic = t
			continue
		}
		line := a.Name + " " + v
		if _, err := sim.Parse(line); err != nil {
			return Point{}, &AxisError{Axis: a.Name, Value: v, Err: err}
		}
		lines = append(lines, line)
	}
	if err := checkTraffic(pt.Traffic); err != nil {
		if len(p.Axes) == 0 {
			return Point{}, err
		}
		return Point{}, fmt.Errorf("%s: %w", pt.label(p.Axes), err)
	}
	base := p.Base
	base.Traffic, base.Paused = sim.Traffic{}, false
	s, err := sim.Configure(base, lines...)
	if err != nil {
		return Point{}, fmt.Errorf("settings %s: %w", strings.Join(lines, "; "), err)
	}
	pt.Settings = s
	return pt, nil
}

// withTrafficValue sets the traffic field an axis names.
func withTrafficValue(t sim.Traffic, name, v string) (sim.Traffic, error) {
	switch name {
	case "rate":
		r, err := strconv.ParseFloat(strings.TrimSuffix(v, "/s"), 64)
		if err != nil {
			return t, fmt.Errorf("%q is not a rate; expected requests per second such as 200 (0 = as fast as answers come)", v)
		}
		t.Rate = r
	case "clients", "requests":
		n, err := strconv.Atoi(v)
		if err != nil {
			return t, fmt.Errorf("%q is not a whole number", v)
		}
		if name == "clients" {
			t.Clients = n
		} else {
			t.Limit = int64(n)
		}
	}
	return t, nil
}

// checkTrafficValue checks one traffic axis value through the command
// language's traffic line ("traffic counter clients 5000" is refused there
// with the accepted range); a rate of 0 is the closed loop.
func checkTrafficValue(name, v string, t sim.Traffic) error {
	if name == "rate" {
		return checkTraffic(sim.Traffic{Workload: "counter", Rate: t.Rate, Limit: 1})
	}
	_, err := sim.Parse("traffic counter " + name + " " + v)
	return err
}

// checkTraffic validates t through the command language's traffic line, and
// checks that the workload fits in a run's virtual time.
func checkTraffic(t sim.Traffic) error {
	if t.Workload == "" {
		return nil
	}
	if t.Rate != 0 && (math.IsNaN(t.Rate) || t.Rate < sim.MinRate || t.Rate > sim.MaxRate) {
		return fmt.Errorf("rate %s is out of range; expected 0 (as fast as answers come) or %s..%s requests per second",
			ftoa(t.Rate), ftoa(sim.MinRate), ftoa(sim.MaxRate))
	}
	if t.Clients < 0 || t.Limit < 0 {
		return fmt.Errorf("clients and requests must not be negative")
	}
	if _, err := sim.Parse(TrafficLine(t)); err != nil {
		return err
	}
	if t.Limit == 0 {
		return fmt.Errorf("the workload needs a number of requests, or the run would never end")
	}
	if need := float64(t.Limit) / t.Rate; t.Rate > 0 && need > sim.RunLimit.Seconds() {
		return fmt.Errorf("%d requests at %s/s take %s of virtual time; a run may last at most %s",
			t.Limit, ftoa(t.Rate), days(need), days(sim.RunLimit.Seconds()))
	}
	return nil
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// days formats a number of seconds in days.
func days(seconds float64) string {
	return strconv.FormatFloat(seconds/86400, 'f', 0, 64) + " days"
}

// TrafficLine is the command-language line that starts t, such as
// "traffic set-then-get 200/s clients 8 requests 1000".
func TrafficLine(t sim.Traffic) string {
	var b strings.Builder
	b.WriteString("traffic " + t.Workload)
	if t.Rate > 0 {
		b.WriteString(" " + strconv.FormatFloat(t.Rate, 'f', -1, 64) + "/s")
	}
	if t.Clients > 0 {
		b.WriteString(" clients " + strconv.Itoa(t.Clients))
	}
	if t.Keys > 0 {
		b.WriteString(" keys " + strconv.Itoa(t.Keys))
	}
	if t.Limit > 0 {
		b.WriteString(" requests " + strconv.FormatInt(t.Limit, 10))
	}
	return b.String()
}
