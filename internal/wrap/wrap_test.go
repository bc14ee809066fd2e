package wrap

import (
	"slices"
	"strings"
	"testing"
)

func TestItems(t *testing.T) {
	for _, c := range []struct {
		items []string
		sep   string
		width int
		want  []string
	}{
		{strings.Fields("worker 1 (pid 1060) reached max-requests 50, recycled"), " ", 30,
			[]string{"worker 1 (pid 1060) reached", "max-requests 50, recycled"}},
		{[]string{"a", "bb", "ccc"}, " · ", 8, []string{"a · bb", "ccc"}},
		{[]string{"\x1b[1mbold\x1b[0m", "x"}, " ", 6, []string{"\x1b[1mbold\x1b[0m x"}},
		{[]string{"toolongforthewidth", "a"}, " ", 5, []string{"toolongforthewidth", "a"}},
		{nil, " ", 10, nil},
	} {
		if got := Items(c.items, c.sep, c.width); !slices.Equal(got, c.want) {
			t.Errorf("Items(%q, %q, %d) = %q, want %q", c.items, c.sep, c.width, got, c.want)
		}
	}
}
