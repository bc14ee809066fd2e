package classroom

import (
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
)

// panicMsg carries a panic caught in one of a session's commands back to
// its model, which ends the session.
type panicMsg struct {
	value any
	stack []byte
}

// guardCmd runs cmd so that a panic inside it becomes a panicMsg instead of
// stopping the server; commands of a batch it returns are guarded too.
func guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{value: r, stack: debug.Stack()}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			guarded := make(tea.BatchMsg, len(batch))
			for i, c := range batch {
				guarded[i] = guardCmd(c)
			}
			return guarded
		}
		return msg
	}
}
