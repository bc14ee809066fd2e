package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/lessons"
)

// benchScreen builds a busy screen: n workers, several keys spread over them.
func benchScreen(b *testing.B, n int) Sandbox {
	b.Helper()
	m := newTestSandbox(b, 3, n, 160, 48, false)
	lines := []string{"pause"}
	for k := range 6 {
		lines = append(lines, fmt.Sprintf("set key%d v%d", k, k), fmt.Sprintf("get key%d x%d", k, n))
	}
	lines = append(lines, "incr hits x50 clients 8", "wait 2s")
	m = send(console(m, lines...), press("esc"))
	if got := len(m.snap().Workers); got != n {
		b.Fatalf("workers = %d, want %d", got, n)
	}
	return m
}

func benchView(b *testing.B, n int) {
	m := benchScreen(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkView16Workers(b *testing.B) { benchView(b, 16) }

// BenchmarkView16WorkersSteps draws the busy screen with steps on: the log
// expanded into each request's steps, the cards listing their threads.
func BenchmarkView16WorkersSteps(b *testing.B) {
	m := benchScreen(b, 16)
	m = send(console(m, "class gthread 4", "steps on", "incr hits x200 clients 16", "wait 1s"), press("esc"))
	if !m.snap().Settings.Steps || m.log.Len() == 0 {
		b.Fatal("steps are not on")
	}
	if !strings.Contains(view(m), "accepted incr hits") {
		b.Fatalf("the log shows no step:\n%s", view(m))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}
func BenchmarkView64Workers(b *testing.B) { benchView(b, 64) }

// BenchmarkTick64Workers measures one animation tick (advance, snapshot,
// events, panes) under heavy traffic at top speed.
func BenchmarkTick64Workers(b *testing.B) {
	m := newTestSandbox(b, 3, 64, 160, 48, false)
	m = send(console(m, "traffic counter 100000/s clients 64", "speed 1000"), press("esc"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m = send(m, tickMsg{gen: m.driver.gen})
	}
}

// benchLesson opens lesson 2 at w × h and runs its solution, so every pane
// of the lesson screen has content.
func benchLesson(b *testing.B, w, h int) Learn {
	b.Helper()
	track, err := lessons.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	f := &learnFixture{}
	f.m = NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster})
	b.Cleanup(func() { f.m.Close() })
	f.update(tea.WindowSizeMsg{Width: w, Height: h})
	f.keys("down", "enter", "h", "h")
	for _, ln := range track[1].Solution {
		f.typeLine(ln.Text)
	}
	return f.m
}

func benchLearnView(b *testing.B, w, h int) {
	m := benchLesson(b, w, h)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkLearnView80x24(b *testing.B)  { benchLearnView(b, 80, 24) }
func BenchmarkLearnView160x48(b *testing.B) { benchLearnView(b, 160, 48) }
