package experiment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/workerlab/workerlab/sim"
)

func sweep(axes ...Axis) Plan {
	return Plan{Base: sim.DefaultSettings(), Traffic: sim.Traffic{Workload: "set-then-get", Limit: 200}, Seed: 1, Axes: axes}
}

func TestPointsAreTheCrossProductInOrder(t *testing.T) {
	p := sweep(Axis{"workers", []string{"1", "2"}}, Axis{"store", []string{"local", "redis"}}, Axis{"io", []string{"1ms"}})
	pts, err := p.Points()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		workers int
		store   string
	}{{1, "local"}, {1, "redis"}, {2, "local"}, {2, "redis"}}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d", len(pts), len(want))
	}
	for i, w := range want {
		s := pts[i].Settings
		if pts[i].Index != i || s.Workers != w.workers || s.Store != w.store || s.IO != time.Millisecond {
			t.Errorf("point %d: index %d, %d workers, store %s, io %s; want %d, %s, 1ms", i, pts[i].Index, s.Workers, s.Store, s.IO, w.workers, w.store)
		}
	}
}

func TestTrafficAxesSetTheWorkload(t *testing.T) {
	p := sweep(Axis{"clients", []string{"4", "16"}}, Axis{"rate", []string{"500"}}, Axis{"requests", []string{"300"}})
	pts, err := p.Points()
	if err != nil {
		t.Fatal(err)
	}
	for i, clients := range []int{4, 16} {
		tr := pts[i].Traffic
		if tr.Clients != clients || tr.Rate != 500 || tr.Limit != 300 || tr.Workload != "set-then-get" {
			t.Errorf("point %d traffic %+v", i, tr)
		}
	}
}

// Every value goes through the command language: what the console rejects,
// a plan rejects, naming the axis, the value and what is accepted.
func TestPointsRejectWhatTheConsoleRejects(t *testing.T) {
	for _, c := range []struct {
		axis  Axis
		wants []string
	}{
		{Axis{"workers", []string{"2", "0"}}, []string{"1..64"}},
		{Axis{"store", []string{"mongo"}}, []string{"local, locmem, redis"}},
		{Axis{"class", []string{"sync 4"}}, []string{"sync workers take no count"}},
		{Axis{"io", []string{"soon"}}, []string{"5ms"}},
		{Axis{"clients", []string{"5000"}}, []string{"1..1024"}},
		{Axis{"clients", []string{"many"}}, []string{"whole number"}},
		{Axis{"rate", []string{"0.00001"}}, []string{"0.001"}},
		{Axis{"requests", []string{"0"}}, []string{"1..1000000000"}},
		{Axis{"workers", nil}, []string{"no values"}},
		{Axis{"wait", []string{"1s"}}, []string{"not something a sweep can vary", "workers", "requests"}},
	} {
		_, err := sweep(c.axis).Points()
		var ae *AxisError
		if !errors.As(err, &ae) || ae.Axis != c.axis.Name {
			t.Errorf("%s %v: err = %v, want an *AxisError on %s", c.axis.Name, c.axis.Values, err, c.axis.Name)
			continue
		}
		for _, w := range c.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %v: %q does not mention %q", c.axis.Name, c.axis.Values, err, w)
			}
		}
	}
}

func TestPointsRejectAWorkloadThatCannotEnd(t *testing.T) {
	p := sweep()
	p.Traffic.Rate, p.Traffic.Limit = 0.001, 1_000_000
	_, err := p.Points()
	if err == nil || !strings.Contains(err.Error(), "365 days") || !strings.Contains(err.Error(), "1000000 requests at 0.001/s") {
		t.Fatalf("err = %v, want the requests, the rate and the 365-day limit", err)
	}
	p = sweep()
	p.Traffic.Limit = 0
	if _, err := p.Points(); err == nil || !strings.Contains(err.Error(), "never end") {
		t.Fatalf("no request limit: err = %v", err)
	}
	p = sweep()
	p.Script = "workers 2\nworkers lots"
	if _, err := p.Points(); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("bad script: err = %v, want line 2", err)
	}
}

func TestTrafficLineParses(t *testing.T) {
	for _, tr := range []sim.Traffic{
		{Workload: "counter", Limit: 5},
		{Workload: "set-then-get", Rate: 0.25, Clients: 3, Keys: 9, Limit: 1000},
	} {
		line := TrafficLine(tr)
		if _, err := sim.Parse(line); err != nil {
			t.Errorf("%q: %v", line, err)
		}
	}
	if got := TrafficLine(sim.Traffic{Workload: "counter", Rate: 0.25, Clients: 3, Limit: 10}); got != "traffic counter 0.25/s clients 3 requests 10" {
		t.Errorf("line %q", got)
	}
}
