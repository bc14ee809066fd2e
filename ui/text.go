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
	textHelpVerbs    = "type help in the console for each command's usage; a larger terminal lists them here"
	textOutputTitle  = "console output"
	textOutputHint   = "esc closes"
	textOutputAbove  = "↑ output above"
)

// Worker grid.
const (
	textWorker        = "worker %d"
	textGeneration    = "gen %d"
	textPid           = "pid %d"
	textServed        = "%d req"
	textEmptyDict     = "(empty dict)"
	textEmptyStore    = "(store empty)"
	textMissingKeys   = "∅ %d missing"
	textMoreKeys      = "+%d more"
	textNoWorkers     = "no live workers"
	textPage          = "page %d/%d pgup/pgdn"
	textLegend        = "✓ agrees with newest write  ✗ stale  ∅ missing"
	textLegendShort   = "✓ agrees  ✗ stale  ∅ missing"
	markAgrees        = "✓"
	markStale         = "✗"
	markMissing       = "∅"
	agreementAgrees   = "agrees"
	agreementStale    = "stale"
	agreementMissing  = "missing"
	textSelectedTitle = "▸ "
)

// Traffic log.
const (
	textLogTitle      = "traffic log"
	textLogEmpty      = "no requests yet: type : then `set key0 hello`, or press t for traffic"
	textConsoleClient = "you"
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
	textLost         = "lost"
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
	textMoreLines          = "… %d more lines"
)

// "In Django" panel.
const (
	textDjangoTitle = "In Django — what these settings stand for"
)

// Errors.
const (
	textWorkersBounds = "workers stay between 1 and 64"
	textNoSelection   = "select a worker first (↑/↓ or click a card)"
)
