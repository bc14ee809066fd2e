// Package experiment runs sweeps of simulated clusters headless: every point
// of a cross product of settings (workers 1..16 × store local,redis), each
// over several seeds, in parallel over the cores, and summarises what they
// measured (median, min and max of every metric).
//
// It imports no terminal package: `workerlab run` prints its results, and a
// screen can call Run with a context to cancel and a callback for progress.
// The result of a plan is the same whatever the number of cores.
package experiment
