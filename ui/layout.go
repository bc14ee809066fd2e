package ui

// Minimum terminal size the screens draw in.
const (
	minWidth  = 80
	minHeight = 24
)

// Layout thresholds and fixed heights.
const (
	wideWidth     = 120 // from here the Django panel sits beside the grid
	wideHeight    = 34
	djangoWidth   = 62
	helpLines     = 1
	consoleSmall  = 3
	consoleLarge  = 5
	minPanelLines = 5 // traffic log lines kept below the grid
)

// rect is a region of the screen.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// layout places every pane for a terminal size. In a wide terminal the Django
// panel sits beside the grid and the traffic log spans the width; in a small
// one the log and the Django panel share one tabbed area.
type layout struct {
	gridWant int // the grid's wish this layout was made for
	wide     bool
	tooSmall bool
	metrics  rect
	grid     rect
	django   rect // with its title line
	log      rect // with its title line (or the tab bar)
	console  rect
	help     rect
}

// computeLayout places the panes for a width × height terminal; gridWant is
// how many lines the grid would like (all its rows and the legend).
func computeLayout(width, height, gridWant int) layout {
	l := layout{gridWant: gridWant, wide: width >= wideWidth && height >= wideHeight}
	if width < minWidth || height < minHeight {
		l.tooSmall = true
		return l
	}
	consoleH := consoleSmall
	if l.wide {
		consoleH = consoleLarge
	}
	y := 0
	l.metrics = rect{0, y, width, 2}
	y += 2
	free := height - y - consoleH - helpLines
	// The grid gets what it asks for, leaving the log its title and some lines.
	gridH := min(gridWant, free-1-minPanelLines)
	if l.wide {
		gridH = min(max(gridWant, 22), free-1-2*minPanelLines)
	}
	gridH = max(gridH, 1)
	if l.wide {
		gw := width - djangoWidth - 1
		l.grid = rect{0, y, gw, gridH}
		l.django = rect{gw + 1, y, djangoWidth, gridH}
	} else {
		l.grid = rect{0, y, width, gridH}
	}
	y += gridH
	panelH := free - gridH
	l.log = rect{0, y, width, panelH}
	if !l.wide {
		l.django = l.log
	}
	y += panelH
	l.console = rect{0, y, width, consoleH}
	y += consoleH
	l.help = rect{0, y, width, helpLines}
	return l
}
