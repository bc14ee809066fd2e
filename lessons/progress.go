package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/workerlab/workerlab/internal/safefile"
)

// progressVersion is the format version of the progress file.
const progressVersion = 1

// Progress is what the learner has done, saved between sessions.
type Progress struct {
	Version int                       `json:"version"`
	Current string                    `json:"current,omitempty"` // id of the lesson last opened
	Lessons map[string]LessonProgress `json:"lessons"`
}

// LessonProgress is the learner's state in one lesson.
type LessonProgress struct {
	Done     bool      `json:"done,omitempty"`
	Stage    int       `json:"stage,omitempty"`    // stages completed in the best attempt
	Hints    int       `json:"hints,omitempty"`    // hints revealed
	Solution bool      `json:"solution,omitempty"` // the solution was shown
	DoneAt   time.Time `json:"done_at,omitzero"`
}

// NewProgress returns an empty progress record.
func NewProgress() *Progress {
	return &Progress{Version: progressVersion, Lessons: map[string]LessonProgress{}}
}

// IsDone reports whether the lesson with id is done.
func (p *Progress) IsDone(id string) bool { return p.Lessons[id].Done }

// MarkStage records that stages stages of lesson id are complete.
func (p *Progress) MarkStage(id string, stages int) {
	lp := p.Lessons[id]
	lp.Stage = max(lp.Stage, stages)
	p.Lessons[id] = lp
}

// MarkDone records that lesson id is done.
func (p *Progress) MarkDone(id string, at time.Time) {
	lp := p.Lessons[id]
	if !lp.Done {
		lp.DoneAt = at
	}
	lp.Done = true
	p.Lessons[id] = lp
}

// MarkHints records that n hints of lesson id have been revealed.
func (p *Progress) MarkHints(id string, n int) {
	lp := p.Lessons[id]
	lp.Hints = max(lp.Hints, n)
	p.Lessons[id] = lp
}

// MarkSolution records that the solution of lesson id was shown.
func (p *Progress) MarkSolution(id string) {
	lp := p.Lessons[id]
	lp.Solution = true
	p.Lessons[id] = lp
}

// DefaultProgressPath is os.UserConfigDir()/workerlab/progress.json.
func DefaultProgressPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory for progress: %w", err)
	}
	return filepath.Join(dir, "workerlab", "progress.json"), nil
}

// maxProgressSize bounds the progress file; a larger one is not progress.
const maxProgressSize = 1 << 20

// ReadProgress reads the progress file at path for a command that only
// shows it (`lessons list`): it never moves, writes or removes anything. A
// missing file is an empty record; one that cannot be read as progress gives
// an empty record and a warning saying why. A path that is not a regular file
// (a device, a named pipe, a directory) is an error naming it.
func ReadProgress(path string) (p *Progress, warning string, err error) {
	p, perr, err := readProgress(path)
	if err != nil {
		return nil, "", err
	}
	if perr != nil {
		return NewProgress(), fmt.Sprintf("progress file %s is unreadable (%v); showing no progress and leaving the file as it is", path, perr), nil
	}
	return p, "", nil
}

// LoadProgress reads the progress file at path for the lesson track, which
// will save over it: a file that cannot be read as progress is first renamed
// aside (to path.corrupt-TIMESTAMP), so nothing is lost, and an empty record
// returned with a warning that says where the old file went. Only a regular
// file is ever renamed; a path that is anything else is an error naming it.
func LoadProgress(path string) (p *Progress, warning string, err error) {
	p, perr, err := readProgress(path)
	if err != nil {
		return nil, "", err
	}
	if perr == nil {
		return p, "", nil
	}
	aside := fmt.Sprintf("%s.corrupt-%s", path, time.Now().UTC().Format("20060102T150405.000000000"))
	if err := safefile.Rename(path, aside); err != nil {
		return nil, "", fmt.Errorf("progress %s is unreadable (%v) and could not be moved aside: %w", path, perr, err)
	}
	return NewProgress(), fmt.Sprintf("progress file %s was unreadable (%v); kept it as %s and started afresh", path, perr, aside), nil
}

// readProgress reads and decodes path. err is a failure to read a file that
// may not be touched (not regular, no permission); perr says why a regular
// file's content is not progress.
func readProgress(path string) (p *Progress, perr, err error) {
	b, err := safefile.ReadRegular(path, maxProgressSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return NewProgress(), nil, nil
	case errors.Is(err, safefile.ErrTooLarge):
		return nil, fmt.Errorf("larger than %d bytes", maxProgressSize), nil
	case err != nil:
		return nil, nil, fmt.Errorf("reading progress: %w", err)
	}
	p = NewProgress()
	perr = json.Unmarshal(b, p)
	if perr == nil && p.Version != progressVersion {
		perr = fmt.Errorf("version %d, expected %d", p.Version, progressVersion)
	}
	if perr != nil {
		return nil, perr, nil
	}
	if p.Lessons == nil {
		p.Lessons = map[string]LessonProgress{}
	}
	return p, nil, nil
}

// SaveProgress writes p to path atomically: a temporary file in the same
// directory, synced, then renamed over path. A path that exists and is not a
// regular file is refused and left alone.
func SaveProgress(path string, p *Progress) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if err := safefile.WriteAtomic(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return nil
}

// ResetProgress removes the progress file (a missing file is not an error;
// anything but a regular file is refused and left alone).
func ResetProgress(path string) error {
	if err := safefile.Remove(path); err != nil {
		return fmt.Errorf("resetting progress %s: %w", path, err)
	}
	return nil
}
