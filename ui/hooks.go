package ui

import "github.com/workerlab/workerlab/sim"

// The package-level helpers of sim the UI uses, in one place.
var (
	simComplete    = sim.Complete
	simHelpEntries = sim.HelpEntries
	simVerbs       = sim.Verbs
)
