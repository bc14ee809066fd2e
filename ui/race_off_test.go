//go:build !race

package ui

// raceOn is true when the tests run under the race detector.
const raceOn = false
