package asciicast

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }
func mustRead(t *testing.T, b []byte) *Cast {
	t.Helper()
	c, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Read: %v\n%s", err, b)
	}
	return c
}

func TestRecorderWritesHeaderAndTimedEvents(t *testing.T) {
	var buf bytes.Buffer
	clk := newFakeClock()
	r, err := NewRecorder(&buf, 80, 24, WithClock(clk.now), WithTitle("demo"),
		WithEnv(map[string]string{"TERM": "xterm-256color"}))
	if err != nil {
		t.Fatal(err)
	}
	clk.add(1500 * time.Millisecond)
	r.Write([]byte("hello\r\n"))
	clk.add(250 * time.Millisecond)
	r.Resize(100, 30)
	r.Resize(100, 30) // same size: nothing
	clk.add(time.Second)
	r.Write([]byte("\x1b[1mbold\x1b[0m"))
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	c := mustRead(t, buf.Bytes())
	if c.Header.Width != 80 || c.Header.Height != 24 || c.Header.Timestamp != 1_700_000_000 ||
		c.Header.Title != "demo" || c.Header.Env["TERM"] != "xterm-256color" {
		t.Errorf("header = %+v", c.Header)
	}
	want := []Event{{1.5, Output, "hello\r\n"}, {1.75, Resize, "100x30"}, {2.75, Output, "\x1b[1mbold\x1b[0m"}}
	if len(c.Events) != len(want) {
		t.Fatalf("events = %+v, want %+v", c.Events, want)
	}
	for i := range want {
		if c.Events[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, c.Events[i], want[i])
		}
	}
	if got := strings.Count(buf.String(), "\n"); got != 4 {
		t.Errorf("%d lines, want 4 (header + 3 events):\n%s", got, buf.String())
	}
}

func TestRecorderKeepsSplitCharactersWhole(t *testing.T) {
	var buf bytes.Buffer
	r, err := NewRecorder(&buf, 10, 5, WithClock(newFakeClock().now))
	if err != nil {
		t.Fatal(err)
	}
	arrow := []byte("→") // 3 bytes
	r.Write(append([]byte("a"), arrow[:1]...))
	r.Write(arrow[1:2])
	r.Write(append(arrow[2:], 'b'))
	r.Close()
	c := mustRead(t, buf.Bytes())
	if got := c.Output(); got != "a→b" {
		t.Fatalf("output = %q, want %q", got, "a→b")
	}
	for _, e := range c.Events {
		if strings.ContainsRune(e.Data, '\uFFFD') {
			t.Errorf("event %q holds a replacement character: a character was split", e.Data)
		}
	}
}

func TestRecorderRejectsNoSize(t *testing.T) {
	if _, err := NewRecorder(&bytes.Buffer{}, 0, 24); err == nil || !strings.Contains(err.Error(), "0x24") {
		t.Fatalf("err = %v, want one naming the size 0x24", err)
	}
}

func TestReadRejects(t *testing.T) {
	head := `{"version":2,"width":80,"height":24}` + "\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty recording"},
		{"v1", `{"version":1,"width":80,"height":24}`, "version 1"},
		{"no size", `{"version":2}`, "size 0x0"},
		{"not json", "hello", "line 1"},
		{"not array", head + `{"t":1}`, "line 2: an event is a JSON array"},
		{"two fields", head + `[1, "o"]`, "has 2"},
		{"bad code", head + `[1, "x", "a"]`, `unknown event code "x"`},
		{"back in time", head + `[2, "o", "a"]` + "\n" + `[1, "o", "b"]`, "line 3: time 1 goes back"},
		{"negative", head + `[-1, "o", "a"]`, "line 2: time -1"},
		{"bad resize", head + `[1, "r", "80-24"]`, `resize "80-24"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Read(%q) err = %v, want one containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestCompleteUTF8(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"abc", 3}, {"a\xe2", 1}, {"a\xe2\x86", 1}, {"a\xe2\x86\x92", 4},
		{"\xf0\x9f\x98", 0}, {"\xff", 1}, // an invalid byte cannot be completed: pass it on
	} {
		if got := completeUTF8([]byte(tc.in)); got != tc.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"version":2,"width":80,"height":24}` + "\n" + `[0.5, "o", "hi"]` + "\n" + `[1, "r", "100x30"]`))
	f.Add([]byte(`{"version":2,"width":1,"height":1}`))
	f.Add([]byte("[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Read(bytes.NewReader(data))
		if err != nil {
			if c != nil {
				t.Fatal("an error came with a cast")
			}
			return
		}
		if c.Header.Version != Version || c.Header.Width < 1 || c.Header.Height < 1 {
			t.Fatalf("accepted header %+v", c.Header)
		}
		prev := 0.0
		for _, e := range c.Events {
			if e.Time < prev {
				t.Fatalf("accepted times going back: %+v", c.Events)
			}
			prev = e.Time
		}
	})
}

func FuzzRecorderRoundTrip(f *testing.F) {
	f.Add([]byte("hello"), []byte("→ world"))
	f.Add([]byte("\xe2\x86"), []byte("\x92"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var buf bytes.Buffer
		r, err := NewRecorder(&buf, 80, 24, WithClock(newFakeClock().now))
		if err != nil {
			t.Fatal(err)
		}
		r.Write(a)
		r.Write(b)
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		c := mustRead(t, buf.Bytes())
		whole := append(append([]byte(nil), a...), b...)
		if string(whole) == strings.ToValidUTF8(string(whole), "\uFFFD") && c.Output() != string(whole) {
			t.Fatalf("valid UTF-8 %q came back as %q", whole, c.Output())
		}
	})
}
