package ui

import "github.com/workerlab/workerlab/sim"

// The package-level helpers of sim the UI uses, in one place.
var (
	simComplete = sim.Complete
	simHelp     = sim.Help
	simVerbs    = sim.Verbs
)
