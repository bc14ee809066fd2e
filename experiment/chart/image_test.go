package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"strings"
	"testing"
)

// svgPath is a <path> of an SVG: its outline and its style.
type svgPath struct {
	D     string `xml:"d,attr"`
	Style string `xml:"style,attr"`
}

// svgPaths parses an SVG as XML and returns every path in it.
func svgPaths(t *testing.T, svg []byte) []svgPath {
	t.Helper()
	var paths []svgPath
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "path" {
			var p svgPath
			if err := dec.DecodeElement(&p, &se); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	return paths
}

// The SVG has, in each chart, one line per series through every swept value,
// and a shaded band per series when there are several seeds.
func TestSVGHasOnePathPerSeries(t *testing.T) {
	charts := []Chart{staleChart(), fourSeries(), throughputChart()}
	var b bytes.Buffer
	if err := WriteImage(&b, charts, SVG); err != nil {
		t.Fatal(err)
	}
	paths := svgPaths(t, b.Bytes())
	lines := map[string]int{} // "stroke colour, points" → paths
	bands := map[string]int{}
	for _, p := range paths {
		if strings.Contains(p.Style, "fill:none") && strings.Contains(p.Style, "stroke:#") {
			stroke := p.Style[strings.Index(p.Style, "stroke:#")+len("stroke:") : strings.Index(p.Style, "stroke:#")+len("stroke:#xxxxxx")]
			lines[fmt.Sprintf("%s,%d", stroke, strings.Count(p.D, "L")+1)]++
		}
		if strings.Contains(p.Style, "fill-opacity") {
			bands[p.Style[:strings.Index(p.Style, ";")]]++
		}
	}
	for ci, c := range charts {
		for si := range c.Series {
			col := SeriesColor(si)
			key := fmt.Sprintf("#%02X%02X%02X,%d", col.R, col.G, col.B, len(c.X))
			want := 0 // charts with this many swept values and a series of this colour
			for _, o := range charts {
				if len(o.X) == len(c.X) && si < len(o.Series) {
					want++
				}
			}
			if lines[key] != want {
				t.Errorf("chart %d series %d: %d paths of colour %s through %d points, want %d", ci, si, lines[key], key[:7], len(c.X), want)
			}
		}
	}
	// Bands: 2 series of stale + 4 of fourSeries; none for one seed.
	total := 0
	for _, n := range bands {
		total += n
	}
	if total != 6 {
		t.Errorf("%d band paths, want 6 (one per series of the charts with several seeds): %v", total, bands)
	}
}

func TestPNG(t *testing.T) {
	var b bytes.Buffer
	if err := WriteImage(&b, []Chart{staleChart(), throughputChart(), fourSeries(), withGap()}, PNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if r := img.Bounds(); r.Dx() < 600 || r.Dy() < 400 {
		t.Errorf("image %v, want a 2×2 grid of charts", r)
	}
	if err := WriteImage(io.Discard, []Chart{staleChart()}, "gif"); err == nil || !strings.Contains(err.Error(), "svg or png") {
		t.Errorf("gif: err %v", err)
	}
}
