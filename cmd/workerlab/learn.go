package main

import (
	"github.com/spf13/cobra"
)

// learnOptions are the flags of `workerlab learn`.
type learnOptions struct{}

// newLearnCmd is replaced when the lesson track lands.
func newLearnCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "learn",
		Short: "Open the lesson track (coming soon)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLearn(cmd, learnOptions{})
		},
	}
}

// newLessonsCmd is replaced when the lesson track lands.
func newLessonsCmd() *cobra.Command {
	return &cobra.Command{Use: "lessons", Short: "List and check lesson files (coming soon)"}
}

// runLearn prints the help until the lesson track lands.
func runLearn(cmd *cobra.Command, _ learnOptions) error {
	return cmd.Root().Help()
}
