package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// learnFixture is a lesson screen over the built-in track whose saves are
// recorded instead of written.
type learnFixture struct {
	m     Learn
	saved []*lessons.Progress
}

func newLearnFixture(t *testing.T, w, h int) *learnFixture {
	t.Helper()
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	f := &learnFixture{}
	f.m = NewLearn(LearnConfig{
		Lessons:    track,
		Progress:   lessons.NewProgress(),
		Save:       func(p *lessons.Progress) error { f.saved = append(f.saved, p); return nil },
		NewCluster: lessons.NewCluster,
		// The simulation stands in for real processes in a live lesson.
		NewLiveCluster: func() (sim.Cluster, error) { return lessons.NewCluster(1) },
		Now:            func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	})
	t.Cleanup(func() { f.m.Close() })
	f.update(tea.WindowSizeMsg{Width: w, Height: h})
	return f
}

// update feeds msg, then runs the commands that finish at once: lesson
// rendering and progress saving (never the animation tick).
func (f *learnFixture) update(msg tea.Msg) {
	nm, _ := f.m.Update(msg)
	f.m = nm.(Learn)
	f.rendered(f.m.renderCmd())
}

// rendered runs a render command (one, or a batch) and hands its results
// to the screen.
func (f *learnFixture) rendered(c tea.Cmd) {
	if c == nil {
		return
	}
	switch msg := c().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			f.rendered(c)
		}
	case lessonRenderedMsg:
		nm, _ := f.m.Update(msg)
		f.m = nm.(Learn)
	}
}

func (f *learnFixture) keys(ks ...string) {
	for _, k := range ks {
		f.update(press(k))
	}
}

func (f *learnFixture) typeLine(s string) {
	f.keys(":")
	for _, r := range s {
		f.update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	f.keys("enter", "esc")
}

// advance lets d of virtual time pass and checks the goals, as a tick does.
func (f *learnFixture) advance(d time.Duration) {
	f.m.driver.Cluster().Advance(d, 0)
	f.m.driver.refresh()
	f.m.refresh()
	if c := f.m.observe(); c != nil {
		nm, _ := f.m.Update(c())
		f.m = nm.(Learn)
	}
}

func TestLearnScreen(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			f := newLearnFixture(t, sz.w, sz.h)
			list := f.m.render()
			checkSize(t, list, sz.w, sz.h)
			golden.RequireEqual(t, []byte(ansi.Strip(list)))

			f.keys("down", "enter", "h")
			f.typeLine("set key0 hello")
			f.advance(time.Second)
			view := f.m.render()
			checkSize(t, view, sz.w, sz.h)
			if got := strings.Count(ansi.Strip(view), "\n") + 1; got != sz.h {
				t.Fatalf("lesson screen has %d lines, want %d", got, sz.h)
			}
			t.Run("lesson", func(t *testing.T) { golden.RequireEqual(t, []byte(ansi.Strip(view))) })
		})
	}
}

func TestLearnFlowCompletesLessonTwo(t *testing.T) {
	f := newLearnFixture(t, 100, 30)
	if f.m.cursor != 0 {
		t.Fatalf("cursor starts on %d, want the first lesson", f.m.cursor)
	}
	f.keys("down", "enter")
	if f.m.screen != screenLesson || f.m.lesson().ID != "four-copies" {
		t.Fatalf("opened %q", f.m.lesson().ID)
	}
	f.keys("h", "h")
	if v := ansi.Strip(f.m.render()); !strings.Contains(v, "Hint 2/3") {
		t.Fatalf("two hints not shown:\n%s", v)
	}
	if f.m.cfg.Progress.Lessons["four-copies"].Hints != 2 {
		t.Errorf("hints not recorded in progress")
	}
	f.keys("S")
	if v := ansi.Strip(f.m.render()); !strings.Contains(v, "Show the solution?") {
		t.Fatalf("no confirmation before the solution")
	}
	f.keys("x")
	if f.m.showSol {
		t.Fatal("solution shown without a yes")
	}
	f.keys("S", "y")
	if v := ansi.Strip(f.m.render()); !strings.Contains(v, "get key0 x20") {
		t.Fatalf("solution not shown after y:\n%s", v)
	}
	f.typeLine("set key0 hello")
	f.advance(time.Second)
	if f.m.run.Done() {
		t.Fatal("lesson done before any stale read")
	}
	f.typeLine("get key0 x20")
	f.advance(time.Second)
	if !f.m.run.Done() || !f.m.cfg.Progress.IsDone("four-copies") {
		t.Fatalf("lesson not done after following the hints: %+v", f.m.run.Status())
	}
	if len(f.saved) == 0 || !f.saved[len(f.saved)-1].IsDone("four-copies") {
		t.Fatal("completion was not saved")
	}
	if v := ansi.Strip(f.m.render()); !strings.Contains(v, textLearnComplete) || !strings.Contains(v, textLearnFinished) {
		t.Fatalf("completion not announced:\n%s", v)
	}
	f.keys("n")
	if f.m.lesson().ID != "who-answers" || f.m.hints != 0 || f.m.showSol {
		t.Fatalf("n opened %q (hints %d, solution %v)", f.m.lesson().ID, f.m.hints, f.m.showSol)
	}
	f.keys("p")
	if f.m.lesson().ID != "four-copies" || f.m.run.Done() {
		t.Fatalf("p opened %q, done=%v (want a fresh attempt)", f.m.lesson().ID, f.m.run.Done())
	}
	f.keys("esc")
	if v := ansi.Strip(f.m.render()); f.m.screen != screenList || !strings.Contains(v, "✓  2  Four workers") {
		t.Fatalf("list does not mark lesson 2 done:\n%s", v)
	}
}

func TestLearnStartError(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := NewLearn(LearnConfig{Lessons: track, NewCluster: func(uint64) (sim.Cluster, error) {
		return nil, fmt.Errorf("no cluster today")
	}})
	nm, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	nm, _ = nm.Update(press("enter"))
	v := ansi.Strip(nm.(Learn).render())
	if !strings.Contains(v, "no cluster today") {
		t.Fatalf("start error not shown:\n%s", v)
	}
}

// TestLessonResumesAtTheStageReached: a lesson begun before reopens at the
// stage reached, with the hints revealed then; a lesson done reopens fresh.
func TestLessonResumesAtTheStageReached(t *testing.T) {
	f := newLearnFixture(t, 80, 24)
	p := f.m.cfg.Progress
	p.MarkStage("threads-race", 1)
	p.MarkHints("threads-race", 2)
	for range lessonIndex(t, f.m.cfg.Lessons, "threads-race") {
		f.keys("down")
	}
	f.keys("enter")
	if f.m.lesson().ID != "threads-race" || f.m.run.Stage() != 1 || f.m.hints != 2 {
		t.Fatalf("opened %s at stage %d with %d hints, want threads-race at stage 1 with 2", f.m.lesson().ID, f.m.run.Stage(), f.m.hints)
	}
	v := ansi.Strip(f.m.render())
	if !strings.Contains(v, fmt.Sprintf(textLearnResumed, 2, 3)) || !strings.Contains(v, "✓ Lose updates across I/O") {
		t.Errorf("the screen does not say it resumed at stage 2:\n%s", v)
	}
	f.m.scrollText(1 << 20)
	if l := leftText(ansi.Strip(f.m.render()), f.m.layout.leftW); !strings.Contains(l, "Hint 2/3") {
		t.Errorf("the hints revealed before are not under the text:\n%s", l)
	}
	p.MarkDone("threads-race", time.Now())
	f.keys("esc", "enter")
	if f.m.run.Stage() != 0 || f.m.run.Done() {
		t.Errorf("a lesson done before reopened at stage %d (done %v), want a fresh attempt", f.m.run.Stage(), f.m.run.Done())
	}
}

// At 80×24 the list of twenty lessons scrolls so that the chosen one shows,
// saying how many are hidden above or below.
func TestLessonListFollowsTheCursor(t *testing.T) {
	f := newLearnFixture(t, 80, 24)
	n := len(f.m.cfg.Lessons)
	if n < 20 {
		t.Fatalf("%d lessons; the test needs a list longer than the screen", n)
	}
	v := ansi.Strip(f.m.render())
	if !strings.Contains(v, "↓") || strings.Contains(v, f.m.cfg.Lessons[n-1].Title) {
		t.Fatalf("at the top, the last lesson should be hidden behind a ↓ line:\n%s", v)
	}
	for range n - 1 {
		f.keys("down")
	}
	v = ansi.Strip(f.m.render())
	last := f.m.cfg.Lessons[n-1].Title
	if !strings.Contains(v, last) || !strings.Contains(v, "↑") || strings.Contains(v, f.m.cfg.Lessons[0].Title+" ") {
		t.Fatalf("at the bottom, %q should show with a ↑ line above:\n%s", last, v)
	}
	for i := range n {
		if s, e := listWindow(n, i, 17); i <= s && s > 0 || i >= e-1 && e < n || e-s != 17 {
			t.Fatalf("listWindow(%d, %d, 17) = %d, %d: the cursor sits on a marker row or the window is not full", n, i, s, e)
		}
	}
}

// lessonIndex is the position of the lesson with id in track.
func lessonIndex(t *testing.T, track []*lessons.Lesson, id string) int {
	t.Helper()
	for i, l := range track {
		if l.ID == id {
			return i
		}
	}
	t.Fatalf("no lesson %q in the track", id)
	return -1
}

// A lesson on real processes, where the caller cannot start them, opens to
// a message that says so and what to do instead, whole at 80×24.
func TestLiveLessonSaysWhenItCannotRun(t *testing.T) {
	f := newLearnFixture(t, 80, 24)
	f.m.cfg.NewLiveCluster = nil
	for range lessonIndex(t, f.m.cfg.Lessons, "real-processes") {
		f.keys("down")
	}
	f.keys("enter")
	m := f.m
	if m.run != nil || m.startErr == nil {
		t.Fatalf("the live lesson started without a way to start real processes")
	}
	v := ansi.Strip(m.render())
	var right []string
	for _, l := range strings.Split(v, "\n") {
		if _, after, ok := strings.Cut(l, "│"); ok {
			right = append(right, after)
		}
	}
	text := strings.Join(strings.Fields(strings.Join(right, " ")), " ")
	for _, want := range []string{"real worker processes, which cannot start here", "workerlab learn in a terminal of your own", "workerlab serve -w 4"} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "…") || strings.Contains(v, "`") {
		t.Errorf("the message is cut or shows backticks:\n%s", v)
	}
	checkSize(t, m.render(), 80, 24)
}

// `workerlab learn LESSON` opens that lesson at once instead of the list.
func TestLearnOpensTheLessonAsked(t *testing.T) {
	track, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := NewLearn(LearnConfig{Lessons: track, NewCluster: lessons.NewCluster, Open: "threads-race"})
	t.Cleanup(func() { m.Close() })
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok {
		t.Fatal("Init with a lesson to open should batch the colour query and the opening")
	}
	var nm tea.Model = m
	for _, c := range batch {
		if msg, ok := c().(openLessonMsg); ok {
			nm, _ = nm.Update(msg)
		}
	}
	m = nm.(Learn)
	if m.screen != screenLesson || m.lesson().ID != "threads-race" {
		t.Fatalf("screen %v showing %q, want the lesson screen on threads-race", m.screen, m.lesson().ID)
	}
	if _, ok := NewLearn(LearnConfig{Lessons: track}).Init()().(tea.BatchMsg); ok {
		t.Error("Init without a lesson to open should only query the colour")
	}
}
