package sim

// exactSeed1 is requests, reads, stale reads and worker 1's share for
// `run --workers 4 --requests 1000 --seed 1` (set-then-get, 8 clients, sent
// once the workers have booted).
var exactSeed1 = []int64{1000, 498, 364, 234}
