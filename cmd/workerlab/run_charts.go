package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/charmbracelet/colorprofile"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/experiment/chart"
)

// writePlots prints the text charts of a result, 80 columns wide, after the
// table, through w: a colour-profile writer for the output
// (colorprofile.NewWriter(out, os.Environ())), so NO_COLOR, a pipe or a file
// get no colour.
func writePlots(w *colorprofile.Writer, res experiment.Result, x string) error {
	charts, err := chart.FromResult(res, x)
	if err != nil {
		return usageError{err}
	}
	for _, c := range charts {
		if _, err := fmt.Fprint(w, "\n"+chart.Text(c, tableWidth)+"\n"); err != nil {
			return fmt.Errorf("writing the charts: %w", err)
		}
	}
	return nil
}

// writeChartFile writes the charts of a result to path as SVG or PNG,
// through a temporary file renamed into place, so a failed write leaves no
// half image behind.
func writeChartFile(path, format string, res experiment.Result, x string) error {
	charts, err := chart.FromResult(res, x)
	if err != nil {
		return usageError{err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing --out %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := chart.WriteImage(tmp, charts, format); err != nil {
		tmp.Close()
		return fmt.Errorf("writing --out %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing --out %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing --out %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing --out %s: %w", path, err)
	}
	return nil
}
