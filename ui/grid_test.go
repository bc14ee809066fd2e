package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/sim"
)

func TestGridShowsValueOnlyWhereHeld(t *testing.T) {
	g := newCardGrid(newTheme(true))
	g.SetSize(80, 12)
	g.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Store: "local"}, Workers: workers(4, func(slot int) []sim.KV {
		if slot == 3 {
			return []sim.KV{kv("key0", "hello", "agrees", true)}
		}
		return []sim.KV{kv("key0", "", "missing", false)}
	})})
	view := g.View()
	checkSize(t, view, 80, 12)
	if got := linesWith(view, "worker "); got != 4 {
		t.Errorf("cards = %d, want 4\n%s", got, ansi.Strip(view))
	}
	if got := linesWith(view, "key0=hello"); got != 1 {
		t.Errorf("key0=hello on %d cards, want 1\n%s", got, ansi.Strip(view))
	}
	if got := linesWith(view, "∅ 1 not here"); got != 3 {
		t.Errorf("missing marks = %d, want 3\n%s", got, ansi.Strip(view))
	}
	if !strings.Contains(ansi.Strip(view), "✓ key0=hello") {
		t.Errorf("the agreeing value has no ✓ mark\n%s", ansi.Strip(view))
	}
}

func TestGridMarksStaleAndEmpty(t *testing.T) {
	g := newCardGrid(newTheme(false))
	g.SetSize(100, 10)
	g.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Store: "local"}, Workers: workers(2, func(slot int) []sim.KV {
		if slot == 1 {
			return []sim.KV{kv("key0", "old", "stale", true)}
		}
		return nil
	})})
	view := ansi.Strip(g.View())
	for _, want := range []string{"✗ key0=old", textEmptyDict, textLegend} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
}

func TestGridPagesAndSelects(t *testing.T) {
	g := newCardGrid(newTheme(true))
	g.SetSize(80, 14) // 4 columns, 2 rows of 6-line cards: 8 per page
	g.SetSnapshot(sim.Snapshot{Workers: workers(64, nil)})
	view := ansi.Strip(g.View())
	checkSize(t, view, 80, 14)
	if !strings.Contains(view, "page 1/8") {
		t.Fatalf("no page indicator:\n%s", view)
	}
	if got := g.Selected(); got != 1 {
		t.Fatalf("selected = %d, want 1", got)
	}
	g.Page(+1)
	if got := g.Selected(); got != 9 {
		t.Errorf("after pgdown selected = %d, want 9", got)
	}
	if !strings.Contains(ansi.Strip(g.View()), "worker 9 ") {
		t.Errorf("page 2 does not show worker 9:\n%s", ansi.Strip(g.View()))
	}
	g.Move(-1)
	if got := g.Selected(); got != 8 {
		t.Errorf("after ↑ selected = %d, want 8", got)
	}
	if !strings.Contains(ansi.Strip(g.View()), "page 1/8") {
		t.Errorf("selection moved off the page without following it")
	}
	// Click the second card of the second row: worker 6.
	if !g.SelectAt(20+3, 6+2) || g.Selected() != 6 {
		t.Errorf("click selected %d, want 6", g.Selected())
	}
	if g.SelectAt(79, 13) {
		t.Errorf("a click on the legend line selected a card")
	}
}

func TestGridFitsEverySize(t *testing.T) {
	for _, n := range []int{1, 3, 4, 16, 64} {
		for _, sz := range [][2]int{{80, 6}, {80, 9}, {100, 20}, {160, 30}, {20, 6}, {19, 3}} {
			t.Run(fmt.Sprintf("%dw-%dx%d", n, sz[0], sz[1]), func(t *testing.T) {
				g := newCardGrid(newTheme(true))
				g.SetSize(sz[0], sz[1])
				g.SetSnapshot(sim.Snapshot{Workers: workers(n, func(slot int) []sim.KV {
					return []sim.KV{kv("a-rather-long-key-name", strings.Repeat("v", 40), "agrees", true),
						kv("k2", "x", "stale", true), kv("k3", "", "missing", false)}
				})})
				checkSize(t, g.View(), sz[0], sz[1])
			})
		}
	}
}

// A counter that lost updates is marked ✗ with what it lost, never ✓, even
// when it holds the newest write; the legend explains gen once a worker was
// replaced.
func TestGridMarksLostCounters(t *testing.T) {
	g := newCardGrid(newTheme(true))
	g.SetSize(80, 8)
	ws := workers(2, func(slot int) []sim.KV {
		k := kv("hits", "500", "agrees", true)
		if slot == 1 {
			k.Lost = 300
		}
		return []sim.KV{k}
	})
	ws[1].Generation = 2
	g.SetSnapshot(sim.Snapshot{Workers: ws})
	v := ansi.Strip(g.View())
	if !strings.Contains(v, "✗ hits=500 lost 300") || linesWith(v, "✓ hits=500") != 1 {
		t.Errorf("want worker 1's counter marked ✗ with its loss and worker 2's ✓:\n%s", v)
	}
	if !strings.Contains(v, "gen 2") || !strings.Contains(v, textLegendGen) {
		t.Errorf("a replaced worker's gen and its meaning must show:\n%s", v)
	}
}

// A card notes its worker's background work where it fits, and names its
// server behind nginx.
func TestCardShowsBackgroundWorkAndServer(t *testing.T) {
	g := newCardGrid(newTheme(true))
	g.SetSize(80, 12)
	ws := workers(2, func(int) []sim.KV { return nil })
	ws[0].Scheduler, ws[0].Jobs, ws[0].Subscribers = true, 3, 2
	ws[0].Server, ws[1].Server = 1, 2
	g.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Store: "local", Servers: 2}, Workers: ws})
	v := ansi.Strip(g.View())
	for _, want := range []string{"sched", "3 jobs", "2 ws", "worker 1 · s1", "worker 2 · s2", "sN: gunicorn server N behind nginx"} {
		if !strings.Contains(v, want) {
			t.Errorf("the cards lack %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "…") {
		t.Errorf("a card line is cut:\n%s", v)
	}
	g.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Store: "local", Servers: 1}, Workers: workers(2, func(int) []sim.KV { return nil })})
	if v := ansi.Strip(g.View()); strings.Contains(v, "· s1") || strings.Contains(v, "sched") || strings.Contains(v, "behind nginx") {
		t.Errorf("one server and no background work, yet the cards say so:\n%s", v)
	}
}

// A card too narrow for a long CPU step's sentence (every card: they are at
// most 28 cells inside) shows its short form, which still says how many
// greenlets wait, rather than cutting the sentence before the number.
func TestCardShortensLongCPUStep(t *testing.T) {
	for _, c := range []struct {
		width int
		want  string
	}{{80, "CPU 10ms, 3 wait"}, {160, "CPU 10ms, 3 wait"}} {
		ws := workers(4, func(int) []sim.KV { return nil })
		for i := range ws {
			ws[i].Doing, ws[i].DoingShort = "CPU 10ms (blocks 3 greenlets)", "CPU 10ms, 3 wait"
		}
		g := newCardGrid(newTheme(true))
		g.SetSize(c.width, 12)
		g.SetSnapshot(sim.Snapshot{Settings: sim.Settings{Store: "local", Class: "gevent"}, Workers: ws})
		view := ansi.Strip(g.View())
		if got := linesWith(view, c.want); got != 4 || strings.Contains(view, "blocks") {
			t.Errorf("width %d: %q on %d cards, want 4\n%s", c.width, c.want, got, view)
		}
		if strings.Contains(view, "…") {
			t.Errorf("width %d: a card's line is cut\n%s", c.width, view)
		}
	}
}
