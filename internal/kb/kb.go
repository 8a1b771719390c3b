// Package kb is the knowledge base's domain: articles with versions, drafts and approval, the
// validation of their text, search ranking with the matching line marked, a line diff between
// versions, and the Markdown-with-front-matter form used by export and import. No SQL here.
package kb

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/errs"
)

// Limits on an article's text.
const (
	MaxBody  = 256 << 10 // a body's bytes
	MaxTitle = 200       // a title's characters
	MaxTag   = 40        // a tag's or category's characters
)

// Article is a knowledge-base entry. Its title and body live in versions; Title is the latest
// version's. Customers (the published site) see version Approved, staff see the latest.
type Article struct {
	ID       int64
	Title    string
	Category string
	Tags     []string
	Public   bool
	AuthorID int64
	Author   string
	// Version is the latest version's number (1 for a new article).
	Version int
	// Approved is the last approved version's number, 0 while none is approved.
	Approved  int
	RetiredAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// The statuses an article shows.
const (
	StatusDraft    = "draft"    // never approved
	StatusApproved = "approved" // the latest version is approved
	StatusChanged  = "changed"  // approved, with a newer draft awaiting approval
	StatusRetired  = "retired"
)

// Retired reports whether the article was retired (no longer shown or published).
func (a Article) Retired() bool { return !a.RetiredAt.IsZero() }

// Status is the article's status: retired, draft, approved or changed.
func (a Article) Status() string {
	switch {
	case a.Retired():
		return StatusRetired
	case a.Approved == 0:
		return StatusDraft
	case a.Approved < a.Version:
		return StatusChanged
	}
	return StatusApproved
}

// HasTag reports whether the article carries tag t.
func (a Article) HasTag(t string) bool {
	for _, have := range a.Tags {
		if have == t {
			return true
		}
	}
	return false
}

// Version is one saved state of an article's title and body.
type Version struct {
	ArticleID  int64
	Number     int
	Title      string
	Body       string
	AuthorID   int64
	Author     string
	At         time.Time
	ApprovedBy string // "" while not approved
	ApprovedAt time.Time
}

// CheckTitle validates a title: one non-empty line of at most MaxTitle characters.
func CheckTitle(s string) error {
	if !utf8.ValidString(s) {
		return errs.Invalidf("article title is not valid UTF-8")
	}
	if strings.TrimSpace(s) == "" {
		return errs.Invalidf("article title must not be empty")
	}
	if strings.ContainsAny(s, "\r\n") {
		return errs.Invalidf("article title must be one line")
	}
	if n := utf8.RuneCountInString(s); n > MaxTitle {
		return errs.Invalidf("article title is %d characters; the limit is %d", n, MaxTitle)
	}
	return nil
}

// CheckBody validates a body: valid UTF-8, not empty, at most MaxBody bytes.
func CheckBody(s string) error {
	if !utf8.ValidString(s) {
		return errs.Invalidf("article body is not valid UTF-8")
	}
	if strings.TrimSpace(s) == "" {
		return errs.Invalidf("article body must not be empty")
	}
	if len(s) > MaxBody {
		return errs.Invalidf("article body is %d bytes; the limit is %d (256 KiB)", len(s), MaxBody)
	}
	return nil
}

// CleanName validates a category or tag name: one short line without commas.
func CleanName(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", errs.Invalidf("%s must not be empty", what)
	case !utf8.ValidString(s):
		return "", errs.Invalidf("%s %q is not valid UTF-8", what, s)
	case strings.ContainsAny(s, ",\r\n\t"):
		return "", errs.Invalidf("%s %q must not contain commas, tabs or line breaks", what, s)
	case utf8.RuneCountInString(s) > MaxTag:
		return "", errs.Invalidf("%s %q is longer than %d characters", what, s, MaxTag)
	}
	return s, nil
}

// CleanTags validates tags (each may itself be a comma-separated list), drops duplicates and
// sorts them.
func CleanTags(in []string) ([]string, error) {
	seen := map[string]bool{}
	out := []string{}
	for _, item := range in {
		for _, t := range strings.Split(item, ",") {
			if strings.TrimSpace(t) == "" {
				continue
			}
			t, err := CleanName("tag", t)
			if err != nil {
				return nil, err
			}
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
