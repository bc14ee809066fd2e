package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newServeCmd is replaced when live mode lands.
func newServeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run a real pre-fork HTTP server you can curl (coming soon)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("serve: not available yet")
		},
	}
}

// newWorkerCmd is the hidden worker process of `serve`.
func newWorkerCmd() *cobra.Command {
	return &cobra.Command{Use: "worker", Hidden: true, RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("worker: started by `workerlab serve` only")
	}}
}
