package ui

import "strings"

// sparkRunes are the eight bar heights of a sparkline.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// history is a fixed-size ring of samples for a sparkline.
type history struct {
	vals []float64
	next int
	full bool
}

func newHistory(n int) history { return history{vals: make([]float64, n)} }

func (h *history) push(v float64) {
	if len(h.vals) == 0 {
		return
	}
	h.vals[h.next] = v
	h.next = (h.next + 1) % len(h.vals)
	if h.next == 0 {
		h.full = true
	}
}

// last returns up to n samples, oldest first.
func (h history) last(n int) []float64 {
	size := h.next
	if h.full {
		size = len(h.vals)
	}
	n = min(n, size)
	out := make([]float64, n)
	for i := range n {
		j := (h.next - n + i + len(h.vals)) % len(h.vals)
		out[i] = h.vals[j]
	}
	return out
}

// sparkline draws vals as width bars scaled to their maximum, padded on the
// left with the lowest bar so the width is constant.
func sparkline(vals []float64, width int) string {
	if width <= 0 {
		return ""
	}
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	top := 0.0
	for _, v := range vals {
		top = max(top, v)
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", width-len(vals)))
	for _, v := range vals {
		i := 0
		if top > 0 && v > 0 {
			i = min(int(v/top*float64(len(sparkRunes)-1)+0.5), len(sparkRunes)-1)
			i = max(i, 1) // anything above zero shows
		}
		b.WriteRune(sparkRunes[i])
	}
	return b.String()
}
