package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/workerlab/workerlab/experiment"
	"github.com/workerlab/workerlab/sim"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A script that changes a setting shows in the row: the row reports the
// final snapshot, not the flag.
func TestRunScriptSettingsShowInRow(t *testing.T) {
	script := writeFile(t, "three.txt", "workers 3\nstore redis\n")
	rows := runJSON(t, "--workers", "4", "--script", script, "--requests", "300")
	if c := rows[0].Config; c.Workers != 3 || c.Store != "redis" {
		t.Fatalf("row says workers %d, store %s; the script set workers 3, store redis", c.Workers, c.Store)
	}
	code, out, errOut := runCLI(t, "run", "--workers", "4", "--script", script, "--requests", "300")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if row := strings.Fields(lines[len(lines)-1]); row[0] != "3" || row[1] != "redis" {
		t.Fatalf("table row %q, want workers 3 and store redis first\n%s", row, out)
	}
}

// The default table fits 80 columns for the usual experiments; --wide shows
// every column.
func TestRunTableFits80Columns(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--workers", "1,2,4,8,16", "--store", "local,redis", "--repeat", "5", "--requests", "300"},
		{"--workload", "counter", "--workers", "1,4", "--store", "local,redis", "--io", "1ms", "--repeat", "3", "--requests", "300"},
		{"--workload", "cache-aside", "--workers", "2", "--class", "sync,gthread,gevent", "--repeat", "3", "--requests", "300"},
		{"--workload", "sessions", "--balancer", "accept,ip-hash", "--max-requests", "20", "--repeat", "3", "--requests", "300"},
	} {
		code, out, errOut := runCLI(t, append([]string{"run"}, args...)...)
		if code != 0 {
			t.Fatalf("run %v: exit %d: %s", args, code, errOut)
		}
		for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("run %v: a line of %d columns:\n%s", args, w, out)
				break
			}
		}
	}
	_, out, _ := runCLI(t, "run", "--workload", "sessions", "--balancer", "accept,ip-hash", "--max-requests", "20", "--repeat", "3", "--requests", "300")
	if !strings.Contains(out, "lost rst") || !strings.Contains(out, "(p99 ms: with --wide") {
		t.Errorf("80 columns short: want lost rst kept and p99 named as left out:\n%s", out)
	}
	_, out, _ = runCLI(t, "run", "--wide", "--requests", "100")
	for _, col := range []string{"balancer", "class", "reads", "stale", "lost rst", "p50 ms", "p99 ms", "served per worker"} {
		if !strings.Contains(out, col) {
			t.Errorf("--wide lacks the %q column:\n%s", col, out)
		}
	}
}

// The table shows the columns that mean something for the workload.
func TestRunTablePicksColumns(t *testing.T) {
	_, out, _ := runCLI(t, "run", "--workload", "counter", "--workers", "4", "--store", "redis", "--io", "1ms", "--requests", "400")
	if !strings.Contains(out, "lost upd") || strings.Contains(out, "stale %") || !strings.Contains(out, "io 1ms") {
		t.Errorf("counter: want lost updates, no stale %% (no reads), io in the caption:\n%s", out)
	}
	_, out, _ = runCLI(t, "run", "--workload", "cache-aside", "--requests", "400")
	if !strings.Contains(out, "hit %") {
		t.Errorf("cache-aside: want hit %%:\n%s", out)
	}
}

// The per-seed records are exactly the runs of each seed alone, and the
// summary is their median and range.
func TestRunRepeatJSONMatchesPerSeedRuns(t *testing.T) {
	args := []string{"run", "--format", "json", "--workers", "1,4", "--requests", "400", "--seed", "3", "--repeat", "4"}
	code, out, errOut := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep repeatReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not the repeat JSON: %v\n%s", err, out)
	}
	if len(rep.Runs) != 8 || len(rep.Summary) != 2 {
		t.Fatalf("%d runs and %d summaries, want 8 and 2", len(rep.Runs), len(rep.Summary))
	}
	for i, r := range rep.Runs {
		workers, seed := []string{"1", "4"}[i/4], uint64(3+i%4)
		alone := runJSON(t, "--workers", workers, "--requests", "400", "--seed", strconv.FormatUint(seed, 10))
		if !reflect.DeepEqual(alone[0], r) {
			t.Errorf("run %d (workers %s, seed %d) differs from running that seed alone:\n%+v\n%+v", i, workers, seed, r, alone[0])
		}
	}
	for i, s := range rep.Summary {
		runs := rep.Runs[4*i : 4*i+4]
		if !slices.Equal(s.Seeds, []uint64{3, 4, 5, 6}) || s.Config.Workers != runs[0].Config.Workers {
			t.Fatalf("summary %d: seeds %v, workers %d", i, s.Seeds, s.Config.Workers)
		}
		for name, get := range map[string]func(runRow) float64{
			"stale_reads":    func(r runRow) float64 { return float64(r.Metrics.StaleReads) },
			"stale_share":    func(r runRow) float64 { return r.Metrics.StaleShare },
			"throughput_rps": func(r runRow) float64 { return r.Metrics.ThroughputRPS },
			"p99_ms":         func(r runRow) float64 { return r.Metrics.LatencyMS.P99 },
			"requests":       func(r runRow) float64 { return float64(r.Metrics.Requests) },
		} {
			var vs []float64
			for _, r := range runs {
				vs = append(vs, get(r))
			}
			sort.Float64s(vs)
			want := summaryStats{Median: (vs[1] + vs[2]) / 2, Min: vs[0], Max: vs[3]}
			if got := s.Metrics[name]; got != want {
				t.Errorf("summary %d %s = %+v, want %+v from the runs %v", i, name, got, want, vs)
			}
		}
	}
}

func TestRunRepeatCSV(t *testing.T) {
	code, out, errOut := runCLI(t, "run", "--format", "csv", "--workers", "2,4", "--requests", "300", "--repeat", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range recs[1:] {
		kinds = append(kinds, r[0]+"/"+r[1]+"/"+r[18])
	}
	want := []string{"run/2/1", "run/2/2", "run/2/3", "median/2/1..3", "min/2/1..3", "max/2/1..3",
		"run/4/1", "run/4/2", "run/4/3", "median/4/1..3", "min/4/1..3", "max/4/1..3"}
	if recs[0][0] != "record" || !slices.Equal(kinds, want) {
		t.Fatalf("records %v, want %v", kinds, want)
	}
	col := slices.Index(recs[0], "stale_reads")
	med, min, max := recs[4][col], recs[5][col], recs[6][col]
	var stale []string
	for _, r := range recs[1:4] {
		stale = append(stale, r[col])
	}
	sort.Slice(stale, func(i, j int) bool {
		return len(stale[i]) < len(stale[j]) || len(stale[i]) == len(stale[j]) && stale[i] < stale[j]
	})
	if min != stale[0] || med != stale[1] || max != stale[2] {
		t.Errorf("summary min/median/max %s/%s/%s, runs %v", min, med, max, stale)
	}
}

// `run --rate 0.1 --requests 1000` runs all 1000 requests (10,000 s of
// virtual time), and --help says how long a run may last.
func TestRunSlowRateRunsToTheEnd(t *testing.T) {
	rows := runJSON(t, "--rate", "0.1", "--requests", "1000")
	if m := rows[0].Metrics; m.Requests != 1000 || m.VirtualSeconds < 9990 {
		t.Fatalf("%d requests in %.0f s of virtual time, want 1000 in about 10000 s", m.Requests, m.VirtualSeconds)
	}
	_, help, _ := runCLI(t, "run", "--help")
	if !strings.Contains(help, "up to 365 days of virtual") {
		t.Errorf("--help does not say the limit:\n%s", help)
	}
}

func TestRunPastTheLimitFails(t *testing.T) {
	root := newRootCmd()
	root.SetArgs([]string{"run", "--think", "24h", "--clients", "1", "--requests", "400"})
	root.SetOut(&bytes.Buffer{})
	err := root.ExecuteContext(context.Background())
	if code := exitCode(err); code != exitFailure || !strings.Contains(err.Error(), "limit of 365 days") || !strings.Contains(err.Error(), "of 400 requests") {
		t.Fatalf("exit %d, err %v; want 1 and the limit", code, err)
	}
}

func TestRunEndlessScriptIsRefused(t *testing.T) {
	script := writeFile(t, "endless.txt", "traffic counter 100/s\n")
	root := newRootCmd()
	root.SetArgs([]string{"run", "--workload", "none", "--script", script})
	root.SetOut(&bytes.Buffer{})
	err := root.ExecuteContext(context.Background())
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "traffic off") {
		t.Fatalf("exit %d, err %v; want 2 and how to end it", exitCode(err), err)
	}
	script = writeFile(t, "kill.txt", "kill 7\n")
	root = newRootCmd()
	root.SetArgs([]string{"run", "--script", script, "--workers", "2,8"})
	root.SetOut(&bytes.Buffer{})
	err = root.ExecuteContext(context.Background())
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "workers 2") || !strings.Contains(err.Error(), "no worker in slot 7") {
		t.Fatalf("exit %d, err %v; want 2 naming the row and the line's fault", exitCode(err), err)
	}
}

// Ctrl-C (a cancelled context) stops the sweep and prints the rows finished
// so far, each as a full run prints it, and exits 1.
func TestRunInterruptPrintsFinishedRows(t *testing.T) {
	args := []string{"run", "--format", "json", "--workers", "1..8", "--requests", "3000", "--repeat", "2"}
	_, full, _ := runCLI(t, args...)
	var all repeatReport
	if err := json.Unmarshal([]byte(full), &all); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runProgressHook = func(p experiment.Progress) {
		if p.PointsDone >= 2 {
			cancel()
		}
	}
	defer func() { runProgressHook = nil }()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if exitCode(err) != exitFailure || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(err.Error(), "of 8 rows finished") {
		t.Fatalf("exit %d, err %v; want 1 and how many rows finished", exitCode(err), err)
	}
	var part repeatReport
	if err := json.Unmarshal(out.Bytes(), &part); err != nil {
		t.Fatalf("the rows so far are not JSON: %v\n%s", err, out.String())
	}
	if len(part.Summary) < 2 || len(part.Summary) >= 8 {
		t.Fatalf("%d rows printed, want the 2..7 finished", len(part.Summary))
	}
	for _, s := range part.Summary {
		i := s.Config.Workers - 1
		if !reflect.DeepEqual(s, all.Summary[i]) {
			t.Errorf("row workers %d differs from the full run's", s.Config.Workers)
		}
	}
}

func TestRunPlot(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	code, out, errOut := runCLI(t, "run", "--workers", "1,2,4", "--store", "local,redis", "--repeat", "3", "--requests", "300", "--plot")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"stale reads (% of reads) by workers", "lost updates by workers: 0 at every point",
		"throughput (requests per second) by workers", "p99 latency (ms) by workers", "── local", "══ redis", "min–max"} {
		if !strings.Contains(out, want) {
			t.Errorf("the charts lack %q", want)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour codes in output that is not a terminal")
	}
	for _, l := range strings.Split(out, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

func TestRunSVGAndOut(t *testing.T) {
	code, out, errOut := runCLI(t, "run", "--format", "svg", "--workers", "1,2,4", "--store", "local,redis", "--requests", "200", "--repeat", "2")
	if code != 0 || !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, "</svg>") || !strings.Contains(out, "p99 latency (ms)") {
		t.Fatalf("exit %d (%s), output %.80q", code, errOut, out)
	}
	dir := t.TempDir()
	png := filepath.Join(dir, "sweep.png")
	code, out, errOut = runCLI(t, "run", "--workers", "1,2", "--requests", "200", "--out", png)
	if code != 0 || !strings.Contains(out, "workers") {
		t.Fatalf("exit %d (%s); the table still prints: %q", code, errOut, out)
	}
	b, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("--out wrote no PNG: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// A flag and a console line can never disagree: every value a flag takes is
// one the command language takes, and the other way round.
func TestRunFlagsAgreeWithConsole(t *testing.T) {
	for _, c := range []struct{ flag, value string }{
		{"workers", "0"}, {"workers", "1"}, {"workers", "64"}, {"workers", "65"}, {"workers", "x"},
		{"threads", "256"}, {"threads", "257"}, {"connections", "100000"}, {"connections", "100001"},
		{"class", "gevent"}, {"class", "gthread 8"}, {"class", "sync 2"}, {"class", "fork"},
		{"store", "LOCMEM"}, {"store", "mongo"}, {"balancer", "least-conn"}, {"balancer", "random"},
		{"cores", "0"}, {"cores", "64"}, {"cores", "65"},
		{"io", "0"}, {"io", "5ms"}, {"io", "25h"}, {"io", "-1s"}, {"think", "24h"}, {"think", "soon"},
		{"max-requests", "0"}, {"max-requests", "1000000"}, {"max-requests", "1000001"},
		{"clients", "1"}, {"clients", "1024"}, {"clients", "1025"},
	} {
		line := c.flag + " " + c.value
		if c.flag == "clients" {
			line = "traffic counter clients " + c.value
		}
		_, perr := sim.Parse(line)
		code, _, errOut := runCLI(t, "run", "--"+c.flag, c.value, "--requests", "20", "--format", "csv")
		if (perr == nil) != (code == 0) || (perr != nil && code != exitUsage) {
			t.Errorf("--%s %q exits %d (%s) but the console line %q gives %v", c.flag, c.value, code, strings.TrimSpace(errOut), line, perr)
		}
	}
}

func TestProgressText(t *testing.T) {
	p := experiment.Progress{Points: 32, PointsDone: 8, Runs: 640, RunsDone: 160, Wanted: 6_400_000, Answered: 1_600_000, Elapsed: 2 * time.Second}
	if got, want := progressText(p), " 25% · rows 8/32 · 800.0k simulated req/s · 6s left"; got != want {
		t.Errorf("progressText = %q, want %q", got, want)
	}
	if newProgressLine(&bytes.Buffer{}, &bytes.Buffer{}, "table") != nil {
		t.Error("progress drawn to a stderr that is not a terminal")
	}
	for _, c := range []struct {
		stderr, stdout bool
		format         string
		want           bool
	}{
		{true, true, "table", true}, {true, false, "table", true}, {true, true, "json", true},
		{true, false, "json", false}, {true, false, "csv", false}, {false, true, "table", false},
	} {
		if got := showProgress(c.stderr, c.stdout, c.format); got != c.want {
			t.Errorf("stderr tty %v, stdout tty %v, %s: progress %v, want %v", c.stderr, c.stdout, c.format, got, c.want)
		}
	}
}

// FuzzRunFlags: no flag value panics; each is accepted or a usage error.
func FuzzRunFlags(f *testing.F) {
	for _, s := range []string{"4", "1..16", "1,2,,4", "9..1", "-3..2", "gthread 8", "1e9", "0.5", "..", "redis,", "1..99999999999", "9223372036854775807..9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, which := range []int{0, 1, 2, 3} {
			fl := runFlags{workers: "4", class: "sync", threads: "4", connections: "1000", store: "local", balancer: "accept",
				cores: "2", io: "0", cpu: "0", think: "0", maxRequests: "0", clients: "8", rate: "0", requests: "10",
				workload: "counter", repeat: 1, seed: 1}
			switch which {
			case 0:
				fl.workers = v
			case 1:
				fl.class = v
			case 2:
				fl.rate = v
			case 3:
				fl.requests = v
			}
			if _, err := fl.plan(); err != nil && exitCode(err) != exitUsage {
				t.Fatalf("value %q: error %v exits %d, want %d", v, err, exitCode(err), exitUsage)
			}
		}
	})
}

// The README's experiment shows this command's real output.
func TestREADMEShowsRealOutput(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "go run ./cmd/workerlab run --workers 1,2,4,8,16 --store local,redis --repeat 20 --plot\n```\n```\n"
	_, after, ok := strings.Cut(string(b), cmd)
	shown, _, ok2 := strings.Cut(after, "\n```\n")
	if !ok || !ok2 {
		t.Fatalf("the README lacks the block after %q", cmd)
	}
	t.Setenv("NO_COLOR", "1")
	code, out, errOut := runCLI(t, strings.Fields(strings.TrimPrefix(strings.SplitN(cmd, "\n", 2)[0], "go run ./cmd/workerlab "))...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.TrimRight(out, "\n") != shown {
		t.Errorf("the README's output is stale; it is now:\n%s", out)
	}
}

// On a colour terminal the charts are in colour; NO_COLOR (the Ascii
// profile) keeps the same text without colour.
func TestRunPlotColours(t *testing.T) {
	f := runFlags{workers: "1,2", class: "sync", threads: "4", connections: "1000", store: "local,redis", balancer: "accept",
		cores: "2", io: "0", cpu: "0", think: "0", maxRequests: "0", clients: "8", rate: "0", requests: "200",
		workload: "set-then-get", repeat: 2, seed: 1}
	p, err := f.plan()
	if err != nil {
		t.Fatal(err)
	}
	res, err := experiment.Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var colour, plain bytes.Buffer
	if err := writePlots(&colorprofile.Writer{Forward: &colour, Profile: colorprofile.ANSI256}, res, ""); err != nil {
		t.Fatal(err)
	}
	if err := writePlots(&colorprofile.Writer{Forward: &plain, Profile: colorprofile.Ascii}, res, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colour.String(), "\x1b[38;5;") {
		t.Error("no colour on a 256-colour terminal")
	}
	if strings.Contains(plain.String(), "\x1b[38;5;") || ansi.Strip(plain.String()) != ansi.Strip(colour.String()) {
		t.Error("NO_COLOR: want the same charts without colour")
	}
}
