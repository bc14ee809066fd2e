package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/experiment/chart"
	"github.com/workerlab/workerlab/sim"
)

// sweeper runs `sweep AXIS VALUES` headless beside the running cluster: a
// fresh cluster per value and seed, from the current settings, in a
// goroutine, so the screen and the cluster go on. Its charts show in the
// console's output pane.
type sweeper struct {
	id     int // the running sweep; messages of an older one are dropped
	cancel context.CancelFunc
	line   string             // the sweep line, for the progress and the title
	result *experiment.Result // the last finished sweep, drawn again on resize
	axis   string
	title  string // the lines above its charts in the console output
}

// sweepProgressMsg says how far sweep id has come.
type sweepProgressMsg struct {
	id   int
	p    experiment.Progress
	next tea.Cmd
}

// sweepDoneMsg carries the result of sweep id.
type sweepDoneMsg struct {
	id  int
	res experiment.Result
	err error
}

// sweepPlan is the experiment a sweep line asks for on settings st: each
// value of the axis over Repeat seeds, with the running workload (or
// set-then-get from 8 clients when none runs) limited to the line's requests.
func sweepPlan(c sim.Command, st sim.Settings) experiment.Plan {
	tr := st.Traffic
	if tr.Workload == "" {
		tr = sim.Traffic{Workload: "set-then-get", Clients: 8}
	}
	tr.Limit = c.Traffic.Limit
	base := st
	base.Traffic, base.Paused = sim.Traffic{}, false
	return experiment.Plan{Base: base, Traffic: tr, Axes: []experiment.Axis{{Name: c.Word, Values: c.Raw}}, Seed: 1, Repeat: c.Repeat}
}

// startSweep starts the sweep of line (parsed as c), stopping one still
// running, and returns the command that reports its progress.
func (b *bench) startSweep(c sim.Command, line string) tea.Cmd {
	snap := b.snap()
	if snap.Live {
		b.fail(textSweepLive)
		return nil
	}
	b.stopSweep()
	plan := sweepPlan(c, snap.Settings)
	ctx, cancel := context.WithCancel(context.Background())
	b.sweep.id++
	b.sweep.cancel, b.sweep.line, b.sweep.axis = cancel, line, c.Word
	id := b.sweep.id
	progress := make(chan experiment.Progress, 1)
	done := make(chan sweepDoneMsg, 1)
	go func() {
		res, err := experiment.Run(ctx, plan, func(p experiment.Progress) {
			select { // a report the screen has not taken yet is replaced
			case <-progress:
			default:
			}
			progress <- p
		})
		done <- sweepDoneMsg{id: id, res: res, err: err}
	}()
	var wait tea.Cmd
	wait = func() tea.Msg {
		select {
		case p := <-progress:
			return sweepProgressMsg{id: id, p: p, next: wait}
		case d := <-done:
			return d
		}
	}
	b.console.SetResult(fmt.Sprintf(textSweepStarted, line, len(c.Raw), c.Repeat, c.Traffic.Limit), nil)
	return wait
}

// stopSweep cancels the running sweep, if any.
func (b *bench) stopSweep() {
	if b.sweep.cancel != nil {
		b.sweep.cancel()
		b.sweep.cancel = nil
	}
}

// sweepMsg takes a sweep's progress or result; messages of an older sweep
// are dropped.
func (b *bench) sweepMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sweepProgressMsg:
		if msg.id != b.sweep.id || b.sweep.cancel == nil {
			return nil
		}
		b.console.SetResult(fmt.Sprintf(textSweepRunning, b.sweep.line, 100*msg.p.Fraction()), nil)
		return msg.next
	case sweepDoneMsg:
		if msg.id != b.sweep.id || b.sweep.cancel == nil {
			return nil
		}
		b.sweep.cancel = nil
		if msg.err != nil {
			b.console.SetResult("", fmt.Errorf("%s: %w", b.sweep.line, msg.err))
			return nil
		}
		b.sweep.result = &msg.res
		b.showSweep()
	}
	return nil
}

// showSweep draws the last sweep's charts in the console output, as wide as
// the console.
func (b *bench) showSweep() {
	res := b.sweep.result
	if res == nil {
		return
	}
	charts, err := chart.FromResult(*res, b.sweep.axis)
	if err != nil {
		b.console.SetResult("", err)
		return
	}
	b.sweep.title = fmt.Sprintf(textSweepDone, b.sweep.line, experiment.TrafficLine(res.Plan.Traffic), res.Plan.Repeat)
	parts := []string{b.sweep.title}
	for _, c := range charts {
		parts = append(parts, chart.Text(c, max(b.console.width, 40)))
	}
	b.console.SetResult(strings.Join(parts, "\n\n"), nil)
}

// resizeSweep draws the sweep's charts again at the console's new width
// while they are what the console shows.
func (b *bench) resizeSweep() {
	if out, _ := b.console.Output(); b.sweep.result != nil && len(out) > 0 && strings.HasPrefix(b.sweep.title, out[0]+"\n") {
		b.showSweep()
	}
}
