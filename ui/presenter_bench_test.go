package ui

import (
	"testing"

	"github.com/workerlab/workerlab/demo"
)

// BenchmarkPresenterFrame measures one frame of the talk while its traffic
// step plays at 80×24: the player's tick, the panes' refresh and View.
func BenchmarkPresenterFrame(b *testing.B) {
	m := toPause(b, newTestPresenter(b, demo.Talk, 80, 24, 0), 5)
	m = presenterSend(m, press("right")) // step 6: traffic from four clients, six seconds
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if m.player.State() != demo.Playing {
			b.StopTimer()
			m = presenterSend(m, press("left"))
			m = presenterSend(m, press("right"))
			b.StartTimer()
		}
		m = presenterSend(m, presenterTickMsg{gen: m.tickGen})
		_ = m.View()
	}
}
