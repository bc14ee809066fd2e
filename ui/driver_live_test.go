package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
)

// liveLike is a simulated cluster that reports itself live, so the driver
// treats its lines as a live cluster's (which send real HTTP and must not
// block Update).
type liveLike struct{ *sim.Sim }

func (l liveLike) Snapshot() sim.Snapshot {
	s := l.Sim.Snapshot()
	s.Live = true
	return s
}

func TestLiveLinesRunInACommand(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := send(NewSandbox(liveLike{s}), tea.WindowSizeMsg{Width: 100, Height: 30})
	out, cmd, err := m.driver.Exec("workers 2")
	if err != nil || !strings.HasPrefix(out, textSending) || cmd == nil {
		t.Fatalf("Exec on a live cluster = %q, %v, cmd %v; want %q… and a command", out, err, cmd != nil, textSending)
	}
	if got := s.Settings().Workers; got != 4 {
		t.Fatalf("the line ran inside Update: workers %d before its command ran", got)
	}
	done, ok := cmd().(execDoneMsg)
	if !ok || done.Err != nil || done.Out != "workers 2" {
		t.Fatalf("command answered %#v, want execDoneMsg{Out: \"workers 2\"}", done)
	}
	m = send(m, done)
	if lines, isErr := m.console.Output(); isErr || len(lines) == 0 || lines[0] != "workers 2" {
		t.Fatalf("console shows %q (error %v) after the reply, want workers 2", lines, isErr)
	}
	if got := m.snap().Settings.Workers; got != 2 {
		t.Fatalf("snapshot after the reply: workers %d, want 2", got)
	}
}

func TestOutsideClientsAreLabelled(t *testing.T) {
	l := newTrafficLog(newTheme(true))
	l.SetSize(80, 3)
	l.Append([]sim.Event{{Kind: sim.EventRequest, Client: -1, Slot: 1, Route: "GET /get?k=a", Result: "1"}})
	if v := l.View(); !strings.Contains(v, textOutsideClient) {
		t.Fatalf("a request from outside the console is not labelled %q:\n%s", textOutsideClient, v)
	}
}

func TestLiveConsoleNamesTheMissingRedis(t *testing.T) {
	c := newConsole(newTheme(true), defaultKeyMap(), nil)
	c.SetSize(80, 3)
	c.SetLiveRedisAddr("")
	if got := c.addrText(); got != textRedisNone {
		t.Fatalf("live, store local: %q, want %q", got, textRedisNone)
	}
	c.SetLiveRedisAddr("127.0.0.1:6379")
	if got := c.addrText(); !strings.Contains(got, "127.0.0.1:6379") {
		t.Fatalf("live, store redis: %q", got)
	}
}

func TestPackWordsKeepsCommandsWhole(t *testing.T) {
	words := []string{"keep-alive", "max-requests", "timeout", "cores"}
	lines := packWords(words, "  ", 20)
	want := []string{"keep-alive", "max-requests", "timeout  cores"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("packWords = %q, want %q", lines, want)
	}
}
