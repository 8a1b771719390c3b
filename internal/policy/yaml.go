package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
)

// MarshalYAML writes the whole policy as a YAML document that ParseYAML reads back.
func (p Policy) MarshalYAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# kefu policy: kefu policy import FILE replaces the whole policy with this file\n")
	b.WriteString("settings:\n")
	for _, s := range Settings {
		fmt.Fprintf(&b, "  %s: %s\n", s.Key, quote(p.Get(s.Key)))
	}
	b.WriteString("kinds:\n")
	for _, k := range p.Kinds {
		fmt.Fprintf(&b, "  - name: %s\n", quote(k.Name))
		if k.Description != "" {
			fmt.Fprintf(&b, "    description: %s\n", quote(k.Description))
		}
	}
	b.WriteString("windows:\n")
	ws := slices.Clone(p.Windows)
	SortWindows(ws)
	for _, w := range ws {
		fmt.Fprintf(&b, "  - {kind: %s, target: %s", quote(w.Kind), w.Target)
		for _, f := range [][2]string{{"channel", w.Channel}, {"priority", w.Priority}, {"severity", w.Severity}} {
			if f[1] != "" {
				fmt.Fprintf(&b, ", %s: %s", f[0], f[1])
			}
		}
		fmt.Fprintf(&b, ", within: %s}\n", w.Within)
	}
	for _, sec := range []struct {
		name string
		days []Day
	}{{"holidays", p.Holidays}, {"workdays", p.Workdays}} {
		if len(sec.days) == 0 {
			fmt.Fprintf(&b, "%s: []\n", sec.name)
			continue
		}
		fmt.Fprintf(&b, "%s:\n", sec.name)
		for _, d := range sec.days {
			fmt.Fprintf(&b, "  - {date: %s", d.Date)
			if d.Note != "" {
				fmt.Fprintf(&b, ", note: %s", quote(d.Note))
			}
			b.WriteString("}\n")
		}
	}
	return b.Bytes(), nil
}

// quote writes a string as a YAML scalar that is safe anywhere, flow mappings included: plain
// when it is a simple token, else double-quoted (JSON's quoting is valid YAML).
func quote(s string) string {
	if plainToken(s) {
		return s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	// JSON leaves DEL and the C1 controls (NEL among them) raw; YAML refuses or folds them.
	return escapeC1(strings.TrimSuffix(b.String(), "\n"))
}

func escapeC1(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x7f && r <= 0x9f }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0x7f && r <= 0x9f {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func plainToken(s string) bool {
	if s == "" || s == "*" {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '/' || r == '-' || r == '+' || r == ':') {
			return false
		}
	}
	return !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, ":")
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// syntaxLine reports a YAML syntax error with a 1-based line number: the parser counts its
// lines from 0 in these messages.
func syntaxLine(err error) string {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("line %d: %s", n+1, msg[len(m[0]):])
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

// lineErr names the line of a bad field.
func lineErr(n *yaml.Node, format string, args ...any) error {
	return errs.Invalidf("line %d: %s", n.Line, fmt.Sprintf(format, args...))
}

// ParseYAML reads a policy file, validating every field; errors name the bad field and line.
func ParseYAML(data []byte) (Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Policy{}, errs.Invalidf("not a valid YAML policy file: %v", syntaxLine(err))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return Policy{}, errs.Invalidf("policy file must be a YAML mapping with settings, kinds, windows, holidays and workdays")
	}
	p := Policy{Settings: map[string]string{}}
	root := doc.Content[0]
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "settings":
			err = parseSettings(v, &p)
		case "kinds":
			err = eachItem(v, "kinds", func(item *yaml.Node) error { return parseKind(item, &p) })
		case "windows":
			err = eachItem(v, "windows", func(item *yaml.Node) error { return parseWindow(item, &p) })
		case "holidays":
			err = eachItem(v, "holidays", func(item *yaml.Node) error { return parseDay(item, &p.Holidays) })
		case "workdays":
			err = eachItem(v, "workdays", func(item *yaml.Node) error { return parseDay(item, &p.Workdays) })
		default:
			err = lineErr(k, "unknown section %q (use settings, kinds, windows, holidays, workdays)", k.Value)
		}
		if err != nil {
			return Policy{}, err
		}
	}
	for _, s := range []string{"settings", "kinds", "windows"} {
		if !seen[s] {
			return Policy{}, errs.Invalidf("policy file has no %s section", s)
		}
	}
	for _, s := range Settings {
		if _, ok := p.Settings[s.Key]; !ok {
			p.Settings[s.Key] = s.Default
		}
	}
	for i, k := range p.Kinds {
		p.Kinds[i].Builtin = slices.ContainsFunc(BuiltinKinds, func(b Kind) bool { return b.Name == k.Name })
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

func parseSettings(n *yaml.Node, p *Policy) error {
	if n.Kind != yaml.MappingNode {
		return lineErr(n, "settings must be a mapping of key: value")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		s, ok := Lookup(k.Value)
		if !ok {
			return lineErr(k, "unknown policy key %q", k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return lineErr(v, "%s must be a single value", k.Value)
		}
		val, err := s.Normalize(v.Value)
		if err != nil {
			return lineErr(v, "%s: %v", k.Value, err)
		}
		p.Settings[k.Value] = val
	}
	return nil
}

func eachItem(n *yaml.Node, section string, f func(*yaml.Node) error) error {
	if n.Kind != yaml.SequenceNode {
		return lineErr(n, "%s must be a list", section)
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return lineErr(item, "each entry of %s must be a mapping", section)
		}
		if err := f(item); err != nil {
			return err
		}
	}
	return nil
}

// fields reads a flat mapping of scalars, refusing keys outside allowed.
func fields(item *yaml.Node, allowed ...string) (map[string]*yaml.Node, error) {
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			return nil, lineErr(k, "unknown field %q (use %s)", k.Value, strings.Join(allowed, ", "))
		}
		if v.Kind != yaml.ScalarNode {
			return nil, lineErr(v, "%s must be a single value", k.Value)
		}
		out[k.Value] = v
	}
	return out, nil
}

func val(f map[string]*yaml.Node, k string) string {
	if n, ok := f[k]; ok {
		return n.Value
	}
	return ""
}

func parseKind(item *yaml.Node, p *Policy) error {
	f, err := fields(item, "name", "description")
	if err != nil {
		return err
	}
	name := KindNames.Normalize(val(f, "name")) // 咨询 is inquiry
	if err := ValidKindName(name); err != nil {
		return lineErr(item, "%v", err)
	}
	p.Kinds = append(p.Kinds, Kind{Name: name, Description: val(f, "description")})
	return nil
}

func parseWindow(item *yaml.Node, p *Policy) error {
	f, err := fields(item, "kind", "target", "channel", "priority", "severity", "within")
	if err != nil {
		return err
	}
	w := Window{Kind: val(f, "kind"), Target: val(f, "target"), Channel: val(f, "channel"),
		Priority: val(f, "priority"), Severity: val(f, "severity")}
	if w.Kind == "" {
		w.Kind = AnyKind
	}
	normalizeWindow(&w)
	if _, ok := f["within"]; !ok {
		return lineErr(item, "window %s has no within", w.Describe())
	}
	d, err := duration.Parse(val(f, "within"))
	if err != nil {
		return lineErr(f["within"], "within: %v", err)
	}
	w.Within = d
	if err := w.validate(p.KindNames()); err != nil {
		return lineErr(item, "window %s: %v (kinds must be listed before the windows that use them)", w.Describe(), err)
	}
	p.Windows = append(p.Windows, w)
	return nil
}

func parseDay(item *yaml.Node, days *[]Day) error {
	f, err := fields(item, "date", "note")
	if err != nil {
		return err
	}
	d, err := calendar.ParseUserDate(val(f, "date"))
	if err != nil {
		return lineErr(item, "date: %v", err)
	}
	*days = append(*days, Day{Date: d, Note: val(f, "note")})
	return nil
}
