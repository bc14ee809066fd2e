package classroom

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Identity is who a student is to the classroom: the SSH user name and the
// fingerprint of the key they signed in with ("" without a key).
type Identity struct {
	User        string
	Fingerprint string // SHA256:... as ssh-keygen -l prints it
}

// identityOf reads a session's identity.
func identityOf(s ssh.Session) Identity {
	id := Identity{User: s.User()}
	if k := s.PublicKey(); k != nil {
		id.Fingerprint = gossh.FingerprintSHA256(k)
	}
	return id
}

// ID is a file-name-safe key for the identity: the user name reduced to
// letters, digits, dot, dash and underscore, then a hash of name and
// fingerprint, so two students with one name but different keys never share
// progress, and no user name can reach outside the progress directory.
func (id Identity) ID() string {
	sum := sha256.Sum256([]byte(id.User + "\x00" + id.Fingerprint))
	return safeName(id.User) + "-" + hex.EncodeToString(sum[:6])
}

// Short is the identity as a roster shows it: the name and the start of the
// key's fingerprint.
func (id Identity) Short() string {
	if id.Fingerprint == "" {
		return id.User + " (no key)"
	}
	fp := strings.TrimPrefix(id.Fingerprint, "SHA256:")
	if len(fp) > 8 {
		fp = fp[:8]
	}
	return id.User + " " + fp
}

// safeName keeps at most 32 safe characters of a user name.
func safeName(user string) string {
	var b strings.Builder
	for _, r := range user {
		if b.Len() >= 32 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "student"
	}
	return b.String()
}
