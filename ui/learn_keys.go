package ui

import "charm.land/bubbles/v2/key"

// LearnKeyMap is every key binding of the lesson track screen.
type LearnKeyMap struct {
	Up, Down   key.Binding // move in the lesson list
	Open       key.Binding // open the chosen lesson
	Back       key.Binding // back to the list (or leave the console)
	Hint       key.Binding // reveal the next hint
	Solution   key.Binding // show the solution, after a confirmation
	Next, Prev key.Binding // next / previous lesson
	Console    key.Binding // focus the console
	Pause      key.Binding // pause or resume virtual time
	TextUp     key.Binding // scroll the lesson text up
	TextDown   key.Binding // scroll the lesson text down
	Quit       key.Binding
	ForceQuit  key.Binding
}

// DefaultLearnKeyMap returns the lesson screen's bindings.
func DefaultLearnKeyMap() LearnKeyMap {
	return LearnKeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "lessons")),
		Hint:      key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hint")),
		Solution:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "solution")),
		Next:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n/p", "next/prev")),
		Prev:      key.NewBinding(key.WithKeys("p")),
		Console:   key.NewBinding(key.WithKeys(":", "/"), key.WithHelp(":", "console")),
		Pause:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause")),
		TextUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "scroll text")),
		TextDown:  key.NewBinding(key.WithKeys("pgdown")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c")),
	}
}

// ShortHelp implements help.KeyMap for the lesson screen.
func (k LearnKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Console, k.Hint, k.Solution, k.Next, k.Pause, k.TextUp, k.Back, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k LearnKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
