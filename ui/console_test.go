package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func typeInto(c *consolePane, s string) {
	for _, r := range s {
		if r == ' ' {
			c.Update(press("space"))
			continue
		}
		c.Update(press(string(r)))
	}
}

func TestConsoleHistory(t *testing.T) {
	c := newConsole(newTheme(true), defaultKeyMap(), nil)
	c.SetSize(80, 3)
	c.Focus()
	var got []string
	for _, line := range []string{"workers 4", "set key0 hello", "set key0 hello"} {
		typeInto(&c, line)
		_, l, ok := c.Update(press("enter"))
		if !ok {
			t.Fatalf("enter did not submit %q", line)
		}
		got = append(got, l)
	}
	if got[1] != "set key0 hello" {
		t.Errorf("submitted %q", got[1])
	}
	if h := c.History(); len(h) != 2 {
		t.Errorf("history = %q, want 2 lines (repeats folded)", h)
	}
	typeInto(&c, "get")
	c.Update(press("up"))
	if c.Value() != "set key0 hello" {
		t.Errorf("↑ = %q, want the newest line", c.Value())
	}
	c.Update(press("up"))
	c.Update(press("up"))
	if c.Value() != "workers 4" {
		t.Errorf("↑↑↑ = %q, want the oldest line", c.Value())
	}
	c.Update(press("down"))
	c.Update(press("down"))
	if c.Value() != "get" {
		t.Errorf("↓ past the newest = %q, want the draft %q", c.Value(), "get")
	}
	if _, _, ok := func() (any, string, bool) { c.SetValue("   "); return c.Update(press("enter")) }(); ok {
		t.Errorf("a blank line was submitted")
	}
}

func TestConsoleCompletion(t *testing.T) {
	complete := func(line string) []string {
		switch line {
		case "sto":
			return []string{"store"}
		case "store ":
			return []string{"local", "locmem", "redis"}
		case "store lo":
			return []string{"local", "locmem"}
		}
		return nil
	}
	c := newConsole(newTheme(true), defaultKeyMap(), complete)
	c.SetSize(80, 3)
	c.Focus()
	typeInto(&c, "sto")
	c.Update(press("tab"))
	if c.Value() != "store " {
		t.Fatalf("tab on %q gave %q, want %q", "sto", c.Value(), "store ")
	}
	typeInto(&c, "lo")
	c.Update(press("tab"))
	if c.Value() != "store loc" {
		t.Errorf("tab on two candidates gave %q, want the common prefix %q", c.Value(), "store loc")
	}
	if out, _ := c.Output(); len(out) != 1 || !strings.Contains(out[0], "local  locmem") {
		t.Errorf("candidates not listed: %q", out)
	}
	c.SetValue("zzz")
	c.Update(press("tab"))
	if c.Value() != "zzz" {
		t.Errorf("tab with no candidate changed the line to %q", c.Value())
	}
}

func TestCompleteLineForms(t *testing.T) {
	tests := []struct {
		line  string
		cands []string
		want  []string
	}{
		{"wor", []string{"workers"}, []string{"workers "}},
		{"store r", []string{"redis"}, []string{"store redis "}},
		{"store r", []string{"store redis"}, []string{"store redis "}},
		{"b", []string{"balancer", "class"}, []string{"balancer", "class"}},
		{"", []string{"", "help"}, []string{"help "}},
	}
	for _, tt := range tests {
		got := completeLine(tt.line, tt.cands)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("completeLine(%q, %q) = %q, want %q", tt.line, tt.cands, got, tt.want)
		}
	}
}

func TestConsoleShowsErrorsUnderInput(t *testing.T) {
	c := newConsole(newTheme(true), defaultKeyMap(), nil)
	c.SetSize(40, 4)
	c.SetRedisAddr("127.0.0.1:6379", true)
	c.SetResult("", errors.New(`line 1: "many" is not a number; expected a whole number 1..64 after "workers"`))
	view := ansi.Strip(c.View())
	checkSize(t, view, 40, 4)
	lines := strings.Split(view, "\n")
	if !strings.Contains(lines[0], "redis 127.0.0.1:6379") {
		t.Errorf("no redis address on the input line: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "✗ line 1:") || !strings.Contains(view, "many") {
		t.Errorf("error not shown under the input:\n%s", view)
	}
}

func FuzzCompleteLine(f *testing.F) {
	f.Add("store r", "redis")
	f.Add("", "")
	f.Add("a b c ", "x y")
	f.Fuzz(func(t *testing.T, line, cand string) {
		got := completeLine(line, strings.Split(cand, "\x00"))
		for _, g := range got {
			if !strings.HasPrefix(g, line[:strings.LastIndexAny(line, " \t")+1]) {
				t.Fatalf("completeLine(%q, %q) = %q: lost the typed words", line, cand, g)
			}
		}
		_ = commonPrefix(got)
	})
}

// The hint in the empty input line is whole or short, never cut off: at 80
// columns beside a live server's Redis line the long hint does not fit.
func TestConsolePlaceholderNeverCut(t *testing.T) {
	for _, w := range []int{36, 44, 80, 120} {
		for _, focused := range []bool{false, true} {
			c := newConsole(newTheme(true), defaultKeyMap(), nil)
			c.SetSize(w, 2)
			c.SetLiveRedisAddr("")
			if focused {
				c.Focus()
			}
			line := strings.Split(ansi.Strip(c.View()), "\n")[0]
			forms := placeholdersBlurred
			if focused {
				forms = placeholdersFocused
			}
			hint := line
			if i := strings.Index(hint, textRedisNone); i >= 0 {
				hint = hint[:i]
			}
			hint = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(hint), strings.TrimSpace(textPrompt)))
			if hint != "" && !slices.Contains(forms, hint) {
				t.Errorf("width %d, focused %v: input line %q shows a hint cut off: %q", w, focused, line, hint)
			}
			if w >= 120 && !strings.Contains(line, forms[0]) {
				t.Errorf("width %d, focused %v: input line %q should show the whole long hint", w, focused, line)
			}
		}
	}
}
