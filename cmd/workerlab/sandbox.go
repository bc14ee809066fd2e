package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSandboxCmd is replaced when the sandbox TUI lands.
func newSandboxCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "sandbox",
		Short: "Open a free-play cluster of workers (coming soon)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("sandbox: not available yet; use `workerlab run` for headless experiments")
		},
	}
}
