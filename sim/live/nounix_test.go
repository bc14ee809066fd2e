//go:build !unix

package live

import (
	"errors"
	"strings"
	"testing"
)

// TestLiveModeExplainsItself: every live entry point answers ErrNeedsUnix,
// whose message names the systems that run it.
func TestLiveModeExplainsItself(t *testing.T) {
	if Supported {
		t.Fatal("Supported is true on a system without Unix processes")
	}
	_, _, openErr := Open(Config{})
	for name, err := range map[string]error{"Run": Run(Config{}), "RunWorker": RunWorker(nil), "Open": openErr} {
		if !errors.Is(err, ErrNeedsUnix) {
			t.Errorf("%s = %v, want ErrNeedsUnix", name, err)
		}
	}
	for _, want := range []string{"Unix-like", "Linux", "macOS", "WSL", "sandbox"} {
		if !strings.Contains(ErrNeedsUnix.Error(), want) {
			t.Errorf("the message %q does not name %q", ErrNeedsUnix, want)
		}
	}
}
