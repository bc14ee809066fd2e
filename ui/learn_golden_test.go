package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/lessons"
)

// lessonState is a moment of a lesson a golden records.
type lessonState struct {
	name string
	do   func(f *learnFixture, l *lessons.Lesson)
}

// lessonStates are the moments every built-in lesson is drawn at: opened,
// with its third hint, with the solution prompt, and solved.
var lessonStates = []lessonState{
	{"first", func(*learnFixture, *lessons.Lesson) {}},
	{"hint3", func(f *learnFixture, _ *lessons.Lesson) { f.keys("h", "h", "h") }},
	{"solution-prompt", func(f *learnFixture, _ *lessons.Lesson) { f.keys("S") }},
	{"solved", func(f *learnFixture, l *lessons.Lesson) {
		for _, ln := range l.Solution {
			f.typeLine(ln.Text)
		}
	}},
}

// requestLine is a traffic log line of a request: the worker that answered
// comes first.
var requestLine = regexp.MustCompile(`│w\d+ +\S`)

// leftText is the text of the lesson screen's left column (w cells wide),
// its lines joined with single spaces and box borders dropped, so a sentence
// wrapped over lines reads whole.
func leftText(v string, w int) string {
	var parts []string
	for _, l := range strings.Split(v, "\n")[1:] {
		if r := []rune(l); len(r) > w && r[w] == '│' {
			parts = append(parts, strings.Trim(string(r[:w]), " │"))
		}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// TestLessonScreens draws every built-in lesson at 80×24 at each moment of
// lessonStates and checks what the learner must see: the goals, the traffic
// log, the footer's way out, what was just asked for, whole; and no line
// cut short (no …).
func TestLessonScreens(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range track {
		for _, st := range lessonStates {
			t.Run(l.ID+"/"+st.name, func(t *testing.T) {
				f := newLearnFixture(t, 80, 24)
				for range i {
					f.keys("down")
				}
				f.keys("enter")
				if f.m.run == nil || f.m.lesson().ID != l.ID {
					t.Fatalf("lesson %s did not open (start error %v)", l.ID, f.m.startErr)
				}
				st.do(f, l)
				raw := f.m.render()
				checkSize(t, raw, 80, 24)
				v := ansi.Strip(raw)
				lines := strings.Split(v, "\n")
				if len(lines) != 24 {
					t.Fatalf("%d lines, want 24", len(lines))
				}
				foot := lines[len(lines)-1]
				for _, want := range []string{"goals", textLogTitle} {
					if !strings.Contains(v, want) {
						t.Errorf("%q is not on the screen", want)
					}
				}
				if strings.Contains(v, "…") {
					t.Errorf("something is cut short (…)")
				}
				switch st.name {
				case "solution-prompt":
					if !strings.Contains(leftText(v, f.m.layout.leftW), textLearnSolConfirm) || !strings.Contains(foot, "ctrl+c quit") {
						t.Errorf("the whole prompt and the footer's way out must show")
					}
				default:
					for _, out := range []string{"esc lessons", "q quit", "? keys"} {
						if !strings.Contains(foot, out) {
							t.Errorf("the footer %q lacks %q", foot, out)
						}
					}
				}
				switch st.name {
				case "hint3":
					hint := strings.Join(strings.Fields(strings.ReplaceAll(l.Hints[2], "`", "")), " ")
					if !strings.Contains(v, "Hint 3/3") || !strings.Contains(leftText(v, f.m.layout.leftW), hint) {
						t.Errorf("hint 3 does not show whole: %q", hint)
					}
					if strings.Contains(v, "`") {
						t.Errorf("backticks show literally")
					}
				case "solved":
					if !f.m.run.Done() || !strings.Contains(v, textLearnComplete) {
						t.Errorf("the solution did not complete the lesson on screen (done=%v)", f.m.run.Done())
					}
					if !requestLine.MatchString(v) {
						t.Errorf("no request in the log starts with the worker that answered")
					}
				}
				golden.RequireEqual(t, v)
			})
		}
	}
}

// TestNewestNoteStaysInView: a hint revealed at the bottom of the text stays
// whole on screen when the goals below it grow (a stage starting over says
// why in a note that takes lines from the text).
func TestNewestNoteStaysInView(t *testing.T) {
	f := newLearnFixture(t, 80, 24)
	for range lessonIndex(t, f.m.cfg.Lessons, "threads-race") {
		f.keys("down")
	}
	f.keys("enter", "h", "h") // threads-race: two hints
	before := len(f.m.layout.goals)
	f.typeLine("class gthread 4")
	f.typeLine("incr hits x400 clients 8")
	f.advance(5 * time.Second)
	if len(f.m.layout.goals) <= before {
		t.Fatalf("the goals did not grow (%d lines, %d before): the test shows nothing", len(f.m.layout.goals), before)
	}
	v := ansi.Strip(f.m.render())
	hint := strings.Join(strings.Fields(strings.ReplaceAll(f.m.lesson().Hints[1], "`", "")), " ")
	if !strings.Contains(leftText(v, f.m.layout.leftW), hint) {
		t.Errorf("hint 2 left the screen when the goals grew:\n%s", v)
	}
}
