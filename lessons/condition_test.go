package lessons

import (
	"strings"
	"testing"

	"github.com/workerlab/workerlab/sim"
)

func TestConditionEval(t *testing.T) {
	base := &sim.Snapshot{Metrics: sim.Metrics{StaleReads: 2, Increments: 100}}
	cur := &sim.Snapshot{Metrics: sim.Metrics{StaleReads: 3, Increments: 350}, Settings: sim.Settings{Store: "redis", Lock: true}}
	tests := []struct {
		cond string
		want bool
		val  string
	}{
		{"stale_reads >= 1", true, "1"},
		{"stale_reads >= 2", false, "1"},
		{"increments >= 250", true, "250"},
		{"increments > 250", false, "250"},
		{"increments<251", true, "250"},
		{"lost_updates == 0", true, "0"},
		{"store == redis", true, "redis"},
		{"store != redis", false, "redis"},
		{"store == local", false, "redis"},
		{"lock == on", true, "on"},
		{"workers <= 4", true, "0"},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.cond)
		if err != nil {
			t.Fatalf("ParseCondition(%q): %v", tt.cond, err)
		}
		got, v := c.Eval(cur, base)
		if got != tt.want || v.String() != tt.val {
			t.Errorf("%q = %v (measured %s), want %v (%s)", tt.cond, got, v, tt.want, tt.val)
		}
	}
}

func TestConditionCapsCount(t *testing.T) {
	for cond, want := range map[string]bool{
		"lost_updates == 0": true, "stale_reads <= 5": true, "errors < 1": true,
		"stale_reads >= 1": false, "hit_rate <= 0.5": false, "store == redis": false, "p99_ms <= 100": false,
	} {
		c, err := ParseCondition(cond)
		if err != nil {
			t.Fatal(err)
		}
		if c.capsCount() != want {
			t.Errorf("%q capsCount = %v, want %v", cond, !want, want)
		}
	}
}

func TestConditionErrorsNameWhatIsAccepted(t *testing.T) {
	for cond, want := range map[string]string{
		"":                    "empty goal",
		"stale_reads":         "has no operator",
		"stale_reads >=":      "expected one number or word",
		"stale reads >= 1":    "expected one metric name",
		"stale_reads >= 1 2":  "expected one number or word",
		"stale_reads >= NaN":  "is not a number",
		"stale_reads >= =1":   "bad operator",
		"stale_reads ! 1":     "bad operator",
		"lock == yes":         `"yes" is not a value of lock; expected one of on off`,
		"stale_reads ≥ 1":     "has no operator",
		"nope == 1":           `unknown metric "nope" (known: `,
		"workload == sloww":   "not a value of workload",
		"class < gthread":     "compare it with == or !=",
		"stale_reads >= 1e99": "",
	} {
		_, err := ParseCondition(cond)
		if want == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", cond, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", cond, err, want)
		}
	}
}

func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"stale_reads >= 1", "store == redis", "x=1", "a <= -3.5", "lock != off", ">=", "= = ="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCondition(s)
		if err != nil {
			return
		}
		// A parsed condition reparses to itself.
		c2, err := ParseCondition(c.Text)
		if err != nil || c2.Text != c.Text || c2.Op != c.Op || c2.Want != c.Want {
			t.Fatalf("%q parsed to %q, which reparses to %q (%v)", s, c.Text, c2.Text, err)
		}
		var snap sim.Snapshot
		c.Eval(&snap, &snap)
	})
}
