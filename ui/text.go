package ui

// Every user-facing string of the ui package lives in this file, so the UI can
// be translated the way lessons are (one file per language later).

// Screen and layout.
const (
	textTitle        = "workerlab sandbox"
	textTooSmall     = "enlarge the terminal to at least %d×%d (now %d×%d)"
	textTabLog       = "traffic"
	textTabDjango    = "in Django"
	textTabHint      = "tab switches"
	textHelpTitle    = "keys"
	textHelpClose    = "press ? or esc to close"
	textHelpCommands = "commands (type : first)"
	textHelpVerbs    = "In the console, help VERB shows a command's usage and an example; a larger terminal lists them all here."
	textOutputTitle  = "console output"
	textOutputHint   = "esc closes"
	textOutputScroll = "lines %d–%d of %d · pgup/pgdn · esc closes"
	textOutputAbove  = "↑ the output is above"
)

// Worker grid.
const (
	textWorker         = "worker %d"
	textWorkerOnServer = "worker %d · s%d"
	textLegendServer   = "sN: gunicorn server N behind nginx"
	textGeneration     = "gen %d"
	textPid            = "pid %d"
	textServed         = "%d req"
	textEmptyDict      = "(empty dict)"
	textEmptyStore     = "(store empty)"
	textMissingKeys    = "∅ %d not here"
	textMoreKeys       = "+%d more"
	textMoreShort      = "+%d"
	textNoWorkers      = "no live workers"
	textPage           = "page %d/%d"
	textLegend         = "✓ holds the newest write  ✗ stale, or lost updates  ∅ not here: a read is stale"
	textLegendShort    = "✓ newest  ✗ stale/lost  ∅ not here"
	textLegendGen      = "gen N: replaced N times"
	textCardLost       = " lost %d"
	markAgrees         = "✓"
	markStale          = "✗"
	markMissing        = "∅"
	agreementAgrees    = "agrees"
	agreementStale     = "stale"
	agreementMissing   = "missing"
	textSelectedTitle  = "▸ "
)

// Traffic log.
const (
	textLogTitle      = "traffic log"
	textLogEmpty      = "no requests yet: type : then set key0 hello, or press t for traffic"
	textConsoleClient = "you"
	// textConsoleClientN labels the Nth client of a console line that sends
	// from several clients at once.
	textConsoleClientN = "you%d"
	// textOutsideClient labels requests a live server got from outside the
	// console (curl, a browser).
	textOutsideClient = "curl"
	// textSending prefixes a live line while its requests are in flight.
	textSending   = "running: "
	textClient    = "c%d"
	textMarkStale = "✗ STALE"
	textMarkLost  = "✗ LOST UPDATE"
	textMarkError = "✗ ERROR"
	textLogWorker = "w%d"
)

// Metrics bar.
const (
	textRequests     = "requests"
	textStale        = "stale"
	textLost         = "lost updates"
	textLostRestarts = "lost to restarts"
	textErrors       = "errors"
	textRestarts     = "restarts"
	textThroughput   = "req/s"
	textP99          = "p99"
	textStore        = "store: %s"
	textBalancer     = "balancer: %s"
	textClass        = "class: %s"
	textWorkers      = "workers: %d"
	textWorkersShort = "w=%d"
	textTime         = "t=%s"
	textSpeed        = "speed %s×"
	textPaused       = "⏸ paused"
	textRunning      = "▶ running"
	textTraffic      = "traffic: %s"
	textTrafficOff   = "traffic: off"
	textRedisDown    = "redis: DOWN"
	textRedisSlow    = "redis: slow %s"
)

// Console.
const (
	textPrompt             = "› "
	textPlaceholder        = "press : or / to type a command (help lists them)"
	textPlaceholderFocused = "type a command: tab completes, ↑/↓ history, esc leaves"
	textRedisAddr          = "redis %s"
	textRedisNoAddr        = "redis: in-process"
	textRedisNone          = "redis: none (store local)"
	textErrorPrefix        = "✗ "
	textCompletions        = "complete: %s"
	textNoCompletions      = "no completion for %q"
	textOK                 = "ok"
	// A headless sweep beside the cluster (the sweep verb).
	textSweepStarted = "%s: %d values × %d seeds × %d requests each, from the current settings; the cluster goes on"
	textSweepRunning = "%s: %.0f%% done"
	textSweepDone    = "%s\n%s\n%d seeds per value: the median, and the min–max as a band"
	textSweepLive    = "sweep runs on the simulation, not on a live server: open workerlab sandbox without --live"
	textMoreLines    = "… %d more lines: press : to see them"
	textPasteCut     = "a console line holds %d characters: the last %d pasted characters were left out"
)

// "In Django" panel.
const (
	textDjangoTitle = "In Django — what these settings stand for"
)

// Errors.
const (
	textWorkersBounds = "workers stay between 1 and %d"
	textNoSelection   = "select a worker first (↑/↓ or click a card)"
)

// Keys: what each binding does, in the footer and on the keys screen.
const (
	textKeyPause        = "pause/resume"
	textKeyStep         = "step one event"
	textKeyFaster       = "faster"
	textKeySlower       = "slower"
	textKeyAddWorker    = "add worker"
	textKeyDropWorker   = "remove worker"
	textKeyStore        = "store local/redis"
	textKeyKill         = "kill selected worker"
	textKeyRedis        = "redis down/up"
	textKeyTraffic      = "traffic on/off"
	textKeyPrev         = "previous worker"
	textKeyNext         = "next worker"
	textKeyPanel        = "log/django panel"
	textKeyPageUp       = "previous page of cards"
	textKeyPageDown     = "next page of cards"
	textKeyCards        = "cards"
	textKeyScrollOutput = "scroll"
	textKeyConsole      = "console"
	textKeyLeave        = "leave console"
	textKeySubmit       = "run line"
	textKeyComplete     = "complete"
	textKeyHistPrev     = "older line"
	textKeyHistNext     = "newer line"
	textKeyHistory      = "history"
	textKeyListUp       = "up"
	textKeyListDown     = "down"
	textKeyOpen         = "open"
	textKeyBack         = "lessons"
	textKeyHint         = "hint"
	textKeySolution     = "solution"
	textKeyYes          = "yes, show it"
	textKeyNextLesson   = "next lesson"
	textKeyPrevLesson   = "previous lesson"
	textKeyTextUp       = "scroll text up"
	textKeyTextDown     = "scroll text down"
	textKeyText         = "text"
	textKeyHelp         = "keys"
	textKeyDemoNext     = "next"
	textKeyDemoPrev     = "back"
	textKeyDemoRestart  = "restart"
	textKeyCloseHelp    = "close"
	textKeyQuit         = "quit"
)

// The lesson track.
const (
	textLearnTitle         = "workerlab lessons"
	textLearnListHead      = "the lesson track"
	textLearnListIntro     = "Thirteen short lessons. Each opens beside a simulated cluster of workers: type commands into the console and watch the goals tick."
	textLearnListLegend    = "✓ done, ▸ where you left off, · not started"
	textLearnDone          = "✓"
	textLearnCurrent       = "▸"
	textLearnTodo          = "·"
	textLearnStatusDone    = "done"
	textLearnStatusStages  = "%d/%d stages"
	textLearnLesson        = "Lesson %d/%d · %s"
	textLearnResumed       = "Welcome back: resuming at stage %d of %d."
	textLearnStage         = "Stage %d/%d · %s"
	textLearnStageDone     = "✓ %s"
	textLearnStageTodo     = "· %s"
	textLearnGoalHolds     = "✓"
	textLearnGoalFails     = "✗"
	textLearnGoalValue     = "now %s"
	textLearnAllDone       = "every stage done"
	textLearnRestarted     = "counting again: %s"
	textLearnComplete      = "✓ Lesson complete"
	textLearnFinished      = "n: next lesson · esc: the list"
	textLearnFinishedRecap = "n: a recap of the track so far, then the next lesson · esc: the list"
	textLearnFinishedEnd   = "That was the last lesson. esc: the list"
	textLearnHint          = "Hint %d/%d"
	textLearnNoHints       = "No more hints: S shows the solution."
	textLearnSolConfirm    = "Show the solution? y: yes · any other key: no"
	textLearnSolution      = "Solution"
	textLearnRendering     = "rendering…"
	textLearnChecklist     = "goals"
	textLearnStartErr      = "cannot start the lesson: %v"
	textLearnNoLive        = "this lesson runs real worker processes, which cannot start here; run `workerlab learn` in a terminal of your own, or `workerlab serve -w 4` and curl it"
	textLearnSaveErr       = "progress not saved: %v"
	textLearnDjangoHead    = "In Django"
	textLearnDjangoTab     = "In Django: press tab to see the Python this lesson stands for."
	textLearnCodeTitle     = "In Django: the Python this lesson stands for"
	textLearnCodeClose     = "tab or esc returns"
	textLearnMoreText      = "↓ more: ↑/↓ scrolls"
	textKeyChoose          = "choose"
	textKeyRecap           = "recap, then the next lesson"
	textLearnRecapTitle    = "Recap: the track so far"
	textLearnRecapNote     = "n: next lesson · esc returns"
	textKeyReturn          = "return"
	textKeyPython          = "python"
	textKeyOther           = "any other key"
	textKeyNo              = "no"
)

// The presenter (workerlab demo).
const (
	textDemoTitle      = "workerlab demo: %s"
	textDemoStep       = "step %d/%d"
	textDemoPlaying    = "▶"
	textDemoPaused     = "⏸"
	textDemoEnd        = "the end"
	textDemoAuto       = "auto %s"
	textDemoStart      = "→ or space starts the demo"
	textDemoEndNote    = "the end · r plays it again · ← goes back · q quits"
	textDemoWaitLeft   = "%s left"
	textDemoFailed     = "the demo stopped: %v"
	textDemoRestartErr = "cannot restart the demo: %v"
	textPathClients    = "clients"
	textPathSocket     = "one socket"
	textPathDict       = "one dict"
	textPathDicts      = "%d dicts"
	textPathCache      = "one cache"
	textPathCaches     = "%d caches"
	textPathRedis      = "one Redis"
	textPathMore       = "+%d"
	textPathAnswer     = "w%d answered %s"
	textPathArrow      = " → "
)

// The teacher's roster (workerlab classroom).
const (
	textRosterTitle     = "workerlab classroom"
	textRosterCount     = "%d connected (at most %d), %d looking at their lab"
	textRosterJoin      = "Students join with: %s"
	textRosterHostKey   = "host key %s"
	textRosterEmpty     = "No student yet. Each one who connects gets a lab of their own and appears here."
	textRosterConfirm   = "Stop the class? Progress is saved. y: stop · any other key: go on"
	textRosterColName   = "student"
	textRosterColKey    = "key"
	textRosterColLesson = "lesson"
	textRosterColStage  = "stage"
	textRosterColHints  = "hints"
	textRosterColDone   = "done"
	textRosterColSeen   = "last key"
	textRosterOnList    = "(the lesson list)"
	textRosterNoKey     = "(no key)"
	textRosterWatching  = "●"
	textRosterAway      = "◐"
	textRosterGone      = "○"
	textRosterSeenSec   = "%ds ago"
	textRosterSeenMin   = "%dm ago"
	textRosterSeenHour  = "%dh ago"
	textKeyScroll       = "scroll"
	textKeyStopClass    = "stop the class"
)
