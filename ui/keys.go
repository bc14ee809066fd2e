package ui

import "charm.land/bubbles/v2/key"

// keyMap is every key binding of both screens, the sandbox and the lesson
// track: a key is defined here once, and each screen's help and footer are
// built from these bindings. Every action can be done with a key that the
// Windows console sends as well as a Unix terminal (printable characters,
// arrows, page keys, enter, esc, tab, ctrl+c): see keys_wincon_test.go.
type keyMap struct {
	// Time, on both screens.
	Pause  key.Binding // pause or resume virtual time
	Step   key.Binding // run one pending event
	Faster key.Binding // double the speed
	Slower key.Binding // halve the speed

	// The cluster, on the sandbox.
	AddWorker  key.Binding // one more worker
	DropWorker key.Binding // one worker fewer
	Store      key.Binding // toggle store local / redis
	Kill       key.Binding // kill the selected worker
	Redis      key.Binding // take Redis down / bring it up
	Traffic    key.Binding // start / stop the traffic generator
	Prev       key.Binding // select the previous card
	Next       key.Binding // select the next card
	Panel      key.Binding // switch the tabbed panel (small terminals)

	// Cards, or the console's output while it is open, on both screens.
	PageUp   key.Binding
	PageDown key.Binding

	// Steps (both screens) and the recorded timeline (the sandbox).
	Steps       key.Binding // log each request's steps, or stop
	TimeBack    key.Binding // one event back
	TimeForward key.Binding // one event forward (along the record)
	PrevAnomaly key.Binding // back to the previous stale read, lost update or error
	NextAnomaly key.Binding // forward to the next one

	// The console, on both screens.
	Console  key.Binding // focus the console
	Leave    key.Binding // leave the console, the help or the recap
	Submit   key.Binding // run the console line
	Complete key.Binding // complete the console line
	HistPrev key.Binding // older console line
	HistNext key.Binding // newer console line

	// The lesson track.
	ListUp     key.Binding // move up in the lesson list
	ListDown   key.Binding // move down in the lesson list
	Open       key.Binding // open the chosen lesson
	Back       key.Binding // back to the lesson list
	Hint       key.Binding // reveal the next hint
	Solution   key.Binding // ask to see the solution
	Yes        key.Binding // confirm showing the solution
	No         key.Binding // any other key declines (shown in help, never matched)
	NextLesson key.Binding // the next lesson (after a recap, if any)
	PrevLesson key.Binding // the previous lesson
	TextUp     key.Binding // scroll the lesson text up
	TextDown   key.Binding // scroll the lesson text down

	// A demo (the presenter).
	DemoNext    key.Binding // finish the step, or start the next one
	DemoPrev    key.Binding // back to the pause before this step
	DemoRestart key.Binding // play the demo again from the start

	// Everywhere.
	Help      key.Binding // show or hide the keys
	Quit      key.Binding // quit (q outside the console)
	ForceQuit key.Binding // quit from anywhere
}

// defaultKeyMap returns the bindings. It is a function so no two screens
// share mutable bindings.
func defaultKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Pause:  b([]string{"space"}, "space", textKeyPause),
		Step:   b([]string{".", "right"}, "./→", textKeyStep),
		Faster: b([]string{"+", "="}, "+", textKeyFaster),
		Slower: b([]string{"-", "_"}, "-", textKeySlower),

		AddWorker:  b([]string{"w"}, "w", textKeyAddWorker),
		DropWorker: b([]string{"W"}, "W", textKeyDropWorker),
		Store:      b([]string{"s"}, "s", textKeyStore),
		Kill:       b([]string{"k"}, "k", textKeyKill),
		Redis:      b([]string{"r"}, "r", textKeyRedis),
		Traffic:    b([]string{"t"}, "t", textKeyTraffic),
		Prev:       b([]string{"up", "left"}, "↑/←", textKeyPrev),
		Next:       b([]string{"down"}, "↓", textKeyNext),
		Panel:      b([]string{"tab"}, "tab", textKeyPanel),

		PageUp:   b([]string{"pgup", "<"}, "pgup/<", textKeyPageUp),
		PageDown: b([]string{"pgdown", ">"}, "pgdn/>", textKeyPageDown),

		Steps:       b([]string{"x"}, "x", textKeySteps),
		TimeBack:    b([]string{"["}, "[", textKeyTimeBack),
		TimeForward: b([]string{"]"}, "]", textKeyTimeForward),
		PrevAnomaly: b([]string{"{"}, "{", textKeyPrevAnomaly),
		NextAnomaly: b([]string{"}"}, "}", textKeyNextAnomaly),

		Console:  b([]string{":", "/"}, ": /", textKeyConsole),
		Leave:    b([]string{"esc"}, "esc", textKeyLeave),
		Submit:   b([]string{"enter"}, "enter", textKeySubmit),
		Complete: b([]string{"tab"}, "tab", textKeyComplete),
		HistPrev: b([]string{"up"}, "↑", textKeyHistPrev),
		HistNext: b([]string{"down"}, "↓", textKeyHistNext),

		ListUp:     b([]string{"up", "k"}, "↑/k", textKeyListUp),
		ListDown:   b([]string{"down", "j"}, "↓/j", textKeyListDown),
		Open:       b([]string{"enter"}, "enter", textKeyOpen),
		Back:       b([]string{"esc"}, "esc", textKeyBack),
		Hint:       b([]string{"h"}, "h", textKeyHint),
		Solution:   b([]string{"S"}, "S", textKeySolution),
		Yes:        b([]string{"y", "Y"}, "y", textKeyYes),
		No:         b([]string{""}, textKeyOther, textKeyNo),
		NextLesson: b([]string{"n"}, "n", textKeyNextLesson),
		PrevLesson: b([]string{"p"}, "p", textKeyPrevLesson),
		TextUp:     b([]string{"up"}, "↑", textKeyTextUp),
		TextDown:   b([]string{"down"}, "↓", textKeyTextDown),

		// Presenter remotes send page keys or arrows.
		DemoNext:    b([]string{"right", "space", "pgdown", "n", "enter"}, "→/space", textKeyDemoNext),
		DemoPrev:    b([]string{"left", "pgup", "p"}, "←", textKeyDemoPrev),
		DemoRestart: b([]string{"r"}, "r", textKeyDemoRestart),

		Help:      b([]string{"?", "f1"}, "?", textKeyHelp),
		Quit:      b([]string{"q"}, "q", textKeyQuit),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", textKeyQuit),
	}
}

// sandboxKeys are the sandbox's bindings in the columns of its help screen.
func (k keyMap) sandboxKeys() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.Step, k.Faster, k.Slower, k.Traffic},
		{k.AddWorker, k.DropWorker, k.Store, k.Redis, k.Kill},
		{k.Prev, k.Next, k.PageUp, k.PageDown, k.Panel},
		{k.Steps, k.TimeBack, k.TimeForward, k.PrevAnomaly, k.NextAnomaly},
		{k.Console, k.Leave, k.Submit, k.Complete, k.HistPrev, k.HistNext},
		{k.Help, k.Quit, k.ForceQuit},
	}
}

// lessonKeys are the lesson screen's bindings in the columns of its help.
func (k keyMap) lessonKeys() [][]key.Binding {
	return [][]key.Binding{
		{k.Hint, k.Solution, k.Yes, k.NextLesson, k.PrevLesson, k.Back},
		{k.TextUp, k.TextDown, k.PageUp, k.PageDown, shown(k.Panel, "tab", textKeyPython)},
		{k.Pause, k.Step, k.Faster, k.Slower, k.Steps},
		{k.Console, k.Leave, k.Submit, k.Complete, k.HistPrev, k.HistNext},
		{k.Help, k.Quit, k.ForceQuit},
	}
}

// demoKeys are the presenter's bindings.
func (k keyMap) demoKeys() [][]key.Binding {
	return [][]key.Binding{{k.DemoNext, k.DemoPrev, k.DemoRestart}, {k.Help, k.Quit, k.ForceQuit}}
}

// listKeys are the lesson list's bindings.
func (k keyMap) listKeys() [][]key.Binding {
	return [][]key.Binding{{k.ListUp, k.ListDown, k.Open}, {k.Help, k.Quit, k.ForceQuit}}
}

// shown returns b labelled for a footer or help line as k and desc, keeping
// its keys: the same binding described where it is used ("pgup/pgdn cards"
// while cards show, "pgup/pgdn scroll" while the console's output does).
func shown(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}
