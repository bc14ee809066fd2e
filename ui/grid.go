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
	cardMaxKeys   = 8 // key lines a card shows at most
	cardBorder    = 2
)

// cardGrid draws one card per live worker, side by side, wrapping into rows and
// paging past what fits. One card is selected (for kill).
type cardGrid struct {
	styles   *theme
	width    int
	height   int
	workers  []sim.WorkerState
	store    string
	servers  int // gunicorn servers behind nginx (cards name theirs when more than 1)
	selected int // index into workers
	page     int
	compact  bool   // one head line per card instead of three
	noSelect bool   // no card is marked selected (a screen without kill)
	steps    bool   // each thread's step shows (grid_threads.go)
	class    string // the worker class, which names threads or greenlets
	// threadRows is how many lines each card gives its threads while steps
	// show (a sync worker's one request shows on its doing line instead).
	threadRows int
	maxCardW   int    // widest card (0: cardMaxWidth)
	maxKeys    int    // most key lines on a card (0: cardMaxKeys)
	view       string // rendered on every change, so View is cheap
}

// newCardGrid returns an empty grid drawn with st.
func newCardGrid(st *theme) cardGrid { return cardGrid{styles: st} }

// SetStyles replaces the styles (after a background change).
func (g *cardGrid) SetStyles(st *theme) {
	g.styles = st
	g.render()
}

// SetSize sets the grid's width and height in cells, legend line included.
func (g *cardGrid) SetSize(w, h int) {
	g.width, g.height = max(w, 0), max(h, 0)
	g.clamp()
	g.render()
}

// SetSnapshot shows the workers of snap.
func (g *cardGrid) SetSnapshot(snap sim.Snapshot) {
	g.workers = snap.Workers
	g.store = snap.Settings.Store
	g.servers = snap.Settings.Servers
	g.setSteps(snap.Settings)
	g.clamp()
	g.render()
}

// SetCompact draws cards with one head line (worker, requests served)
// instead of three (and pid, what it is doing), where height is short.
func (g *cardGrid) SetCompact(on bool) {
	if g.compact != on {
		g.compact = on
		g.clamp()
		g.render()
	}
}

// SetSelectable says whether the screen selects a card (to kill it); when
// it does not, no card is drawn as selected.
func (g *cardGrid) SetSelectable(on bool) {
	g.noSelect = !on
	g.render()
}

// SetMaxCardWidth lets cards grow to w cells (the presenter's larger
// cards); 0 restores the default.
func (g *cardGrid) SetMaxCardWidth(w int) {
	g.maxCardW = w
	g.render()
}

// SetMaxKeyLines caps the key lines of a card at n (the presenter's cards
// have fewer lines); 0 restores the default.
func (g *cardGrid) SetMaxKeyLines(n int) {
	g.maxKeys = n
	g.clamp()
	g.render()
}

// mostKeys is the cap on key lines per card.
func (g cardGrid) mostKeys() int {
	if g.maxKeys > 0 {
		return g.maxKeys
	}
	return cardMaxKeys
}

// Used returns how many lines the grid draws at its size: the rows of
// cards one page holds and the legend (less than its height when paging).
func (g cardGrid) Used() int {
	cols, _, perPage := g.geometry()
	if cols == 0 {
		return min(1, g.height)
	}
	rows := min(perPage/cols, (len(g.workers)+cols-1)/cols)
	return min(rows*g.cardHeight()+1, g.height)
}

// Pages returns how many pages of cards there are.
func (g cardGrid) Pages() int {
	_, _, perPage := g.geometry()
	if perPage == 0 {
		return 1
	}
	return max((len(g.workers)+perPage-1)/perPage, 1)
}

// headLines is how many lines each card gives to the worker itself.
func (g cardGrid) headLines() int {
	if g.compact {
		return 1
	}
	return cardHeadLines
}

// Selected returns the slot of the selected worker, or 0 when there is none.
func (g cardGrid) Selected() int {
	if g.selected < 0 || g.selected >= len(g.workers) {
		return 0
	}
	return g.workers[g.selected].Slot
}

// Move moves the selection by delta cards, keeping it on screen.
func (g *cardGrid) Move(delta int) {
	g.selected += delta
	g.clamp()
	g.followSelection()
	g.render()
}

// Page moves by delta pages of cards.
func (g *cardGrid) Page(delta int) {
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
func (g *cardGrid) SelectAt(x, y int) bool {
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

func (g *cardGrid) clamp() {
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

func (g *cardGrid) followSelection() {
	if _, _, perPage := g.geometry(); perPage > 0 {
		g.page = g.selected / perPage
	}
}

// keyLines is how many key lines every card gets.
// Cards show fewer keys ("+12 more") before the grid pages, so every worker
// shows at once when a line per key would not fit.
func (g cardGrid) keyLines() int {
	most := 1
	for _, w := range g.workers {
		most = max(most, max(len(w.Keys), 1)+g.threadRows)
	}
	limit := min(most, g.mostKeys()+g.threadRows)
	head := cardBorder + g.headLines()
	if n, cols := len(g.workers), min(len(g.workers), g.width/cardMinWidth); cols > 0 {
		rows := (n + cols - 1) / cols
		if fit := (g.height-1)/rows - head; fit >= 1 {
			return min(limit, fit) // every card on one page
		}
	}
	// Room for one row of cards: the height minus the legend line.
	return max(min(limit, g.height-1-head), 1)
}

func (g cardGrid) cardHeight() int { return cardBorder + g.headLines() + g.keyLines() }

// geometry returns the columns, card width and cards per page.
func (g cardGrid) geometry() (cols, cardW, perPage int) {
	n := len(g.workers)
	if n == 0 || g.width < cardMinWidth {
		return 0, 0, 0
	}
	cols = min(n, g.width/cardMinWidth)
	widest := cardMaxWidth
	if g.maxCardW > 0 {
		widest = g.maxCardW
	}
	cardW = min(g.width/cols, widest)
	rows := max((g.height-1)/g.cardHeight(), 1)
	return cols, cardW, rows * cols
}

// View returns the grid exactly its width and height.
func (g cardGrid) View() string { return g.view }

// render draws the grid into g.view.
func (g *cardGrid) render() {
	if g.styles == nil {
		return
	}
	g.view = fitBlock(g.draw(), g.width, g.height)
}

// draw renders the grid, exactly its width and at most its height.
func (g cardGrid) draw() string {
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
	legend := g.legend(perPage)
	rows = append(rows, g.styles.Faint.Render(legend))
	out := strings.Join(rows, "\n")
	return fitBlock(out, g.width, min(lipgloss.Height(out), g.height))
}

// legend is the line under the cards: what the marks mean, what "gen N"
// means once a card shows it, and the page when the cards do not fit.
// Parts that do not fit are left out whole, the page count last.
func (g cardGrid) legend(perPage int) string {
	marks := barItem{text: textLegend, rank: 3}
	if g.width < 100 {
		marks.text = textLegendShort
	}
	items := []barItem{marks}
	if g.servers > 1 {
		items = append(items, barItem{text: textLegendServer, rank: 2})
	}
	for _, w := range g.workers {
		if w.Generation > 0 {
			items = append(items, barItem{text: textLegendGen, rank: 2}) // new: it matters more than the marks
			break
		}
	}
	if pages := (len(g.workers) + perPage - 1) / perPage; pages > 1 {
		items = append(items, barItem{text: fmt.Sprintf(textPage, g.page+1, pages), rank: 1})
	}
	line, _ := fitItems(items, "   ", g.width)
	return line
}

// card renders worker i as the lines of a card cardW cells wide. The border
// is drawn by hand: lipgloss's Render measures every line again, and the
// grid is the largest part of a frame.
func (g cardGrid) card(i, cardW int) []string {
	w := g.workers[i]
	st := g.styles
	inner := cardW - cardBorder
	title := fmt.Sprintf(textWorker, w.Slot)
	if g.servers > 1 {
		title = fmt.Sprintf(textWorkerOnServer, w.Slot, w.Server)
	}
	border, bs := lipgloss.RoundedBorder(), st.Card
	if i == g.selected && !g.noSelect {
		title = textSelectedTitle + title
		border, bs = lipgloss.ThickBorder(), st.CardSel
	}
	color := lipgloss.NewStyle().Foreground(bs.GetBorderTopForeground())
	gen := ""
	if w.Generation > 0 { // shown once the slot's worker was replaced
		gen = " " + st.Faint.Render(fmt.Sprintf(textGeneration, w.Generation))
	}
	var lines []string
	if g.compact {
		// One line: what the worker does in the background comes first,
		// then its generation and the requests it served, as room allows.
		head := st.CardTitle.Render(title)
		for _, x := range cardExtras(w) {
			if lipgloss.Width(head+" · "+x) <= inner {
				head += " · " + x
			}
		}
		if lipgloss.Width(head+gen) <= inner {
			head += gen
		}
		if x := fmt.Sprintf(textServed, w.Served); lipgloss.Width(head+" · "+x) <= inner {
			head += " · " + x
		}
		lines = []string{fitLine(head, inner)}
	} else {
		pidLine := fmt.Sprintf(textPid, w.Pid) + " · " + fmt.Sprintf(textServed, w.Served)
		doing := w.Doing
		if w.DoingShort != "" && lipgloss.Width(doing) > inner {
			doing = w.DoingShort
		}
		for _, x := range cardExtras(w) {
			switch {
			case lipgloss.Width(pidLine+" · "+x) <= inner:
				pidLine += " · " + x
			case lipgloss.Width(doing+" · "+x) <= inner:
				doing += " · " + x
			}
		}
		lines = []string{
			fitLine(st.CardTitle.Render(title)+gen, inner),
			fitLine(pidLine, inner),
			fitLine(g.doingLine(w, doing), inner),
		}
	}
	lines = append(lines, g.bodyBlock(w, inner)...)
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
func (g cardGrid) keyBlock(w sim.WorkerState, inner int) []string {
	return g.keyBlockN(w, inner, g.keyLines())
}

// keyBlockN renders the worker's view of the keys in exactly n lines.
func (g cardGrid) keyBlockN(w sim.WorkerState, inner, n int) []string {
	st := g.styles
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
	room := n // lines for the keys this worker holds
	if missing > 0 && (n > 1 || len(present) == 0) {
		room--
	}
	for k, kv := range present {
		if len(lines) >= room {
			break
		}
		ks, mark := st.agreementStyle(kv.Agreement)
		if kv.Lost > 0 { // a counter that lost updates is never marked right
			ks, mark = st.IsStale, markStale
		}
		line := ks.Render(mark + " " + kv.Key + "=" + kv.Value)
		if lost := st.IsStale.Render(fmt.Sprintf(textCardLost, kv.Lost)); kv.Lost > 0 && lipgloss.Width(line+lost) <= inner {
			line += lost
		}
		left := len(present) - k - 1 // keys not shown after this one
		if room == 1 && missing > 0 {
			left += missing // one line for everything: count what it hides
		}
		switch {
		case left > 0 && len(lines) == room-1 && room > 1:
			line = st.Faint.Render(fmt.Sprintf(textMoreKeys, left+1))
		case left > 0 && room == 1:
			// One line for all: the key, and how many more it hides; the
			// value goes first when there is no room for it.
			more := st.Faint.Render(fmt.Sprintf(" "+textMoreShort, left))
			if lipgloss.Width(line)+lipgloss.Width(more) > inner {
				line = ks.Render(mark + " " + kv.Key)
			}
			line = fitLine(line, inner-lipgloss.Width(more)) + more
		}
		lines = append(lines, fitLine(line, inner))
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
func (g cardGrid) Want(w int) int {
	n := len(g.workers)
	if n == 0 || w < cardMinWidth {
		return 1
	}
	most := 1
	for _, wk := range g.workers {
		most = max(most, max(len(wk.Keys), 1)+g.threadRows)
	}
	cardH := cardBorder + g.headLines() + min(most, g.mostKeys()+g.threadRows)
	cols := min(n, w/cardMinWidth)
	rows := (n + cols - 1) / cols
	return rows*cardH + 1
}

// ViewSized renders the grid padded to exactly w × h.
func (g cardGrid) ViewSized(w, h int) string {
	if w == g.width && h == g.height {
		return g.view
	}
	return fitBlock(g.view, w, h)
}

// cardExtras are the short notes a card adds about its worker's background
// work: a scheduler thread, jobs in its own queue, websocket clients.
func cardExtras(w sim.WorkerState) []string {
	var out []string
	if w.Scheduler {
		out = append(out, textCardScheduler)
	}
	if w.Jobs > 0 {
		out = append(out, fmt.Sprintf(textCardJobs, w.Jobs))
	}
	if w.Subscribers > 0 {
		out = append(out, fmt.Sprintf(textCardClients, w.Subscribers))
	}
	return out
}
