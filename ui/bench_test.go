package ui

import (
	"fmt"
	"testing"
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
