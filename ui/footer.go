package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// footer renders the one line of key hints under a screen, w cells wide: the
// hints that fit, in order of importance, then always the pinned ones (the
// way out: the keys screen, back, quit). Hints that do not fit are left out
// whole, never cut, and the pinned ones are never left out while they fit.
func (b *bench) footer(hints, pinned []key.Binding, w int) string {
	var k strings.Builder
	k.WriteString("footer")
	for _, kb := range append(hints[:len(hints):len(hints)], pinned...) {
		h := kb.Help()
		k.WriteString("\x00" + h.Key + "\x01" + h.Desc)
	}
	k.WriteString("\x00" + strconv.Itoa(len(hints)) + "\x00" + strconv.Itoa(w))
	return b.memoized(k.String(), func() string { return b.drawFooter(hints, pinned, w) })
}

// drawFooter draws the footer (see footer).
func (b *bench) drawFooter(hints, pinned []key.Binding, w int) string {
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
