package ui

import (
	"fmt"
	"slices"
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

// lineLimit is the longest console line, in characters. No command needs
// more; a longer paste is cut, and the console says so.
const lineLimit = 512

// consolePane is the command-language input: history (↑/↓), tab completion of
// commands and arguments, and the reply or error of the last line under it.
type consolePane struct {
	styles   *theme
	keys     keyMap
	input    textinput.Model
	complete func(line string) []string
	width    int
	height   int

	history []string
	histPos int    // len(history) when editing a new line
	draft   string // the new line while browsing history

	output    []string // the reply or error of the last line, as lines
	outputErr bool
	wrapped   []string // output wrapped at the console's width
	scroll    int      // first line of wrapped shown in the output pane
	paneH     int      // lines of the output pane, set by the screen's layout
	live      bool     // the cluster is a live server
	// redisInUse: the simulated store is Redis, so its address is shown.
	redisInUse bool
	addrW      int // width of the address text the input was sized for
	redisAddr  string
}

// newConsole returns an unfocused console. complete returns the completions
// of a partial line (sim.Complete); it may be nil.
func newConsole(st *theme, keys keyMap, complete func(string) []string) consolePane {
	in := textinput.New()
	in.Prompt = textPrompt
	in.Placeholder = textPlaceholder
	in.CharLimit = lineLimit
	// The console owns ↑/↓ (history) and tab (completion).
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	c := consolePane{styles: st, keys: keys, input: in, complete: complete}
	c.SetStyles(st)
	return c
}

// SetStyles replaces the styles (after a background change).
func (c *consolePane) SetStyles(st *theme) {
	c.styles = st
	is := c.input.Styles()
	is.Focused.Prompt = st.Prompt
	is.Blurred.Prompt = st.Faint
	is.Cursor.Blink = false // a blinking cursor would tick while idle
	c.input.SetStyles(is)
}

// SetSize sets the console's width and height (input line plus output).
func (c *consolePane) SetSize(w, h int) {
	resized := max(w, 0) != c.width
	c.width, c.height = max(w, 0), max(h, 1)
	c.input.SetWidth(max(c.width-lipgloss.Width(textPrompt)-c.addrWidth()-2, 1))
	c.input.Placeholder = c.placeholder()
	if resized {
		c.wrapped = wrapOutput(c.output, c.width)
		c.ScrollOutput(0)
	}
}

// SetPaneHeight sets the height of the pane that shows long output (title
// line included), so paging moves by what the learner sees.
func (c *consolePane) SetPaneHeight(h int) {
	c.paneH = max(h, 2)
	c.ScrollOutput(0)
}

// SetRedisAddr shows the embedded Redis's address beside the input while
// the store is Redis (inUse); otherwise nothing shows there.
func (c *consolePane) SetRedisAddr(addr string, inUse bool) {
	c.redisInUse = inUse
	c.setRedis(addr, false)
}

// SetLiveRedisAddr shows a live server's Redis address; "" means its workers
// keep local dicts and no Redis runs.
func (c *consolePane) SetLiveRedisAddr(addr string) { c.setRedis(addr, true) }

func (c *consolePane) setRedis(addr string, live bool) {
	if addr != c.redisAddr || live != c.live || lipgloss.Width(c.addrText()) != c.addrW {
		c.addrW = lipgloss.Width(c.addrText())
		c.redisAddr, c.live = addr, live
		c.SetSize(c.width, c.height)
	}
}

func (c consolePane) addrText() string {
	switch {
	case !c.live && !c.redisInUse:
		return ""
	case c.redisAddr == "" && c.live:
		return textRedisNone
	case c.redisAddr == "":
		return textRedisNoAddr
	}
	return fmt.Sprintf(textRedisAddr, c.redisAddr)
}

func (c consolePane) addrWidth() int { return lipgloss.Width(c.addrText()) }

// Focus gives the console the keyboard.
func (c *consolePane) Focus() tea.Cmd {
	cmd := c.input.Focus()
	c.input.Placeholder = c.placeholder()
	return cmd
}

// Blur takes the keyboard away; the typed text stays.
func (c *consolePane) Blur() {
	c.input.Blur()
	c.input.Placeholder = c.placeholder()
}

// placeholder is the hint in the empty input line: the longest form that
// fits the line, never a sentence cut off.
func (c consolePane) placeholder() string {
	forms := placeholdersBlurred
	if c.input.Focused() {
		forms = placeholdersFocused
	}
	for _, f := range forms {
		if lipgloss.Width(f) < c.input.Width() {
			return f
		}
	}
	return ""
}

// The hints of the empty input line, longest first.
var (
	placeholdersBlurred = []string{textPlaceholder, textPlaceholderShort, textPlaceholderTiny}
	placeholdersFocused = []string{textPlaceholderFocused, textPlaceholderFocusedShort, textPlaceholderFocusedTiny}
)

// Focused reports whether the console has the keyboard.
func (c consolePane) Focused() bool { return c.input.Focused() }

// Value returns the text being typed.
func (c consolePane) Value() string { return c.input.Value() }

// SetValue replaces the text being typed.
func (c *consolePane) SetValue(s string) {
	c.input.SetValue(s)
	c.input.CursorEnd()
}

// History returns the submitted lines, oldest first.
func (c consolePane) History() []string { return c.history }

// Output returns the lines shown under the input and whether they are an error.
func (c consolePane) Output() ([]string, bool) { return c.output, c.outputErr }

// Forward hands msg to the console when it has focus (pastes, the cursor
// blink) and returns its command; an unfocused console takes nothing. A
// paste that does not fit in a line is cut at the line limit, and the
// console says how much was left out.
func (c *consolePane) Forward(msg tea.Msg) tea.Cmd {
	if !c.Focused() {
		return nil
	}
	before := len([]rune(c.input.Value()))
	cmd, _, _ := c.Update(msg)
	if p, ok := msg.(tea.PasteMsg); ok {
		after := len([]rune(c.input.Value()))
		if dropped := before + len([]rune(p.Content)) - after; dropped > 0 && after >= lineLimit {
			c.SetResult("", fmt.Errorf(textPasteCut, lineLimit, dropped))
		}
	}
	return cmd
}

// Update handles a message while the console is focused. When the user
// submits a line it is returned with submitted true; the caller runs it and
// reports back with SetResult.
func (c *consolePane) Update(msg tea.Msg) (cmd tea.Cmd, line string, submitted bool) {
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
func (c *consolePane) browse(delta int) {
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
func (c *consolePane) completeLine() {
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
func (c *consolePane) SetResult(text string, err error) {
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

// Clear empties the output under the input.
func (c *consolePane) Clear() { c.setOutput(nil, false) }

func (c *consolePane) setOutput(lines []string, isErr bool) {
	if len(lines) > outputCapacity {
		lines = lines[len(lines)-outputCapacity:]
	}
	c.output, c.outputErr = lines, isErr
	c.wrapped = wrapOutput(lines, c.width)
	c.scroll = 0
}

// Overflows reports whether the output has more lines than fit under the
// input while the console is in use: the screen then shows OutputView in a
// larger pane until the console is left.
func (c consolePane) Overflows() bool {
	return c.Focused() && len(c.wrapped) > c.height-1
}

// ScrollOutput moves the output pane by pages (dir < 0: up), keeping the
// last page full; 0 only clamps.
func (c *consolePane) ScrollOutput(dir int) {
	page := max(c.paneH-2, 1)
	c.scroll = min(max(c.scroll+dir*page, 0), max(len(c.wrapped)-(c.paneH-1), 0))
}

// ScrollNote says which lines the output pane shows and how to see the rest.
func (c consolePane) ScrollNote() string {
	h := max(c.paneH-1, 1)
	if len(c.wrapped) <= h {
		return textOutputHint
	}
	last := min(c.scroll+h, len(c.wrapped))
	return fmt.Sprintf(textOutputScroll, c.scroll+1, last, len(c.wrapped))
}

// OutputView renders the output from the scroll position in w × h.
func (c consolePane) OutputView(w, h int) string {
	out := c.wrapped[min(c.scroll, len(c.wrapped)):]
	if c.outputErr {
		out = slices.Clone(out[:min(len(out), h)])
		for i, l := range out {
			out[i] = c.styles.Error.Render(l)
		}
	}
	return fitBlock(strings.Join(out, "\n"), w, h)
}

// View renders the input line with the Redis address on the right, then as
// much of the output as fits; the last line says how much more there is.
func (c consolePane) View() string {
	if c.width <= 0 || c.height <= 0 {
		return ""
	}
	addr := c.styles.Faint.Render(c.addrText())
	in := fitLine(c.input.View(), max(c.width-lipgloss.Width(addr)-1, 0))
	lines := []string{fitLine(in+" "+addr, c.width)}
	room := c.height - 1
	out := c.wrapped
	if c.Overflows() {
		out = []string{c.styles.Faint.Render(textOutputAbove)}
	}
	for i, l := range out {
		if i == room {
			break
		}
		if i == room-1 && len(out) > room {
			l = c.styles.Faint.Render(fmt.Sprintf(textMoreLines, len(out)-room+1))
		} else if c.outputErr {
			l = c.styles.Error.Render(l)
		}
		lines = append(lines, l)
	}
	return fitBlock(strings.Join(lines, "\n"), c.width, c.height)
}

// wrapOutput wraps lines at w cells without cutting a word. A continuation
// line is indented under the second column of a two-column line (two or
// more spaces apart, as in help's usage and description); when that column
// starts past half the width, the second column goes on the next line.
func wrapOutput(lines []string, w int) []string {
	if w <= 0 {
		return slices.Clone(lines)
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if lipgloss.Width(l) <= w {
			out = append(out, l)
			continue
		}
		lead := len(l) - len(strings.TrimLeft(l, " "))
		head, rest, indent := l, "", min(max(lead, 2), w/2)
		if i := strings.Index(strings.TrimLeft(l, " "), "  "); i > 0 {
			i += len(l) - len(strings.TrimLeft(l, " "))
			j := i + len(l[i:]) - len(strings.TrimLeft(l[i:], " "))
			if col := lipgloss.Width(l[:j]); col <= w/2 {
				head, rest, indent = l[:j], l[j:], col
			} else {
				head, rest, indent = strings.TrimRight(l[:i], " "), l[j:], 4
			}
		}
		if rest == "" {
			first := strings.Split(lipgloss.Wrap(head, w, " "), "\n")
			out = append(out, first[0])
			if len(first) > 1 {
				rest = strings.Join(first[1:], " ")
			}
		} else if lipgloss.Width(head) > w {
			out = append(out, strings.Split(lipgloss.Wrap(head, w, " "), "\n")...)
		} else if indent == lipgloss.Width(head) {
			wr := strings.Split(lipgloss.Wrap(rest, w-indent, " "), "\n")
			out = append(out, head+wr[0])
			rest = strings.Join(wr[1:], " ")
		} else {
			out = append(out, head)
		}
		if rest == "" {
			continue
		}
		pad := strings.Repeat(" ", indent)
		for _, r := range strings.Split(lipgloss.Wrap(rest, max(w-indent, 1), " "), "\n") {
			out = append(out, pad+r)
		}
	}
	return out
}
