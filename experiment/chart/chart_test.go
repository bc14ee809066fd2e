package chart

import (
	"context"
	"strings"
	"testing"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/sim"
)

func runSweep(t *testing.T, axes ...experiment.Axis) experiment.Result {
	t.Helper()
	p := experiment.Plan{Base: sim.DefaultSettings(), Traffic: sim.Traffic{Workload: "set-then-get", Limit: 200},
		Seed: 1, Repeat: 3, Axes: axes}
	res, err := experiment.Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The charts carry exactly the points' summaries: x is the swept axis, one
// series per value of the other swept axis.
func TestFromResult(t *testing.T) {
	res := runSweep(t, experiment.Axis{Name: "store", Values: []string{"local", "redis"}},
		experiment.Axis{Name: "workers", Values: []string{"1", "2", "4"}},
		experiment.Axis{Name: "cores", Values: []string{"2"}})
	charts, err := FromResult(res, "")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, c := range charts {
		titles = append(titles, c.Title)
		if c.XLabel != "workers" || strings.Join(c.X, ",") != "1,2,4" || c.Seeds != 3 {
			t.Fatalf("%s: x %s %v, %d seeds; want workers 1,2,4 over 3 seeds", c.Title, c.XLabel, c.X, c.Seeds)
		}
		if len(c.Series) != 2 || c.Series[0].Name != "local" || c.Series[1].Name != "redis" {
			t.Fatalf("%s: series %+v, want local and redis", c.Title, c.Series)
		}
	}
	if got := strings.Join(titles, "; "); got != "stale reads (% of reads); lost updates; throughput (requests per second); p99 latency (ms)" {
		t.Errorf("titles %q", got)
	}
	for _, pt := range res.Points {
		si := map[string]int{"local": 0, "redis": 1}[pt.Values[0]]
		xi := map[string]int{"1": 0, "2": 1, "4": 2}[pt.Values[1]]
		st := pt.Stat(experiment.StaleShare)
		s := charts[0].Series[si]
		if s.Mid[xi] != 100*st.Median || s.Lo[xi] != 100*st.Min || s.Hi[xi] != 100*st.Max {
			t.Errorf("%v: stale chart %v/%v/%v, summary %+v", pt.Values, s.Mid[xi], s.Lo[xi], s.Hi[xi], st)
		}
		p99 := pt.Stat(experiment.P99)
		if q := charts[3].Series[si]; q.Mid[xi] != p99.Median || q.Hi[xi] != p99.Max {
			t.Errorf("%v: p99 chart %v..%v, summary %+v", pt.Values, q.Mid[xi], q.Hi[xi], p99)
		}
	}
	// Another axis on x: the series are the worker counts.
	charts, err = FromResult(res, "store")
	if err != nil || charts[0].XLabel != "store" || len(charts[0].Series) != 3 || charts[0].Series[2].Name != "workers 4" {
		t.Fatalf("x store: %+v, %v", charts[0], err)
	}
}

func TestPickAxis(t *testing.T) {
	axes := []experiment.Axis{{Name: "store", Values: []string{"local", "redis"}}, {Name: "workers", Values: []string{"4"}}}
	if i, err := PickAxis(axes, ""); err != nil || i != 0 {
		t.Errorf("workers not swept: axis %d, %v; want store (0)", i, err)
	}
	if _, err := PickAxis(axes, "workers"); err == nil || !strings.Contains(err.Error(), "swept: store") {
		t.Errorf("x workers, not swept: err %v", err)
	}
	if _, err := PickAxis(axes[1:], ""); err == nil || !strings.Contains(err.Error(), "--workers 1,2,4,8") {
		t.Errorf("nothing swept: err %v", err)
	}
}
