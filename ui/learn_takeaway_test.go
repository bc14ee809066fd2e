package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/lessons"
)

// fixtureLesson is a small lesson file: one stage done by one line, with a
// takeaway, and a recap when recap is not "".
func fixtureLesson(t *testing.T, id, title, recap string) *lessons.Lesson {
	t.Helper()
	src := fmt.Sprintf(`---
id: %s
title: %s
setup:
  - workers 2
stages:
  - name: Write once
    goals:
      - writes >= 1
hints:
  - "Type `+"`set key0 hello`"+`."
solution:
  - set key0 hello
  - wait 1s
takeaway: >
  Each worker kept its own copy of the write. In production that is a
  session that vanishes on one request in four.
`, id, title)
	if recap != "" {
		src += "recap: |\n"
		for _, l := range strings.Split(recap, "\n") {
			src += "  " + l + "\n"
		}
	}
	src += "---\n# " + title + "\n\nWrite a key.\n"
	l, err := lessons.Parse(id+".md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// solveFixture opens the first lesson of track and types its solution.
func solveFixture(t *testing.T, track []*lessons.Lesson, w, h int) *learnFixture {
	t.Helper()
	f := &learnFixture{}
	f.m = NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster})
	t.Cleanup(func() { f.m.Close() })
	f.update(tea.WindowSizeMsg{Width: w, Height: h})
	f.keys("enter")
	for _, ln := range track[0].Solution {
		f.typeLine(ln.Text)
	}
	if !f.m.run.Done() {
		t.Fatalf("the fixture's solution did not complete it: %+v", f.m.run.Status())
	}
	return f
}

// TestTakeawayAfterCompletion: a completed lesson shows its takeaway whole
// in a box, with where to go next.
func TestTakeawayAfterCompletion(t *testing.T) {
	track := []*lessons.Lesson{fixtureLesson(t, "one", "One", ""), fixtureLesson(t, "two", "Two", "")}
	f := solveFixture(t, track, 80, 24)
	v := ansi.Strip(f.m.render())
	want := strings.Join(strings.Fields(track[0].Takeaway), " ")
	if got := leftText(v, f.m.layout.leftW); !strings.Contains(got, textLearnComplete) || !strings.Contains(got, want) {
		t.Errorf("the takeaway %q does not show whole:\n%s", want, v)
	}
	if !strings.Contains(v, textLearnFinished) {
		t.Errorf("no way on after the takeaway:\n%s", v)
	}
	golden.RequireEqual(t, v)
	f.keys("n")
	if f.m.lesson().ID != "two" || f.m.showRecap {
		t.Errorf("n after a lesson without a recap opened %q (recap %v), want the next lesson", f.m.lesson().ID, f.m.showRecap)
	}
}

// TestRecapAfterLessonsThatHaveOne: n after a lesson with a recap shows the
// recap on one screen; n again goes on, esc returns to the lesson.
func TestRecapAfterLessonsThatHaveOne(t *testing.T) {
	recap := "# So far\n\n- A module-level dict exists once **per worker**.\n- Restarts wipe it.\n- Threads share it, and race."
	track := []*lessons.Lesson{fixtureLesson(t, "one", "One", recap), fixtureLesson(t, "two", "Two", "")}
	f := solveFixture(t, track, 80, 24)
	if v := ansi.Strip(f.m.render()); !strings.Contains(leftText(v, f.m.layout.leftW), textLearnFinishedRecap) {
		t.Fatalf("the completion does not say a recap comes next:\n%s", v)
	}
	f.keys("n")
	v := ansi.Strip(f.m.render())
	if !f.m.showRecap || f.m.lesson().ID != "one" {
		t.Fatalf("n did not open the recap")
	}
	for _, want := range []string{textLearnRecapTitle, "per worker", "Restarts wipe it.", "Threads share it, and race."} {
		if !strings.Contains(v, want) {
			t.Errorf("the recap lacks %q:\n%s", want, v)
		}
	}
	checkSize(t, v, 80, 24)
	golden.RequireEqual(t, v)
	f.keys("esc")
	if f.m.showRecap || f.m.screen != screenLesson {
		t.Errorf("esc did not return from the recap to the lesson")
	}
	f.keys("n", "n")
	if f.m.lesson().ID != "two" {
		t.Errorf("n from the recap opened %q, want the next lesson", f.m.lesson().ID)
	}
}

// The last lesson of the track with a recap offers the recap, never a next
// lesson that does not exist, and n or esc returns from it.
func TestRecapAfterTheLastLesson(t *testing.T) {
	track := []*lessons.Lesson{fixtureLesson(t, "one", "One", "# So far\n\n- The end.")}
	f := solveFixture(t, track, 80, 24)
	v := ansi.Strip(f.m.render())
	if !strings.Contains(leftText(v, f.m.layout.leftW), textLearnFinishedEndRecap) || strings.Contains(v, "next lesson") {
		t.Fatalf("the last lesson's completion should offer the recap and no next lesson:\n%s", v)
	}
	f.keys("n")
	v = ansi.Strip(f.m.render())
	if !f.m.showRecap || !strings.Contains(v, textLearnRecapNoteLast) || strings.Contains(v, "next lesson") {
		t.Fatalf("the recap after the last lesson should say n or esc returns:\n%s", v)
	}
	f.keys("n")
	if f.m.showRecap || f.m.lesson().ID != "one" {
		t.Errorf("n from the last recap should return to the lesson")
	}
}
