package demo

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const goodDemo = `# title: A small demo
# about: Two steps.
# seed: 7
# any other comment

say Four workers. # the caption keeps this
workers 4
set k v   # a comment after a command
wait 2s
expect writes >= 1
pause

say
get k x4
wait 500ms
pause
pause
`

func TestParseGoodDemo(t *testing.T) {
	d, err := Parse("talks/small.demo", []byte(goodDemo))
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "small" || d.Title != "A small demo" || d.About != "Two steps." || d.Seed != 7 {
		t.Errorf("header = name %q title %q about %q seed %d", d.Name, d.Title, d.About, d.Seed)
	}
	if d.Steps != 2 {
		t.Errorf("steps = %d, want 2 (the trailing pauses wait for nothing)", d.Steps)
	}
	var kinds []Kind
	for _, l := range d.Lines {
		kinds = append(kinds, l.Kind)
	}
	want := []Kind{Say, Command, Command, Command, Expect, Pause, Say, Command, Command}
	if len(kinds) != len(want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds = %v, want %v", kinds, want)
		}
	}
	if d.Lines[0].Text != "Four workers. # the caption keeps this" || d.Lines[0].Num != 6 {
		t.Errorf("say line = %+v", d.Lines[0])
	}
	if c := d.Lines[2].Cmd; c.Verb != "set" || c.Key != "k" || c.Value != "v" {
		t.Errorf("set line parsed as %+v", c)
	}
	if d.Lines[6].Text != "" {
		t.Errorf("a bare say clears the caption; got %q", d.Lines[6].Text)
	}
	if got := d.Duration(); got != 2500*time.Millisecond {
		t.Errorf("duration = %v, want 2.5s", got)
	}
}

func TestParseDefaults(t *testing.T) {
	d, err := Parse("x/plain.demo", []byte("workers 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "plain" || d.Seed != 1 || d.Steps != 1 {
		t.Errorf("defaults: title %q seed %d steps %d", d.Title, d.Seed, d.Steps)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	long := strings.Repeat("x", MaxCaption+1)
	for _, tc := range []struct{ name, src, want string }{
		{"unknown verb", "workers 2\nfly away\n", `d.demo:2: unknown command "fly"`},
		{"unknown verb says demo words", "fly\n", "say TEXT, pause and expect COND"},
		{"bad argument", "\n\nworkers many\n", `d.demo:3: `},
		{"pause with words", "pause 5s\n", `d.demo:1: unexpected "5s" after pause`},
		{"expect empty", "say hi\nexpect\n", "d.demo:2: expect needs a claim"},
		{"expect unknown metric", "expect stale >= 1\n", `d.demo:1: expect: unknown metric "stale"`},
		{"expect no operator", "expect stale_reads 1\n", "d.demo:1: expect: goal"},
		{"caption too long", "say " + long + "\n", "d.demo:1: caption is 161 characters"},
		{"caption control", "say a\x1b[2Jb\n", "d.demo:1: caption: control character"},
		{"say with a tab is a say", "say\t\x07\n", "d.demo:1: caption: control character"},
		{"resume", "resume\n", "d.demo:1: resume is not used in a demo"},
		{"seed", "# seed: many\nworkers 1\n", `d.demo:1: seed "many"`},
		{"title too long", "# title: " + strings.Repeat("t", 81) + "\nworkers 1\n", "d.demo:1: title is 81 characters"},
		{"nothing to play", "# title: x\npause\nexpect workers == 4\n", "d.demo: nothing to play"},
		{"too much waiting", "wait 40m\nwait 30m\n", "d.demo:2: the waits add up to more than an hour"},
		{"not utf-8", "say \xff\n", "not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("d.demo", []byte(tc.src))
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := Parse("big.demo", []byte(strings.Repeat("workers 1\n", maxFileSize/10+1)))
	if err == nil || !strings.Contains(err.Error(), "at most") {
		t.Fatalf("err = %v, want a size limit", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodDemo))
	f.Add([]byte("say\npause\n"))
	f.Add([]byte("# seed: 18446744073709551615\nexpect hit_rate >= 0.5\nwait 1s\n"))
	ds, _ := Builtin()
	for _, d := range ds {
		if b, err := builtinFS.ReadFile("demos/" + d.Name + ".demo"); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("f.demo", data)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), "f.demo") {
				t.Fatalf("error %q (%T) is not an *Error naming the file", err, err)
			}
			return
		}
		pauses, plays := 0, false
		for i, l := range d.Lines {
			switch l.Kind {
			case Pause:
				pauses++
				if i == len(d.Lines)-1 {
					t.Fatal("accepted a demo ending in a pause")
				}
			case Command:
				plays = true
				if l.Cmd.Verb == "" || l.Cmd.Verb == "resume" {
					t.Fatalf("accepted command line %q as verb %q", l.Text, l.Cmd.Verb)
				}
			case Say:
				plays = true
				if len([]rune(l.Text)) > MaxCaption {
					t.Fatalf("accepted a caption of %d characters", len([]rune(l.Text)))
				}
			}
		}
		if !plays || d.Steps != pauses+1 || d.Title == "" || d.Duration() > maxTotalWait {
			t.Fatalf("accepted demo: plays %v, steps %d for %d pauses, title %q, waits %v", plays, d.Steps, pauses, d.Title, d.Duration())
		}
	})
}
