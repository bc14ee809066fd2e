package live

import "errors"

// ErrNeedsUnix is what the live entry points (serve, sandbox --live, the
// hidden worker) answer on a system without Unix processes and signals.
var ErrNeedsUnix = errors.New("the real pre-fork mode needs a Unix-like system: Linux, macOS, or WSL on Windows. " +
	"It starts worker processes that inherit one listening socket and obey gunicorn's signals (TTIN, TTOU, HUP), " +
	"which Windows does not have, and gunicorn itself does not run on Windows either. " +
	"The lesson track, `workerlab sandbox` and `workerlab run` work here")
