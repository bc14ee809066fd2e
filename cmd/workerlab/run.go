package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newRunCmd() *cobra.Command {
	return &cobra.Command{Use: "run", Short: "Run a simulated cluster headless and print metrics", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("run: in progress")
	}}
}
