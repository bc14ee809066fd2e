package sim

import (
	"fmt"
	"reflect"
	"testing"
)

func eventsText(s *Sim) string {
	out := ""
	for _, e := range s.EventsSince(0, nil) {
		out += fmt.Sprintf("%d %v %d %d %d %s %s %v %v\n", e.Seq, e.At, e.Client, e.Slot, e.Pid, e.Route, e.Result, e.Stale, e.Lost)
	}
	return out
}

func runScript(t *testing.T, seed uint64) (Snapshot, string) {
	s := newSim(t, seed, Settings{})
	if err := s.RunScript("traffic set-then-get clients 8 requests 3000\nwait 2s\nkill 2\nincr hits x50 clients 4\nwait 1s"); err != nil {
		t.Fatal(err)
	}
	return s.Snapshot(), eventsText(s)
}

func TestSameSeedSameRun(t *testing.T) {
	a, ea := runScript(t, 42)
	b, eb := runScript(t, 42)
	a.RedisAddr, b.RedisAddr = "", ""
	if !reflect.DeepEqual(a, b) || ea != eb {
		t.Fatal("the same seed and script gave different runs")
	}
	c, ec := runScript(t, 43)
	if reflect.DeepEqual(a.Metrics, c.Metrics) && ea == ec {
		t.Fatal("seeds 42 and 43 gave identical runs")
	}
}

// Exact counts for seed 1: any change to the model shows up here first.
func TestExactCountsSeed1(t *testing.T) {
	m := runWith(t, 1, Settings{Workers: 4}, Traffic{Workload: "set-then-get", Clients: 8, Limit: 1000})
	got := []int64{m.Requests, m.Reads, m.StaleReads, m.ServedPerWorker[0]}
	want := exactSeed1
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("seed 1, 4 workers, set-then-get ×1000: requests, reads, stale, served by worker 1 = %v, want %v", got, want)
	}
}
