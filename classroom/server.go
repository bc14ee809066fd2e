package classroom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/workerlab/workerlab/lessons"
	"github.com/workerlab/workerlab/ui"
	gossh "golang.org/x/crypto/ssh"
)

// Server is a classroom: an SSH server that gives every student a lab.
type Server struct {
	cfg    Config
	ssh    *ssh.Server
	roster *Roster
	log    *log.Logger

	mu        sync.Mutex
	byID      map[string]*session      // open sessions by student
	bySession map[ssh.Session]*session // the same, by SSH session
	wg        sync.WaitGroup           // open sessions
	closing   bool
}

// sessionFrame is the wall time between two frames of a student's cluster:
// ten a second, at the same virtual speed as the lab on one's own machine.
const sessionFrame = 100 * time.Millisecond

// sessionFPS caps how often a session's screen is sent: twice the frame
// rate, so a key's echo waits at most 50 ms, and an idle session's renderer
// wakes a third as often as Bubble Tea's default 60.
const sessionFPS = 20

// HostKeyFile is the name of the host key in the classroom's directory.
const HostKeyFile = "host_ed25519"

// New prepares a classroom: it creates the directory and the host key (kept
// between runs, so students' ssh trusts it once). Log, if not nil, receives
// what the teacher may want to read later (a session that crashed, a save
// that failed).
func New(cfg Config, logTo io.Writer) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("classroom: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "progress"), 0o700); err != nil {
		return nil, fmt.Errorf("classroom: creating %s: %w", cfg.Dir, err)
	}
	if logTo == nil {
		logTo = io.Discard
	}
	s := &Server{
		cfg:       cfg,
		roster:    NewRoster(cfg.Lessons),
		log:       log.New(logTo, "", log.LstdFlags),
		byID:      map[string]*session{},
		bySession: map[ssh.Session]*session{},
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPath(filepath.Join(cfg.Dir, HostKeyFile)),
		// Anyone who reaches the port may join: a key tells students apart,
		// and a student without one signs in by name alone.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program), // runs last: the lab
			s.gate, // runs first: who may come in
		),
	)
	if err != nil {
		return nil, fmt.Errorf("classroom: %w", err)
	}
	// No port forwarding (both callbacks stay nil: denied), no subsystems
	// (sftp), only the session channel; a handshake may not hang.
	s.ssh.HandshakeTimeout = 30 * time.Second
	return s, nil
}

// Roster returns the class's roster.
func (s *Server) Roster() *Roster { return s.roster }

// Config returns the configuration with its defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Serve accepts students on ln until Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("classroom: listening on %s: %w", s.cfg.Addr, err)
	}
	return ln, nil
}

// Shutdown stops accepting students, ends every session (each saves its
// progress) and waits for them until ctx is done.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*session, 0, len(s.byID))
	for _, st := range s.byID {
		open = append(open, st)
	}
	s.mu.Unlock()
	for _, st := range open {
		st.kick(endShutdown, textGoodbye)
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	err := s.ssh.Close()
	select {
	case <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("classroom: stopping: %w", ctx.Err())
	}
}

// logf writes one line to the teacher's log.
func (s *Server) logf(format string, args ...any) { s.log.Printf(format, args...) }

// gate is the first middleware: it refuses what the classroom does not
// offer, opens the student's session (or says the class is full), runs the
// lab, then ends the session and tells the student why.
func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if len(sess.Command()) > 0 || sess.Subsystem() != "" {
			wish.Fatalln(sess, textNoCommands)
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, textNeedsTerminal)
			return
		}
		st, err := s.open(sess)
		if err != nil {
			wish.Fatalln(sess, err)
			return
		}
		defer s.close(st)
		next(sess)
		if sess.Context().Err() != nil {
			st.setEnd(endDropped, "") // the connection went first
		}
		st.finish()
		_, note := st.ending()
		wish.Println(sess, note+"\r")
	}
}

// open registers a session for the student on sess. The same student
// connected elsewhere is closed first (their progress saved); a full class
// refuses.
func (s *Server) open(sess ssh.Session) (*session, error) {
	id := identityOf(sess)
	key := id.ID()
	s.mu.Lock()
	old := s.byID[key]
	s.mu.Unlock()
	if old != nil {
		old.kick(endReplaced, textReplaced)
		select {
		case <-old.done:
		case <-time.After(5 * time.Second):
			old.ssh.Close() // a screen that will not quit: drop its connection
			<-old.done
		}
	}
	path := progressPath(s.cfg.Dir, id)
	p, warn, err := lessons.LoadProgress(path)
	if err != nil {
		s.logf("loading the progress of %s: %v", id.Short(), err)
		return nil, fmt.Errorf("your progress could not be read; ask your teacher")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, fmt.Errorf("the class is over: the server is stopping")
	case len(s.byID) >= s.cfg.Max:
		return nil, fmt.Errorf(textClassFull, s.cfg.Max)
	case s.byID[key] != nil:
		return nil, fmt.Errorf("you are already connected from another terminal")
	}
	st := &session{srv: s, id: id, key: key, path: path, ssh: sess, done: make(chan struct{}),
		progress: p, warning: warn, saved: copyProgress(p), saves: make(chan *lessons.Progress, 1), saverDone: make(chan struct{})}
	go st.saver()
	s.byID[key] = st
	s.bySession[sess] = st
	s.wg.Add(1)
	s.roster.connect(id, sess.RemoteAddr().String(), p, time.Now())
	return st, nil
}

// close forgets a session that has ended.
func (s *Server) close(st *session) {
	why, _ := st.ending()
	s.mu.Lock()
	if s.byID[st.key] == st {
		delete(s.byID, st.key)
	}
	delete(s.bySession, st.ssh)
	s.mu.Unlock()
	s.roster.disconnect(st.key, why)
	close(st.done)
	s.wg.Done()
}

// program builds the lab for a session that gate opened: the lesson track
// on the student's progress, wrapped so the clock runs only while the
// student looks.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	st := s.bySession[sess]
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	learn := ui.NewLearn(ui.LearnConfig{
		Lessons:  s.cfg.Lessons,
		Progress: st.progress,
		// Saving is the session's: it writes copies in order (see progressed).
		NewCluster: s.cfg.NewCluster,
		Seed:       s.cfg.Seed,
		Warning:    st.warning,
		Frame:      sessionFrame,
	})
	st.keep(learn)
	opts := append(bubbletea.MakeOptions(sess), tea.WithoutSignalHandler(), tea.WithFPS(sessionFPS))
	p := tea.NewProgram(newStudentModel(learn, st), opts...)
	st.mu.Lock()
	st.program = p
	kicked, note := st.why, st.note
	st.mu.Unlock()
	if kicked != "" { // kicked before the screen existed
		go p.Send(kickMsg{why: kicked, note: note})
	}
	return p
}

// HostKey returns the fingerprint of the server's host key (SHA256:...), the
// one students' ssh shows the first time they connect.
func (s *Server) HostKey() string {
	if len(s.ssh.HostSigners) == 0 {
		return ""
	}
	return gossh.FingerprintSHA256(s.ssh.HostSigners[0].PublicKey())
}
