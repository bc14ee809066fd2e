package ui

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/asciicast"
	"github.com/workerlab/workerlab/demo"
)

// TestTalkRecordsAsCast plays the five-minute talk with --auto 20s at 80×24
// on a virtual wall clock, as the screen's own loop would (a tick every
// interval while a step plays, the auto-advance at each pause), and records
// every frame that changed as a full redraw into an asciicast v2 file. The
// file must read back as a valid recording of 80×24 that lasts about five
// minutes and shows every caption, in order. Set WORKERLAB_CAST=FILE to keep
// the recording.
func TestTalkRecordsAsCast(t *testing.T) {
	const auto = 20 * time.Second
	m := newTestPresenter(t, demo.Talk, 80, 24, auto)
	clock := time.Unix(1_750_000_000, 0)
	var buf bytes.Buffer
	rec, err := asciicast.NewRecorder(&buf, 80, 24, asciicast.WithClock(func() time.Time { return clock }),
		asciicast.WithTitle("workerlab demo "+demo.Talk), asciicast.WithEnv(map[string]string{"TERM": "xterm-256color"}))
	if err != nil {
		t.Fatal(err)
	}
	last := ""
	draw := func() {
		if frame := m.View().Content; frame != last {
			last = frame
			rec.Write([]byte("\x1b[H\x1b[2J" + strings.ReplaceAll(frame, "\n", "\r\n")))
		}
	}
	draw()
	for steps := 0; m.player.State() != demo.Ended; steps++ {
		if steps > 100_000 {
			t.Fatal("the talk never ended")
		}
		switch m.player.State() {
		case demo.Playing:
			clock = clock.Add(tickInterval)
			m = presenterSend(m, presenterTickMsg{gen: m.tickGen})
		case demo.Paused:
			clock = clock.Add(auto)
			m = presenterSend(m, autoNextMsg{gen: m.autoGen})
		default:
			t.Fatalf("the talk stopped: %v", m.player.Err())
		}
		draw()
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("WORKERLAB_CAST"); path != "" {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cast, err := asciicast.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if cast.Header.Width != 80 || cast.Header.Height != 24 {
		t.Errorf("header %dx%d, want 80x24", cast.Header.Width, cast.Header.Height)
	}
	if d := time.Duration(cast.Duration() * float64(time.Second)); d < 4*time.Minute || d > 6*time.Minute {
		t.Errorf("the recording lasts %v; the talk with --auto 20s is about five minutes", d)
	}
	screen := ansi.Strip(cast.Output())
	at := 0
	for _, l := range m.player.Demo().Lines {
		if l.Kind != demo.Say || l.Text == "" {
			continue
		}
		i := strings.Index(screen[at:], l.Text)
		if i < 0 {
			t.Fatalf("the recording lacks the caption of line %d after what came before: %q", l.Num, l.Text)
		}
		at += i
	}
	if !strings.Contains(screen[at:], textDemoEndNote) {
		t.Error("the recording does not end on the end note")
	}
	if n := len(cast.Events); n < 500 {
		t.Errorf("%d frames for about a minute of animation at 20 frames a second", n)
	}
	t.Logf("%d frames, %.0f s, %d bytes", len(cast.Events), cast.Duration(), buf.Len())
}
