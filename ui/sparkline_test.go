package ui

import (
	"testing"
	"unicode/utf8"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		vals  []float64
		width int
		want  string
	}{
		{nil, 4, "    "},
		{[]float64{0, 0}, 2, "▁▁"},
		{[]float64{0, 1, 2, 4}, 4, "▁▃▅█"},
		{[]float64{1, 2, 3, 4, 8}, 3, "▄▅█"},
		{[]float64{0.001, 100}, 2, "▂█"},
	}
	for _, tt := range tests {
		if got := sparkline(tt.vals, tt.width); got != tt.want {
			t.Errorf("sparkline(%v, %d) = %q, want %q", tt.vals, tt.width, got, tt.want)
		}
	}
}

func TestHistoryRing(t *testing.T) {
	h := newHistory(3)
	for i := 1; i <= 5; i++ {
		h.push(float64(i))
	}
	got := h.last(10)
	if len(got) != 3 || got[0] != 3 || got[2] != 5 {
		t.Errorf("last = %v, want [3 4 5]", got)
	}
	if s := sparkline(got, 3); utf8.RuneCountInString(s) != 3 {
		t.Errorf("sparkline width = %d", utf8.RuneCountInString(s))
	}
}
