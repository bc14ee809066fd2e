// Package safefile reads and writes the lab's own files (lessons, progress,
// scripts) without harming anything else a path may name by mistake: only
// regular files are ever opened, written, renamed or removed, anything else
// (a named pipe, a device, a directory) is refused with an error naming the
// path, and reads stop at a size limit instead of exhausting memory.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is matched (errors.Is) by every *NotRegularError.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is matched by the error of a read that passed its limit.
var ErrTooLarge = errors.New("file too large")

// NotRegularError says that a path names something other than a regular
// file, and what.
type NotRegularError struct {
	Path string
	Kind string // "a named pipe (FIFO)", "a character device", ...
}

// Error reads "PATH is KIND, not a regular file".
func (e *NotRegularError) Error() string { return e.Path + " is " + e.Kind + ", not a regular file" }

// Is reports whether target is ErrNotRegular.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// kind describes a file mode in words.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a plain file"
}

// checkRegular returns a *NotRegularError unless m is a regular file's.
func checkRegular(path string, m fs.FileMode) error {
	if m.IsRegular() {
		return nil
	}
	return &NotRegularError{Path: path, Kind: kind(m)}
}

// ReadRegular reads the regular file at path (following symbolic links),
// at most limit bytes. Opening never blocks (a named pipe is refused, not
// waited on), a path that is not a regular file gives a *NotRegularError,
// and a file longer than limit an error matching ErrTooLarge.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, the most accepted: %w", path, limit, ErrTooLarge)
	}
	return b, nil
}

// resolve returns the file a write to path lands on: path itself, or the
// target of a symbolic link. exists is false when nothing is there yet. A
// path that names something other than a regular file is refused.
func resolve(path string) (target string, exists bool, err error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, false, nil
	}
	if err != nil {
		return "", false, err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		target, err = filepath.EvalSymlinks(path)
		if err != nil {
			return "", false, fmt.Errorf("%s is a symbolic link that does not lead to a file: %w", path, err)
		}
		if st, err = os.Lstat(target); err != nil {
			return "", false, err
		}
		if !st.Mode().IsRegular() {
			return "", false, &NotRegularError{Path: path, Kind: "a link to " + kind(st.Mode())}
		}
		return target, true, nil
	}
	return path, true, checkRegular(path, st.Mode())
}

// WriteAtomic replaces the file at path with data: it writes a temporary
// file in the same directory, syncs it, renames it over path and syncs the
// directory, so a crash leaves the old file or the new one, never a mix.
// A symbolic link is followed (the link stays); a path that exists and is
// not a regular file is refused and left alone.
func WriteAtomic(path string, data []byte, perm fs.FileMode) error {
	target, _, err := resolve(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	return syncDir(dir)
}

// Rename moves the regular file at path to newpath; anything else at path
// is refused and left where it is.
func Rename(path, newpath string) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return err
	}
	return os.Rename(path, newpath)
}

// Remove removes the regular file at path; a missing path is not an error,
// and anything else is refused and left alone.
func Remove(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return err
	}
	return os.Remove(path)
}
