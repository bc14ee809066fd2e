package sim

import "fmt"

// importGlobal is a module-level global as the code on disk sets it at
// import time, such as `TOKEN = secrets.token_hex(3)` or `MODE = "fast"`.
type importGlobal struct {
	key    keyID
	val    value
	random bool // drawn at import: differs per import unless forked from one
}

// moduleImport is one import of the app: the code version it read and the
// values its globals took then.
type moduleImport struct {
	code int
	vals []importedValue
}

type importedValue struct {
	key keyID
	val value
}

// defineGlobal adds (or redefines) an import-time global. Before the launch
// it is the code the server starts with. Once the server runs it edits the
// code on disk: running processes keep what they imported, and the change
// reaches a worker only when the app is imported again for it (a new worker
// without preload, or a restart of the master with it).
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
	if s.launched {
		s.code++
		s.obs.codeChanges++
		if s.set.Preload {
			return fmt.Sprintf("edited the code: %s = %s. The master imported the old code (preload): new workers, "+
				"HUP included, fork that import; only restart imports the new code", name, v)
		}
		return fmt.Sprintf("edited the code: %s = %s. Running workers keep their import; a new worker imports "+
			"the new code (hup replaces them all)", name, v)
	}
	s.relaunchIfFresh()
	if s.set.Preload {
		return fmt.Sprintf("module global %s = %s: the master imported it once and every worker got a copy (preload)", name, v)
	}
	return fmt.Sprintf("module global %s = %s: each worker ran the import itself", name, v)
}

// importModule runs the app's import once: random globals are drawn now.
func (s *Sim) importModule() *moduleImport {
	imp := &moduleImport{code: s.code, vals: make([]importedValue, len(s.globals))}
	for i, g := range s.globals {
		v := g.val
		if g.random {
			v = value{s: fmt.Sprintf("%06x", s.rng.Uint32()&0xffffff)}
		}
		imp.vals[i] = importedValue{g.key, v}
	}
	return imp
}

// masterImport runs the app's import in the master (preload): every worker
// forked later starts from a copy of it, random values included.
func (s *Sim) masterImport() {
	s.master = s.importModule()
	s.masterImported()
}

// importState gives a new worker the import-time state of the app: a copy
// of the master's import with preload, else its own import of the code now
// on disk.
func (s *Sim) importState(w *worker) {
	imp := s.master
	if imp == nil {
		imp = s.importModule()
	}
	for _, v := range imp.vals {
		e := w.dict.put(v.key, s.now, 0)
		*e = entry{val: v.val, lastUse: s.now}
	}
	w.code = imp.code
}

// globalCopies is the most distinct values one global has across the live
// workers that hold it (0 when no worker holds a global).
func (s *Sim) globalCopies() int {
	most := 0
	for _, g := range s.globals {
		seen := map[string]bool{}
		for _, w := range s.workers {
			if e, ok := w.dict.m[g.key]; ok {
				seen[e.val.String()] = true
			}
		}
		most = max(most, len(seen))
	}
	return most
}

// outdatedWorkers counts the live workers whose module globals come from
// older code than the code on disk.
func (s *Sim) outdatedWorkers() int {
	n := 0
	for _, w := range s.workers {
		if w.code != s.code {
			n++
		}
	}
	return n
}

// replaceWorkers replaces every live worker gracefully: each finishes its
// requests, exits, and a new one starts in its slot from import-time state.
func (s *Sim) replaceWorkers(why string) int {
	live := append([]*worker(nil), s.workers...)
	n := 0
	for _, w := range live {
		if !w.retiring {
			s.retire(w, why, true)
			n++
		}
	}
	return n
}

// hup is gunicorn's HUP: new workers with the current configuration, the
// old ones stopped gracefully. Without preload each new worker imports the
// code on disk; with it they fork the master's import, which HUP does not
// redo (FACTS.md B10).
func (s *Sim) hup() string {
	s.launch()
	n := s.replaceWorkers("replaced (HUP)")
	s.logEvent(EventSetting, nil, "HUP: "+itoa(n)+" workers replaced")
	switch {
	case s.master != nil && len(s.globals) > 0:
		return fmt.Sprintf("HUP: %d new workers fork the master's import (code v%d); the app is preloaded, so HUP does not reload it", n, s.master.code+1)
	case s.master != nil:
		return fmt.Sprintf("HUP: %d new workers fork the master's import; the app is preloaded, so HUP does not reload it", n)
	case len(s.globals) > 0:
		return fmt.Sprintf("HUP: %d new workers, each importing the code on disk (v%d)", n, s.code+1)
	}
	return fmt.Sprintf("HUP: %d new workers replace the old ones, each importing the app", n)
}

// restartServer stops gunicorn and starts it again with the current
// settings: with preload the new master imports the code on disk once;
// every worker is new.
func (s *Sim) restartServer() string {
	s.launch()
	s.master = nil
	s.dropRunners(runsInMaster) // the old master and its threads are gone
	if s.set.Preload {
		s.masterImport()
	}
	n := s.replaceWorkers("stopped (restart)")
	s.logEvent(EventSetting, nil, "restart: "+itoa(n)+" workers replaced")
	if s.set.Preload {
		return fmt.Sprintf("restarted gunicorn with --preload: the new master imported code v%d once; %d new workers fork it", s.code+1, n)
	}
	return fmt.Sprintf("restarted gunicorn: %d new workers, each importing code v%d", n, s.code+1)
}
