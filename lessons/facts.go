package lessons

import (
	"fmt"
	"sort"
	"strings"
)

// facts names the entries of the project's FACTS.md that a lesson may rest
// on: part A by its heading, the part B claims as B1..B25 and the common
// misconceptions as M1..M10. The names are stable; FACTS.md's lines are not.
var facts = func() map[string]string {
	m := map[string]string{
		"accept":      "part A: who accepts the next request (gunicorn sync workers)",
		"keep-alive":  "part A: keep-alive pins a client",
		"divergence":  "part A: divergence",
		"restarts":    "part A: restarts",
		"threads":     "part A: threads race at I/O, and also in the middle of long CPU work",
		"greenlets":   "part A: greenlets race at I/O, never on CPU",
		"redis-races": "part A: Redis races too",
		"timing":      "part A: timing",
		"versions":    "part B: versions the lab speaks for",
	}
	for i := 1; i <= 25; i++ {
		m[fmt.Sprintf("B%d", i)] = fmt.Sprintf("part B: claim %d", i)
	}
	for i := 1; i <= 10; i++ {
		m[fmt.Sprintf("M%d", i)] = fmt.Sprintf("part B: common misconception %d", i)
	}
	return m
}()

// FactEntry returns where in FACTS.md a fact name points.
func FactEntry(name string) (string, bool) {
	e, ok := facts[name]
	return e, ok
}

// FactNames lists the fact names a lesson's facts key may use.
func FactNames() []string {
	names := make([]string, 0, len(facts))
	for n := range facts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func unknownFact(name string) string {
	return fmt.Sprintf("unknown fact %q (known: %s)", name, strings.Join(FactNames(), ", "))
}
