// Package ui draws a sim.Cluster in the terminal with Bubble Tea v2 and drives
// it: the sandbox screen (Sandbox) and the panes it is made of.
//
// # Panes
//
// Every pane is a small value with SetSize(w, h), an Update or Set method fed
// from a sim.Snapshot or a slice of sim.Event, and View() string that never
// renders wider or taller than its size:
//
//   - Grid: one card per live worker, side by side, wrapping and paging.
//   - TrafficLog: the scrolling request log, marking stale reads and lost updates.
//   - MetricsBar: counters with sparklines, store, balancer, class, time, speed.
//   - Console: the command-language input with history and completion.
//   - DjangoPanel: the Python the current settings stand for.
//
// All panes share one *Styles (NewStyles(isDark)) and the sandbox's KeyMap
// (DefaultKeyMap()); every user-facing string lives in text.go.
//
// # Driving a cluster
//
// Driver owns a sim.Cluster for a screen: it keeps the latest Snapshot, pulls
// new events, and runs the animation loop. Embed it in a root model like this:
//
//	d := ui.NewDriver(cluster)
//	func (m M) Init() tea.Cmd { return m.driver.Init() }
//	func (m M) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
//		var cmd tea.Cmd
//		if m.driver, cmd = m.driver.Update(msg); cmd != nil || ui.IsTick(msg) {
//			m.grid.SetSnapshot(m.driver.Snapshot())
//			m.log.Append(m.driver.TakeEvents())
//		}
//		...
//	}
//
// The loop is a tea.Tick tagged with a generation (STYLE.md 7.3): a tick from
// an older loop is dropped, nothing ticks while the cluster is paused, and
// each tick advances virtual time by interval × speed but runs at most
// Driver.MaxEventsPerTick events, so Update never blocks for long even with
// 64 workers at top speed. Commands typed by the user go through Driver.Exec,
// which also re-arms or stops the loop when the line paused or resumed time.
//
// The lesson screen puts the same panes beside a lesson text; it can reuse
// Sandbox's layout helpers or arrange the panes itself.
package ui
