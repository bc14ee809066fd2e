package ui

// The package-level helpers of sim the UI uses, in one place.
var (
	simComplete = func(string) []string { return nil }
	simHelp     = func() string { return "" }
)
