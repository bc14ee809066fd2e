package classroom

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/workerlab/workerlab/lessons"
)

// Student is one line of the roster.
type Student struct {
	Identity
	ID        string
	Remote    string    // the client's address
	Connected bool      // a session is open now
	Since     time.Time // when the last session opened
	LastInput time.Time // the last key, paste or click
	Watching  bool      // the session's clock runs (focused and not idle)
	Ended     string    // why the last session ended ("" while connected)

	Lesson      string // id of the lesson last opened ("" on the list)
	LessonTitle string
	LessonIndex int // 1-based position in the track (0: none)
	Stage       int // stages completed in that lesson
	Stages      int // stages the lesson has
	Hints       int // hints opened in that lesson
	Done        int // lessons done
}

// Roster is who is in the class: every student seen since the server
// started, and what each is doing. It is safe for concurrent use; Subscribe
// tells a screen when it changed.
type Roster struct {
	mu       sync.Mutex
	track    []*lessons.Lesson
	students map[string]*Student
	subs     []chan struct{}
}

// NewRoster returns an empty roster for a track.
func NewRoster(track []*lessons.Lesson) *Roster {
	return &Roster{track: track, students: map[string]*Student{}}
}

// Students returns a copy of the roster: connected students first, then by
// user name.
func (r *Roster) Students() []Student {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Student, 0, len(r.students))
	for _, s := range r.students {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Student) int {
		if a.Connected != b.Connected {
			if a.Connected {
				return -1
			}
			return 1
		}
		if c := strings.Compare(strings.ToLower(a.User), strings.ToLower(b.User)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Connected returns how many students have a session open.
func (r *Roster) Connected() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.students {
		if s.Connected {
			n++
		}
	}
	return n
}

// Subscribe returns a channel that receives a value after the roster
// changes (changes close together arrive as one).
func (r *Roster) Subscribe() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan struct{}, 1)
	r.subs = append(r.subs, ch)
	return ch
}

// update changes one student under the lock and tells the subscribers.
func (r *Roster) update(id string, fn func(*Student)) {
	r.mu.Lock()
	s := r.students[id]
	if s == nil {
		s = &Student{ID: id}
		r.students[id] = s
	}
	fn(s)
	subs := r.subs
	r.mu.Unlock()
	for _, ch := range subs {
		select {
		case ch <- struct{}{}:
		default: // a change is already waiting to be read
		}
	}
}

// connect records that a student opened a session.
func (r *Roster) connect(id Identity, remote string, p *lessons.Progress, at time.Time) {
	r.update(id.ID(), func(s *Student) {
		s.Identity, s.Remote = id, remote
		s.Connected, s.Ended = true, ""
		s.Since, s.LastInput = at, at
		s.Watching = true
		r.fill(s, p)
	})
}

// progress records a student's saved progress.
func (r *Roster) progress(id string, p *lessons.Progress) {
	r.update(id, func(s *Student) { r.fill(s, p) })
}

// activity records a student's last input and whether their clock runs.
func (r *Roster) activity(id string, lastInput time.Time, watching bool) {
	r.update(id, func(s *Student) { s.LastInput, s.Watching = lastInput, watching })
}

// disconnect records that a student's session ended, and why.
func (r *Roster) disconnect(id, why string) {
	r.update(id, func(s *Student) { s.Connected, s.Watching, s.Ended = false, false, why })
}

// fill copies what the roster shows of p; the caller holds mu.
func (r *Roster) fill(s *Student, p *lessons.Progress) {
	if p == nil {
		return
	}
	s.Done = 0
	for _, lp := range p.Lessons {
		if lp.Done {
			s.Done++
		}
	}
	s.Lesson, s.LessonTitle, s.LessonIndex, s.Stages = p.Current, "", 0, 0
	for i, l := range r.track {
		if l.ID == p.Current {
			s.LessonTitle, s.LessonIndex, s.Stages = l.Title, i+1, len(l.Stages)
		}
	}
	lp := p.Lessons[p.Current]
	s.Stage, s.Hints = lp.Stage, lp.Hints
}
