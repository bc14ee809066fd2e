//go:build !unix

package safefile

import "os"

// openRegular checks the path before opening it, so a device name (CON,
// NUL) or a pipe is refused without being opened.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return nil, err
	}
	return os.Open(path)
}

// syncDir does nothing: Windows cannot sync a directory handle opened this
// way; the file itself was synced before the rename.
func syncDir(string) error { return nil }
