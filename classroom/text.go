package classroom

// What the server says to a student's terminal outside the lab screen: when
// a session is refused or ends. The lab's own screen text is in ui/text.go.
const (
	textNoCommands    = "workerlab classroom offers the lab and nothing else: no commands, no shell, no file transfer.\r\nConnect with: ssh -p PORT HOST"
	textNeedsTerminal = "workerlab classroom needs a terminal: connect with ssh -t, or without a command"
	textClassFull     = "the class is full (%d sessions); ask your teacher"
	textReplaced      = "you connected again from another terminal; this session is closed and your progress is saved"
	textIdleClosed    = "closed after %s without a key pressed; your progress is saved. Connect again to go on."
	textCrashed       = "the lab stopped on an error (the teacher's log has the details); your progress is saved. Connect again to go on."
	textGoodbye       = "your progress is saved. Connect again to go on."
	textIdleNotice    = "clock stopped: no key for %s. Press any key to go on."
)

// Why a session ended, as the roster shows it.
const (
	endLeft     = "left"
	endDropped  = "dropped"
	endIdle     = "idle"
	endReplaced = "replaced"
	endCrashed  = "crashed"
	endShutdown = "server stopped"
)
