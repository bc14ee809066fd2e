package ui

import (
	"fmt"

	"github.com/workerlab/workerlab/sim"
)

// While steps show, a card lists what each of its threads (greenlets) is
// doing: the step it is in, and the value it has read and not yet written
// back, the window a lost update comes through.

// maxThreadRows is the most lines a card gives to its threads.
const maxThreadRows = 4

// setSteps takes from the settings whether threads show, and how many
// lines they get.
func (g *cardGrid) setSteps(s sim.Settings) {
	g.steps, g.class, g.threadRows = s.Steps, s.Class, 0
	if !s.Steps {
		return
	}
	switch s.Class {
	case "gthread":
		g.threadRows = min(s.Threads, maxThreadRows)
	case "gevent":
		g.threadRows = min(s.Connections, maxThreadRows)
	}
}

// doingLine is a card's third head line: what the worker does (doing), or
// with steps on a sync worker's one request's step.
func (g cardGrid) doingLine(w sim.WorkerState, doing string) string {
	if g.steps && g.threadRows == 0 && len(w.Threads) == 1 {
		return g.styles.Bold.Render(threadStep(w.Threads[0], g.class, false))
	}
	return g.styles.Faint.Render(doing)
}

// bodyBlock renders a card's lines under its head: its threads' steps (with
// steps on), then its keys, in exactly keyLines lines.
func (g cardGrid) bodyBlock(w sim.WorkerState, inner int) []string {
	n := g.keyLines()
	rows := min(g.threadRows, n-1)
	if rows <= 0 {
		return g.keyBlockN(w, inner, n)
	}
	lines := make([]string, 0, n)
	for i := range rows {
		switch {
		case i == rows-1 && len(w.Threads) > rows && rows > 1:
			lines = append(lines, g.styles.Faint.Render(fmt.Sprintf(textMoreThreads, len(w.Threads)-i)))
		case i < len(w.Threads):
			lines = append(lines, fitLine(threadStep(w.Threads[i], g.class, true), inner))
		case i == 0:
			lines = append(lines, g.styles.Faint.Render(textThreadsIdle))
		default:
			lines = append(lines, "")
		}
	}
	for i := range lines {
		lines[i] = fitLine(lines[i], inner)
	}
	return append(lines, g.keyBlockN(w, inner, n-rows)...)
}

// threadStep says what one thread is doing: its thread (when named), its
// client, its step, and what it has read and not yet written.
func threadStep(t sim.ThreadState, class string, named bool) string {
	s := fmt.Sprintf(textThreadClient, clientName(sim.Event{Client: t.Client}), phaseText(t, class))
	if named {
		prefix := "t"
		if class == "gevent" {
			prefix = "g"
		}
		s = fmt.Sprintf("%s%d ", prefix, t.Thread) + s
	}
	if t.HasRead {
		s += fmt.Sprintf(textThreadRead, t.Key, t.Read)
	}
	return s
}

// phaseText names a thread's step.
func phaseText(t sim.ThreadState, class string) string {
	switch t.Phase {
	case sim.PhaseCPU:
		return fmt.Sprintf(textPhaseCPU, fmtWait(t.Dur))
	case sim.PhaseWaitRun:
		switch class {
		case "gthread":
			return textPhaseWaitGIL
		case "gevent":
			return textPhaseWaitTurn
		}
		return textPhaseWaitCore
	case sim.PhaseIO:
		if t.Dur == 0 { // a call that drops the GIL and returns at once
			return textPhaseHop
		}
		return fmt.Sprintf(textPhaseIO, fmtWait(t.Dur))
	case sim.PhaseRedis:
		return textPhaseRedis
	case sim.PhaseDB:
		return textPhaseDB
	case sim.PhaseWaitLock:
		return textPhaseWaitLock
	}
	return textPhaseRunning
}
