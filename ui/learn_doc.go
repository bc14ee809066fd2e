package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/workerlab/workerlab/lessons"
)

// noteKind is something the learner asked for (or reached) in a lesson.
type noteKind uint8

const (
	noteHint        noteKind = iota // a hint, revealed with h
	noteNoMoreHints                 // h after the last hint
	noteConfirm                     // "show the solution?", after S
	noteSolution                    // the solution, after S and y
	noteDone                        // the lesson is complete: its takeaway
)

// note is one entry under the lesson text, in the order the learner asked.
type note struct {
	kind noteKind
	hint int // index of the hint (noteHint)
}

// lessonDoc is the left column's scrolling text, built in Update so View
// only slices it: the lesson, its Django code when it fits, then the notes.
type lessonDoc struct {
	lines    []string // each exactly the column's width
	lastNote int      // first line of the newest note (len(lines) when none)
	more     string   // the "more below" line, at the column's width
	blank    string   // an empty line, at the column's width
}

// addNote appends n (moving a single-use note to the end), rebuilds the
// text and scrolls so the new note shows whole: whatever the learner just
// asked for is on screen.
func (m *Learn) addNote(n note) {
	if n.kind != noteHint {
		m.notes = slices.DeleteFunc(m.notes, func(o note) bool { return o.kind == n.kind })
	}
	m.notes = append(m.notes, n)
	m.buildDoc()
	m.reveal()
}

// dropNote removes the notes of kind k.
func (m *Learn) dropNote(k noteKind) {
	m.notes = slices.DeleteFunc(m.notes, func(o note) bool { return o.kind == k })
	m.buildDoc()
}

// reveal scrolls the text so its newest note shows, whole if it fits.
func (m *Learn) reveal() {
	h := m.layout.docH
	start, end := m.doc.lastNote, len(m.doc.lines)
	if end-start <= h {
		m.textScroll = max(end-h, 0)
	} else {
		m.textScroll = start
	}
}

// scrollText moves the text by delta lines, within its length.
func (m *Learn) scrollText(delta int) {
	m.textScroll = min(max(m.textScroll+delta, 0), max(len(m.doc.lines)-m.layout.docH, 0))
}

// textPage is how far the text keys scroll: half the text's height.
func (m Learn) textPage() int { return max(m.layout.docH/2, 1) }

// buildDoc lays out the open lesson's text and notes at the text width.
func (m *Learn) buildDoc() {
	w := m.layout.textW
	if m.screen != screenLesson || w <= 0 {
		m.doc = lessonDoc{}
		return
	}
	l := m.lesson()
	var lines []string
	if text, ok := m.renders.get(m.textKey()); ok {
		lines = trimBlank(strings.Split(text, "\n"))
	} else {
		lines = []string{m.styles.Faint.Render(textLearnRendering)}
	}
	// What this screen adds sits at the margin glamour gives the text.
	in := w - docMargin
	if l.Django != "" {
		lines = append(lines, "")
		if code, fits := codeLines(l.Django, in-2); fits {
			lines = append(lines, margin(m.styles.Title.Render(textLearnDjangoHead)), "")
			for _, c := range code {
				lines = append(lines, margin("  "+m.styleCode(c)))
			}
		} else {
			lines = append(lines, margins(m.wrapStyled(m.styles.Faint, textLearnDjangoTab, in))...)
		}
	}
	doc := lessonDoc{lastNote: len(lines)}
	for _, n := range m.notes {
		lines = append(lines, "")
		doc.lastNote = len(lines)
		lines = append(lines, margins(m.noteLines(n, in))...)
	}
	for i, line := range lines {
		lines[i] = fitLine(line, w)
	}
	doc.lines = lines
	doc.more = fitLine(m.styles.Faint.Render(textLearnMoreText), w)
	doc.blank = strings.Repeat(" ", w)
	m.doc = doc
	m.scrollText(0)
}

// docMargin is the left margin of the lesson text (glamour's).
const docMargin = 2

func margin(s string) string { return strings.Repeat(" ", docMargin) + s }

func margins(lines []string) []string {
	for i, l := range lines {
		lines[i] = margin(l)
	}
	return lines
}

// noteLines renders one note at width w.
func (m *Learn) noteLines(n note, w int) []string {
	l := m.lesson()
	st := m.styles
	switch n.kind {
	case noteHint:
		head := st.Bold.Render(fmt.Sprintf(textLearnHint, n.hint+1, len(l.Hints)))
		return append([]string{head}, m.wrapStyled(lipglossNone, l.Hints[n.hint], w)...)
	case noteNoMoreHints:
		return m.wrapStyled(st.Faint, textLearnNoHints, w)
	case noteConfirm:
		return m.wrapStyled(st.Title, textLearnSolConfirm, w)
	case noteSolution:
		out := []string{st.Bold.Render(textLearnSolution)}
		for _, s := range wrapOutput(solutionText(l.Solution), w-2) {
			out = append(out, "  "+st.Code.Render(s))
		}
		return out
	case noteDone:
		return m.doneLines(w)
	}
	return nil
}

// doneLines is the box shown when the lesson completes: what the learner
// saw and what it means in production (the lesson's takeaway), then where to
// go next.
func (m *Learn) doneLines(w int) []string {
	l := m.lesson()
	st := m.styles
	inner := max(w-4, 1) // border and one space each side
	body := []string{st.Title.Render(textLearnComplete)}
	if l.Takeaway != "" {
		body = append(body, m.wrapStyled(lipglossNone, strings.Join(strings.Fields(l.Takeaway), " "), inner)...)
	}
	out := boxLines(st, body, w)
	next := textLearnFinished
	last := m.current+1 >= len(m.cfg.Lessons)
	switch {
	case l.Recap != "" && last:
		next = textLearnFinishedEndRecap
	case l.Recap != "":
		next = textLearnFinishedRecap
	case last:
		next = textLearnFinishedEnd
	}
	return append(out, m.wrapStyled(st.Bold, next, w)...)
}

// boxLines draws lines (each at most w-4 cells) in a rounded box w wide.
func boxLines(st *theme, lines []string, w int) []string {
	b := lipgloss.RoundedBorder()
	inner := max(w-2, 1)
	edge := func(s string) string { return st.Faint.Render(s) }
	out := []string{edge(b.TopLeft + strings.Repeat(b.Top, inner) + b.TopRight)}
	for _, l := range lines {
		out = append(out, edge(b.Left)+" "+fitLine(l, inner-2)+" "+edge(b.Right))
	}
	return append(out, edge(b.BottomLeft+strings.Repeat(b.Bottom, inner)+b.BottomRight))
}

// solutionText is the solution's lines as plain text.
func solutionText(sol []lessons.Line) []string {
	out := make([]string, len(sol))
	for i, s := range sol {
		out[i] = s.Text
	}
	return out
}

// lipglossNone draws text as it is.
var lipglossNone = lipgloss.NewStyle()

// wrapStyled wraps s at w cells, drawn in style, with inline code
// (`like this`) in the code style and never split across lines.
func (m *Learn) wrapStyled(style lipgloss.Style, s string, w int) []string {
	return wrapInline(style, m.styles.InlineCode, s, w)
}

// piece is a run of text drawn in one style; a word is pieces with no
// space between them (`set key0 hello`. is one word: code, then a dot).
type piece struct {
	text string
	code bool
}

// inlineWords splits s into words at spaces outside inline code; a code
// span is one piece however many spaces it holds. An unclosed backtick is
// kept as written.
func inlineWords(s string) [][]piece {
	parts := strings.Split(s, "`")
	closed := len(parts)%2 == 1
	var words [][]piece
	var cur []piece
	flush := func() {
		if len(cur) > 0 {
			words = append(words, cur)
			cur = nil
		}
	}
	for i, p := range parts {
		if i%2 == 1 && closed {
			cur = append(cur, piece{text: p, code: true})
			continue
		}
		if i > 0 && !closed {
			p = "`" + p
		}
		for j, f := range strings.Split(p, " ") {
			if j > 0 {
				flush()
			}
			if f != "" {
				cur = append(cur, piece{text: f})
			}
		}
	}
	flush()
	return words
}

// splitWide breaks a word wider than w at the spaces inside its code, the
// last resort for a command longer than the column.
func splitWide(word []piece, w int) [][]piece {
	width := 0
	for _, p := range word {
		width += ansi.StringWidth(p.text)
	}
	if width <= w {
		return [][]piece{word}
	}
	var out [][]piece
	var cur []piece
	for _, p := range word {
		if !p.code || !strings.Contains(p.text, " ") {
			cur = append(cur, p)
			continue
		}
		for i, f := range strings.Split(p.text, " ") {
			if i > 0 {
				out = append(out, cur)
				cur = nil
			}
			cur = append(cur, piece{text: f, code: true})
		}
	}
	return append(out, cur)
}

// wrapInline wraps s at w cells, plain text in style and code in code.
func wrapInline(style, code lipgloss.Style, s string, w int) []string {
	w = max(w, 1)
	var words [][]piece
	for _, word := range inlineWords(s) {
		words = append(words, splitWide(word, w)...)
	}
	var lines []string
	var b strings.Builder
	used := 0
	for _, word := range words {
		ww := 0
		for _, p := range word {
			ww += ansi.StringWidth(p.text)
		}
		if used > 0 && used+1+ww > w {
			lines = append(lines, b.String())
			b.Reset()
			used = 0
		}
		if used > 0 {
			b.WriteString(style.Render(" "))
			used++
		}
		for _, p := range word {
			if p.code {
				b.WriteString(code.Render(p.text))
			} else {
				b.WriteString(style.Render(p.text))
			}
		}
		used += ww
	}
	if used > 0 || len(lines) == 0 {
		lines = append(lines, b.String())
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = fitLine(l, w) // one word wider than the column
		}
	}
	return lines
}

// trimBlank drops blank lines at both ends.
func trimBlank(lines []string) []string {
	blank := func(s string) bool { return strings.TrimSpace(ansi.Strip(s)) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}
