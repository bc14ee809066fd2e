package demo

import (
	"fmt"
	"time"

	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/sim"
)

// Demo is one parsed demo script.
type Demo struct {
	Name  string // the file name without .demo: what `workerlab demo NAME` takes
	Title string
	About string // one line for --list
	Seed  uint64 // seed of the demo's cluster
	File  string // where it was read from, for messages
	Lines []Line // every line that does something, in order
	Steps int    // number of steps (pauses + 1)
}

// Kind says what a line of a demo does.
type Kind uint8

// Kinds of line.
const (
	Command Kind = iota + 1 // a command-language line, run on the cluster
	Say                     // set the caption
	Pause                   // wait for the presenter
	Expect                  // a claim checked by Check
)

// Line is one line of a demo.
type Line struct {
	Kind   Kind
	Text   string            // the line as written (trimmed); for Say, the caption
	Num    int               // 1-based line number in the file
	Cmd    sim.Command       // Command: the parsed line
	Expect lessons.Condition // Expect: the claim
}

// Error is a problem in a demo file, located at a line: the same
// "file:line: message" as a lesson file's.
type Error = lessons.Error

func errAt(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Duration is the virtual time the demo's wait lines add up to.
func (d *Demo) Duration() time.Duration {
	var t time.Duration
	for _, l := range d.Lines {
		if l.Kind == Command && l.Cmd.Verb == "wait" {
			t += l.Cmd.Dur
		}
	}
	return t
}
