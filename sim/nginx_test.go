package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// perServer counts the live workers of each server (1-based).
func perServer(s *Sim) map[int]int {
	out := map[int]int{}
	for _, w := range s.Snapshot().Workers {
		out[w.Server]++
	}
	return out
}

func TestServersRunWorkersEach(t *testing.T) {
	s := newSim(t, 1, Settings{})
	exec(t, s, "workers 3", "servers 2")
	if got := s.Settings(); got.Servers != 2 || got.Balancer != "round-robin" {
		t.Fatalf("servers 2 from accept: servers %d balancer %q, want 2 and nginx's default round-robin", got.Servers, got.Balancer)
	}
	if got := perServer(s); got[1] != 3 || got[2] != 3 || len(got) != 2 {
		t.Fatalf("before the launch, servers 2 × workers 3: %v", got)
	}
	slots := []int{}
	for _, w := range s.Snapshot().Workers {
		slots = append(slots, w.Slot)
	}
	if fmt.Sprint(slots) != "[1 2 3 4 5 6]" {
		t.Fatalf("a fresh launch numbers slots from 1, server by server: %v", slots)
	}
	exec(t, s, "wait 100ms", "workers 2", "wait 1s")
	if got := perServer(s); got[1] != 2 || got[2] != 2 {
		t.Fatalf("workers 2 on a running pair of servers: %v, want 2 each", got)
	}
	exec(t, s, "servers 3", "wait 1s")
	if got := perServer(s); got[3] != 2 || len(got) != 3 {
		t.Fatalf("servers 3: %v, want a third server with 2 workers", got)
	}
	exec(t, s, "get k x30 clients 3", "servers 1", "wait 2s")
	snap := s.Snapshot()
	if got := perServer(s); len(got) != 1 || got[1] != 2 {
		t.Fatalf("servers 1: %v, want one server of 2 workers", got)
	}
	if snap.Pending != 0 || snap.Metrics.Requests != 30 || snap.Metrics.Errors != 0 {
		t.Fatalf("removing servers lost requests: pending %d, answered %d of 30, errors %d", snap.Pending, snap.Metrics.Requests, snap.Metrics.Errors)
	}
}

func TestServersRefuseWhatCannotBe(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 16})
	before := s.Settings()
	for _, tc := range []struct{ line, want string }{
		{"servers 5", "5 servers × 16 workers is 80 processes; the lab runs at most 64"},
		{"servers 17", "out of range"},
	} {
		_, err := s.Exec(tc.line)
		var le *LineError
		if !errors.As(err, &le) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want a line error with %q", tc.line, err, tc.want)
		}
	}
	exec(t, s, "servers 2")
	if _, err := s.Exec("workers 40"); err == nil || !strings.Contains(err.Error(), "2 servers × 40 workers is 80 processes") {
		t.Errorf("workers 40 on 2 servers: err %v", err)
	}
	if _, err := s.Exec("balancer accept"); err == nil || !strings.Contains(err.Error(), "need nginx to pick one") {
		t.Errorf("balancer accept with 2 servers: err %v, want it refused", err)
	}
	after := s.Settings()
	if after.Workers != before.Workers || after.Balancer != "round-robin" {
		t.Errorf("refused lines changed settings: %+v", after)
	}
	if _, err := New(Config{Settings: Settings{Servers: 2, Balancer: "accept"}}); err == nil {
		t.Errorf("New accepted 2 servers with balancer accept")
	}
}

// least_conn sends a connection to the server with the fewest active ones.
func TestLeastConnPicksTheQuietServer(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 1, Servers: 2, Balancer: "least-conn", IO: 50 * msec})
	s.Advance(bootDelay, 0)
	// A slow increment holds server 1's only worker; the gets that follow
	// while it waits all go to server 2.
	exec(t, s, "incr slow clients 2")
	s.Advance(msec, 0)
	exec(t, s, "get k x5")
	s.RunUntilIdle(RunLimit)
	var gets []int
	for _, e := range s.EventsSince(0, nil) {
		if e.Kind == EventRequest && strings.Contains(e.Route, "/get") {
			gets = append(gets, e.Slot)
		}
	}
	if len(gets) != 5 {
		t.Fatalf("%d gets answered, want 5", len(gets))
	}
	for _, slot := range gets {
		if slot != 2 {
			t.Fatalf("least-conn sent gets to slots %v while slot 1 was busy; want all on slot 2", gets)
		}
	}
}
