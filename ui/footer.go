package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// footer renders the one line of key hints under a screen, w cells wide: the
// hints that fit, in order of importance, then always the pinned ones (the
// way out: the keys screen, back, quit). Hints that do not fit are left out
// whole, never cut, and the pinned ones are never left out while they fit.
func (b *bench) footer(hints, pinned []key.Binding, w int) string {
	b.help.SetWidth(0) // we choose what fits; help must not cut with …
	for n := len(hints); n >= 0; n-- {
		shown := make([]key.Binding, 0, n+len(pinned))
		shown = append(append(shown, hints[:n]...), pinned...)
		if line := b.help.ShortHelpView(shown); lipgloss.Width(line) <= w {
			return fitLine(line, w)
		}
	}
	return fitLine(b.help.ShortHelpView(pinned), w)
}
