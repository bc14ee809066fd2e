package chart

import (
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/guptarohit/asciigraph"
	"github.com/workerlab/workerlab/internal/wrap"
)

// plotRows is the height of a chart's plot area in text rows.
const plotRows = 8

// MinWidth is the narrowest chart Text draws; narrower widths are widened.
const MinWidth = 40

// look is how one series is drawn: its colour (a 256-colour index, shared by
// asciigraph and Lip Gloss) and the line it draws, so series stay apart
// without colour (NO_COLOR) too.
type look struct {
	color  uint8
	chars  asciigraph.CharSet
	sample string // the legend's picture of the line
}

var looks = []look{
	{33, asciigraph.DefaultCharSet, "──"},
	{208, asciigraph.CharSet{Horizontal: "═", VerticalLine: "║", ArcDownRight: "╔", ArcDownLeft: "╗", ArcUpRight: "╚", ArcUpLeft: "╝", EndCap: "═", StartCap: "═"}, "══"},
	{35, asciigraph.CharSet{Horizontal: "━", VerticalLine: "┃", ArcDownRight: "┏", ArcDownLeft: "┓", ArcUpRight: "┗", ArcUpLeft: "┛", EndCap: "━", StartCap: "━"}, "━━"},
	{170, asciigraph.CharSet{Horizontal: "╌", VerticalLine: "╎", EndCap: "╌", StartCap: "╌"}, "╌╌"},
	{44, asciigraph.CreateCharSet("•"), "••"},
	{178, asciigraph.CreateCharSet("+"), "++"},
}

// bandChars draws the min and max lines of a series: the band between them.
var bandChars = asciigraph.CreateCharSet("·")

var (
	titleStyle = lipgloss.NewStyle().Bold(true)
	noteStyle  = lipgloss.NewStyle().Faint(true)
)

func lookOf(i int) look { return looks[i%len(looks)] }

// Text renders c for a terminal width columns wide: a title, the plot (the
// median of each series as a line, the min–max over the seeds as a dotted
// band), the axis with the swept values, and a legend. No line is wider than
// width (at least MinWidth). The result carries ANSI colours: print it
// through a colour-profile writer (lipgloss.Println) so NO_COLOR and pipes
// get plain text. A chart whose every value is 0 is one line saying so.
func Text(c Chart, width int) string {
	width = max(width, MinWidth)
	title := ansi.Wordwrap(titleStyle.Render(c.Title+" by "+c.XLabel), width, "")
	if c.allZero() {
		return ansi.Wordwrap(title+noteStyle.Render(": 0 at every point"), width, "")
	}
	if !c.hasValues() || len(c.X) < 2 {
		return ansi.Wordwrap(title+noteStyle.Render(": no finished points to draw"), width, "")
	}
	// The plot's width depends on its y labels' width: draw, see where the
	// y axis landed, and draw again with the columns that are left.
	cols := width - 10
	var body string
	var pad int
	for range 4 {
		body = c.plot(cols)
		pad = axisColumn(body) + 1
		if pad+cols == width {
			break
		}
		cols = width - pad
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	b.WriteString(body + "\n")
	b.WriteString(axisLines(c.X, pad, cols, width))
	if legend := c.legend(width); legend != "" {
		b.WriteString("\n" + legend)
	}
	return b.String()
}

// plot draws the plot area with cols data columns.
func (c Chart) plot(cols int) string {
	var data [][]float64
	var chars []asciigraph.CharSet
	var colors []asciigraph.AnsiColor
	if c.Seeds > 1 {
		for i, s := range c.Series {
			data = append(data, resample(s.Lo, cols), resample(s.Hi, cols))
			chars = append(chars, bandChars, bandChars)
			col := asciigraph.AnsiColor(lookOf(i).color)
			colors = append(colors, col, col)
		}
	}
	for i, s := range c.Series {
		data = append(data, resample(s.Mid, cols))
		chars = append(chars, lookOf(i).chars)
		colors = append(colors, asciigraph.AnsiColor(lookOf(i).color))
	}
	return asciigraph.PlotMany(data,
		asciigraph.Height(plotRows),
		asciigraph.LowerBound(0),
		asciigraph.SeriesChars(chars...),
		asciigraph.SeriesColors(colors...),
		asciigraph.YAxisValueFormatter(Number),
	)
}

// axisLines draws the x axis under a plot whose data starts at column pad:
// a tick under each swept value, and the values under the ticks.
func axisLines(xs []string, pad, cols, width int) string {
	axis := []rune(strings.Repeat(" ", pad-1) + "└" + strings.Repeat("─", cols))
	labels := []rune(strings.Repeat(" ", width))
	end := -1
	for i, x := range xs {
		col := tickColumn(i, len(xs), cols)
		axis[pad+col] = '┬'
		r := []rune(x)
		start := min(max(pad+col-len(r)/2, 0), width-len(r))
		if start <= end || start < 0 {
			continue // it would touch the label before: skip it
		}
		copy(labels[start:], r)
		end = start + len(r)
	}
	return string(axis) + "\n" + strings.TrimRight(string(labels), " ")
}

// tickColumn is the data column of the i-th of n swept values.
func tickColumn(i, n, cols int) int {
	return int(math.Round(float64(i) * float64(cols-1) / float64(n-1)))
}

// legend names the series by their look, and the band, wrapped to width.
func (c Chart) legend(width int) string {
	var items []string
	named := len(c.Series) > 1 || c.Series[0].Name != ""
	for i, s := range c.Series {
		if !named {
			break
		}
		lk := lookOf(i)
		items = append(items, colorStyle(lk.color).Render(lk.sample)+" "+s.Name)
	}
	if c.Seeds > 1 {
		what := "median"
		if named {
			what = "lines: median"
		}
		items = append(items, noteStyle.Render("··")+" min–max, "+what+" of "+strconv.Itoa(c.Seeds)+" seeds")
	}
	return strings.Join(wrap.Items(items, "   ", width), "\n")
}

func colorStyle(c uint8) lipgloss.Style {
	return lipgloss.NewStyle().Foreground(lipgloss.Color(strconv.Itoa(int(c))))
}

// resample spreads vs (evenly spaced) over cols columns, interpolating
// linearly between neighbours; a gap stays a gap (NaN).
func resample(vs []float64, cols int) []float64 {
	out := make([]float64, cols)
	n := len(vs)
	for c := range out {
		t := float64(c) * float64(n-1) / float64(cols-1)
		i := int(math.Floor(t))
		if i >= n-1 {
			out[c] = vs[n-1]
			continue
		}
		f := t - float64(i)
		if f == 0 {
			out[c] = vs[i]
			continue
		}
		out[c] = vs[i] + (vs[i+1]-vs[i])*f
	}
	return out
}

// Number formats a value for an axis in at most six characters: 0.41,
// 62.5, 812, 18.5k, 1.2M.
func Number(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v):
		return "-"
	case a >= 999.5e3:
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + "M"
	case a >= 999.5:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// axisColumn is the column of the y axis in a plot.
func axisColumn(plot string) int {
	first, _, _ := strings.Cut(ansi.Strip(plot), "\n")
	for i, r := range []rune(first) {
		if r == '┤' || r == '┼' {
			return i
		}
	}
	return 0
}

// hasValues reports whether any median is known.
func (c Chart) hasValues() bool {
	for _, s := range c.Series {
		for _, v := range s.Mid {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}
