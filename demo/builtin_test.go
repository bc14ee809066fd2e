package demo

import (
	"testing"
	"time"

	"github.com/workerlab/workerlab/lessons"
)

// builtin returns the built-in demo called name.
func builtin(t *testing.T, name string) *Demo {
	t.Helper()
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	d := Find(ds, name)
	if d == nil {
		t.Fatalf("no built-in demo %q", name)
	}
	return d
}

// TestBuiltinDemosHoldTheirClaims plays every built-in demo over seeds
// 1..20: no line fails and every expect line holds, so no caption claims
// what the cluster does not show.
func TestBuiltinDemosHoldTheirClaims(t *testing.T) {
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		expects := 0
		for _, l := range d.Lines {
			if l.Kind == Expect {
				expects++
			}
		}
		if expects == 0 {
			t.Errorf("%s has no expect line: nothing proves its captions", d.Name)
		}
		for seed := uint64(1); seed <= 20; seed++ {
			if err := Check(d, seed, NewCluster); err != nil {
				t.Errorf("seed %d: %v", seed, err)
				break
			}
		}
	}
}

func TestOneDemoPerLessonAndTheTalkFirst(t *testing.T) {
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != len(track)+1 || ds[0].Name != Talk {
		t.Fatalf("demos %v: want %s, then one per lesson", Names(ds), Talk)
	}
	for i, l := range track {
		if ds[i+1].Name != l.ID {
			t.Errorf("demo %d is %q, want lesson %q's", i+2, ds[i+1].Name, l.ID)
		}
		if ds[i+1].Title != l.Title {
			t.Errorf("demo %s is titled %q, its lesson %q", l.ID, ds[i+1].Title, l.Title)
		}
	}
	for _, d := range ds {
		if d.About == "" {
			t.Errorf("%s has no about line for --list", d.Name)
		}
	}
}

// TestTalkFitsFiveMinutes checks the talk's pacing: its animations plus a
// presenter's 20 s at each pause (what --auto 20s plays) come to about five
// minutes.
func TestTalkFitsFiveMinutes(t *testing.T) {
	d := builtin(t, Talk)
	total := d.Duration() + time.Duration(d.Steps-1)*20*time.Second
	if total < 4*time.Minute || total > 6*time.Minute {
		t.Fatalf("the talk plays %v with --auto 20s (%v of waits, %d steps); want about five minutes", total, d.Duration(), d.Steps)
	}
}

func TestMergeReplacesByName(t *testing.T) {
	ds, _ := Builtin()
	own := []*Demo{{Name: "four-copies", Title: "mine"}, {Name: "zz-extra", Title: "extra"}}
	out := Merge(ds, own)
	if len(out) != len(ds)+1 || Find(out, "four-copies").Title != "mine" || out[len(out)-1].Name != "zz-extra" {
		t.Fatalf("merged %v", Names(out))
	}
	if out[2].Name != "four-copies" {
		t.Errorf("the replacement moved: %v", Names(out))
	}
}
