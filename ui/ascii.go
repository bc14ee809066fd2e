package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// asciiGlyphs is the ASCII stand-in for every glyph the screens draw, each
// one cell wide like the glyph it replaces, so layouts do not move: marks,
// box drawing, arrows, sparkline bars, and the punctuation of lesson texts.
var asciiGlyphs = map[rune]rune{
	'✓': '+', '✗': 'x', '∅': '-', '▸': '>', '›': '>', '·': '.', '•': '*',
	'─': '-', '│': '|', '╭': '+', '╮': '+', '╰': '+', '╯': '+',
	'━': '=', '┃': '|', '┏': '#', '┓': '#', '┗': '#', '┛': '#',
	'┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
	'↑': '^', '↓': 'v', '←': '<', '→': '>', '…': '~', '×': 'x', 'µ': 'u',
	'⏸': '#', '▶': '>', '●': '*', '◐': '~', '○': 'o', '—': '-', '–': '-', '‑': '-', '\u00a0': ' ',
	'‘': '\'', '’': '\'', '“': '"', '”': '"', '≥': '>', '≤': '<', '≠': '!', '±': '~',
	'▁': '_', '▂': '.', '▃': ',', '▄': '-', '▅': '~', '▆': '+', '▇': '*', '█': '#',
	'◀': '<', '▕': '[', '▏': ']',
}

// toASCII redraws a screen in ASCII: each glyph becomes its stand-in, and
// anything else outside ASCII becomes '?' as many times as it is wide.
// Escape sequences (colours) pass through: they are ASCII already.
func toASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch g, ok := asciiGlyphs[r]; {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case ok:
			b.WriteRune(g)
		default:
			b.WriteString(strings.Repeat("?", max(ansi.StringWidth(string(r)), 0)))
		}
	}
	return b.String()
}

// ToASCII redraws text the way --ascii draws the screens: each glyph
// becomes a one-cell ASCII stand-in (for a diagram printed by a command).
func ToASCII(s string) string { return toASCII(s) }
