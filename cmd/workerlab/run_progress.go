package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/experiment/chart"
)

// progressLine draws a run's progress on one line of stderr: a bar, the
// rows done, simulated requests per second and the time left. It draws only
// when stderr is a terminal, and not when JSON or CSV goes to a file or a
// pipe (whoever reads that is not watching). A nil *progressLine draws
// nothing.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	bar   progress.Model
	drawn bool
}

// newProgressLine returns the progress line for stderr, or nil when it must
// not draw.
func newProgressLine(stderr, stdout io.Writer, format string) *progressLine {
	if !showProgress(isTerminal(stderr), isTerminal(stdout), format) {
		return nil
	}
	return &progressLine{
		w:   colorprofile.NewWriter(stderr, os.Environ()),
		bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(24), progress.WithoutPercentage()),
	}
}

// showProgress says whether to draw progress: only to a terminal, and not
// while JSON or CSV goes to a file or a pipe (a script is reading it, not
// a person); a table is for a person wherever it goes.
func showProgress(stderrTTY, stdoutTTY bool, format string) bool {
	return stderrTTY && (format == "table" || stdoutTTY)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// update redraws the line.
func (p *progressLine) update(pr experiment.Progress) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r"+p.bar.ViewAs(pr.Fraction())+" "+progressText(pr)+"\x1b[K")
	p.drawn = true
}

// done erases the line.
func (p *progressLine) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// progressText is the words after the bar: "rows 3/32 · 1.2M req/s · 4s left".
func progressText(pr experiment.Progress) string {
	parts := []string{fmt.Sprintf("%3.0f%%", 100*pr.Fraction()), fmt.Sprintf("rows %d/%d", pr.PointsDone, pr.Points)}
	if r := pr.Rate(); r > 0 {
		parts = append(parts, chart.Number(r)+" simulated req/s")
	}
	if left := pr.Left(); left >= time.Second {
		parts = append(parts, left.Round(time.Second).String()+" left")
	}
	return strings.Join(parts, " · ")
}
