package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/sim"
)

// Card sizes, border included.
const (
	cardMinWidth  = 20
	cardMaxWidth  = 30
	cardHeadLines = 3 // title, pid/requests, what it is doing
	cardBorder    = 2
)

// Grid draws one card per live worker, side by side, wrapping into rows and
// paging past what fits. One card is selected (for kill).
type Grid struct {
	styles   *Styles
	width    int
	height   int
	workers  []sim.WorkerState
	store    string
	selected int // index into workers
	page     int
	view     string // rendered on every change, so View is cheap
}

// NewGrid returns an empty grid drawn with st.
func NewGrid(st *Styles) Grid { return Grid{styles: st} }

// SetStyles replaces the styles (after a background change).
func (g *Grid) SetStyles(st *Styles) {
	g.styles = st
	g.render()
}

// SetSize sets the grid's width and height in cells, legend line included.
func (g *Grid) SetSize(w, h int) {
	g.width, g.height = max(w, 0), max(h, 0)
	g.clamp()
	g.render()
}

// SetSnapshot shows the workers of snap.
func (g *Grid) SetSnapshot(snap sim.Snapshot) {
	g.workers = snap.Workers
	g.store = snap.Settings.Store
	g.clamp()
	g.render()
}

// Selected returns the slot of the selected worker, or 0 when there is none.
func (g Grid) Selected() int {
	if g.selected < 0 || g.selected >= len(g.workers) {
		return 0
	}
	return g.workers[g.selected].Slot
}

// Move moves the selection by delta cards, keeping it on screen.
func (g *Grid) Move(delta int) {
	g.selected += delta
	g.clamp()
	g.followSelection()
	g.render()
}

// Page moves by delta pages of cards.
func (g *Grid) Page(delta int) {
	_, _, perPage := g.geometry()
	g.page += delta
	g.clamp()
	if perPage > 0 {
		g.selected = min(g.page*perPage, max(len(g.workers)-1, 0))
	}
	g.render()
}

// SelectAt selects the card under the cell (x, y) of the grid, reporting
// whether there was one.
func (g *Grid) SelectAt(x, y int) bool {
	cols, cardW, perPage := g.geometry()
	cardH := g.cardHeight()
	if cols == 0 || cardW == 0 || cardH == 0 || x < 0 || y < 0 {
		return false
	}
	col, row := x/cardW, y/cardH
	if col >= cols {
		return false
	}
	i := g.page*perPage + row*cols + col
	if row >= max(perPage/cols, 1) || i >= len(g.workers) {
		return false
	}
	g.selected = i
	g.render()
	return true
}

func (g *Grid) clamp() {
	if g.selected >= len(g.workers) {
		g.selected = len(g.workers) - 1
	}
	if g.selected < 0 {
		g.selected = 0
	}
	_, _, perPage := g.geometry()
	pages := 1
	if perPage > 0 {
		pages = max((len(g.workers)+perPage-1)/perPage, 1)
	}
	g.page = min(max(g.page, 0), pages-1)
}

func (g *Grid) followSelection() {
	if _, _, perPage := g.geometry(); perPage > 0 {
		g.page = g.selected / perPage
	}
}

// keyLines is how many key lines every card gets.
func (g Grid) keyLines() int {
	most := 1
	for _, w := range g.workers {
		most = max(most, len(w.Keys))
	}
	// Room for the cards: the height minus the legend line.
	room := g.height - 1 - cardBorder - cardHeadLines
	return max(min(most, room, 8), 1)
}

func (g Grid) cardHeight() int { return cardBorder + cardHeadLines + g.keyLines() }

// geometry returns the columns, card width and cards per page.
func (g Grid) geometry() (cols, cardW, perPage int) {
	n := len(g.workers)
	if n == 0 || g.width < cardMinWidth {
		return 0, 0, 0
	}
	cols = min(n, g.width/cardMinWidth)
	cardW = min(g.width/cols, cardMaxWidth)
	rows := max((g.height-1)/g.cardHeight(), 1)
	return cols, cardW, rows * cols
}

// View returns the grid exactly its width and height.
func (g Grid) View() string { return g.view }

// render draws the grid into g.view.
func (g *Grid) render() {
	if g.styles == nil {
		return
	}
	g.view = fitBlock(g.draw(), g.width, g.height)
}

// draw renders the grid, exactly its width and at most its height.
func (g Grid) draw() string {
	if g.width <= 0 || g.height <= 0 {
		return ""
	}
	cols, cardW, perPage := g.geometry()
	if cols == 0 {
		return fitBlock(g.styles.Faint.Render(textNoWorkers), g.width, 1)
	}
	start := g.page * perPage
	end := min(start+perPage, len(g.workers))
	var rows []string
	cardH := g.cardHeight()
	for i := start; i < end; i += cols {
		lines := make([]string, cardH)
		for j := i; j < min(i+cols, end); j++ {
			for k, l := range g.card(j, cardW) {
				lines[k] += l
			}
		}
		rows = append(rows, strings.Join(lines, "\n"))
	}
	legend := textLegend
	if g.width < 100 {
		legend = textLegendShort
	}
	if pages := (len(g.workers) + perPage - 1) / perPage; pages > 1 {
		legend += "   " + fmt.Sprintf(textPage, g.page+1, pages)
	}
	rows = append(rows, g.styles.Faint.Render(legend))
	out := strings.Join(rows, "\n")
	return fitBlock(out, g.width, min(lipgloss.Height(out), g.height))
}

// card renders worker i as the lines of a card cardW cells wide. The border
// is drawn by hand: lipgloss's Render measures every line again, and the
// grid is the largest part of a frame.
func (g Grid) card(i, cardW int) []string {
	w := g.workers[i]
	st := g.styles
	inner := cardW - cardBorder
	title := fmt.Sprintf(textWorker, w.Slot)
	border, bs := lipgloss.RoundedBorder(), st.Card
	if i == g.selected {
		title = textSelectedTitle + title
		border, bs = lipgloss.ThickBorder(), st.CardSel
	}
	color := lipgloss.NewStyle().Foreground(bs.GetBorderTopForeground())
	lines := []string{
		fitLine(st.CardTitle.Render(title)+" "+st.Faint.Render(fmt.Sprintf(textGeneration, w.Generation)), inner),
		fitLine(fmt.Sprintf(textPid, w.Pid)+" · "+fmt.Sprintf(textServed, w.Served), inner),
		fitLine(st.Faint.Render(w.Doing), inner),
	}
	lines = append(lines, g.keyBlock(w, inner)...)
	left, right := color.Render(border.Left), color.Render(border.Right)
	out := make([]string, 0, len(lines)+2)
	out = append(out, color.Render(border.TopLeft+strings.Repeat(border.Top, inner)+border.TopRight))
	for _, l := range lines {
		out = append(out, left+l+right)
	}
	return append(out, color.Render(border.BottomLeft+strings.Repeat(border.Bottom, inner)+border.BottomRight))
}

// keyBlock renders the worker's view of the keys in exactly keyLines lines.
// Keys this worker does not hold are counted on one line, so a value shows
// only on the cards that hold it.
func (g Grid) keyBlock(w sim.WorkerState, inner int) []string {
	st := g.styles
	n := g.keyLines()
	var present []sim.KV
	missing := 0
	for _, kv := range w.Keys {
		if kv.Present {
			present = append(present, kv)
		} else {
			missing++
		}
	}
	var lines []string
	room := n
	if missing > 0 {
		room--
	}
	for k, kv := range present {
		if len(lines) == room-1 && len(present)-k > 1 {
			lines = append(lines, st.Faint.Render(fmt.Sprintf(textMoreKeys, len(present)-k)))
			break
		}
		if len(lines) >= room {
			break
		}
		ks, mark := st.agreementStyle(kv.Agreement)
		lines = append(lines, fitLine(ks.Render(mark+" "+kv.Key+"="+kv.Value), inner))
	}
	if missing > 0 && len(lines) < n {
		lines = append(lines, st.IsMissing.Render(fmt.Sprintf(textMissingKeys, missing)))
	}
	if len(present) == 0 && missing == 0 {
		empty := textEmptyDict
		if g.store == "redis" {
			empty = textEmptyStore
		}
		lines = append(lines, st.Faint.Render(empty))
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	for k := range lines {
		lines[k] = fitLine(lines[k], inner)
	}
	return lines[:n]
}

// Want returns the lines the grid would use at width w to show every card
// (up to 8 key lines each) and the legend.
func (g Grid) Want(w int) int {
	n := len(g.workers)
	if n == 0 || w < cardMinWidth {
		return 1
	}
	most := 1
	for _, wk := range g.workers {
		most = max(most, len(wk.Keys))
	}
	cardH := cardBorder + cardHeadLines + min(most, 8)
	cols := min(n, w/cardMinWidth)
	rows := (n + cols - 1) / cols
	return rows*cardH + 1
}

// ViewSized renders the grid padded to exactly w × h.
func (g Grid) ViewSized(w, h int) string {
	if w == g.width && h == g.height {
		return g.view
	}
	return fitBlock(g.view, w, h)
}
