package sim

import (
	"fmt"
	"strings"
)

// Verb is the spec of one command of the command language: how it reads, what
// help says about it, how its arguments parse and how the simulation runs
// it. Other clusters (live mode) run the same verbs through a Mode of their
// own handlers, so usage, help and parsing exist once.
type Verb struct {
	Name    string   // the command word
	Usage   string   // the line as help shows it
	Doc     string   // one line of help
	Example string   // a complete line that works (help VERB shows it)
	Family  string   // the help section (set from the file that declares the verb)
	Args    []string // completions of the first argument

	parse func(v *Verb, args []string) (Command, error)
	apply func(s *Sim, c Command) (string, error) // nil for help, which every Mode answers
	role  verbRole                                // how a kept timeline records it (timeline.go)
}

// verbRole says how a kept timeline treats a verb.
type verbRole uint8

const (
	roleState    verbRole = iota // it changes the cluster: journaled (the default, so a new verb is)
	roleView                     // it changes only how the run is watched: kept across rewinds, not journaled
	roleClock                    // it runs events: they are recorded, not the line
	roleTimeline                 // it moves along the timeline
	roleHelp                     // it changes nothing
)

// Families of verbs, in the order help lists them. Each family's verbs are
// declared in a file of its own (verbs_requests.go, verbs_clock.go, ...).
var (
	verbList  []*Verb          // every verb, in help order
	verbIndex map[string]*Verb // by name
	simMode   *Mode[*Sim]      // the simulation's handlers: each verb's apply
)

func init() {
	families := []struct {
		name  string
		verbs []*Verb
	}{
		{"requests", requestVerbs()}, {"clock", clockVerbs()}, {"settings", settingVerbs()},
		{"faults", faultVerbs()}, {"redis", redisVerbs()}, {"experiments", experimentVerbs()},
		{"timeline", timelineVerbs()}, {"help", helpVerbs()},
	}
	verbIndex = map[string]*Verb{}
	handlers := map[string]Handler[*Sim]{}
	for _, fam := range families {
		for _, v := range fam.verbs {
			v.Family = fam.name
			if verbIndex[v.Name] != nil {
				panic("sim: verb " + v.Name + " declared twice")
			}
			verbList = append(verbList, v)
			verbIndex[v.Name] = v
			if v.apply != nil {
				handlers[v.Name] = Handler[*Sim]{Run: v.apply}
			}
		}
	}
	simMode = NewMode("the simulation", handlers)
}

// lookupVerb returns the spec of a verb (nil when there is none).
func lookupVerb(name string) *Verb { return verbIndex[strings.ToLower(name)] }

// LookupVerb returns a copy of the spec of a command word.
func LookupVerb(name string) (Verb, bool) {
	v := lookupVerb(name)
	if v == nil {
		return Verb{}, false
	}
	return *v, true
}

// Verbs lists every command word, in help order.
func Verbs() []string {
	out := make([]string, len(verbList))
	for i, v := range verbList {
		out[i] = v.Name
	}
	return out
}

// Help lists every command of the simulation with one line each.
func Help() string { return simMode.Help() }

// HelpVerb describes one command: its usage, what it does and an example.
func HelpVerb(name string) (string, error) { return simMode.HelpVerb(name) }

// HelpEntries lists every command of the simulation, in help order.
func HelpEntries() []HelpEntry { return simMode.Entries() }

// Complete returns the completions of a partial line: command words for the
// first word (and after "help"), the choices of the first argument after it.
func Complete(line string) []string {
	f := strings.Fields(line)
	trailing := strings.HasSuffix(line, " ")
	if len(f) == 0 || (len(f) == 1 && !trailing) {
		prefix := ""
		if len(f) == 1 {
			prefix = strings.ToLower(f[0])
		}
		return completeWords(Verbs(), prefix, "")
	}
	v := lookupVerb(f[0])
	if v == nil || len(f) > 2 || (len(f) == 2 && trailing) {
		return nil
	}
	prefix := ""
	if len(f) == 2 {
		prefix = strings.ToLower(f[1])
	}
	choices := v.Args
	if v.Name == "help" {
		choices = Verbs()
	}
	return completeWords(choices, prefix, f[0]+" ")
}

func completeWords(words []string, prefix, lead string) []string {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(strings.ToLower(w), prefix) {
			out = append(out, lead+w)
		}
	}
	return out
}

// Handler runs a parsed command on a cluster of type C.
type Handler[C any] struct {
	// Doc replaces the verb's one line of help in this mode ("" keeps it),
	// for a verb whose effect differs here (live mode's store restarts the
	// server).
	Doc string
	// Run applies the command; a failure that changes nothing is a *LineError.
	Run func(c C, cmd Command) (string, error)
}

// Mode is the set of verbs one kind of cluster runs, each with its handler,
// over the shared verb specs: it parses, answers help and help VERB, and
// names what the mode runs when a verb is not available in it.
type Mode[C any] struct {
	name     string
	handlers map[string]Handler[C]
}

// NewMode returns the mode called name ("live mode") with the given
// handlers. Every handler must name a declared verb.
func NewMode[C any](name string, handlers map[string]Handler[C]) *Mode[C] {
	for verb := range handlers {
		if lookupVerb(verb) == nil {
			panic(fmt.Sprintf("sim: mode %s has a handler for %q, which is not a verb", name, verb))
		}
	}
	return &Mode[C]{name: name, handlers: handlers}
}

// Exec parses line and runs it on c.
func (m *Mode[C]) Exec(c C, line string) (string, error) {
	cmd, err := Parse(line)
	if err != nil {
		return "", err
	}
	return m.Apply(c, cmd)
}

// Apply runs a parsed command on c.
func (m *Mode[C]) Apply(c C, cmd Command) (string, error) {
	switch cmd.Verb {
	case "":
		return "", nil
	case "help":
		if cmd.Word != "" {
			return m.HelpVerb(cmd.Word)
		}
		return m.Help(), nil
	}
	h, ok := m.handlers[cmd.Verb]
	if !ok {
		return "", m.NotAvailable(cmd.Verb)
	}
	return h.Run(c, cmd)
}

// Has reports whether the mode runs verb.
func (m *Mode[C]) Has(verb string) bool {
	_, ok := m.handlers[verb]
	return ok || verb == "help"
}

// Verbs lists the verbs this mode runs, in help order.
func (m *Mode[C]) Verbs() []string {
	var out []string
	for _, v := range verbList {
		if m.Has(v.Name) {
			out = append(out, v.Name)
		}
	}
	return out
}

// NotAvailable is the error for a verb this mode does not run.
func (m *Mode[C]) NotAvailable(what string) error {
	return &LineError{Word: what, Msg: fmt.Sprintf("%q is not available in %s; %s runs: %s", what, m.name, m.name, strings.Join(m.Verbs(), ", "))}
}

// doc is a verb's one line of help in this mode.
func (m *Mode[C]) doc(v *Verb) string {
	if h, ok := m.handlers[v.Name]; ok && h.Doc != "" {
		return h.Doc
	}
	return v.Doc
}

// HelpEntry is one command as help lists it.
type HelpEntry struct {
	Family  string // requests, clock, settings, faults, redis, timeline, help
	Verb    string
	Usage   string
	Doc     string // what it does in this mode
	Example string
}

// Entries lists the verbs this mode runs, in help order, for a screen that
// lays help out itself.
func (m *Mode[C]) Entries() []HelpEntry {
	var out []HelpEntry
	for _, v := range verbList {
		if m.Has(v.Name) {
			out = append(out, HelpEntry{Family: v.Family, Verb: v.Name, Usage: v.Usage, Doc: m.doc(v), Example: v.Example})
		}
	}
	return out
}

// Help lists the verbs this mode runs under their families: the usage on one
// line, what it does indented below it (so it reads at 80 columns).
func (m *Mode[C]) Help() string {
	var b strings.Builder
	family := ""
	for _, e := range m.Entries() {
		if e.Family != family {
			family = e.Family
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(family + ":\n")
		}
		fmt.Fprintf(&b, "  %s\n      %s\n", e.Usage, e.Doc)
	}
	b.WriteString("\n" + HelpVerbHint)
	return b.String()
}

// HelpVerbHint ends every help listing.
const HelpVerbHint = "help VERB shows one command with an example, e.g. help set"

// HelpVerb describes one verb: usage, what it does here, and an example.
func (m *Mode[C]) HelpVerb(name string) (string, error) {
	v := lookupVerb(name)
	if v == nil {
		return "", &LineError{Word: name, Msg: fmt.Sprintf("no command %q; expected one of %s", name, strings.Join(m.Verbs(), ", "))}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n  %s\n", v.Usage, m.doc(v))
	if v.Example != "" {
		fmt.Fprintf(&b, "  example: %s", v.Example)
	}
	if !m.Has(v.Name) {
		fmt.Fprintf(&b, "\n  (not available in %s)", m.name)
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// helpVerbs is the help family: help, and help VERB.
func helpVerbs() []*Verb {
	return []*Verb{{
		Name: "help", Usage: "help [VERB]", role: roleHelp,
		Doc:     "list every command, or show one with an example",
		Example: "help traffic",
		parse: func(v *Verb, a []string) (Command, error) {
			switch {
			case len(a) == 0:
				return Command{}, nil
			case len(a) > 1:
				return Command{}, extra("help "+a[0], a[1:], v.Usage)
			case lookupVerb(a[0]) == nil:
				return Command{}, bad(a[0], "no command %q; expected one of %s", a[0], strings.Join(Verbs(), ", "))
			}
			return Command{Word: strings.ToLower(a[0])}, nil
		},
	}}
}
