package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/workerlab/workerlab/sim"
)

// The recorded timeline on screen: x logs each request's steps, [ and ]
// step one event back and forth, { and } jump to the previous and next
// stale read, lost update or error, and a scrub bar says where the run is.
// Each key types its line of the command language (steps, back, forward),
// so the console shows what it did.

// stepsKey handles x, on both screens: steps on, or off.
func (b *bench) stepsKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if b.driver == nil || !key.Matches(k, b.keys.Steps) {
		return nil, false
	}
	return b.run(toggle(b.snap().Settings.Steps, "steps off", "steps on"), true), true
}

// timelineKey handles [ ] { } on the sandbox.
func (b *bench) timelineKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if b.driver == nil {
		return nil, false
	}
	var line string
	switch {
	case key.Matches(k, b.keys.TimeBack):
		line = "back"
	case key.Matches(k, b.keys.TimeForward):
		line = "forward"
	case key.Matches(k, b.keys.PrevAnomaly):
		line = "back anomaly"
	case key.Matches(k, b.keys.NextAnomaly):
		line = "forward anomaly"
	default:
		return nil, false
	}
	return b.run(line, true), true
}

// branchNote says so when the line just run started a new branch of the
// timeline (before is the timeline before it ran), or returns "".
func branchNote(before, after sim.Timeline) string {
	if !before.InPast() || after.InPast() || after.Branched != before.Event || after.Dropped == 0 {
		return ""
	}
	return fmt.Sprintf(textBranched, after.Branched, after.Dropped)
}

// scrubBar draws where the run is on its timeline in w cells: the event
// shown of the recorded ones, a bar with the anomalies marked and the
// instant shown, and the keys that move along it.
func scrubBar(st *theme, tl sim.Timeline, w int) string {
	where := fmt.Sprintf(textTimelineAt, tl.Event, tl.End)
	keys := textTimelineKeys
	barW := w - lipgloss.Width(where) - lipgloss.Width(keys) - 4
	if barW < 12 {
		keys = ""
		barW = w - lipgloss.Width(where) - 3
	}
	if barW < 4 {
		return fitLine(st.Bold.Render(where), w)
	}
	kinds := make([]byte, barW) // 0 nothing, 1 an anomaly, 2 the instant shown
	for k, n := range tl.Marks {
		if n > 0 {
			kinds[min(k*(barW-1)/max(len(tl.Marks), 1), barW-1)] = 1 // where the slice starts, as pos below
		}
	}
	pos := barW - 1
	if span := tl.End - tl.First; span > 0 {
		pos = int(uint64(barW-1) * (tl.Event - tl.First) / span)
	}
	kinds[pos] = 2
	var bar strings.Builder
	for i := 0; i < barW; {
		j := i
		for j < barW && kinds[j] == kinds[i] {
			j++
		}
		switch kinds[i] {
		case 0:
			bar.WriteString(st.Faint.Render(strings.Repeat("·", j-i)))
		case 1:
			bar.WriteString(st.Mark.Render(strings.Repeat("✗", j-i)))
		default:
			bar.WriteString(st.Bold.Render("●"))
		}
		i = j
	}
	line := st.Bold.Render(where) + " ▕" + bar.String() + "▏"
	if keys != "" {
		line += " " + st.Faint.Render(keys)
	}
	return fitLine(line, w)
}

// timelineBar is the scrub bar, drawn once per instant, record and width.
func (b *bench) timelineBar(tl sim.Timeline, w int) string {
	key := fmt.Sprintf("scrub\x00%d\x00%d\x00%d\x00%d\x00%d", tl.Event, tl.End, tl.First, tl.Anomalies, w)
	return b.memoized(key, func() string { return scrubBar(b.styles, tl, w) })
}
