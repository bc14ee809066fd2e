package lessons

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/workerlab/workerlab/sim"
)

// Operators a condition may use, longest first so ">=" wins over ">".
var operators = []string{">=", "<=", "==", "!=", ">", "<"}

// Condition compares a metric or setting with a number or a word, such as
// "stale_reads >= 1" or "store == redis".
type Condition struct {
	Metric string
	Op     string
	Want   sim.Value
	Text   string // as written, normalised to "metric op value"
	Line   int
}

// ParseCondition parses "metric op value". Metric names are those of
// sim.MetricNames; numbers compare with every operator, words only with == and !=.
func ParseCondition(s string) (Condition, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Condition{}, fmt.Errorf("empty goal; expected \"metric op value\" such as \"stale_reads >= 1\"")
	}
	at, op := -1, ""
	for i := 0; i < len(text) && at < 0; i++ {
		for _, o := range operators {
			if strings.HasPrefix(text[i:], o) {
				at, op = i, o
				break
			}
		}
		if at < 0 && (text[i] == '=' || text[i] == '!') {
			return Condition{}, fmt.Errorf("bad operator in goal %q; expected one of %s", text, strings.Join(operators, " "))
		}
	}
	if at < 0 {
		return Condition{}, fmt.Errorf("goal %q has no operator; expected \"metric op value\" with op one of %s", text, strings.Join(operators, " "))
	}
	name := strings.TrimSpace(text[:at])
	val := strings.TrimSpace(text[at+len(op):])
	if name == "" || strings.ContainsAny(name, " \t") {
		return Condition{}, fmt.Errorf("goal %q: expected one metric name before %q", text, op)
	}
	if val == "" || strings.ContainsAny(val, " \t") {
		return Condition{}, fmt.Errorf("goal %q: expected one number or word after %q", text, op)
	}
	if strings.ContainsAny(val[:1], "=<>!") {
		return Condition{}, fmt.Errorf("bad operator in goal %q; expected one of %s", text, strings.Join(operators, " "))
	}
	kind, _, ok := sim.MetricInfo(name)
	if !ok {
		return Condition{}, fmt.Errorf("unknown metric %q (known: %s)", name, strings.Join(sim.MetricNames(), ", "))
	}
	isWord := metricIsWord(name)
	c := Condition{Metric: name, Op: op, Text: name + " " + op + " " + val}
	if isWord {
		if op != "==" && op != "!=" {
			return Condition{}, fmt.Errorf("goal %q: %s is a word, compare it with == or !=", text, name)
		}
		if words := sim.MetricWords(name); words != nil && !slices.Contains(words, val) {
			return Condition{}, fmt.Errorf("goal %q: %q is not a value of %s; expected one of %s", text, val, name, strings.Join(words, " "))
		}
		c.Want = sim.Value{Word: val, IsWord: true}
		return c, nil
	}
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return Condition{}, fmt.Errorf("goal %q: %q is not a number; %s is a %s and takes a number", text, val, name, kindName(kind))
	}
	c.Want = sim.Value{Num: f}
	return c, nil
}

// metricIsWord reports whether a metric reads as a word (on/off, redis, ...).
func metricIsWord(name string) bool {
	if sim.MetricWords(name) != nil {
		return true
	}
	var zero sim.Snapshot
	v, err := sim.Measure(name, &zero, nil)
	return err == nil && v.IsWord
}

func kindName(k sim.MetricKind) string {
	switch k {
	case sim.Counter:
		return "count"
	case sim.Gauge:
		return "gauge"
	default:
		return "setting"
	}
}

// String returns the condition as written.
func (c Condition) String() string { return c.Text }

// Eval measures the condition on cur, counting from base, and reports whether
// it holds and the value measured.
func (c Condition) Eval(cur, base *sim.Snapshot) (bool, sim.Value) {
	got, err := sim.Measure(c.Metric, cur, base)
	if err != nil {
		return false, got
	}
	return compare(got, c.Op, c.Want), got
}

func compare(got sim.Value, op string, want sim.Value) bool {
	if want.IsWord || got.IsWord {
		eq := got.IsWord == want.IsWord && got.Word == want.Word
		switch op {
		case "==":
			return eq
		case "!=":
			return !eq
		}
		return false
	}
	a, b := got.Num, want.Num
	switch op {
	case ">=":
		return a >= b
	case "<=":
		return a <= b
	case "==":
		return a == b
	case "!=":
		return a != b
	case ">":
		return a > b
	case "<":
		return a < b
	}
	return false
}

// capsCount reports whether the condition puts an upper bound on a count: once
// broken it cannot hold again in the same stage, since counts only grow.
func (c Condition) capsCount() bool {
	kind, _, _ := sim.MetricInfo(c.Metric)
	if kind != sim.Counter || c.Metric == "hit_rate" || c.Metric == "throughput" {
		return false
	}
	return c.Op == "==" || c.Op == "<=" || c.Op == "<"
}
