package ui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// bench is what both root screens (Sandbox and Learn) are made of, in the
// manner of soft-serve's shared common.Common: the keys and styles, the
// driven cluster, the panes drawn from it, the console, and the way a
// console line or a key's command runs. Each root embeds one and adds its own
// layout and keys.
type bench struct {
	keys   keyMap
	styles *theme
	isDark bool
	ascii  bool // draw in ASCII (--ascii, or a locale that is not UTF-8)
	help   help.Model

	driver  *driver // nil while no cluster is attached (the lesson list)
	grid    cardGrid
	log     trafficLog
	metrics metricsBar
	console consolePane
	django  djangoPanel
	sweep   sweeper // a headless sweep beside the cluster

	// memo keeps lines View would otherwise draw again every frame (rules,
	// the footer): drawing measures text, which costs more than joining.
	// It is a map, so the copies Bubble Tea passes around share it.
	memo map[string]string
}

// memoLimit bounds memo; past it, memo starts again empty.
const memoLimit = 64

// memoized returns what draw returns for key, drawing it once.
func (b *bench) memoized(key string, draw func() string) string {
	if s, ok := b.memo[key]; ok {
		return s
	}
	if len(b.memo) >= memoLimit {
		clear(b.memo)
	}
	s := draw()
	b.memo[key] = s
	return s
}

// rule draws a title line w wide (see rule), once per title, note and width.
func (b *bench) rule(title, note string, w int) string {
	return b.memoized("rule\x00"+title+"\x00"+note+"\x00"+strconv.Itoa(w), func() string {
		return rule(b.styles, title, note, w)
	})
}

// newBench returns a bench with no cluster, drawn for a dark background.
func newBench() bench {
	st := newTheme(true)
	b := bench{keys: defaultKeyMap(), styles: st, isDark: true, help: help.New(), memo: map[string]string{}}
	b.help.Styles = st.Help
	b.grid = newCardGrid(st)
	b.log = newTrafficLog(st)
	b.metrics = newMetricsBar(st)
	b.console = newConsole(st, b.keys, sim.Complete)
	b.django = newDjangoPanel(st)
	return b
}

// attach drives c from now on, with fresh panes. Lines run through exec (nil:
// the cluster's own Exec).
func (b *bench) attach(c sim.Cluster, exec execFunc) {
	b.driver = newDriver(c, exec)
	b.grid = newCardGrid(b.styles)
	b.log = newTrafficLog(b.styles)
	b.metrics = newMetricsBar(b.styles)
	b.django = newDjangoPanel(b.styles)
	b.refresh()
}

// detach closes the attached cluster, if any, and leaves the console.
func (b *bench) detach() {
	if b.driver != nil {
		b.driver.Cluster().Close()
	}
	b.stopSweep()
	b.driver = nil
	b.console.Blur()
}

// snap returns the latest snapshot (the zero value with no cluster).
func (b *bench) snap() sim.Snapshot {
	if b.driver == nil {
		return sim.Snapshot{}
	}
	return b.driver.Snapshot()
}

// refresh hands the driver's latest snapshot and new events to every pane.
func (b *bench) refresh() {
	if b.driver == nil {
		return
	}
	s := b.driver.Snapshot()
	b.grid.SetSnapshot(s)
	b.metrics.SetSnapshot(s)
	b.django.SetSnapshot(s)
	if s.Live {
		b.console.SetLiveRedisAddr(s.RedisAddr)
	} else {
		b.console.SetRedisAddr(s.RedisAddr, s.Settings.Store == "redis")
	}
	if b.driver.TakeRewound() {
		b.log.Reset()
	}
	b.log.SetSteps(s.Settings.Steps, s.Settings.Class)
	b.log.Append(b.driver.TakeEvents())
}

// run executes a command-language line, shows its reply (after the line
// itself when a key sent it, so the learner sees what the key typed) and
// refreshes every pane. The returned command drives the loop or, on a live
// cluster, runs the line.
func (b *bench) run(line string, fromKey bool) tea.Cmd {
	if b.driver == nil {
		return nil
	}
	if c, err := sim.Parse(line); err == nil && c.Verb == "sweep" {
		return b.startSweep(c, line)
	}
	before := b.snap().Timeline
	out, cmd, err := b.driver.Exec(line)
	if note := branchNote(before, b.driver.Snapshot().Timeline); note != "" && err == nil {
		out += "\n" + note
	}
	if fromKey && err == nil {
		out = textPrompt + line + "\n" + out
	}
	b.console.SetResult(out, err)
	b.refresh()
	return cmd
}

// execDone takes the reply of a line that ran in a command.
func (b *bench) execDone(msg execDoneMsg) tea.Cmd {
	if b.driver == nil {
		return nil
	}
	cmd := b.driver.Done(msg)
	b.console.SetResult(msg.Out, msg.Err)
	b.refresh()
	return cmd
}

// tick advances the cluster on the driver's tick, reporting whether the
// snapshot changed (the panes are then refreshed).
func (b *bench) tick(msg tickMsg) (tea.Cmd, bool) {
	if b.driver == nil {
		return nil, false
	}
	cmd, changed := b.driver.Update(msg)
	if changed {
		b.refresh()
	}
	return cmd, changed
}

// consoleKey handles a key while the console has focus: esc leaves it, enter
// runs the line, pgup/pgdn scroll long output, anything else edits. It
// reports whether a line ran.
func (b *bench) consoleKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, b.keys.Leave):
		b.console.Blur()
		return nil, false
	case key.Matches(k, b.keys.PageUp) && b.console.Overflows():
		b.console.ScrollOutput(-1)
		return nil, false
	case key.Matches(k, b.keys.PageDown) && b.console.Overflows():
		b.console.ScrollOutput(+1)
		return nil, false
	}
	cmd, line, ok := b.console.Update(k)
	if !ok {
		return cmd, false
	}
	return tea.Batch(cmd, b.run(line, false)), true
}

// timeKey handles the keys both screens share for virtual time: pause or
// resume, step one event, faster, slower. It reports whether k was one.
func (b *bench) timeKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	s := b.snap().Settings
	switch {
	case key.Matches(k, b.keys.Pause):
		if s.Paused {
			return b.run("resume", true), true
		}
		return b.run("pause", true), true
	case key.Matches(k, b.keys.Step):
		var cmd tea.Cmd
		if !s.Paused {
			cmd = b.run("pause", true)
		}
		b.driver.Step()
		b.refresh()
		return cmd, true
	case key.Matches(k, b.keys.Faster):
		return b.run("speed "+fmtSpeed(nextSpeed(s.Speed, +1)), true), true
	case key.Matches(k, b.keys.Slower):
		return b.run("speed "+fmtSpeed(nextSpeed(s.Speed, -1)), true), true
	}
	return nil, false
}

// consoleHints are the footer's hints while the console has focus.
func (b *bench) consoleHints() []key.Binding {
	k := b.keys
	hist := shown(k.HistPrev, "↑/↓", textKeyHistory)
	if b.console.Overflows() {
		return []key.Binding{shown(k.PageDown, "pgup/pgdn", textKeyScrollOutput), k.Submit, hist}
	}
	return []key.Binding{k.Submit, k.Complete, hist}
}

// outputPane draws the console's long output in w × h, from where it is
// scrolled, under a title that says which lines show.
func (b *bench) outputPane(w, h int) string {
	return b.rule(textOutputTitle, b.console.ScrollNote(), w) + "\n" + b.console.OutputView(w, h-1)
}

// finish readies a drawn screen for the terminal: in ASCII when asked.
func (b *bench) finish(s string) string {
	if b.ascii {
		return toASCII(s)
	}
	return s
}

// firstKey handles the keys that come before a screen's own: ctrl+c quits
// from anywhere; while the keys screen shows (*showHelp), q quits, ? or esc
// close it, and every other key is swallowed. It reports whether it took k,
// and whether the program should end.
func (b *bench) firstKey(k tea.KeyPressMsg, showHelp *bool) (taken, quit bool) {
	if key.Matches(k, b.keys.ForceQuit) {
		return true, true
	}
	if !*showHelp {
		return false, false
	}
	switch {
	case key.Matches(k, b.keys.Quit):
		return true, true
	case key.Matches(k, b.keys.Help, b.keys.Leave):
		*showHelp = false
	}
	return true, false
}

// scrollWheel turns the mouse wheel into a direction (-1 up, +1 down) and
// scrolls the console's output while it is open, else hands it to other.
func (b *bench) scrollWheel(btn tea.MouseButton, other func(dir int)) {
	dir := 0
	switch btn {
	case tea.MouseWheelUp:
		dir = -1
	case tea.MouseWheelDown:
		dir = +1
	}
	if b.console.Overflows() {
		b.console.ScrollOutput(dir)
		return
	}
	other(dir)
}

// fail shows msg as an error under the console.
func (b *bench) fail(msg string) { b.console.SetResult("", fmt.Errorf("%s", msg)) }

// setStyles switches every pane to the styles for a dark (isDark) or light
// background.
func (b *bench) setStyles(isDark bool) {
	st := newTheme(isDark)
	b.styles, b.isDark = st, isDark
	clear(b.memo)
	b.grid.SetStyles(st)
	b.log.SetStyles(st)
	b.metrics.SetStyles(st)
	b.console.SetStyles(st)
	b.django.SetStyles(st)
	b.help.Styles = st.Help
}

// speeds are the steps of the + and - keys.
var speeds = []float64{0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64}

// nextSpeed returns the speed step above (dir > 0) or below cur.
func nextSpeed(cur float64, dir int) float64 {
	if cur <= 0 {
		cur = 1
	}
	if dir > 0 {
		for _, s := range speeds {
			if s > cur {
				return s
			}
		}
		return speeds[len(speeds)-1]
	}
	for i := len(speeds) - 1; i >= 0; i-- {
		if speeds[i] < cur {
			return speeds[i]
		}
	}
	return speeds[0]
}
