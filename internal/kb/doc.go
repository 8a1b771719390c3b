package kb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kefu/kefu/internal/errs"
)

// Doc is an article as export writes it and import reads it: one JSON line, or one Markdown
// file with a front-matter header. ID, Status and Version are written for the reader; import
// ignores them (an imported article is a new draft).
type Doc struct {
	ID       int64  `json:"id,omitempty" yaml:"id,omitempty"`
	Title    string `json:"title" yaml:"title"`
	Category string `json:"category" yaml:"category"`
	Tags     Tags   `json:"tags" yaml:"tags,flow"`
	Public   bool   `json:"public" yaml:"public"`
	Status   string `json:"status,omitempty" yaml:"status,omitempty"`
	Version  int    `json:"version,omitempty" yaml:"version,omitempty"`
	Body     string `json:"body" yaml:"-"`
}

// Tags are a document's tags: a list, or (read) one comma-separated string.
type Tags []string

// UnmarshalJSON reads a list or a comma-separated string.
func (t *Tags) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = strings.Split(s, ",")
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("tags must be a list of strings or one comma-separated string")
	}
	*t = list
	return nil
}

// UnmarshalYAML reads a list or a comma-separated string.
func (t *Tags) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*t = strings.Split(n.Value, ",")
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return fmt.Errorf("tags must be a list or one comma-separated string")
	}
	*t = list
	return nil
}

// DocOf is an article's document with one of its versions.
func DocOf(a Article, v Version) Doc {
	return Doc{ID: a.ID, Title: v.Title, Category: a.Category, Tags: a.Tags, Public: a.Public, Status: a.Status(), Version: v.Number, Body: v.Body}
}

// JSONLine encodes a document as one line of JSON.
func (d Doc) JSONLine() ([]byte, error) {
	if d.Tags == nil {
		d.Tags = Tags{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(d)
	return b.Bytes(), err
}

// ParseJSONLine reads one line of a JSON-lines import; unknown keys are refused (a typo would
// otherwise lose a field silently).
func ParseJSONLine(line []byte) (Doc, error) {
	var d Doc
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, errs.Invalidf("not an article as JSON: %v", err)
	}
	return d, nil
}

// Markdown writes a document as Markdown with a front-matter header between --- lines.
func (d Doc) Markdown() ([]byte, error) {
	if d.Tags == nil {
		d.Tags = Tags{}
	}
	head, err := yaml.Marshal(d)
	if err != nil {
		return nil, err
	}
	return []byte("---\n" + string(head) + "---\n" + strings.TrimRight(d.Body, "\n") + "\n"), nil
}

// ParseMarkdown reads a Markdown file with a front-matter header (title, category, tags,
// public; id, status and version are ignored); the rest is the body.
func ParseMarkdown(src []byte) (Doc, error) {
	var d Doc
	text := strings.TrimPrefix(strings.ReplaceAll(string(src), "\r\n", "\n"), "\ufeff")
	if !strings.HasPrefix(text, "---\n") {
		return d, errs.Invalidf("no front matter: the file must start with a line --- and the title, category, tags and public settings")
	}
	head, body, ok := strings.Cut(text[4:], "\n---\n")
	if !ok {
		if h, found := strings.CutSuffix(text[4:], "\n---"); found {
			head, body, ok = h, "", true
		}
	}
	if !ok {
		return d, errs.Invalidf("the front matter has no closing --- line")
	}
	dec := yaml.NewDecoder(strings.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil && err.Error() != "EOF" {
		return d, errs.Invalidf("front matter: %v", err)
	}
	d.Body = strings.TrimLeft(body, "\n")
	return d, nil
}
