package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.md")
	if err := os.WriteFile(small, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadRegular(small, 5); err != nil || string(b) != "hello" {
		t.Fatalf("ReadRegular(5 bytes, limit 5) = %q, %v", b, err)
	}
	_, err := ReadRegular(small, 4)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), small) || !strings.Contains(err.Error(), "4 bytes") {
		t.Fatalf("ReadRegular(5 bytes, limit 4) error %v; want ErrTooLarge naming the path and the limit", err)
	}
	_, err = ReadRegular(dir, 10)
	var nr *NotRegularError
	if !errors.As(err, &nr) || nr.Path != dir || nr.Kind != "a directory" {
		t.Fatalf("ReadRegular(a directory) error %v", err)
	}
	if _, err := ReadRegular(filepath.Join(dir, "none"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("ReadRegular(missing) error %v; want ErrNotExist", err)
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	for _, data := range []string{"one", "two, longer"} {
		if err := WriteAtomic(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != data {
			t.Fatalf("after WriteAtomic(%q) the file holds %q", data, b)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("%d entries after two writes; want 1 (no temporary file left)", len(ents))
	}
	// A link is followed: the target changes, the link stays a link.
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(path, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := WriteAtomic(link, []byte("three"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Fatalf("write through a link left the target with %q", b)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("write through a link replaced the link with a file")
	}
	// A directory is refused and left alone.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(sub, []byte("x"), 0o600); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("WriteAtomic(a directory) = %v; want ErrNotRegular", err)
	}
	if err := Remove(sub); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Remove(a directory) = %v; want ErrNotRegular", err)
	}
	if err := Rename(sub, sub+".aside"); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Rename(a directory) = %v; want ErrNotRegular", err)
	}
	if st, err := os.Stat(sub); err != nil || !st.IsDir() {
		t.Fatalf("the directory is gone or changed: %v", err)
	}
	if err := Remove(filepath.Join(dir, "none")); err != nil {
		t.Fatalf("Remove(missing) = %v", err)
	}
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("Remove left %s: %v", path, err)
	}
}
