// Package chart draws the result of an experiment: one chart per metric of
// the swept axis (workers, by default), a line per combination of the other
// swept values, with the min–max over the seeds as a band. Text renders a
// chart for a terminal of a given width; WriteImage renders SVG or PNG.
package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/workerlab/workerlab/experiment"
)

// Chart is one metric against the swept axis.
type Chart struct {
	Title  string   // "stale reads (% of reads)"
	XLabel string   // the swept axis, e.g. "workers"
	X      []string // the swept values, evenly spaced along the axis
	Series []Series // one line each
	Seeds  int      // seeds behind each point (a band is drawn when > 1)
}

// Series is one line of a chart: the median at each X, with its range.
// A missing point (a cancelled run) is NaN.
type Series struct {
	Name        string // the other swept values, e.g. "redis" ("" when nothing else is swept)
	Mid, Lo, Hi []float64
}

// quantity is a metric as a chart shows it.
type quantity struct {
	title  string
	metric experiment.Metric
	scale  float64
}

// quantities are the charts of an experiment, in order.
var quantities = []quantity{
	{"stale reads (% of reads)", experiment.StaleShare, 100},
	{"lost updates", experiment.LostUpdates, 1},
	{"throughput (requests per second)", experiment.Throughput, 1},
	{"p99 latency (ms)", experiment.P99, 1},
}

// FromResult builds the charts of a result (stale share, lost updates,
// throughput and p99) with the axis named x along the bottom; an empty x
// picks workers when it is swept, else the first axis with several values.
func FromResult(r experiment.Result, x string) ([]Chart, error) {
	axes := r.Plan.Axes
	xi, err := PickAxis(axes, x)
	if err != nil {
		return nil, err
	}
	// Series are the combinations of the other axes' values, in plan order.
	var names []string
	seriesOf := map[string]int{}
	nameOf := func(p experiment.Point) string {
		var parts []string
		for i, v := range p.Values {
			if i != xi && len(axes[i].Values) > 1 {
				parts = append(parts, valueName(axes[i].Name, v))
			}
		}
		return strings.Join(parts, " ")
	}
	// Every planned combination gets a series, finished or not.
	for _, name := range plannedNames(axes, xi) {
		seriesOf[name] = len(names)
		names = append(names, name)
	}
	xs := make([]string, len(axes[xi].Values))
	for i, v := range axes[xi].Values {
		xs[i] = strings.TrimSpace(v)
	}
	charts := make([]Chart, len(quantities))
	for qi, q := range quantities {
		c := Chart{Title: q.title, XLabel: axes[xi].Name, X: slices.Clone(xs), Seeds: r.Plan.Repeat}
		if c.Seeds < 1 {
			c.Seeds = 1
		}
		for _, n := range names {
			c.Series = append(c.Series, Series{Name: n, Mid: nans(len(xs)), Lo: nans(len(xs)), Hi: nans(len(xs))})
		}
		for _, p := range r.Points {
			si := seriesOf[nameOf(p)]
			at := slices.Index(xs, p.Values[xi])
			st := p.Stat(q.metric)
			s := &c.Series[si]
			s.Mid[at], s.Lo[at], s.Hi[at] = st.Median*q.scale, st.Min*q.scale, st.Max*q.scale
		}
		charts[qi] = c
	}
	return charts, nil
}

// PickAxis returns the index of the x axis among axes: the one named x, or
// workers when it is swept, or the first swept axis. It fails when nothing
// is swept or x names no swept axis.
func PickAxis(axes []experiment.Axis, x string) (int, error) {
	var swept []string
	for _, a := range axes {
		if len(a.Values) > 1 {
			swept = append(swept, a.Name)
		}
	}
	if x == "" {
		if slices.Contains(swept, "workers") {
			x = "workers"
		} else if len(swept) > 0 {
			x = swept[0]
		}
	}
	for i, a := range axes {
		if a.Name == x && len(a.Values) > 1 {
			return i, nil
		}
	}
	if len(swept) == 0 {
		return 0, fmt.Errorf("nothing is swept, so there is no curve to draw; give a flag several values, e.g. --workers 1,2,4,8")
	}
	return 0, fmt.Errorf("%q is not a swept axis; swept: %s", x, strings.Join(swept, ", "))
}

// plannedNames lists the series names of every combination of the axes
// other than xi that have several values, in plan order.
func plannedNames(axes []experiment.Axis, xi int) []string {
	names := []string{""}
	for i, a := range axes {
		if i == xi || len(a.Values) < 2 {
			continue
		}
		var next []string
		for _, n := range names {
			for _, v := range a.Values {
				next = append(next, strings.TrimSpace(n+" "+valueName(a.Name, strings.TrimSpace(v))))
			}
		}
		names = next
	}
	return names
}

// valueName is how a series names a value: the word alone for the axes
// whose values say what they are (redis, gthread), else "io 1ms".
func valueName(axis, v string) string {
	switch axis {
	case "store", "class", "balancer":
		return v
	}
	return axis + " " + v
}

func nans(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// allZero reports whether every known value of the chart is 0.
func (c Chart) allZero() bool {
	for _, s := range c.Series {
		for _, vs := range [][]float64{s.Mid, s.Lo, s.Hi} {
			for _, v := range vs {
				if !math.IsNaN(v) && v != 0 {
					return false
				}
			}
		}
	}
	return true
}
