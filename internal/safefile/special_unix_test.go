//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// special makes the non-regular files of the tests: a named pipe with no
// writer, a link to /dev/zero, and (as root) a copy of /dev/null's device.
func special(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	fifo := filepath.Join(dir, "x.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	out[fifo] = "a named pipe (FIFO)"
	zero := filepath.Join(dir, "zero.md")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	out[zero] = "a character device"
	null := filepath.Join(dir, "null.json")
	if dev, ok := devNull[runtime.GOOS]; !ok {
		t.Logf("no device copy of /dev/null on %s; checking the others", runtime.GOOS)
	} else if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, dev); err != nil {
		t.Logf("no device copy of /dev/null (%v, needs root); checking the others", err)
	} else {
		out[null] = "a character device"
	}
	return out
}

// devNull is /dev/null's device number: major 1, minor 3 on Linux, 3 and 2
// on macOS, each in its system's encoding.
var devNull = map[string]int{"linux": 1<<8 | 3, "darwin": 3<<24 | 2}

// TestSpecialFilesAreRefused: reading a FIFO returns at once, a link to
// /dev/zero does not exhaust memory, and a device is never written, renamed
// or removed.
func TestSpecialFilesAreRefused(t *testing.T) {
	for path, kind := range special(t) {
		done := make(chan error, 1)
		go func() { _, err := ReadRegular(path, 1<<20); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Path != path || nr.Kind != kind {
				t.Errorf("ReadRegular(%s) error %v; want %s named", path, err, kind)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadRegular(%s) still blocked after 5 s", path)
		}
		before, _ := os.Lstat(path)
		for name, err := range map[string]error{
			"WriteAtomic": WriteAtomic(path, []byte("{}"), 0o600),
			"Rename":      Rename(path, path+".aside"),
			"Remove":      Remove(path),
		} {
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s(%s) = %v; want ErrNotRegular", name, path, err)
			}
		}
		after, err := os.Lstat(path)
		if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
			t.Errorf("%s changed: before %v, after %v (%v)", path, before.Mode(), after, err)
		}
		if _, err := os.Lstat(path + ".aside"); !os.IsNotExist(err) {
			t.Errorf("%s was moved aside", path)
		}
	}
}
