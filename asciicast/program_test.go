package asciicast

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// counter is a screen that counts to three, one frame per message, then quits.
type counter struct{ n int }

type countMsg struct{}

func (m counter) Init() tea.Cmd { return func() tea.Msg { return countMsg{} } }

func (m counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(countMsg); ok {
		m.n++
		if m.n == 3 {
			return m, tea.Quit
		}
		return m, tea.Tick(30*time.Millisecond, func(time.Time) tea.Msg { return countMsg{} })
	}
	return m, nil
}

func (m counter) View() tea.View {
	v := tea.NewView(fmt.Sprintf("workers answered: %d\nstale reads: %d", m.n, 3-m.n))
	v.AltScreen = true
	return v
}

// TestRecordsABubbleTeaProgram records a real program at 80x24 and reads the
// file back: the header has the size and the frames hold the screen text.
func TestRecordsABubbleTeaProgram(t *testing.T) {
	var buf bytes.Buffer
	rec, err := NewRecorder(&buf, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	p := tea.NewProgram(counter{}, tea.WithOutput(rec), tea.WithInput(nil), tea.WithWindowSize(80, 24))
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	c := mustRead(t, buf.Bytes())
	if c.Header.Width != 80 || c.Header.Height != 24 {
		t.Fatalf("header size %dx%d, want 80x24", c.Header.Width, c.Header.Height)
	}
	screen := ansi.Strip(c.Output())
	for _, want := range []string{"workers answered: 1", "stale reads: 2"} {
		if !strings.Contains(screen, want) {
			t.Errorf("recording lacks %q; output:\n%q", want, screen)
		}
	}
	if !strings.Contains(c.Output(), "\x1b[?1049h") {
		t.Error("recording lacks the alt-screen switch the program drew")
	}
	if c.Duration() < 0.05 {
		t.Errorf("recording lasts %gs; two 30 ms ticks ran, so real timing gives at least 0.05s", c.Duration())
	}
}

// TestTerminalWritesToScreenAndRecording checks that a Terminal passes
// output to the terminal file and records the same bytes, keeping Fd.
func TestTerminalWritesToScreenAndRecording(t *testing.T) {
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var buf bytes.Buffer
	rec, err := NewRecorder(&buf, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	term := NewTerminal(wr, rec)
	if term.Fd() != wr.Fd() {
		t.Errorf("Fd = %d, want the terminal's %d", term.Fd(), wr.Fd())
	}
	if _, err := io.WriteString(term, "frame one"); err != nil {
		t.Fatal(err)
	}
	term.Close()
	shown, _ := io.ReadAll(rd)
	rec.Close()
	if string(shown) != "frame one" {
		t.Errorf("terminal got %q", shown)
	}
	if got := mustRead(t, buf.Bytes()).Output(); got != "frame one" {
		t.Errorf("recording got %q", got)
	}
}
