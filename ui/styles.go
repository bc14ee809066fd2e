package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// theme holds every style of the ui package, built for one background. The
// palette is named first, the styles are built from it (glow's ui/styles.go).
// Meaning never rests on colour alone: marks and words carry it too, so the
// screen reads right under NO_COLOR.
type theme struct {
	// Help draws the footer and the keys screen: keys bold in the accent
	// colour, their descriptions in the terminal's own colour, so both read
	// on a projector (help's default greys do not).
	Help help.Styles

	Accent, Agree, Stale, Missing, Dim, Err, Warn color.Color

	Title      lipgloss.Style // screen and pane titles
	Bold       lipgloss.Style
	Faint      lipgloss.Style
	Card       lipgloss.Style // a worker card
	CardSel    lipgloss.Style // the selected worker card (thick border)
	CardTitle  lipgloss.Style
	Agrees     lipgloss.Style // a value that agrees with the newest write
	IsStale    lipgloss.Style // a stale value
	IsMissing  lipgloss.Style // a missing value
	Error      lipgloss.Style // an error line
	Mark       lipgloss.Style // stale / lost marks in the log
	Label      lipgloss.Style // metric labels
	Value      lipgloss.Style // metric values
	Spark      lipgloss.Style // sparklines
	Pane       lipgloss.Style // a bordered pane (log, django)
	TabOn      lipgloss.Style
	TabOff     lipgloss.Style
	Code       lipgloss.Style // Python code
	InlineCode lipgloss.Style // `code` in hints and notes: a command to type
	Comment    lipgloss.Style // Python comments
	Prompt     lipgloss.Style
	Caption    lipgloss.Style // a demo's caption, the largest text on screen
	CaptionBar lipgloss.Style // the bar beside it
	Lit        lipgloss.Style // the worker that answered, on the request path
}

// newTheme returns the styles for a dark (isDark) or light background.
func newTheme(isDark bool) *theme {
	ld := lipgloss.LightDark(isDark)
	s := &theme{
		Accent:  ld(lipgloss.Color("#5A56E0"), lipgloss.Color("#7571F9")),
		Agree:   ld(lipgloss.Color("#0A7D32"), lipgloss.Color("#3DDC84")),
		Stale:   ld(lipgloss.Color("#C0263A"), lipgloss.Color("#FF5F6D")),
		Missing: ld(lipgloss.Color("#A06A00"), lipgloss.Color("#E0B050")),
		Dim:     ld(lipgloss.Color("#777777"), lipgloss.Color("#8A8A8A")),
		Err:     ld(lipgloss.Color("#C0263A"), lipgloss.Color("#FF5F6D")),
		Warn:    ld(lipgloss.Color("#A06A00"), lipgloss.Color("#E0B050")),
	}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Faint = lipgloss.NewStyle().Foreground(s.Dim)
	s.Card = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Dim)
	s.CardSel = lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(s.Accent)
	s.CardTitle = lipgloss.NewStyle().Bold(true)
	s.Agrees = lipgloss.NewStyle().Foreground(s.Agree)
	s.IsStale = lipgloss.NewStyle().Foreground(s.Stale).Bold(true)
	s.IsMissing = lipgloss.NewStyle().Foreground(s.Missing)
	s.Error = lipgloss.NewStyle().Foreground(s.Err)
	s.Mark = lipgloss.NewStyle().Foreground(s.Stale).Bold(true)
	s.Label = lipgloss.NewStyle().Foreground(s.Dim)
	s.Value = lipgloss.NewStyle().Bold(true)
	s.Spark = lipgloss.NewStyle().Foreground(s.Accent)
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Dim)
	s.TabOn = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(s.Accent)
	s.TabOff = lipgloss.NewStyle().Foreground(s.Dim)
	s.Code = lipgloss.NewStyle()
	s.InlineCode = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Comment = lipgloss.NewStyle().Foreground(s.Dim)
	s.Prompt = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Caption = lipgloss.NewStyle().Bold(true)
	s.CaptionBar = lipgloss.NewStyle().Foreground(s.Accent)
	s.Lit = lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(s.Accent)
	key := lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	desc := lipgloss.NewStyle()
	sep := lipgloss.NewStyle().Foreground(s.Dim)
	s.Help = help.Styles{
		Ellipsis:       sep,
		ShortKey:       key,
		ShortDesc:      desc,
		ShortSeparator: sep,
		FullKey:        key,
		FullDesc:       desc,
		FullSeparator:  sep,
	}
	return s
}

// agreementStyle returns the style and mark for a KV agreement word.
func (s *theme) agreementStyle(agreement string) (lipgloss.Style, string) {
	switch agreement {
	case agreementStale:
		return s.IsStale, markStale
	case agreementMissing:
		return s.IsMissing, markMissing
	default:
		return s.Agrees, markAgrees
	}
}
