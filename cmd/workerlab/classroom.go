package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	charmlog "charm.land/log/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/workerlab/workerlab/classroom"
	"github.com/workerlab/workerlab/ui"
)

// classroomOptions are the flags of `workerlab classroom`.
type classroomOptions struct {
	bind    string
	max     int
	idle    time.Duration
	dir     string
	lessons string
}

// minIdle is the shortest --idle: a student reads for a while between keys.
const minIdle = time.Minute

func newClassroomCmd() *cobra.Command {
	var o classroomOptions
	cmd := &cobra.Command{
		Use:   "classroom",
		Short: "Serve the lesson track over SSH: every student gets a lab of their own",
		Long: "classroom runs an SSH server that gives every student who connects their own lesson\n" +
			"track, with its own simulated cluster and their own saved progress: they need only\n" +
			"an ssh client, no Go and no download. Students are told apart by user name and key.\n" +
			"Your terminal shows the roster: who is connected, which lesson and stage, how many\n" +
			"hints. The server offers nothing else: no shell, no commands, no port forwarding,\n" +
			"no file transfer. It listens on 127.0.0.1 unless --bind says otherwise; the host\n" +
			"key and the progress live in --dir.",
		Example: "  workerlab classroom --bind 0.0.0.0:2222   # students: ssh -p 2222 YOUR-ADDRESS\n" +
			"  workerlab classroom                        # try it alone: ssh -p 2222 127.0.0.1",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runClassroom(cmd, o, os.Stdout) },
	}
	f := cmd.Flags()
	f.StringVar(&o.bind, "bind", classroom.DefaultAddr, "the address to listen on (0.0.0.0:2222: every network of this machine)")
	f.IntVar(&o.max, "max", classroom.DefaultMax, fmt.Sprintf("most students at once, 1..%d", classroom.MaxSessions))
	f.DurationVar(&o.idle, "idle", classroom.DefaultIdleTimeout, "close a session after this long without a key (progress is saved)")
	f.StringVar(&o.dir, "dir", "", "where the host key and progress live (default: <config dir>/workerlab/classroom)")
	f.StringVar(&o.lessons, "lessons", "", "a directory of your own lesson files, added to the track (same id: replaces)")
	addASCIIFlag(cmd)
	return cmd
}

func runClassroom(cmd *cobra.Command, o classroomOptions, out *os.File) error {
	if o.max < 1 || o.max > classroom.MaxSessions {
		return usagef("bad --max %d: expected a whole number 1..%d", o.max, classroom.MaxSessions)
	}
	if o.idle < minIdle {
		return usagef("bad --idle %s: expected at least %s", o.idle, minIdle)
	}
	if _, _, err := net.SplitHostPort(o.bind); err != nil {
		return usagef("bad --bind %q: expected HOST:PORT such as 0.0.0.0:2222", o.bind)
	}
	track, err := loadTrack(learnOptions{lessons: o.lessons})
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		if dir, err = classroom.DefaultDir(); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("classroom: %w", err)
	}
	logPath := filepath.Join(dir, "classroom.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("classroom: opening the log: %w", err)
	}
	defer logFile.Close()
	charmlog.SetOutput(logFile) // wish logs there, never over the roster
	srv, err := classroom.New(classroom.Config{
		Addr: o.bind, Dir: dir, Max: o.max, IdleTimeout: o.idle,
		Lessons: track, Seed: rand.Uint64,
	}, logFile)
	if err != nil {
		return err
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	join := joinCommand(ln.Addr())
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if term.IsTerminal(out.Fd()) {
		err = runRoster(ctx, cmd, srv, join, out)
	} else {
		err = printRoster(ctx, srv, join, ln.Addr().String(), logPath, out)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	if serr := <-served; serr != nil && err == nil {
		err = fmt.Errorf("classroom: %w", serr)
	}
	return err
}

// runRoster shows the roster on the teacher's terminal until they stop it.
func runRoster(ctx context.Context, cmd *cobra.Command, srv *classroom.Server, join string, out *os.File) error {
	r := srv.Roster()
	screen := ui.NewRoster(ui.RosterConfig{
		Students: func() []ui.RosterStudent { return rosterLines(r.Students()) },
		Changes:  r.Subscribe(),
		Join:     join,
		HostKey:  srv.HostKey(),
		Max:      srv.Config().Max,
		ASCII:    wantASCII(cmd, os.Getenv),
	})
	_, err := tea.NewProgram(screen, tea.WithContext(ctx), tea.WithOutput(out)).Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("classroom: %w", err)
	}
	return nil
}

// printRoster is the roster without a terminal: where to connect, then a
// line for each change, until ctx is done.
func printRoster(ctx context.Context, srv *classroom.Server, join, addr, logPath string, out io.Writer) error {
	fmt.Fprintf(out, "workerlab classroom: listening on %s (host key %s; log %s)\n", addr, srv.HostKey(), logPath)
	fmt.Fprintf(out, "students join with: %s\n", join)
	changes := srv.Roster().Subscribe()
	seen := map[string]string{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-changes:
		}
		for _, s := range srv.Roster().Students() {
			line := studentLine(s)
			if seen[s.ID] != line {
				seen[s.ID] = line
				fmt.Fprintf(out, "%s %s\n", time.Now().Format("15:04:05"), line)
			}
		}
	}
}

// studentLine is one student's state in a sentence.
func studentLine(s classroom.Student) string {
	state := "connected"
	if !s.Connected {
		state = "gone (" + s.Ended + ")"
	}
	where := "on the lesson list"
	if s.LessonIndex > 0 {
		where = fmt.Sprintf("lesson %d, stage %d/%d, %d hints", s.LessonIndex, s.Stage, s.Stages, s.Hints)
	}
	return fmt.Sprintf("%s: %s, %s, %d done", s.Short(), state, where, s.Done)
}

// rosterLines turns the classroom's roster into the screen's lines.
func rosterLines(st []classroom.Student) []ui.RosterStudent {
	out := make([]ui.RosterStudent, len(st))
	for i, s := range st {
		key := ""
		if s.Fingerprint != "" {
			key = s.Short()[len(s.User)+1:]
		}
		out[i] = ui.RosterStudent{
			Name: s.User, Key: key, Connected: s.Connected, Watching: s.Watching,
			LastInput: s.LastInput, Ended: s.Ended, Lesson: s.LessonTitle, LessonIndex: s.LessonIndex,
			Stage: s.Stage, Stages: s.Stages, Hints: s.Hints, Done: s.Done,
		}
	}
	return out
}

// joinCommand is what students type: ssh to this machine's address (the
// first non-loopback one when the server listens on all of them).
func joinCommand(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "ssh " + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = firstAddress()
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// firstAddress is this machine's first non-loopback IPv4 address, or a
// placeholder when it has none.
func firstAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
				return ipn.IP.String()
			}
		}
	}
	return "THIS-MACHINE"
}
