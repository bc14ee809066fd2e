//go:build race

package ui

// raceOn is true when the tests run under the race detector, which makes
// the random walk about ten times slower.
const raceOn = true
