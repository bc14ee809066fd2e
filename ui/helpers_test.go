package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/sim"
)

// press builds the message a terminal sends for a key name.
func press(k string) tea.KeyPressMsg {
	switch k {
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	}
	r := []rune(k)[0]
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + 'a' - 'A', ShiftedCode: r, Text: k, Mod: tea.ModShift}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

// checkSize fails when view is wider than w or taller than h.
func checkSize(t testing.TB, view string, w, h int) {
	t.Helper()
	gw, gh := lipgloss.Size(view)
	if gw > w || gh > h {
		t.Fatalf("view is %d×%d, want at most %d×%d:\n%s", gw, gh, w, h, ansi.Strip(view))
	}
}

// countCards returns how many card blocks hold s (by column ranges of the
// stripped view's lines inside │ borders).
func linesWith(view, s string) int {
	n := 0
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		n += strings.Count(l, s)
	}
	return n
}

// workers builds n worker states with the given keys on each.
func workers(n int, keys func(slot int) []sim.KV) []sim.WorkerState {
	out := make([]sim.WorkerState, n)
	for i := range out {
		out[i] = sim.WorkerState{
			Slot: i + 1, Pid: 1000 + i, Served: int64(i), Doing: "idle",
		}
		if keys != nil {
			out[i].Keys = keys(i + 1)
		}
	}
	return out
}

func kv(k, v, agreement string, present bool) sim.KV {
	return sim.KV{Key: k, Value: v, Present: present, Agreement: agreement}
}

var _ = fmt.Sprint
