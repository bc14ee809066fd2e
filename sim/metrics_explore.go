package sim

import (
	"context"
	"sync"
	"time"
)

// explored_no_loss: a goal that proves a fix instead of trusting one lucky
// run. It explores every schedule of two clients sending one increment each
// under the current settings (the lab's smallest race) and reads yes when
// none loses an update and the search covered them all.

func init() {
	metricDefs["explored_no_loss"] = wordSetting(
		"yes when no schedule of 2 clients × 1 increment loses an update under these settings (explored)",
		[]string{"yes", "no"},
		func(s *Settings) Value { return word(exploredNoLoss(*s)) })
}

// exploredBound is the wall time one explored_no_loss search may take.
const exploredBound = 2 * time.Second

var (
	exploredMu   sync.Mutex
	exploredMemo = map[Settings]string{}
)

// exploredNoLoss answers explored_no_loss for st, once per distinct settings.
func exploredNoLoss(st Settings) string {
	st.Traffic, st.Paused, st.Speed, st.Steps = Traffic{}, false, 0, false
	exploredMu.Lock()
	defer exploredMu.Unlock()
	if v, ok := exploredMemo[st]; ok {
		return v
	}
	v := "no"
	res, err := Explore(context.Background(), Config{Seed: 1, Settings: st}, "",
		Traffic{Workload: "counter", Clients: 2, Limit: 2}, ExploreOptions{MaxTime: exploredBound})
	if err == nil && res.Violation == nil && res.Complete() {
		v = "yes"
	}
	if len(exploredMemo) >= 64 {
		clear(exploredMemo)
	}
	exploredMemo[st] = v
	return v
}
