//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openRegular opens path for reading without blocking: O_NONBLOCK makes a
// named pipe with no writer open at once (and then be refused by its mode)
// instead of waiting forever; it changes nothing for a regular file.
func openRegular(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// syncDir flushes a directory's entries (a rename) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
