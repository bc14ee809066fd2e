package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/internal/wrap"
	"github.com/workerlab/workerlab/lessons"
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
	lines := wrap.Items(words, "  ", 20)
	want := []string{"keep-alive", "max-requests", "timeout  cores"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("wrap.Items = %q, want %q", lines, want)
	}
}

// TestLearnTakesLiveReplies: on a live cluster a lesson's console line runs
// in a command, and the reply that comes back shows, as in the sandbox.
func TestLearnTakesLiveReplies(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var s *sim.Sim
	m := NewLearn(LearnConfig{Lessons: track, NewCluster: func(seed uint64) (sim.Cluster, error) {
		s, err = sim.New(sim.Config{Seed: seed})
		return liveLike{s}, err
	}})
	defer m.Close()
	step := func(msg tea.Msg) tea.Cmd {
		next, cmd := m.Update(msg)
		m = next.(Learn)
		return cmd
	}
	step(tea.WindowSizeMsg{Width: 100, Height: 30})
	step(press("enter"))
	step(press(":"))
	for _, r := range "workers 2" {
		step(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	cmd := step(press("enter"))
	if lines, _ := m.console.Output(); len(lines) == 0 || !strings.HasPrefix(lines[0], textSending) {
		t.Fatalf("the line did not go out in a command: console shows %q", lines)
	}
	var done execDoneMsg
	var find func(tea.Cmd)
	find = func(c tea.Cmd) { // the batch holds the line's command among others
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				find(c)
			}
		case execDoneMsg:
			done = msg
		}
	}
	find(cmd)
	if done.Line != "workers 2" {
		t.Fatalf("no reply for the line came back: %#v", done)
	}
	step(done)
	if lines, isErr := m.console.Output(); isErr || len(lines) == 0 || lines[0] != done.Out {
		t.Fatalf("console shows %q (error %v) after the reply, want %q", lines, isErr, done.Out)
	}
	if got := m.snap().Settings.Workers; got != 2 {
		t.Errorf("snapshot after the reply: workers %d, want 2", got)
	}
}
