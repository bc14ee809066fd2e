// Package asciicast records a terminal session as an asciicast v2 file, the
// format asciinema's player and `asciinema play` read
// (https://docs.asciinema.org/manual/asciicast/v2/): one JSON header line
// (version, width, height, timestamp, env), then one JSON array per event,
// [seconds, "o", data] for output and [seconds, "r", "COLSxROWS"] for a resize.
//
// A Recorder is an io.Writer: every Write becomes one output event stamped
// with the time since the recording started. Terminal wraps the real
// terminal so that a Bubble Tea program draws to the screen and to the
// recording at once while still seeing a terminal (it keeps Fd). Read parses a
// file back and checks it.
package asciicast
