package ui_test

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/workerlab/workerlab/sim"
	"github.com/workerlab/workerlab/ui"
)

// Example opens the sandbox over a simulated cluster of four workers, as
// `workerlab sandbox` does, and draws it at 80×24. A program hands the
// screen to Bubble Tea instead: tea.NewProgram(screen).Run().
func Example() {
	c, err := sim.New(sim.Config{Seed: 1, Settings: sim.Settings{Workers: 4}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var screen tea.Model = ui.NewSandbox(c)
	screen, _ = screen.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	view := screen.View()
	fmt.Println(strings.Count(view.Content, "\n")+1, "lines,", strings.Count(view.Content, "worker "), "worker cards")
	// Output: 24 lines, 4 worker cards
}
