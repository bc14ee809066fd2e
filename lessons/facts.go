package lessons

import (
	"fmt"
	"sort"
	"strings"
)

// factLines names the entries of the project's FACTS.md that a lesson may rest
// on, with the line each starts at: part A by its heading, part B claims as
// B1..B25, the common misconceptions as M1..M10.
var factLines = func() map[string]int {
	m := map[string]int{
		"accept":      12,
		"keep-alive":  44,
		"divergence":  50,
		"restarts":    57,
		"threads":     63,
		"greenlets":   74,
		"redis-races": 78,
		"timing":      84,
		"versions":    139,
	}
	for i := 1; i <= 25; i++ {
		m[fmt.Sprintf("B%d", i)] = 96 + i
	}
	for i := 1; i <= 10; i++ {
		m[fmt.Sprintf("M%d", i)] = 124 + i
	}
	return m
}()

// FactLine returns the FACTS.md line a fact name points to.
func FactLine(name string) (int, bool) {
	n, ok := factLines[name]
	return n, ok
}

// FactNames lists the fact names a lesson's facts key may use.
func FactNames() []string {
	names := make([]string, 0, len(factLines))
	for n := range factLines {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func unknownFact(name string) string {
	return fmt.Sprintf("unknown fact %q (known: %s)", name, strings.Join(FactNames(), ", "))
}
