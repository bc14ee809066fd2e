package demo

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// Limits of a demo file.
const (
	maxFileSize  = 256 << 10 // bytes
	MaxCaption   = 160       // characters of one say line: three lines at 80 columns
	maxTitle     = 76        // characters of the title and the about line (demo --list indents it by 4)
	maxTotalWait = time.Hour // the waits of one demo add up to at most this
)

// namePattern is what a demo's name (its file name without .demo) may be.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Parse reads one demo. file names it in errors and gives its name (the base
// without .demo). Every command line is parsed, every expect line checked
// against the metric names, and the first problem returned as an *Error.
func Parse(file string, data []byte) (*Demo, error) {
	if len(data) > maxFileSize {
		return nil, errAt(file, 0, "file is %d bytes; a demo file is at most %d", len(data), maxFileSize)
	}
	if !utf8.Valid(data) {
		return nil, errAt(file, 0, "file is not UTF-8 text")
	}
	d := &Demo{Name: nameOf(file), File: file, Seed: 1, Steps: 1}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	header := true
	var waited time.Duration
	for i, raw := range strings.Split(string(data), "\n") {
		num := i + 1
		text := strings.TrimSpace(raw)
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "#") {
			if header {
				if err := d.headerLine(text, num); err != nil {
					return nil, err
				}
			}
			continue
		}
		header = false
		ln, err := parseLine(file, text, num)
		if err != nil {
			return nil, err
		}
		if ln.Kind == Command && ln.Cmd.Verb == "" {
			continue // a command with only a trailing comment
		}
		if ln.Kind == Command && ln.Cmd.Verb == "wait" {
			waited += ln.Cmd.Dur
			if waited > maxTotalWait {
				return nil, errAt(file, num, "the waits add up to more than an hour; a demo plays in front of a class")
			}
		}
		d.Lines = append(d.Lines, ln)
	}
	for len(d.Lines) > 0 && d.Lines[len(d.Lines)-1].Kind == Pause {
		d.Lines = d.Lines[:len(d.Lines)-1] // a pause at the end waits for nothing
	}
	plays := false
	for _, l := range d.Lines {
		switch l.Kind {
		case Pause:
			d.Steps++
		case Command, Say:
			plays = true
		}
	}
	if !plays {
		return nil, errAt(file, 0, "nothing to play: expected command lines or say lines")
	}
	if d.Title == "" {
		d.Title = d.Name
	}
	return d, nil
}

// nameOf is a file's base name without .demo.
func nameOf(file string) string {
	base := file[strings.LastIndexAny(file, `/\`)+1:]
	return strings.TrimSuffix(base, ".demo")
}

// headerLine reads "# key: value" in the top comment block; other comments
// are ignored.
func (d *Demo) headerLine(text string, num int) error {
	key, val, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(text, "#")), ":")
	key = strings.ToLower(strings.TrimSpace(key))
	val = strings.TrimSpace(val)
	if !ok {
		return nil
	}
	switch key {
	case "title", "about":
		if n := utf8.RuneCountInString(val); n > maxTitle {
			return errAt(d.File, num, "%s is %d characters; at most %d fit a line", key, n, maxTitle)
		}
		if err := printable(val); err != nil {
			return errAt(d.File, num, "%s: %v", key, err)
		}
		if key == "title" {
			d.Title = val
		} else {
			d.About = val
		}
	case "seed":
		n, err := strconv.ParseUint(val, 10, 64)
		if err != nil {
			return errAt(d.File, num, "seed %q: expected a whole number such as 1", val)
		}
		d.Seed = n
	}
	return nil
}

// parseLine reads one line that is not blank and not a comment.
func parseLine(file, text string, num int) (Line, error) {
	word, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		word, rest = text[:i], strings.TrimSpace(text[i:])
	}
	switch strings.ToLower(word) {
	case "say":
		if n := utf8.RuneCountInString(rest); n > MaxCaption {
			return Line{}, errAt(file, num, "caption is %d characters; at most %d (three lines on an 80-column projector)", n, MaxCaption)
		}
		if err := printable(rest); err != nil {
			return Line{}, errAt(file, num, "caption: %v", err)
		}
		return Line{Kind: Say, Text: rest, Num: num}, nil
	case "pause":
		if rest != "" && !strings.HasPrefix(rest, "#") {
			return Line{}, errAt(file, num, "unexpected %q after pause; in a demo, pause takes nothing and waits for the presenter (→ or space)", firstWord(rest))
		}
		return Line{Kind: Pause, Text: "pause", Num: num}, nil
	case "expect":
		if rest == "" {
			return Line{}, errAt(file, num, "expect needs a claim such as \"stale_reads >= 1\", counted from the step's start")
		}
		c, err := lessons.ParseCondition(rest)
		if err != nil {
			return Line{}, errAt(file, num, "expect: %v", err)
		}
		c.Line = num
		return Line{Kind: Expect, Text: text, Num: num, Expect: c}, nil
	case "resume":
		return Line{}, errAt(file, num, "resume is not used in a demo: the demo runs its own clock (wait D lets time pass, pause waits for the presenter)")
	}
	cmd, err := sim.Parse(text)
	if err != nil {
		var le *sim.LineError
		if errors.As(err, &le) {
			if _, known := sim.LookupVerb(word); !known {
				return Line{}, errAt(file, num, "%s; a demo also takes say TEXT, pause and expect COND", le.Msg)
			}
			return Line{}, errAt(file, num, "%s", le.Msg)
		}
		return Line{}, errAt(file, num, "%v", err)
	}
	return Line{Kind: Command, Text: text, Num: num, Cmd: cmd}, nil
}

// printable rejects control characters, which would draw over the screen.
func printable(s string) error {
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %q; expected plain text", r)
		}
	}
	return nil
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
