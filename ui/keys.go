package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the sandbox screen; the help screen and the
// help line render from it, so a binding exists in exactly one place.
type KeyMap struct {
	Pause      key.Binding // pause or resume virtual time
	Step       key.Binding // run one pending event
	Faster     key.Binding // double the speed
	Slower     key.Binding // halve the speed
	AddWorker  key.Binding // one more worker
	DropWorker key.Binding // one worker fewer
	Store      key.Binding // toggle store local / redis
	Kill       key.Binding // kill the selected worker
	Redis      key.Binding // take Redis down / bring it up
	Traffic    key.Binding // start / stop the traffic generator
	Prev       key.Binding // select the previous card
	Next       key.Binding // select the next card
	PageUp     key.Binding // previous page of cards
	PageDown   key.Binding // next page of cards
	Panel      key.Binding // switch the tabbed panel (small terminals)
	Console    key.Binding // focus the console
	Leave      key.Binding // leave the console or the help screen
	Submit     key.Binding // run the console line
	Complete   key.Binding // complete the console line
	HistPrev   key.Binding // older console line
	HistNext   key.Binding // newer console line
	Help       key.Binding // show or hide the help screen
	Quit       key.Binding // quit (q outside the console)
	ForceQuit  key.Binding // quit from anywhere
}

// DefaultKeyMap returns the sandbox's bindings. It is a function so no two
// screens share mutable bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Pause:      key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume")),
		Step:       key.NewBinding(key.WithKeys(".", "right"), key.WithHelp("./→", "step one event")),
		Faster:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower:     key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		AddWorker:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "add worker")),
		DropWorker: key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "remove worker")),
		Store:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "store local/redis")),
		Kill:       key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "kill selected worker")),
		Redis:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "redis down/up")),
		Traffic:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "traffic on/off")),
		Prev:       key.NewBinding(key.WithKeys("up", "left"), key.WithHelp("↑/←", "previous worker")),
		Next:       key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next worker")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "previous page")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "next page")),
		Panel:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "log/django panel")),
		Console:    key.NewBinding(key.WithKeys(":", "/"), key.WithHelp(": /", "console")),
		Leave:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave console")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run line")),
		Complete:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		HistPrev:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "older line")),
		HistNext:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "newer line")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp implements help.KeyMap: the one-line help under the screen.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Console, k.Pause, k.Step, k.Store, k.Kill, k.Traffic, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap: the columns of the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.Step, k.Faster, k.Slower, k.Traffic},
		{k.AddWorker, k.DropWorker, k.Store, k.Redis, k.Kill},
		{k.Prev, k.Next, k.PageUp, k.PageDown, k.Panel},
		{k.Console, k.Leave, k.Submit, k.Complete, k.HistPrev, k.HistNext},
		{k.Help, k.Quit, k.ForceQuit},
	}
}
