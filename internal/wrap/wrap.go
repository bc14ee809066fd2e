// Package wrap lays items out in lines of a given width: words of a
// sentence, entries of a legend, parts of a caption. An item is never split;
// one wider than the width gets a line of its own.
package wrap

import "github.com/charmbracelet/x/ansi"

// Items joins items with sep into lines of at most width cells (measured
// ANSI-aware, so styled items measure as they show).
func Items(items []string, sep string, width int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line)+ansi.StringWidth(sep)+ansi.StringWidth(it) <= width:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
