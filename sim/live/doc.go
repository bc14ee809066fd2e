// Package live runs the lab's server for real: a master process binds one
// listening socket and starts worker processes of the same binary, handing each
// the socket as an inherited file descriptor, exactly as gunicorn's sync workers
// share theirs. Each worker serves a few HTTP endpoints (/set, /get, /incr,
// /state, /pid) from its own memory or from a shared Redis, so a learner can
// curl it and see which pid answered.
//
// The master follows gunicorn's signals: TTIN adds a worker, TTOU retires the
// oldest, HUP replaces them all, TERM and INT stop gracefully, QUIT at once. A
// retired worker stops accepting and finishes every connection it accepted. A
// worker that dies is respawned; workers die with the master. The master
// reports what happens as typed events (Config.OnEvent): spawns, exits, the
// requests its workers answer, and its log lines.
//
// Cluster adapts a running master to sim.Cluster so the sandbox UI can draw
// real workers.
//
// The master, the workers and Cluster need a Unix-like system (Linux, macOS,
// WSL); elsewhere Run, RunWorker and Open answer ErrNeedsUnix, and the
// portable parts (Config, the URL and query parsers) still build.
package live
