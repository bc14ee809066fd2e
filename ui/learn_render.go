package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// renderCacheSize bounds the Markdown renderings kept: the current width and
// a few recent ones (a terminal resized back and forth), never one per width
// the terminal has had.
const renderCacheSize = 4

// renderKey identifies one glamour rendering of a lesson text.
type renderKey struct {
	id    string // lesson id, or recapPrefix + lesson id
	width int
	dark  bool
	ascii bool
}

// recapPrefix marks the render key of a lesson's recap.
const recapPrefix = "recap/"

// renderCache keeps the most recently used renderings, at most size of them.
type renderCache struct {
	size  int
	order []renderKey // least recently used first
	texts map[renderKey]string
}

func newRenderCache(size int) renderCache {
	return renderCache{size: max(size, 1), texts: map[renderKey]string{}}
}

// get returns the rendering for k and marks it recently used.
func (c *renderCache) get(k renderKey) (string, bool) {
	s, ok := c.texts[k]
	if ok {
		c.touch(k)
	}
	return s, ok
}

// has reports whether a rendering for k is kept.
func (c *renderCache) has(k renderKey) bool {
	_, ok := c.texts[k]
	return ok
}

// put keeps the rendering for k, dropping the least recently used one when
// the cache is full.
func (c *renderCache) put(k renderKey, text string) {
	c.texts[k] = text
	c.touch(k)
	for len(c.order) > c.size {
		delete(c.texts, c.order[0])
		c.order = slices.Delete(c.order, 0, 1)
	}
}

// peek returns the rendering for k without marking it used (for View).
func (c *renderCache) peek(k renderKey) (string, bool) {
	s, ok := c.texts[k]
	return s, ok
}

// len returns how many renderings are kept.
func (c *renderCache) len() int { return len(c.texts) }

func (c *renderCache) touch(k renderKey) {
	if i := slices.Index(c.order, k); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
	c.order = append(c.order, k)
}

// textKey is the render key of the open lesson's text at the text width.
func (m Learn) textKey() renderKey {
	return renderKey{id: m.lesson().ID, width: m.layout.textW, dark: m.isDark, ascii: m.ascii}
}

// recapKey is the render key of the open lesson's recap at the body width.
func (m Learn) recapKey() renderKey {
	return renderKey{id: recapPrefix + m.lesson().ID, width: m.layout.recapW, dark: m.isDark, ascii: m.ascii}
}

// renderCmd renders, in a command, the open lesson's text at the text
// pane's width and its recap (once the lesson is done), unless cached.
func (m Learn) renderCmd() tea.Cmd {
	if m.screen != screenLesson || m.layout.textW <= 0 {
		return nil
	}
	l := m.lesson()
	var cmds []tea.Cmd
	if k := m.textKey(); !m.renders.has(k) {
		cmds = append(cmds, renderCmd(k, lessonMarkdown(dropTitle(l.Body, l.Title))))
	}
	if k := m.recapKey(); l.Recap != "" && (m.lastStatus.Done || m.showRecap) && !m.renders.has(k) {
		cmds = append(cmds, renderCmd(k, lessonMarkdown(l.Recap)))
	}
	return tea.Batch(cmds...)
}

// joinSoftBreaks joins each line that continues a paragraph or list item to
// the line before it. Blank lines, code fences and lines that start a block
// (a heading, a list item, a quote, a table row) stay where they are, and so
// does a line after a hard break (two trailing spaces).
func joinSoftBreaks(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fenced := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			fenced = !fenced
			out = append(out, l)
			continue
		}
		if n := len(out); n > 0 && !fenced && t != "" && !startsBlock(t) {
			prev, pt := out[n-1], strings.TrimSpace(out[n-1])
			if pt != "" && !strings.HasSuffix(prev, "  ") && !strings.HasPrefix(pt, "#") && !strings.HasPrefix(pt, "```") {
				out[n-1] = prev + " " + t
				continue
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// startsBlock reports whether a trimmed line opens a Markdown block.
func startsBlock(t string) bool {
	for _, p := range []string{"- ", "* ", "+ ", "#", ">", "|", "```"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

// renderCmd renders md for k in a command.
func renderCmd(k renderKey, md string) tea.Cmd {
	return func() tea.Msg {
		text, err := renderMarkdown(md, k.width, k.dark, k.ascii)
		return lessonRenderedMsg{key: k, text: text, err: err}
	}
}

// Inline code must never be split across lines (`gunicorn -w 4`, a command
// to type): its spaces and hyphens become non-breaking before glamour wraps
// the text, and are put back after.
var (
	unbreak = strings.NewReplacer(" ", "\u00a0", "-", "\u2011")
	rebreak = strings.NewReplacer("\u00a0", " ", "\u2011", "-")
)

// lessonMarkdown prepares lesson Markdown for glamour: a line that only
// continues the one before (a soft break) is joined to it, since glamour keeps
// such breaks inside list items; inline code spans keep their words together.
func lessonMarkdown(md string) string {
	md = joinSoftBreaks(md)
	parts := strings.Split(md, "`")
	if len(parts)%2 == 0 {
		return md // an unclosed backtick: leave the text as written
	}
	for i := 1; i < len(parts); i += 2 {
		parts[i] = unbreak.Replace(parts[i])
	}
	return strings.Join(parts, "`")
}

// markdownStyle is glamour's dark or light style with inline code drawn
// without the padding spaces around it (they read as stray spaces before a
// full stop, and the code's colour marks it already).
func markdownStyle(dark, ascii bool) gansi.StyleConfig {
	cfg := styles.LightStyleConfig
	switch {
	case ascii:
		return styles.ASCIIStyleConfig // code keeps its backticks there
	case dark:
		cfg = styles.DarkStyleConfig
	}
	cfg.Code.Prefix, cfg.Code.Suffix = "", ""
	return cfg
}

// dropTitle removes a first-level heading that repeats title at the top of
// md: the screen's header already names the lesson.
func dropTitle(md, title string) string {
	trimmed := strings.TrimLeft(md, "\n")
	first, rest, _ := strings.Cut(trimmed, "\n")
	if strings.TrimSpace(strings.TrimPrefix(first, "# ")) == title && strings.HasPrefix(first, "# ") {
		return rest
	}
	return md
}

// renderMarkdown renders md with glamour, wrapped to width cells, in
// glamour's ASCII style when ascii.
func renderMarkdown(md string, width int, dark, ascii bool) (string, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStyles(markdownStyle(dark, ascii)), glamour.WithWordWrap(width))
	if err != nil {
		return "", fmt.Errorf("creating the markdown renderer: %w", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("rendering the lesson text: %w", err)
	}
	return rebreak.Replace(out), nil
}
