package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/workerlab/workerlab/lessons"
)

//go:embed demos/*.demo
var builtinFS embed.FS

// Talk is the name of the built-in five-minute talk, listed first.
const Talk = "global-dict"

// Builtin returns the built-in demos: the talk first, then one per lesson in
// the track's order.
func Builtin() ([]*Demo, error) {
	ds, err := loadFS(builtinFS, "demos", "demo/demos/")
	if err != nil {
		return nil, fmt.Errorf("loading built-in demos: %w", err)
	}
	order := map[string]int{Talk: 0}
	if track, err := lessons.Builtin(); err == nil {
		for i, l := range track {
			order[l.ID] = i + 1
		}
	}
	slices.SortStableFunc(ds, func(a, b *Demo) int {
		oa, aok := order[a.Name]
		ob, bok := order[b.Name]
		switch {
		case aok && bok:
			return oa - ob
		case aok != bok:
			if aok {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return ds, nil
}

// LoadFile reads one demo file.
func LoadFile(path string) (*Demo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading demo %s: %w", path, err)
	}
	return Parse(path, b)
}

// LoadDir reads every NAME.demo in dir, sorted by name.
func LoadDir(dir string) ([]*Demo, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("loading demos from %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("loading demos from %s: not a directory", dir)
	}
	ds, err := loadFS(os.DirFS(dir), ".", filepath.Clean(dir)+string(filepath.Separator))
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("loading demos from %s: no demo files (NAME.demo) found", dir)
	}
	return ds, nil
}

// loadFS reads every *.demo file of root in fsys; prefix is shown before
// file names in messages.
func loadFS(fsys fs.FS, root, prefix string) ([]*Demo, error) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, err
	}
	var out []*Demo
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".demo") || strings.HasPrefix(name, ".") {
			continue
		}
		file := prefix + name
		if !namePattern.MatchString(nameOf(name)) {
			return nil, errAt(file, 0, "demo name %q: expected lower-case letters, digits and dashes (the file is NAME.demo)", nameOf(name))
		}
		b, err := fs.ReadFile(fsys, path(root, name))
		if err != nil {
			return nil, fmt.Errorf("reading demo %s: %w", file, err)
		}
		d, err := Parse(file, b)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Demo) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// path joins a directory of an fs.FS and a name.
func path(root, name string) string {
	if root == "." {
		return name
	}
	return root + "/" + name
}

// Merge lays a teacher's demos over the built-in ones: a demo with the name
// of a built-in one replaces it in place; the others follow, by name.
func Merge(builtin, own []*Demo) []*Demo {
	byName := map[string]*Demo{}
	for _, d := range own {
		byName[d.Name] = d
	}
	out := make([]*Demo, 0, len(builtin)+len(own))
	for _, d := range builtin {
		if r, ok := byName[d.Name]; ok {
			out = append(out, r)
			delete(byName, d.Name)
			continue
		}
		out = append(out, d)
	}
	for _, d := range own {
		if _, ok := byName[d.Name]; ok {
			out = append(out, d)
		}
	}
	return out
}

// Find returns the demo called name, or nil.
func Find(ds []*Demo, name string) *Demo {
	for _, d := range ds {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Names lists the demos' names, in order.
func Names(ds []*Demo) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return out
}
