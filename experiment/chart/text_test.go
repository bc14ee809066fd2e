package chart

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// staleChart is a chart shaped like a real sweep: dicts go stale with more
// workers, Redis never does.
func staleChart() Chart {
	return Chart{Title: "stale reads (% of reads)", XLabel: "workers", X: []string{"1", "2", "4", "8", "16"}, Seeds: 20,
		Series: []Series{
			{Name: "local", Mid: []float64{0, 46.5, 60.7, 88.7, 93.9}, Lo: []float64{0, 42.2, 54.6, 83.7, 91.6}, Hi: []float64{0, 51, 65.6, 90.8, 95.4}},
			{Name: "redis", Mid: []float64{0, 0, 0, 0, 0}, Lo: []float64{0, 0, 0, 0, 0}, Hi: []float64{0, 0, 0, 0, 0}},
		}}
}

func throughputChart() Chart {
	return Chart{Title: "throughput (requests per second)", XLabel: "workers", X: []string{"1", "2", "3", "4"}, Seeds: 1,
		Series: []Series{{Mid: []float64{11100, 14270, 14263, 14281}, Lo: []float64{11100, 14270, 14263, 14281}, Hi: []float64{11100, 14270, 14263, 14281}}}}
}

func fourSeries() Chart {
	c := Chart{Title: "p99 latency (ms)", XLabel: "clients", X: []string{"1", "8", "64"}, Seeds: 3}
	for i, name := range []string{"sync local", "sync redis", "gthread local", "gthread redis"} {
		f := float64(i + 1)
		c.Series = append(c.Series, Series{Name: name,
			Mid: []float64{0.2 * f, 0.5 * f, 1.5 * f}, Lo: []float64{0.1 * f, 0.4 * f, 1.2 * f}, Hi: []float64{0.3 * f, 0.6 * f, 1.9 * f}})
	}
	return c
}

func withGap() Chart {
	c := staleChart()
	for i := range c.Series {
		c.Series[i].Mid[3], c.Series[i].Lo[3], c.Series[i].Hi[3] = math.NaN(), math.NaN(), math.NaN()
		c.Series[i].Mid[4], c.Series[i].Lo[4], c.Series[i].Hi[4] = math.NaN(), math.NaN(), math.NaN()
	}
	return c
}

func allZero() Chart {
	c := staleChart()
	c.Title = "lost updates"
	c.Series[0] = c.Series[1]
	return c
}

var textCases = []struct {
	name  string
	chart Chart
}{
	{"two-series-band", staleChart()},
	{"one-series-one-seed", throughputChart()},
	{"four-series", fourSeries()},
	{"unfinished-points", withGap()},
	{"all-zero", allZero()},
}

func TestTextGolden(t *testing.T) {
	for _, c := range textCases {
		t.Run(c.name, func(t *testing.T) {
			out := ansi.Strip(Text(c.chart, 80))
			checkWidth(t, out, 80)
			golden.RequireEqual(t, out)
		})
	}
}

func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d columns, wider than %d: %q", i+1, w, width, l)
		}
	}
}

// Every width from the narrowest up fits, and the plot uses the width.
func TestTextFitsEveryWidth(t *testing.T) {
	for _, c := range textCases[:4] {
		for _, w := range []int{MinWidth, 57, 80, 132} {
			out := ansi.Strip(Text(c.chart, w))
			checkWidth(t, out, w)
			lines := strings.Split(out, "\n")
			axis := lines[axisLine(lines)]
			if got := ansi.StringWidth(axis); got != w {
				t.Errorf("%s at %d: the x axis is %d columns, want the full width\n%s", c.name, w, got, out)
			}
		}
	}
	if out := ansi.Strip(Text(staleChart(), 10)); !strings.Contains(out, "16") {
		t.Errorf("a width below MinWidth still draws: %q", out)
	}
}

// The ticks sit under the swept values, and every value is labelled.
func TestTextAxisLabelsTheSweptValues(t *testing.T) {
	lines := strings.Split(ansi.Strip(Text(staleChart(), 80)), "\n")
	at := axisLine(lines)
	if at != plotRows+2 {
		t.Fatalf("the x axis is line %d, want %d (a title and %d plot rows above)", at, plotRows+2, plotRows+1)
	}
	axis, labels := []rune(lines[at]), []rune(lines[at+1])
	ticks := 0
	for i, r := range axis {
		if r != '┬' {
			continue
		}
		ticks++
		if i >= len(labels) || labels[i] == ' ' && (i+1 >= len(labels) || labels[i+1] == ' ') {
			t.Errorf("no label under the tick at column %d:\n%s\n%s", i, string(axis), string(labels))
		}
	}
	if ticks != 5 || strings.Join(strings.Fields(string(labels)), ",") != "1,2,4,8,16" {
		t.Errorf("%d ticks, labels %q; want 5 ticks labelled 1,2,4,8,16", ticks, string(labels))
	}
}

// Series differ by colour and by line, so NO_COLOR keeps them apart; the
// colours go when the profile says so.
func TestTextStyles(t *testing.T) {
	raw := Text(staleChart(), 80)
	for _, want := range []string{"38;5;33m", "38;5;208m", "\x1b[1m"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	plain := ansi.Strip(raw)
	if !strings.Contains(plain, "──") || !strings.Contains(plain, "══") || !strings.Contains(plain, "·") {
		t.Errorf("the looks of the lines and the band are missing:\n%s", plain)
	}
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii} // what NO_COLOR=1 gives
	fmt.Fprint(w, raw)
	if strings.Contains(b.String(), "38;5;") {
		t.Errorf("colour left under NO_COLOR: %q", b.String()[:200])
	}
	if ansi.Strip(b.String()) != plain {
		t.Errorf("NO_COLOR changed the text, not only the colours")
	}
}

// axisLine is the index of the x axis among a chart's lines (-1: none).
func axisLine(lines []string) int {
	for i, l := range lines {
		if strings.Contains(l, "└") {
			return i
		}
	}
	return -1
}

func TestNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.412: "0.41", 5: "5.00", 62.54: "62.5", 812: "812", 7996: "8.0k", 18500: "18.5k", 1.25e6: "1.2M", 999.7: "1.0k"} {
		if got := Number(v); got != want {
			t.Errorf("Number(%v) = %q, want %q", v, got, want)
		}
	}
}
