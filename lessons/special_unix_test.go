//go:build unix

package lessons

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/workerlab/workerlab/internal/safefile"
)

// within fails the test if f does not return within 5 s (a read that blocks
// on a named pipe would hang forever).
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s still blocked after 5 s", what)
		return nil
	}
}

// TestLessonsAreRegularFiles: a named pipe called x.md among the lessons, or
// a link to /dev/zero as a lesson, is refused at once with its path named.
func TestLessonsAreRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	err := within(t, "LoadDir with a named pipe", func() error { _, err := LoadDir(dir); return err })
	if !errors.Is(err, safefile.ErrNotRegular) || !strings.Contains(err.Error(), fifo) || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("LoadDir with a FIFO x.md: %v", err)
	}
	zero := filepath.Join(t.TempDir(), "zero.md")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	err = within(t, "LoadFile of /dev/zero", func() error { _, err := LoadFile(zero); return err })
	if !errors.Is(err, safefile.ErrNotRegular) || !strings.Contains(err.Error(), zero) {
		t.Fatalf("LoadFile(link to /dev/zero): %v", err)
	}
	err = within(t, "LoadFile of a FIFO", func() error { _, err := LoadFile(fifo); return err })
	if !errors.Is(err, safefile.ErrNotRegular) {
		t.Fatalf("LoadFile(FIFO): %v", err)
	}
}

// TestProgressIsNeverADevice: --progress naming a device (a mknod copy of
// /dev/null, as root) or a named pipe is an error naming it; nothing reads
// it forever, renames it, writes it or removes it.
func TestProgressIsNeverADevice(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "fifo.json")}
	if err := syscall.Mkfifo(paths[0], 0o600); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" {
		null := filepath.Join(dir, "null.json")
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
			paths = append(paths, null)
		} else {
			t.Logf("no device copy of /dev/null (%v, needs root); checking the named pipe", err)
		}
	}
	for _, path := range paths {
		before, _ := os.Lstat(path)
		for name, f := range map[string]func() error{
			"ReadProgress":  func() error { _, _, err := ReadProgress(path); return err },
			"LoadProgress":  func() error { _, _, err := LoadProgress(path); return err },
			"SaveProgress":  func() error { return SaveProgress(path, NewProgress()) },
			"ResetProgress": func() error { return ResetProgress(path) },
		} {
			err := within(t, name, f)
			if !errors.Is(err, safefile.ErrNotRegular) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s(%s) = %v; want an error naming it as not a regular file", name, path, err)
			}
		}
		after, err := os.Lstat(path)
		if err != nil || !os.SameFile(before, after) || after.Mode() != before.Mode() {
			t.Errorf("%s changed: %v", path, err)
		}
		if m, _ := filepath.Glob(path + ".*"); len(m) != 0 {
			t.Errorf("files beside %s: %v", path, m)
		}
	}
}
