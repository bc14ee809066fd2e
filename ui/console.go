package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// historyCapacity bounds the console history.
const historyCapacity = 200

// outputCapacity bounds the lines of console output kept.
const outputCapacity = 200

// Console is the command-language input: history (↑/↓), tab completion of
// commands and arguments, and the reply or error of the last line under it.
type Console struct {
	styles   *Styles
	keys     KeyMap
	input    textinput.Model
	complete func(line string) []string
	width    int
	height   int

	history []string
	histPos int    // len(history) when editing a new line
	draft   string // the new line while browsing history

	output    []string
	outputErr bool
	live      bool // the cluster is a live server
	redisAddr string
}

// NewConsole returns an unfocused console. complete returns the completions
// of a partial line (sim.Complete); it may be nil.
func NewConsole(st *Styles, keys KeyMap, complete func(string) []string) Console {
	in := textinput.New()
	in.Prompt = textPrompt
	in.Placeholder = textPlaceholder
	in.CharLimit = 512
	// The console owns ↑/↓ (history) and tab (completion).
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	c := Console{styles: st, keys: keys, input: in, complete: complete}
	c.SetStyles(st)
	return c
}

// SetStyles replaces the styles (after a background change).
func (c *Console) SetStyles(st *Styles) {
	c.styles = st
	is := c.input.Styles()
	is.Focused.Prompt = st.Prompt
	is.Blurred.Prompt = st.Faint
	is.Cursor.Blink = false // a blinking cursor would tick while idle
	c.input.SetStyles(is)
}

// SetSize sets the console's width and height (input line plus output).
func (c *Console) SetSize(w, h int) {
	c.width, c.height = max(w, 0), max(h, 1)
	c.input.SetWidth(max(c.width-lipgloss.Width(textPrompt)-c.addrWidth()-2, 1))
}

// SetRedisAddr shows the embedded Redis's address beside the input.
func (c *Console) SetRedisAddr(addr string) { c.setRedis(addr, false) }

// SetLiveRedisAddr shows a live server's Redis address; "" means its workers
// keep local dicts and no Redis runs.
func (c *Console) SetLiveRedisAddr(addr string) { c.setRedis(addr, true) }

func (c *Console) setRedis(addr string, live bool) {
	if addr != c.redisAddr || live != c.live {
		c.redisAddr, c.live = addr, live
		c.SetSize(c.width, c.height)
	}
}

func (c Console) addrText() string {
	switch {
	case c.redisAddr == "" && c.live:
		return textRedisNone
	case c.redisAddr == "":
		return textRedisNoAddr
	}
	return fmt.Sprintf(textRedisAddr, c.redisAddr)
}

func (c Console) addrWidth() int { return lipgloss.Width(c.addrText()) }

// Focus gives the console the keyboard.
func (c *Console) Focus() tea.Cmd {
	c.input.Placeholder = textPlaceholderFocused
	return c.input.Focus()
}

// Blur takes the keyboard away; the typed text stays.
func (c *Console) Blur() {
	c.input.Placeholder = textPlaceholder
	c.input.Blur()
}

// Focused reports whether the console has the keyboard.
func (c Console) Focused() bool { return c.input.Focused() }

// Value returns the text being typed.
func (c Console) Value() string { return c.input.Value() }

// SetValue replaces the text being typed.
func (c *Console) SetValue(s string) {
	c.input.SetValue(s)
	c.input.CursorEnd()
}

// History returns the submitted lines, oldest first.
func (c Console) History() []string { return c.history }

// Output returns the lines shown under the input and whether they are an error.
func (c Console) Output() ([]string, bool) { return c.output, c.outputErr }

// Forward hands msg to the console when it has focus (pastes, the cursor
// blink) and returns its command; an unfocused console takes nothing.
func (c *Console) Forward(msg tea.Msg) tea.Cmd {
	if !c.Focused() {
		return nil
	}
	cmd, _, _ := c.Update(msg)
	return cmd
}

// Update handles a message while the console is focused. When the user
// submits a line it is returned with submitted true; the caller runs it and
// reports back with SetResult.
func (c *Console) Update(msg tea.Msg) (cmd tea.Cmd, line string, submitted bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, c.keys.Submit):
			line = strings.TrimSpace(c.input.Value())
			c.input.Reset()
			c.histPos = len(c.history)
			if line == "" {
				return nil, "", false
			}
			if n := len(c.history); n == 0 || c.history[n-1] != line {
				c.history = append(c.history, line)
				if len(c.history) > historyCapacity {
					c.history = c.history[len(c.history)-historyCapacity:]
				}
			}
			c.histPos = len(c.history)
			return nil, line, true
		case key.Matches(k, c.keys.HistPrev):
			c.browse(-1)
			return nil, "", false
		case key.Matches(k, c.keys.HistNext):
			c.browse(+1)
			return nil, "", false
		case key.Matches(k, c.keys.Complete):
			c.completeLine()
			return nil, "", false
		}
	}
	c.input, cmd = c.input.Update(msg)
	return cmd, "", false
}

// browse moves through the history; past the newest line it restores the draft.
func (c *Console) browse(delta int) {
	if len(c.history) == 0 {
		return
	}
	if c.histPos == len(c.history) {
		c.draft = c.input.Value()
	}
	c.histPos = min(max(c.histPos+delta, 0), len(c.history))
	if c.histPos == len(c.history) {
		c.SetValue(c.draft)
		return
	}
	c.SetValue(c.history[c.histPos])
}

// completeLine completes the typed line: one candidate replaces it, several
// extend it to their common prefix and are listed under the input.
func (c *Console) completeLine() {
	if c.complete == nil {
		return
	}
	line := c.input.Value()
	cands := completeLine(line, c.complete(line))
	switch len(cands) {
	case 0:
		c.setOutput([]string{fmt.Sprintf(textNoCompletions, line)}, false)
	case 1:
		c.SetValue(cands[0])
	default:
		if p := commonPrefix(cands); len(p) > len(line) {
			c.SetValue(p)
		}
		shown := make([]string, len(cands))
		for i, s := range cands {
			shown[i] = lastWord(s)
		}
		c.setOutput([]string{fmt.Sprintf(textCompletions, strings.Join(shown, "  "))}, false)
	}
}

// completeLine turns completions into whole lines: candidates that already
// start with everything before the last word are lines; others are words that
// replace the last word. A single full word gets a trailing space.
func completeLine(line string, cands []string) []string {
	head := line[:strings.LastIndexAny(line, " \t")+1]
	out := make([]string, 0, len(cands))
	for _, c := range cands {
		if c == "" {
			continue
		}
		if !strings.HasPrefix(c, head) || head == "" && strings.Contains(c, " ") {
			c = head + c
		}
		out = append(out, c)
	}
	if len(out) == 1 && !strings.HasSuffix(out[0], " ") {
		out[0] += " "
	}
	return out
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	return s[strings.LastIndexAny(s, " \t")+1:]
}

func commonPrefix(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// SetResult shows the reply of a line, or its error.
func (c *Console) SetResult(text string, err error) {
	if err != nil {
		c.setOutput(strings.Split(textErrorPrefix+err.Error(), "\n"), true)
		return
	}
	text = strings.TrimRight(text, "\n")
	if text == "" {
		text = textOK
	}
	c.setOutput(strings.Split(text, "\n"), false)
}

func (c *Console) setOutput(lines []string, isErr bool) {
	if len(lines) > outputCapacity {
		lines = lines[len(lines)-outputCapacity:]
	}
	c.output, c.outputErr = lines, isErr
}

// shownOutput is the output as drawn: errors wrap, replies are cut.
func (c Console) shownOutput() []string {
	if c.outputErr {
		return wrapLines(c.output, c.width)
	}
	return c.output
}

// Overflows reports whether the output has more lines than fit under the
// input while the console is in use: the screen then shows OutputView in a
// larger pane until the console is left.
func (c Console) Overflows() bool {
	return c.Focused() && len(c.shownOutput()) > c.height-1
}

// OutputView renders the output's first lines in w × h.
func (c Console) OutputView(w, h int) string {
	out := c.shownOutput()
	if len(out) > h && h > 0 {
		out = append(out[:h-1:h-1], fmt.Sprintf(textMoreLines, len(out)-h+1))
	}
	return fitBlock(strings.Join(out, "\n"), w, h)
}

// View renders the input line with the Redis address on the right, then as
// much of the output as fits (its first lines; an error wraps to show all).
func (c Console) View() string {
	if c.width <= 0 || c.height <= 0 {
		return ""
	}
	addr := c.styles.Faint.Render(c.addrText())
	in := fitLine(c.input.View(), max(c.width-lipgloss.Width(addr)-1, 0))
	lines := []string{fitLine(in+" "+addr, c.width)}
	room := c.height - 1
	out := c.shownOutput()
	if c.Overflows() {
		out = []string{textOutputAbove}
	}
	for i, l := range out {
		if i == room {
			break
		}
		if i == room-1 && len(out) > room {
			l = fmt.Sprintf(textMoreLines, len(out)-room+1)
		}
		if c.outputErr {
			l = c.styles.Error.Render(l)
		}
		lines = append(lines, l)
	}
	return fitBlock(strings.Join(lines, "\n"), c.width, c.height)
}

// wrapLines hard-wraps plain lines at w cells.
func wrapLines(lines []string, w int) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(lipgloss.Wrap(l, w, " "), "\n")...)
	}
	return out
}
