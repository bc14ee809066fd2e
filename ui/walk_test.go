package ui

import (
	"math/rand/v2"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// walkKeys are the keys a random walk presses: every binding and some typing.
var walkKeys = []string{
	"space", ".", "right", "+", "-", "w", "W", "s", "k", "r", "t", "up", "down", "left",
	"pgup", "pgdown", "tab", ":", "/", "esc", "enter", "?", "backspace",
	"a", "x", "1", "9", " ", "*", "[", "]", "{", "}", "<", ">",
}

// walkLines are console lines, good and bad.
var walkLines = []string{
	"set key0 hello", "get key0 x8", "get key0 x20 clients 4", "incr hits x50 clients 8",
	"incr hits x10 --atomic", "lookup page x5", "workers 1", "workers 16", "workers 64",
	"class gthread 4", "class gevent 10", "store redis", "store local", "store locmem",
	"lock on", "atomic on", "balancer round-robin", "balancer ip-hash", "max-requests 5",
	"kill 1", "kill 99", "redis down", "redis up", "redis slow 20ms", "redis KEYS *",
	"redis SET a b", "redis GET a", "redis NOSUCH", "traffic counter 300/s clients 8",
	"traffic set-then-get", "traffic off", "wait 500ms", "pause", "resume", "step 5",
	"speed 64", "speed 0.5", "help", "workers many", "", "   ", "set", "get key0 x0",
	"ttl 2s", "set t v ttl 1s", "\x00\x1b[31m", "ÿÿÿ", "speed 1e9",
	"steps on", "steps off", "back 20", "back anomaly", "forward", "forward end", "goto 3", "back 0",
}

// walkStep applies one random action to m.
func walkStep(m Sandbox, r *rand.Rand) Sandbox {
	switch n := r.IntN(20); {
	case n < 10:
		return send(m, press(walkKeys[r.IntN(len(walkKeys))]))
	case n < 14:
		m = console(m, walkLines[r.IntN(len(walkLines))])
		if r.IntN(2) == 0 {
			m = send(m, press("esc"))
		}
		return m
	case n < 17:
		if m.driver.Running() {
			return send(m, tickMsg{gen: m.driver.gen})
		}
		return send(m, tickMsg{gen: m.driver.gen + r.IntN(3) - 1})
	case n < 18:
		return send(m, tea.WindowSizeMsg{Width: 1 + r.IntN(220), Height: 1 + r.IntN(70)})
	case n < 19:
		return send(m, tea.MouseClickMsg{X: r.IntN(m.width + 2), Y: r.IntN(m.height + 2), Button: tea.MouseLeft})
	default:
		return send(m, tea.PasteMsg{Content: walkLines[r.IntN(len(walkLines))]})
	}
}

// TestRandomWalk drives the screen through thousands of random keys, console
// lines, ticks, resizes and clicks; it must never panic, and the view must
// stay within the terminal.
func TestRandomWalk(t *testing.T) {
	steps := 1500 // per seed: 3000 in all
	if testing.Short() || raceOn {
		steps = 300
	}
	for seed := uint64(1); seed <= 2; seed++ {
		r := rand.New(rand.NewPCG(seed, 42))
		m := newTestSandbox(t, seed, 4, 100, 30, true)
		for i := range steps {
			m = walkStep(m, r)
			if m.quitting {
				m = newTestSandbox(t, seed, 4, m.width, m.height, false)
			}
			v := m.View().Content
			checkSize(t, v, max(m.width, 1), max(m.height, 1))
			if t.Failed() {
				t.Fatalf("seed %d step %d", seed, i)
			}
		}
	}
}

// FuzzSandboxInput turns bytes into a sequence of actions on a fresh screen.
func FuzzSandboxInput(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("set key0 hello\nget key0 x8"))
	f.Add([]byte{19, 200, 17, 255, 0, 13})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256 {
			data = data[:256]
		}
		seed := uint64(1)
		if len(data) > 0 {
			seed = uint64(data[0])
		}
		r := rand.New(rand.NewPCG(seed, uint64(len(data))))
		m := newTestSandbox(t, seed, 1+int(seed%8), 80, 24, false)
		for _, b := range data {
			switch {
			case b < 200:
				m = walkStep(m, r)
			default:
				// Raw bytes typed into the console, as a paste or keys.
				m = send(m, press(":"), tea.PasteMsg{Content: string(data)}, press("enter"), press("esc"))
			}
			if m.quitting {
				return
			}
			checkSize(t, m.View().Content, max(m.width, 1), max(m.height, 1))
		}
	})
}
