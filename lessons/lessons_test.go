package lessons

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBuiltinTrack checks the shape of the built-in track: 20 lessons in
// order, file names matching ids, hints, Django code and facts present, and
// the last one on real processes.
func TestBuiltinTrack(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"one-process", "four-copies", "who-answers", "restarts-forget", "preload-copies",
		"threads-race", "greenlets-race", "default-cache", "move-state-out", "nginx-balances", "redis-races",
		"changed-copy", "expiry", "cache-aside", "when-redis-dies", "how-many-workers", "scheduled-jobs",
		"jobs", "broadcast", "real-processes"}
	if len(ls) != len(want) {
		t.Fatalf("got %d lessons, want %d", len(ls), len(want))
	}
	for i, l := range ls {
		if l.ID != want[i] {
			t.Errorf("lesson %d is %q, want %q", i+1, l.ID, want[i])
		}
		if l.Order != i+1 {
			t.Errorf("%s: order %d, want %d", l.ID, l.Order, i+1)
		}
		if base := strings.TrimSuffix(filepath.Base(l.File), ".md"); base != l.ID {
			t.Errorf("%s: file name %s does not match the id", l.ID, l.File)
		}
		if len(l.Hints) < 2 || len(l.Hints) > 3 {
			t.Errorf("%s: %d hints, want 2 or 3", l.ID, len(l.Hints))
		}
		if len(l.Facts) == 0 || strings.TrimSpace(l.Django) == "" || l.Body == "" {
			t.Errorf("%s: facts, django and body must all be present", l.ID)
		}
		if strings.Contains(l.Body, "!") && !strings.Contains(l.Body, "!=") {
			t.Errorf("%s: the lesson text uses an exclamation mark", l.ID)
		}
		if l.Live != (l.ID == "real-processes") {
			t.Errorf("%s: live mode %v; only real-processes runs on real processes", l.ID, l.Live)
		}
	}
}

// TestTakeawaysAndRecaps checks what a lesson says when it completes: a
// takeaway of two or three sentences for every lesson, and a recap after
// lessons 4, 9, 16 and 20 only, none with an exclamation mark.
func TestTakeawaysAndRecaps(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sentenceEnd := regexp.MustCompile(`[.](\s|$)`)
	recaps := map[string]bool{"restarts-forget": true, "move-state-out": true, "how-many-workers": true, "real-processes": true}
	for _, l := range ls {
		if n := len(sentenceEnd.FindAllString(strings.TrimSpace(l.Takeaway), -1)); n < 2 || n > 3 {
			t.Errorf("%s: takeaway has %d sentences, want 2 or 3: %q", l.ID, n, l.Takeaway)
		}
		if recaps[l.ID] != (strings.TrimSpace(l.Recap) != "") {
			t.Errorf("%s: recap present = %v, want %v", l.ID, l.Recap != "", recaps[l.ID])
		}
		if lines := strings.Count(strings.TrimSpace(l.Recap), "\n") + 1; l.Recap != "" && lines > 20 {
			t.Errorf("%s: recap is %d lines, want one screen (at most 20)", l.ID, lines)
		}
		if strings.Contains(l.Takeaway+l.Recap, "!") {
			t.Errorf("%s: takeaway or recap uses an exclamation mark", l.ID)
		}
	}
}

// TestOneWordForStaleReads checks that every lesson whose goals count stale
// reads calls them stale reads in its text or hints, and that no lesson calls
// the master the arbiter.
func TestOneWordForStaleReads(t *testing.T) {
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		text := strings.ToLower(l.Body + " " + strings.Join(l.Hints, " ") + " " + l.Takeaway)
		for _, st := range l.Stages {
			for _, g := range st.Goals {
				if g.Metric == "stale_reads" && g.Op != "==" && g.Op != "<=" && !strings.Contains(text, "stale") {
					t.Errorf("%s: stage %q counts stale reads, but the text never calls them stale", l.ID, st.Name)
				}
			}
		}
		if strings.Contains(text+strings.ToLower(l.Django), "arbiter") {
			t.Errorf("%s: says arbiter; the learner meets it as the master", l.ID)
		}
	}
}

// TestDjangoIsPython compiles every lesson's Django code with python3.
func TestDjangoIsPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	ls, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		cmd := exec.Command(py, "-c", "import ast, sys; ast.parse(sys.stdin.read())")
		cmd.Stdin = strings.NewReader(l.Django)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: django code is not valid Python: %v\n%s", l.ID, err, out)
		}
	}
}

const goodLesson = `---
id: my-lesson
title: Mine
facts: [divergence]
setup:
  - workers 4
stages:
  - name: Break it
    goals:
      - stale_reads >= 1
hints:
  - Set then get.
solution:
  - set key0 hello
  - get key0 x8
django: |
  d = {}
---
Body text.
`

func TestParseGood(t *testing.T) {
	l, err := Parse("my.md", []byte(goodLesson))
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "my-lesson" || l.Title != "Mine" || l.Body != "Body text." {
		t.Errorf("parsed %q %q %q", l.ID, l.Title, l.Body)
	}
	if l.IDLine != 2 || l.Setup[0].Line != 6 || l.Stages[0].Goals[0].Line != 10 || l.Solution[1].Line != 15 {
		t.Errorf("lines: id %d setup %d goal %d solution %d, want 2 6 10 15",
			l.IDLine, l.Setup[0].Line, l.Stages[0].Goals[0].Line, l.Solution[1].Line)
	}
	g := l.Stages[0].Goals[0]
	if g.Metric != "stale_reads" || g.Op != ">=" || g.Want.Num != 1 {
		t.Errorf("goal = %+v", g)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"misspelt metric", "stale_reads >= 1", "stale_read >= 1", `my.md:10: unknown metric "stale_read" (known: `},
		{"bad operator", "stale_reads >= 1", "stale_reads => 1", `my.md:10: bad operator in goal "stale_reads => 1"`},
		{"single equals", "stale_reads >= 1", "stale_reads = 1", `my.md:10: bad operator`},
		{"word for count", "stale_reads >= 1", "stale_reads >= many", `my.md:10: goal "stale_reads >= many": "many" is not a number`},
		{"order on word", "stale_reads >= 1", "store >= redis", `my.md:10: goal "store >= redis": store is a word, compare it with == or !=`},
		{"misspelt word", "stale_reads >= 1", "store == reddis", `my.md:10: goal "store == reddis": "reddis" is not a value of store`},
		{"bad setup line", "  - workers 4", "  - wrokers 4", `my.md:6: setup line "wrokers 4": `},
		{"bad solution line", "  - get key0 x8", "  - gte key0 x8", `my.md:15: solution line "gte key0 x8": `},
		{"unknown key", "title: Mine", "titel: Mine", `my.md:3: unknown key "titel"`},
		{"unknown fact", "[divergence]", "[divergense]", `my.md:4: unknown fact "divergense"`},
		{"bad id", "id: my-lesson", "id: My Lesson", `my.md:2: id "My Lesson"`},
		{"no stages", "stages:", "stagez:", `my.md:7: unknown key "stagez"`},
		{"unclosed", "\n---\nBody", "\nBody", `my.md:1: front matter is not closed`},
		{"bad yaml", "title: Mine", "title: [Mine", `my.md:`},
		{"goal is a list", "      - stale_reads >= 1", "      - [a, b]", `my.md:10: goal: expected a single value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodLesson, tt.old, tt.new, 1)
			if src == goodLesson {
				t.Fatalf("replacement %q not found", tt.old)
			}
			_, err := Parse("my.md", []byte(src))
			if err == nil {
				t.Fatalf("Parse accepted the lesson, want error %q", tt.want)
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.want)
			}
		})
	}
}

func TestDuplicateID(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(goodLesson), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), `b.md:2: duplicate id "my-lesson" (also in `) {
		t.Fatalf("err = %v, want a duplicate id error at b.md:2", err)
	}
}

func TestLoadDirSkipsTranslations(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "my-lesson.md"), []byte(goodLesson), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "my-lesson.zh.md"), []byte("not a lesson"), 0o644); err != nil {
		t.Fatal(err)
	}
	ls, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || ls[0].ID != "my-lesson" {
		t.Fatalf("loaded %d lessons", len(ls))
	}
}

func TestMerge(t *testing.T) {
	mk := func(id string, order int) *Lesson { return &Lesson{ID: id, Order: order, Title: id} }
	builtin := []*Lesson{mk("a", 1), mk("b", 2), mk("c", 3)}
	own := []*Lesson{mk("z", 0), mk("b", 2), mk("x", 2)}
	own[1].Title = "mine"
	got := Merge(builtin, own)
	var ids []string
	for _, l := range got {
		ids = append(ids, l.ID)
	}
	if strings.Join(ids, ",") != "a,b,x,c,z" {
		t.Errorf("order = %v, want a,b,x,c,z", ids)
	}
	if got[1].Title != "mine" {
		t.Errorf("lesson b was not replaced by the learner's own")
	}
}
