package sim

import "fmt"

// importGlobal is a module-level global the app sets at import time, such as
// `TOKEN = secrets.token_hex(3)` or `MODE = "fast"`.
type importGlobal struct {
	key    keyID
	val    value
	random bool // drawn at import: differs per import unless forked from one
}

// defineGlobal adds (or redefines) an import-time global and lets every live
// worker import it, as a deploy of the new code would.
func (s *Sim) defineGlobal(name, v string) string {
	g := importGlobal{key: s.keys.id(name), random: v == "random"}
	if !g.random {
		g.val = parseValue(v)
	}
	replaced := false
	for i := range s.globals {
		if s.globals[i].key == g.key {
			s.globals[i], replaced = g, true
		}
	}
	if !replaced {
		s.globals = append(s.globals, g)
	}
	s.masterImport()
	for _, w := range s.workers {
		s.importInto(w.dict, g)
	}
	how := "each worker ran the import itself"
	if s.set.Preload {
		how = "the master imported it once and every worker got a copy (preload)"
	}
	return fmt.Sprintf("module global %s = %s: %s", name, v, how)
}

// masterImport runs the app's import in the master (preload): random globals
// are drawn once here and copied into every worker forked later.
func (s *Sim) masterImport() {
	if s.master == nil {
		s.master = make(map[keyID]value)
	}
	for _, g := range s.globals {
		if _, ok := s.master[g.key]; !ok || !g.random {
			s.master[g.key] = s.importValue(g)
		}
	}
}

// importValue evaluates a global's right-hand side once.
func (s *Sim) importValue(g importGlobal) value {
	if !g.random {
		return g.val
	}
	return value{s: fmt.Sprintf("%06x", s.rng.Uint32()&0xffffff)}
}

// importInto sets one global in a fresh or live dict: from the master's copy
// with preload, from the worker's own import without.
func (s *Sim) importInto(d *dict, g importGlobal) {
	v := s.master[g.key]
	if !s.set.Preload {
		v = s.importValue(g)
	}
	e := d.put(g.key, s.now, 0)
	*e = entry{val: v, lastUse: s.now}
}

// importState gives a new worker the import-time state of the app.
func (s *Sim) importState(w *worker) {
	for _, g := range s.globals {
		s.importInto(w.dict, g)
	}
}
