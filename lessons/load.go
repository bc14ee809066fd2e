package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/workerlab/workerlab/internal/safefile"
)

//go:embed *.md
var builtinFS embed.FS

// Builtin returns the built-in lesson track in order.
func Builtin() ([]*Lesson, error) {
	ls, err := loadFS(builtinFS, ".", "lessons/")
	if err != nil {
		return nil, fmt.Errorf("loading built-in lessons: %w", err)
	}
	return ls, nil
}

// LoadDir reads every lesson file (NAME.md) in dir.
func LoadDir(dir string) ([]*Lesson, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("loading lessons from %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("loading lessons from %s: not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("loading lessons from %s: %w", dir, err)
	}
	// Only regular files are read, and at most maxLessonSize of each: a
	// named pipe called x.md would block, a link to /dev/zero never end.
	ls, err := loadEntries(entries, filepath.Clean(dir)+string(filepath.Separator), func(name string) ([]byte, error) {
		return safefile.ReadRegular(filepath.Join(dir, name), maxLessonSize)
	})
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, fmt.Errorf("loading lessons from %s: no lesson files (*.md) found", dir)
	}
	return ls, nil
}

// LoadFile reads one lesson file: a regular file of at most 1 MiB.
func LoadFile(path string) (*Lesson, error) {
	b, err := safefile.ReadRegular(path, maxLessonSize)
	if err != nil {
		return nil, fmt.Errorf("reading lesson: %w", err)
	}
	return Parse(path, b)
}

// isLessonFile reports whether a file name is a base lesson file: NAME.md,
// not a translation (NAME.LANG.md).
func isLessonFile(name string) bool {
	return strings.HasSuffix(name, ".md") && strings.Count(name, ".") == 1 && !strings.HasPrefix(name, ".")
}

func loadFS(fsys fs.FS, root, prefix string) ([]*Lesson, error) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, err
	}
	return loadEntries(entries, prefix, func(name string) ([]byte, error) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s%s: %w", prefix, name, err)
		}
		return b, nil
	})
}

// loadEntries parses the lesson files among entries, reading each with read.
func loadEntries(entries []fs.DirEntry, prefix string, read func(name string) ([]byte, error)) ([]*Lesson, error) {
	var out []*Lesson
	for _, e := range entries {
		if e.IsDir() || !isLessonFile(e.Name()) {
			continue
		}
		b, err := read(e.Name())
		if err != nil {
			return nil, fmt.Errorf("reading lesson: %w", err)
		}
		l, err := Parse(prefix+e.Name(), b)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := checkDuplicates(out); err != nil {
		return nil, err
	}
	sortTrack(out)
	return out, nil
}

// checkDuplicates reports the second of two lessons with the same id.
func checkDuplicates(ls []*Lesson) error {
	seen := map[string]*Lesson{}
	for _, l := range ls {
		if first, ok := seen[l.ID]; ok {
			return errAt(l.File, l.IDLine, "duplicate id %q (also in %s:%d)", l.ID, first.File, first.IDLine)
		}
		seen[l.ID] = l
	}
	return nil
}

// sortTrack orders lessons by their order key, then by file name; lessons
// without an order come last.
func sortTrack(ls []*Lesson) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i].Order, ls[j].Order
		if (a == 0) != (b == 0) {
			return a != 0
		}
		if a != b {
			return a < b
		}
		return ls[i].File < ls[j].File
	})
}

// Merge lays the learner's lessons over the built-in track: a lesson with the
// id of a built-in one replaces it in place; the others are added, by their
// order key when they have one, else at the end.
func Merge(builtin, own []*Lesson) []*Lesson {
	byID := map[string]*Lesson{}
	for _, l := range own {
		byID[l.ID] = l
	}
	out := make([]*Lesson, 0, len(builtin)+len(own))
	used := map[string]bool{}
	for _, l := range builtin {
		if r, ok := byID[l.ID]; ok {
			out = append(out, r)
			used[l.ID] = true
			continue
		}
		out = append(out, l)
	}
	var extra []*Lesson
	for _, l := range own {
		if !used[l.ID] {
			extra = append(extra, l)
		}
	}
	sortTrack(extra)
	for _, l := range extra {
		pos := len(out)
		if l.Order > 0 {
			for i, b := range out {
				if b.Order > l.Order {
					pos = i
					break
				}
			}
		}
		out = append(out[:pos], append([]*Lesson{l}, out[pos:]...)...)
	}
	return out
}

// Find returns the lesson with id, or nil.
func Find(ls []*Lesson, id string) *Lesson {
	for _, l := range ls {
		if l.ID == id {
			return l
		}
	}
	return nil
}
