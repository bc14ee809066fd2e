package lessons

import "fmt"

// Lesson is one parsed lesson file.
type Lesson struct {
	ID       string
	Title    string
	Order    int      // position in the track (0 = after the numbered ones)
	Live     bool     // mode: live: the lesson runs on real worker processes
	Facts    []string // names of the FACTS.md entries the text rests on
	Setup    []Line   // commands run on a fresh cluster
	Stages   []Stage  // in order
	Hints    []string // revealed one at a time
	Solution []Line   // commands that complete every stage from the setup
	Django   string   // the Python the lesson stands for
	// Takeaway is shown when the lesson completes: two or three sentences on
	// what the learner saw and what it means in production.
	Takeaway string
	// Recap is a one-screen summary of the lessons so far, shown after this
	// one completes ("" for most lessons).
	Recap string
	Body  string // the lesson text (Markdown)

	File     string // where it was loaded from, for error messages
	IDLine   int    // line of the id key
	BodyLine int    // line where the body starts
	keyLine  map[string]int
}

// Line is one command-language line of a setup or solution block.
type Line struct {
	Text string
	Line int // line in the lesson file
}

// Stage is one step of a lesson: it completes when all its goals hold at once.
type Stage struct {
	Name  string
	Goals []Condition
	Line  int
}

// Error is a problem in a lesson file, located at a line.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error formats the problem as "file:line: message".
func (e *Error) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

func errAt(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// KeyLine returns the line of a top-level front-matter key (0 when absent).
func (l *Lesson) KeyLine(key string) int { return l.keyLine[key] }
