package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// codeLines lays Python out for a column w cells wide without ever breaking
// a line of code: a comment that does not fit beside its code moves above
// it, and a comment line wraps into several, each starting with "#". It
// reports whether every line now fits; when one does not, the caller shows
// the code where there is room instead of cutting it.
func codeLines(code string, w int) ([]string, bool) {
	var out []string
	fits := true
	for _, l := range strings.Split(strings.TrimRight(code, "\n"), "\n") {
		if lipgloss.Width(l) <= w {
			out = append(out, l)
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		body := strings.TrimLeft(l, " ")
		var comment, stmt string
		switch {
		case strings.HasPrefix(body, "#"):
			comment = body
		case strings.Contains(body, "  # "):
			i := strings.Index(body, "  # ")
			stmt, comment = body[:i], strings.TrimSpace(body[i:])
		default:
			out = append(out, l)
			fits = false
			continue
		}
		text := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
		room := w - len(indent) - 2
		if room < 8 {
			out = append(out, l)
			fits = false
			continue
		}
		for _, c := range strings.Split(lipgloss.Wrap(text, room, " "), "\n") {
			out = append(out, indent+"# "+c)
		}
		if stmt != "" {
			out = append(out, indent+stmt)
			if lipgloss.Width(indent+stmt) > w {
				fits = false
			}
		}
	}
	for _, l := range out {
		if lipgloss.Width(l) > w {
			fits = false
		}
	}
	return out, fits
}

// styleCode draws one line of Python with its comment dimmed.
func (b *bench) styleCode(l string) string {
	if j := strings.Index(l, "#"); j >= 0 {
		return b.styles.Code.Render(l[:j]) + b.styles.Comment.Render(l[j:])
	}
	return b.styles.Code.Render(l)
}
