package ui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// The sandbox's sequence pane: the diagram of the last requests whose steps
// the log holds, redrawn when the log or the size changes, the newest rows
// kept when they do not all fit.

// diagramPaneRequests is how many requests the pane tries to draw.
const diagramPaneRequests = 6

// diagramPane is the sequence diagram drawn for one size.
type diagramPane struct {
	view  string
	drawn string // what view was drawn from: the newest event, the size, the theme
}

// Draw draws the diagram of evs in w × h, unless it is drawn already.
func (p *diagramPane) Draw(st *theme, evs []sim.Event, settings sim.Settings, w, h int) {
	newest := uint64(0)
	if len(evs) > 0 {
		newest = evs[len(evs)-1].Seq
	}
	key := strconv.FormatUint(newest, 10) + "\x00" + strconv.Itoa(len(evs)) + "\x00" + strconv.Itoa(w) + "\x00" +
		strconv.Itoa(h) + "\x00" + settings.Class + "\x00" + fmt.Sprintf("%p", st)
	if key == p.drawn || w <= 0 || h <= 0 {
		return
	}
	p.drawn = key
	lines := drawDiagram(evs, settings, w, diagramPaneRequests)
	if len(lines) > h && len(lines) > 2 {
		lines = append(lines[:2], lines[len(lines)-max(h-2, 0):]...) // the names, then the newest rows
	}
	for i, l := range lines {
		switch {
		case i < 2:
			lines[i] = st.Bold.Render(l)
		case strings.Contains(l, markStale):
			lines[i] = st.Mark.Render(l)
		}
	}
	p.view = fitBlock(strings.Join(lines, "\n"), w, h)
}

// View returns the diagram drawn last.
func (p diagramPane) View() string { return p.view }

// nextTab shows the next pane: in a small terminal traffic, in Django and
// sequence take turns below the grid; in a wide one the Django panel and
// the sequence take turns beside it. The sequence needs each request's
// steps, so showing it turns steps on.
func (m *Sandbox) nextTab() tea.Cmd {
	switch {
	case m.layout.wide && m.tab == tabDiagram:
		m.tab = tabLog
	case m.layout.wide:
		m.tab = tabDiagram
	default:
		m.tab = (m.tab + 1) % 3
	}
	m.drawDiagram()
	if m.tab == tabDiagram && !m.snap().Settings.Steps && m.driver != nil {
		return m.run("steps on", true)
	}
	return nil
}

// drawDiagram draws the sequence pane when it shows.
func (m *Sandbox) drawDiagram() {
	l := m.layout
	if m.tab != tabDiagram || l.tooSmall || m.driver == nil {
		return
	}
	w, h := l.log.w, l.log.h-1
	if l.wide {
		w, h = l.django.w, l.django.h-1
	}
	m.diagram.Draw(m.styles, m.log.events, m.snap().Settings, w, h)
}

// diagramNote is the sequence pane's title note.
func (m Sandbox) diagramNote() string {
	if m.snap().Settings.Steps {
		return textDiagramHint
	}
	return ""
}

// paneTitle is a pane's title line, or the scrub bar while the run shows an
// instant before the present.
func (m Sandbox) paneTitle(title string, w int) string {
	if tl := m.snap().Timeline; tl.InPast() {
		return m.timelineBar(tl, w)
	}
	return title
}
