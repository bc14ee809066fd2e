package asciicast

import "fmt"

// Version is the asciicast format version this package writes and reads.
const Version = 2

// Header is the first line of an asciicast v2 file.
type Header struct {
	Version   int               `json:"version"`
	Width     int               `json:"width"`               // terminal columns at the start
	Height    int               `json:"height"`              // terminal rows at the start
	Timestamp int64             `json:"timestamp,omitempty"` // Unix time of the start
	Title     string            `json:"title,omitempty"`
	Env       map[string]string `json:"env,omitempty"` // TERM and SHELL, as asciinema records them
}

// check reports what is wrong with a header.
func (h Header) check() error {
	switch {
	case h.Version != Version:
		return fmt.Errorf("version %d; expected %d", h.Version, Version)
	case h.Width < 1 || h.Height < 1:
		return fmt.Errorf("size %dx%d; expected a width and height of at least 1", h.Width, h.Height)
	}
	return nil
}

// Event codes.
const (
	Output = "o" // data written to the terminal
	Input  = "i" // data typed (not recorded by this package, accepted by Read)
	Marker = "m" // a named point in the recording
	Resize = "r" // the terminal changed size; data is "COLSxROWS"
)
