package classroom

import (
	"maps"
	"path/filepath"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/ui"
)

// session is one student's open connection to the lab.
type session struct {
	srv  *Server
	id   Identity
	key  string // id.ID()
	path string // the student's progress file
	ssh  ssh.Session
	done chan struct{} // closed once the session has ended and saved

	progress *lessons.Progress // as loaded when the session opened
	warning  string            // about a progress file kept aside

	saveMu    sync.Mutex             // one save at a time, so the file is never written twice at once
	saved     lessons.Progress       // the last progress handed to the saver (update loop only)
	saves     chan *lessons.Progress // the newest progress not yet written (the saver takes it)
	saverDone chan struct{}          // closed when the saver has written the last copy

	mu      sync.Mutex
	program *tea.Program
	last    tea.Model // the lesson screen as of its last update
	why     string    // why the session ended ("" while running)
	note    string    // what the student reads when it ends
}

// progressPath is where a student's progress lives under dir.
func progressPath(dir string, id Identity) string {
	return filepath.Join(dir, "progress", id.ID()+".json")
}

// keep records the lesson screen's latest state (the update loop calls it).
func (s *session) keep(m tea.Model) {
	s.mu.Lock()
	s.last = m
	s.mu.Unlock()
}

// setEnd records why the session ends and what to tell the student; the
// first reason wins.
func (s *session) setEnd(why, note string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.why == "" {
		s.why, s.note = why, note
	}
}

// ending returns why the session ended and what to tell the student.
func (s *session) ending() (why, note string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.why == "" {
		return endLeft, textGoodbye
	}
	return s.why, s.note
}

// progressed is called by the update loop after every update of the lesson
// screen: when the progress changed, a copy goes to the saver, which writes
// copies in the order they were made (the newest replaces one still waiting).
func (s *session) progressed(m any) {
	pm, ok := m.(interface{ Progress() *lessons.Progress })
	if !ok {
		return
	}
	p := pm.Progress()
	if p == nil || p.Current == s.saved.Current && maps.Equal(p.Lessons, s.saved.Lessons) {
		return
	}
	cp := copyProgress(p)
	s.saved = cp
	for {
		select {
		case s.saves <- &cp:
			return
		default:
			select { // replace the copy still waiting with this newer one
			case <-s.saves:
			default:
			}
		}
	}
}

// saver writes the copies progressed hands it until the channel closes.
func (s *session) saver() {
	defer close(s.saverDone)
	for p := range s.saves {
		s.save(p)
	}
}

// save writes the student's progress and updates the roster.
func (s *session) save(p *lessons.Progress) error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	err := lessons.SaveProgress(s.path, p)
	if err != nil {
		s.srv.logf("saving the progress of %s: %v", s.id.Short(), err)
	}
	s.srv.roster.progress(s.key, p)
	return err
}

// kick asks the running lesson screen to end with why.
func (s *session) kick(why, note string) {
	s.mu.Lock()
	p := s.program
	s.mu.Unlock()
	s.setEnd(why, note)
	if p != nil {
		go p.Send(kickMsg{why: why, note: note})
	}
}

// finish closes the lesson's cluster and saves the final progress.
func (s *session) finish() {
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	close(s.saves)
	<-s.saverDone
	if l, ok := last.(ui.Learn); ok {
		l.Close()
		s.save(l.Progress())
	}
}

// copyProgress returns a copy of p that shares nothing with it.
func copyProgress(p *lessons.Progress) lessons.Progress {
	cp := *p
	cp.Lessons = maps.Clone(p.Lessons)
	return cp
}
