package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// divergence runs the sequence: set a key, read it 8 times, let the
// requests finish.
func divergence(m Sandbox) Sandbox {
	m = console(m, "set key0 hello", "get key0 x8")
	return ticks(m, 40)
}

// toRedis switches the store with the s key, writes a fresh value and reads
// it 8 times.
func toRedis(m Sandbox) Sandbox {
	m = send(m, press("esc"), press("s"))
	m = console(m, "set key0 world", "get key0 x8")
	return ticks(m, 40)
}

func TestDivergenceThenRedis(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := newTestSandbox(t, 1, 4, sz[0], sz[1], true)
			m = divergence(m)
			v := view(m)
			if got := cardsWith(m, "worker "); got != 4 {
				t.Errorf("worker cards = %d, want 4\n%s", got, v)
			}
			if got := cardsWith(m, "key0=hello"); got != 1 {
				t.Errorf("key0=hello shows on %d cards, want 1\n%s", got, v)
			}
			stale := m.snap().Metrics.StaleReads
			if stale < 1 || !strings.Contains(v, textMarkStale) || !strings.Contains(v, fmt.Sprintf("stale %d", stale)) {
				t.Errorf("want ≥ 1 stale read in the log and in the metrics (snapshot says %d)\n%s", stale, v)
			}
			if !strings.Contains(v, "store: local") {
				t.Errorf("metrics do not name the store\n%s", v)
			}
			m = toRedis(m)
			v = view(m)
			if got := cardsWith(m, "key0=world"); got != 4 {
				t.Errorf("key0=world shows on %d cards under redis, want 4\n%s", got, v)
			}
			if got := m.snap().Metrics.StaleReads; got != stale {
				t.Errorf("stale reads went from %d to %d under redis", stale, got)
			}
			if !strings.Contains(v, "store: redis") || !strings.Contains(v, "redis 127.0.0.1:") {
				t.Errorf("want store: redis and the Redis address\n%s", v)
			}
			checkSize(t, m.View().Content, sz[0], sz[1])
		})
	}
}

func TestGoldenScreens(t *testing.T) {
	steps := []struct {
		name string
		run  func(Sandbox) Sandbox
	}{
		{"first", func(m Sandbox) Sandbox { return m }},
		{"divergence", divergence},
		{"redis", func(m Sandbox) Sandbox { return toRedis(divergence(m)) }},
		{"help", func(m Sandbox) Sandbox { return send(m, press("?")) }},
	}
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		for _, st := range steps {
			t.Run(fmt.Sprintf("%s-%dx%d", st.name, sz[0], sz[1]), func(t *testing.T) {
				m := st.run(newTestSandbox(t, 1, 4, sz[0], sz[1], false))
				v := view(m)
				if w, h := len([]rune(strings.Split(v, "\n")[0])), strings.Count(v, "\n")+1; h != sz[1] || w != sz[0] {
					t.Fatalf("view is %d×%d, want %d×%d", w, h, sz[0], sz[1])
				}
				checkSize(t, m.View().Content, sz[0], sz[1])
				golden.RequireEqual(t, v)
			})
		}
	}
	t.Run("too-small-60x15", func(t *testing.T) {
		m := newTestSandbox(t, 1, 4, 60, 15, false)
		v := view(m)
		if strings.Contains(v, "\n") || !strings.Contains(v, "enlarge the terminal to at least 80×24") {
			t.Fatalf("want one line asking for 80×24, got:\n%s", v)
		}
		checkSize(t, m.View().Content, 60, 15)
		golden.RequireEqual(t, v)
	})
}

func TestViewModes(t *testing.T) {
	m := newTestSandbox(t, 1, 4, 80, 24, false)
	v := m.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion || v.WindowTitle == "" {
		t.Errorf("view modes: alt=%v mouse=%v title=%q", v.AltScreen, v.MouseMode, v.WindowTitle)
	}
	m = send(m, tea.WindowSizeMsg{Width: 50, Height: 10})
	if v := m.View(); !v.AltScreen {
		t.Errorf("the too-small view leaves the alt screen")
	}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if got := strings.Count(view(m), "\n") + 1; got != 40 {
		t.Errorf("after a resize the view has %d lines, want 40", got)
	}
}
