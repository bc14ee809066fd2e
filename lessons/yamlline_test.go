package lessons

import (
	"errors"
	"testing"
)

// TestYAMLErrorLines: a YAML error in the front matter names the file line
// where the problem is, for yaml.v3's parser errors (which count lines from
// 0) as for its scanner errors (which count from 1).
func TestYAMLErrorLines(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
	}{
		{"unclosed flow sequence (parser)", "---\nid: x\ntitle: [unclosed\nstages: 1\n---\nbody\n", 3},
		{"missing key (parser)", "---\nid: x\n: nokey\n---\n", 3},
		{"missing key on the first line (parser)", "---\n: nokey\n---\n", 2},
		{"unclosed flow mapping later (parser)", "---\nid: x\ntitle: a\nsetup: {a: 1\n---\n", 4},
		{"indented mapping value (scanner)", "---\nid: x\ntitle: a\n  bad: indent\n---\nbody\n", 4},
		{"tab (scanner)", "---\nid: x\ntitle: a\nstages:\n\t- tab\n---\nbody\n", 5},
		{"unterminated quote (scanner)", "---\nid: x\ntitle: \"unterminated\n---\nbody\n", 3},
	} {
		_, err := Parse("f.md", []byte(tc.src))
		var le *Error
		if !errors.As(err, &le) || le.Line != tc.line {
			t.Errorf("%s: error %v; want it on line %d", tc.name, err, tc.line)
		}
	}
}
