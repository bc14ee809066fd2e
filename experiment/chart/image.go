package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Image formats WriteImage can write.
const (
	SVG = "svg"
	PNG = "png"
)

// imageColors are the series' colours in an image (the terminal's 33, 208,
// 35, 170, 44, 178 as RGB).
var imageColors = []color.NRGBA{
	{0x00, 0x87, 0xff, 0xff}, {0xff, 0x87, 0x00, 0xff}, {0x00, 0xaf, 0x5f, 0xff},
	{0xd7, 0x5f, 0xd7, 0xff}, {0x00, 0xd7, 0xd7, 0xff}, {0xd7, 0xaf, 0x00, 0xff},
}

// SeriesColor is the colour of series i in an image.
func SeriesColor(i int) color.NRGBA { return imageColors[i%len(imageColors)] }

// WriteImage draws the charts side by side, two to a row, as one SVG or PNG
// image: each series a line with a dot at every swept value over a shaded
// min–max band. Points not finished are left out.
func WriteImage(w io.Writer, charts []Chart, format string) error {
	if len(charts) == 0 {
		return fmt.Errorf("no charts to draw")
	}
	cols := min(2, len(charts))
	rows := (len(charts) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	for i, c := range charts {
		p, err := c.gonumPlot()
		if err != nil {
			return fmt.Errorf("drawing %s: %w", c.Title, err)
		}
		grid[i/cols][i%cols] = p
	}
	width, height := vg.Length(cols)*12*vg.Centimeter, vg.Length(rows)*9*vg.Centimeter
	var canvas vg.CanvasWriterTo
	switch format {
	case SVG:
		canvas = vgsvg.New(width, height)
	case PNG:
		canvas = vgimg.PngCanvas{Canvas: vgimg.New(width, height)}
	default:
		return fmt.Errorf("unknown image format %q; expected %s or %s", format, SVG, PNG)
	}
	dc := draw.New(canvas)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Centimeter, PadY: vg.Centimeter,
		PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 3}
	canvases := plot.Align(grid, tiles, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	if _, err := canvas.WriteTo(w); err != nil {
		return fmt.Errorf("writing the %s image: %w", format, err)
	}
	return nil
}

// gonumPlot builds the chart as a gonum plot: the swept values evenly spaced
// along x (as in the terminal), y from 0.
func (c Chart) gonumPlot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Min = 0
	p.X.Min, p.X.Max = -0.25, float64(len(c.X)-1)+0.25
	ticks := make([]plot.Tick, len(c.X))
	for i, x := range c.X {
		ticks[i] = plot.Tick{Value: float64(i), Label: x}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Legend.Top = true
	p.Legend.Left = true
	maxY := 0.0
	for i, s := range c.Series {
		col := SeriesColor(i)
		if c.Seeds > 1 {
			if band := bandPolygon(s); band != nil {
				poly, err := plotter.NewPolygon(band)
				if err != nil {
					return nil, err
				}
				poly.Color = color.NRGBA{col.R, col.G, col.B, 0x40}
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
		}
		pts := known(s.Mid)
		if len(pts) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = col, vg.Points(1.5)
		points.Color, points.Shape = col, draw.CircleGlyph{}
		p.Add(line, points)
		if s.Name != "" {
			p.Legend.Add(s.Name, line, points)
		}
		for _, v := range append(append([]float64{}, s.Mid...), s.Hi...) {
			if !math.IsNaN(v) {
				maxY = max(maxY, v)
			}
		}
	}
	if maxY == 0 {
		p.Y.Max = 1
	}
	return p, nil
}

// known is the finished points of vs as (index, value).
func known(vs []float64) plotter.XYs {
	var xys plotter.XYs
	for i, v := range vs {
		if !math.IsNaN(v) {
			xys = append(xys, plotter.XY{X: float64(i), Y: v})
		}
	}
	return xys
}

// bandPolygon is the ring around a series' min–max band (nil when fewer
// than two points are known).
func bandPolygon(s Series) plotter.XYs {
	lo, hi := known(s.Lo), known(s.Hi)
	if len(lo) < 2 || len(hi) != len(lo) {
		return nil
	}
	ring := append(plotter.XYs{}, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		ring = append(ring, hi[i])
	}
	return ring
}
