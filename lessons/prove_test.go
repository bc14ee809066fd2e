package lessons

import (
	"fmt"
	"testing"
)

// TestTrackSolvableAndFailable proves every built-in lesson over seeds 1..20:
// after the setup alone no stage holds, and the solution completes them all.
func TestTrackSolvableAndFailable(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	seeds := uint64(20)
	if testing.Short() {
		seeds = 3
	}
	for _, l := range ls {
		t.Run(l.ID, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= seeds; seed++ {
				if err := Prove(l, seed, NewCluster); err != nil {
					t.Errorf("seed %d: %v", seed, err)
				}
			}
		})
	}
}

// TestProveCatchesUnsolvable checks that Prove fails a lesson whose solution
// does not reach its goals, and one whose goals already hold after setup.
func TestProveCatchesUnsolvable(t *testing.T) {
	unsolvable, err := Parse("u.md", []byte(`---
id: u
title: U
setup: [workers 4, store local]
stages:
  - name: Never
    goals: [stale_reads >= 1]
solution: [workers 1]
---
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := Prove(unsolvable, 1, NewCluster); err == nil {
		t.Error("Prove accepted a solution that completes nothing")
	} else if want := `u.md:6: the solution does not complete stage 1 "Never" (seed 1): stale_reads >= 1 (measured 0)`; err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	unfailable, err := Parse("f.md", []byte(`---
id: f
title: F
setup: [workers 4]
stages:
  - name: Already
    goals: [workers >= 2]
solution: [workers 4]
---
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := Prove(unfailable, 1, NewCluster); err == nil {
		t.Error("Prove accepted a lesson that holds after setup")
	} else if want := fmt.Sprintf("f.md:6: stage 1 %q already holds after the setup alone", "Already"); len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
		t.Errorf("err = %q, want prefix %q", err, want)
	}
}
