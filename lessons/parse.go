package lessons

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// topKeys are the front-matter keys a lesson may use, in their usual order.
var topKeys = []string{"id", "title", "order", "mode", "facts", "setup", "stages", "hints", "solution", "django", "takeaway", "recap"}

var (
	idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	// yamlLinePrefix is how the YAML decoder starts its messages.
	yamlLinePrefix = regexp.MustCompile(`^line \d+: `)
)

// maxLessonSize bounds a lesson file; anything larger is not a lesson.
const maxLessonSize = 1 << 20

// Parse reads one lesson file: front matter between two "---" lines, then the
// Markdown body. name is the file name used in errors. It checks everything
// that can be checked without a cluster: keys, metric names, operators, values,
// fact names and the syntax of every setup and solution line.
func Parse(name string, data []byte) (l *Lesson, err error) {
	if len(data) > maxLessonSize {
		return nil, errAt(name, 0, "file is %d bytes; a lesson file is at most %d", len(data), maxLessonSize)
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	lines := strings.Split(string(data), "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != "---" {
		return nil, errAt(name, 1, "a lesson starts with a \"---\" line, then the front matter (id, title, stages, ...), then \"---\"")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, errAt(name, 1, "front matter is not closed: expected a \"---\" line after it")
	}
	front := strings.Join(lines[1:end], "\n")
	l = &Lesson{
		File:     name,
		Body:     strings.TrimSpace(strings.Join(lines[end+1:], "\n")),
		BodyLine: end + 2,
		keyLine:  map[string]int{},
	}
	var doc yaml.Node
	if err := safeUnmarshal([]byte(front), &doc); err != nil {
		return nil, errAt(name, yamlErrLine(err)+1, "front matter is not valid YAML: %s", yamlErrMsg(err))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errAt(name, 2, "front matter must be a mapping of keys (id, title, stages, ...)")
	}
	p := parser{file: name, l: l}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	return l, nil
}

// safeUnmarshal turns a panic inside the YAML decoder into an error.
func safeUnmarshal(b []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml decoder failed: %v", r)
		}
	}()
	return yaml.Unmarshal(b, n)
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// yamlErrLine extracts the front-matter line (counted from 1) from a YAML
// error (1 when unknown). yaml.v3 counts a scanner error's line from 1 but a
// parser error's ("did not find expected ...") from 0, and leaves the line
// out when it is 0.
func yamlErrLine(err error) int {
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil && n > 0 {
			if isYAMLParserProblem(yamlErrMsg(err)) {
				n++
			}
			return n
		}
	}
	return 1
}

// isYAMLParserProblem reports whether msg is one of yaml.v3's parser errors
// (as opposed to its scanner errors).
func isYAMLParserProblem(msg string) bool {
	for _, p := range []string{"did not find expected ", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func yamlErrMsg(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return yamlLinePrefix.ReplaceAllString(msg, "")
}

// parser walks the YAML node tree, turning node lines into file lines.
type parser struct {
	file string
	l    *Lesson
}

// at converts a front-matter node's line into a file line (the front matter
// starts on the file's second line).
func (p *parser) at(n *yaml.Node) int { return n.Line + 1 }

func (p *parser) errf(n *yaml.Node, format string, args ...any) *Error {
	return errAt(p.file, p.at(n), format, args...)
}

func (p *parser) top(m *yaml.Node) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errf(k, "front-matter keys are words; expected one of %s", strings.Join(topKeys, ", "))
		}
		if seen[k.Value] {
			return p.errf(k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		p.l.keyLine[k.Value] = p.at(k)
		if v.Kind == yaml.AliasNode || k.Kind == yaml.AliasNode {
			return p.errf(v, "YAML aliases are not supported in lessons")
		}
		var err error
		switch k.Value {
		case "id":
			p.l.IDLine = p.at(k)
			p.l.ID, err = p.scalar(v, "id")
			if err == nil && !idPattern.MatchString(p.l.ID) {
				err = p.errf(v, "id %q: expected lowercase letters, digits and dashes, such as \"four-copies\"", p.l.ID)
			}
		case "title":
			p.l.Title, err = p.scalar(v, "title")
		case "order":
			var s string
			if s, err = p.scalar(v, "order"); err == nil {
				p.l.Order, err = strconv.Atoi(s)
				if err != nil || p.l.Order < 1 || p.l.Order > 999 {
					err = p.errf(v, "order %q: expected a whole number 1..999", s)
				}
			}
		case "mode":
			var s string
			if s, err = p.scalar(v, "mode"); err == nil {
				switch s {
				case "sim":
				case "live":
					p.l.Live = true
				default:
					err = p.errf(v, "mode %q: expected sim (the simulation, the default) or live (real worker processes)", s)
				}
			}
		case "facts":
			err = p.facts(v)
		case "setup":
			p.l.Setup, err = p.commands(v, "setup")
		case "solution":
			p.l.Solution, err = p.commands(v, "solution")
		case "stages":
			err = p.stages(v)
		case "hints":
			p.l.Hints, err = p.strings(v, "hints")
		case "django":
			p.l.Django, err = p.scalar(v, "django")
		case "takeaway":
			p.l.Takeaway, err = p.scalar(v, "takeaway")
		case "recap":
			p.l.Recap, err = p.scalar(v, "recap")
		default:
			err = p.errf(k, "unknown key %q (known: %s)", k.Value, strings.Join(topKeys, ", "))
		}
		if err != nil {
			return err
		}
	}
	return p.required(m)
}

func (p *parser) required(m *yaml.Node) error {
	l := p.l
	switch {
	case l.ID == "":
		return p.errf(m, "missing key \"id\" (a short name such as \"four-copies\")")
	case strings.TrimSpace(l.Title) == "":
		return p.errf(m, "missing key \"title\"")
	case len(l.Stages) == 0:
		return p.errf(m, "missing key \"stages\": a lesson needs at least one stage with goals")
	case len(l.Solution) == 0:
		return p.errf(m, "missing key \"solution\": the commands that complete every stage")
	}
	return nil
}

func (p *parser) scalar(v *yaml.Node, what string) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", p.errf(v, "%s: expected a single value, not a list or mapping", what)
	}
	return v.Value, nil
}

func (p *parser) strings(v *yaml.Node, what string) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, p.errf(v, "%s: expected a list (lines starting with \"- \")", what)
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		s, err := p.scalar(item, what+" item")
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			return nil, p.errf(item, "%s: empty item", what)
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) facts(v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		return p.errf(v, "facts: expected a list of fact names such as [divergence, B1]")
	}
	for _, item := range v.Content {
		s, err := p.scalar(item, "facts item")
		if err != nil {
			return err
		}
		if _, ok := FactEntry(s); !ok {
			return p.errf(item, "%s", unknownFact(s))
		}
		p.l.Facts = append(p.l.Facts, s)
	}
	return nil
}

func (p *parser) commands(v *yaml.Node, what string) ([]Line, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, p.errf(v, "%s: expected a list of command lines, such as \"- workers 4\"", what)
	}
	out := make([]Line, 0, len(v.Content))
	for _, item := range v.Content {
		s, err := p.scalar(item, what+" line")
		if err != nil {
			return nil, p.errf(item, "%s: expected a command line such as \"workers 4\" (quote lines containing \": \")", what)
		}
		if err := checkCommand(s); err != nil {
			return nil, p.errf(item, "%s line %q: %s", what, s, lineMsg(err))
		}
		out = append(out, Line{Text: s, Line: p.at(item)})
	}
	return out, nil
}

func (p *parser) stages(v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		return p.errf(v, "stages: expected a list of stages, each with a name and goals")
	}
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			return p.errf(item, "stage: expected \"name:\" and \"goals:\"")
		}
		st := Stage{Line: p.at(item)}
		var goalsNode *yaml.Node
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "name":
				s, err := p.scalar(val, "stage name")
				if err != nil {
					return err
				}
				st.Name = s
			case "goals":
				goalsNode = val
			default:
				return p.errf(k, "unknown stage key %q (known: name, goals)", k.Value)
			}
		}
		if strings.TrimSpace(st.Name) == "" {
			return p.errf(item, "stage: missing \"name\"")
		}
		if goalsNode == nil || goalsNode.Kind != yaml.SequenceNode || len(goalsNode.Content) == 0 {
			return p.errf(item, "stage %q: expected \"goals:\" with a list of conditions such as \"stale_reads >= 1\"", st.Name)
		}
		for _, g := range goalsNode.Content {
			s, err := p.scalar(g, "goal")
			if err != nil {
				return err
			}
			c, err := ParseCondition(s)
			if err != nil {
				return p.errf(g, "%s", err.Error())
			}
			c.Line = p.at(g)
			st.Goals = append(st.Goals, c)
		}
		p.l.Stages = append(p.l.Stages, st)
	}
	return nil
}
