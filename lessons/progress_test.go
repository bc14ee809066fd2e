package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "progress.json")
	p, warn, err := LoadProgress(path)
	if err != nil || warn != "" || len(p.Lessons) != 0 {
		t.Fatalf("missing file: %v %q %v", p, warn, err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.MarkStage("four-copies", 1)
	p.MarkHints("four-copies", 2)
	p.MarkDone("four-copies", at)
	p.Current = "who-answers"
	if err := SaveProgress(path, p); err != nil {
		t.Fatal(err)
	}
	q, warn, err := LoadProgress(path)
	if err != nil || warn != "" {
		t.Fatal(warn, err)
	}
	lp := q.Lessons["four-copies"]
	if !q.IsDone("four-copies") || lp.Hints != 2 || lp.Stage != 1 || !lp.DoneAt.Equal(at) || q.Current != "who-answers" {
		t.Errorf("reloaded %+v", q)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after an atomic save, want 1 (no temp files left)", len(entries))
	}
}

// TestCorruptProgressKeptAside checks that an unreadable progress file is
// renamed aside with a warning and a fresh record is returned and saved.
func TestCorruptProgressKeptAside(t *testing.T) {
	for name, content := range map[string]string{
		"not json":      "{\"version\": 1, \"lessons\": {",
		"wrong shape":   `{"version": 1, "lessons": [1, 2]}`,
		"wrong version": `{"version": 99, "lessons": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "progress.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			p, warn, err := LoadProgress(path)
			if err != nil {
				t.Fatalf("LoadProgress failed instead of starting afresh: %v", err)
			}
			if len(p.Lessons) != 0 || !strings.Contains(warn, "kept it as") {
				t.Fatalf("p = %+v, warning %q", p, warn)
			}
			matches, _ := filepath.Glob(path + ".corrupt-*")
			if len(matches) != 1 {
				t.Fatalf("found %d files kept aside, want 1", len(matches))
			}
			kept, _ := os.ReadFile(matches[0])
			if string(kept) != content {
				t.Errorf("kept-aside file holds %q, want the original", kept)
			}
			if !strings.Contains(warn, matches[0]) {
				t.Errorf("warning %q does not say where the file went (%s)", warn, matches[0])
			}
			p.MarkDone("x", time.Now())
			if err := SaveProgress(path, p); err != nil {
				t.Fatal(err)
			}
			if q, warn, err := LoadProgress(path); err != nil || warn != "" || !q.IsDone("x") {
				t.Errorf("fresh progress did not save: %v %q", err, warn)
			}
		})
	}
}

func TestResetProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := ResetProgress(path); err != nil {
		t.Fatalf("reset of a missing file: %v", err)
	}
	p := NewProgress()
	p.MarkDone("a", time.Now())
	if err := SaveProgress(path, p); err != nil {
		t.Fatal(err)
	}
	if err := ResetProgress(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("progress file still there after reset: %v", err)
	}
}

// TestReadProgressMovesNothing: the read-only reader warns about a corrupt
// file and leaves it exactly where and as it is.
func TestReadProgressMovesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, warn, err := ReadProgress(path)
	if err != nil || len(p.Lessons) != 0 || !strings.Contains(warn, "leaving the file as it is") {
		t.Fatalf("ReadProgress = %+v, %q, %v", p, warn, err)
	}
	if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) != 0 {
		t.Fatalf("ReadProgress moved the file aside: %v", m)
	}
	if b, _ := os.ReadFile(path); string(b) != "{not json" {
		t.Fatalf("ReadProgress changed the file: %q", b)
	}
	if p, warn, err := ReadProgress(filepath.Join(t.TempDir(), "none.json")); err != nil || warn != "" || len(p.Lessons) != 0 {
		t.Fatalf("ReadProgress(missing) = %+v, %q, %v", p, warn, err)
	}
}

// TestProgressLargerThanLimit: a huge progress file is read up to the limit
// only, and reported as unreadable.
func TestProgressLargerThanLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	big := `{"version": 1, "lessons": {}, "x": "` + strings.Repeat("x", maxProgressSize) + `"}`
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warn, err := ReadProgress(path); err != nil || !strings.Contains(warn, "larger than") {
		t.Fatalf("ReadProgress(a %d-byte file) = %q, %v; want a warning naming the limit", len(big), warn, err)
	}
}

// TestDefaultProgressPath: progress lives under the user's config directory
// (%AppData% on Windows, ~/Library/Application Support on macOS,
// $XDG_CONFIG_HOME or ~/.config elsewhere).
func TestDefaultProgressPath(t *testing.T) {
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Skipf("no user config directory here: %v", err)
	}
	got, err := DefaultProgressPath()
	if err != nil || got != filepath.Join(dir, "workerlab", "progress.json") {
		t.Fatalf("DefaultProgressPath() = %q, %v; want it under %s", got, err, dir)
	}
}
