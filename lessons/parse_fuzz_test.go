package lessons

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodLesson))
	f.Add([]byte("---\nid: x\n---\n"))
	f.Add([]byte("---\n&a [*a]\n---\n"))
	f.Add([]byte("---\nstages:\n  - name: a\n    goals: [\"x >= 1\"]\n---\n"))
	ls, _ := Builtin()
	for _, l := range ls {
		b, err := builtinFS.ReadFile(strings.TrimPrefix(l.File, "lessons/"))
		if err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("f.md", data)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "f.md:") {
				t.Fatalf("error %q does not start with the file name", err)
			}
			return
		}
		if l.ID == "" || l.Title == "" || len(l.Stages) == 0 || len(l.Solution) == 0 {
			t.Fatalf("accepted a lesson without id, title, stages or solution: %+v", l)
		}
		for _, st := range l.Stages {
			if len(st.Goals) == 0 {
				t.Fatalf("accepted a stage without goals")
			}
		}
	})
}
