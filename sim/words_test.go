package sim

import (
	"strings"
	"testing"
)

// The learner meets gunicorn's master process as "the master", never by its
// code name "arbiter", in every line the sim prints.
func TestSimSaysMasterNotArbiter(t *testing.T) {
	s := newSim(t, 1, Settings{Workers: 2})
	exec(t, s, "wait 100ms", "set k v")
	out, err := s.Exec("kill 1")
	if err != nil || !strings.Contains(out, "the master starts a new one") {
		t.Errorf("kill 1 = %q, %v; want it to name the master", out, err)
	}
	texts := []string{out, Help()}
	exec(t, s, "wait 1s", "max-requests 1", "get k x4", "wait 1s", "timeout 1s", "traffic slow clients 2", "wait 10s")
	for _, e := range s.EventsSince(0, nil) {
		texts = append(texts, e.Text, e.Result)
	}
	for _, x := range texts {
		if strings.Contains(strings.ToLower(x), "arbiter") {
			t.Errorf("sim text says arbiter: %q", x)
		}
	}
}
