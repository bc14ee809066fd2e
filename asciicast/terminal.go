package asciicast

import "github.com/charmbracelet/x/term"

// Terminal is a terminal whose output is also recorded. It passes reads,
// Fd and Close to the terminal, so a program that checks for a terminal
// (Bubble Tea sizes itself and picks colours from Fd) behaves as it would
// without the recording.
type Terminal struct {
	term.File
	rec *Recorder
}

// NewTerminal returns f with every write also recorded by rec.
func NewTerminal(f term.File, rec *Recorder) *Terminal {
	return &Terminal{File: f, rec: rec}
}

// Write writes p to the terminal, then records what the terminal took.
func (t *Terminal) Write(p []byte) (int, error) {
	n, err := t.File.Write(p)
	if n > 0 {
		t.rec.Write(p[:n]) // a failing recording must not stop the screen; Close reports it
	}
	return n, err
}
