package core

import (
	"context"
	"slices"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
)

// KBAddOptions are kb add's arguments.
type KBAddOptions struct {
	Title       string
	Body        string
	Category    string
	NewCategory bool // allow a category no article uses yet
	Tags        []string
	Public      bool
}

// checkCategory cleans a category and refuses one no article uses unless allowNew.
func (e *env) checkCategory(c string, allowNew bool) (string, error) {
	c, err := kb.CleanName("category", c)
	if err != nil {
		return "", err
	}
	known, err := e.tx.KBCategories()
	if err != nil {
		return "", err
	}
	if !allowNew && !slices.Contains(known, c) {
		list := "none yet"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		return "", errs.Invalidf("unknown category %q (known: %s); add --new-category to start it", c, list)
	}
	return c, nil
}

// KBAdd stores a new article as a draft (version 1) by the acting user.
func (s *Service) KBAdd(ctx context.Context, as string, o KBAddOptions) (kb.Article, error) {
	var a kb.Article
	if err := kb.CheckTitle(o.Title); err != nil {
		return a, err
	}
	if err := kb.CheckBody(o.Body); err != nil {
		return a, err
	}
	tags, err := kb.CleanTags(o.Tags)
	if err != nil {
		return a, err
	}
	err = s.write(ctx, as, access.Work, "kb add", func(e *env) error {
		cat, err := e.checkCategory(o.Category, o.NewCategory)
		if err != nil {
			return err
		}
		a = kb.Article{Category: cat, Tags: tags, Public: o.Public, AuthorID: e.actor.ID, Author: e.actor.Name}
		v := kb.Version{Title: strings.TrimSpace(o.Title), Body: o.Body, AuthorID: e.actor.ID, Author: e.actor.Name}
		if err := e.tx.InsertArticle(&a, &v); err != nil {
			return err
		}
		return e.event("article", a.ID, "added", audit.ArticleAdded{Category: cat, Public: o.Public, Tags: tags, Title: v.Title})
	})
	return a, err
}

// KBEditOptions are kb edit's arguments; nil leaves a field as it is.
type KBEditOptions struct {
	ID          int64
	Title       *string
	Body        *string
	Category    *string
	NewCategory bool
	Tags        *[]string // replaces the tags
	Public      *bool
}

// KBEdited is what kb edit did.
type KBEdited struct {
	Article kb.Article
	// NewVersion is set when the title or body changed: the edit is a new draft version.
	NewVersion bool
}

// KBEdit changes an article. A new title or body is a new version, a draft until approved
// (customers keep seeing the last approved version); category, tags and public change the
// article itself.
func (s *Service) KBEdit(ctx context.Context, as string, o KBEditOptions) (KBEdited, error) {
	var out KBEdited
	if o.Title != nil {
		if err := kb.CheckTitle(*o.Title); err != nil {
			return out, err
		}
	}
	if o.Body != nil {
		if err := kb.CheckBody(*o.Body); err != nil {
			return out, err
		}
	}
	var tags []string
	if o.Tags != nil {
		var err error
		if tags, err = kb.CleanTags(*o.Tags); err != nil {
			return out, err
		}
	}
	err := s.write(ctx, as, access.Work, "kb edit", func(e *env) error {
		a, err := e.tx.Article(o.ID)
		if err != nil {
			return err
		}
		if a.Retired() {
			return errs.Invalidf("article %d is retired and cannot be edited", a.ID)
		}
		latest, err := e.tx.ArticleVersion(a.ID, a.Version)
		if err != nil {
			return err
		}
		changes := map[string]audit.Change{}
		v := kb.Version{Title: latest.Title, Body: latest.Body, AuthorID: e.actor.ID, Author: e.actor.Name}
		if o.Title != nil && strings.TrimSpace(*o.Title) != latest.Title {
			v.Title = strings.TrimSpace(*o.Title)
			changes["title"] = audit.Change{Old: latest.Title, New: v.Title}
		}
		if o.Body != nil && *o.Body != latest.Body {
			v.Body = *o.Body
			changes["body"] = audit.Change{Old: latest.Body, New: v.Body}
		}
		meta := a
		if o.Category != nil {
			cat, err := e.checkCategory(*o.Category, o.NewCategory)
			if err != nil {
				return err
			}
			if cat != a.Category {
				meta.Category = cat
				changes["category"] = audit.Change{Old: a.Category, New: cat}
			}
		}
		if o.Tags != nil && !slices.Equal(tags, a.Tags) {
			meta.Tags = tags
			changes["tags"] = audit.Change{Old: a.Tags, New: tags}
		}
		if o.Public != nil && *o.Public != a.Public {
			meta.Public = *o.Public
			changes["public"] = audit.Change{Old: a.Public, New: *o.Public}
		}
		if len(changes) == 0 {
			return errs.Invalidf("kb edit %d changes nothing: give a new --title, body, --category, --tag or --public", a.ID)
		}
		version := 0 // the version this edit adds; none when only the article's settings change
		if v.Title != latest.Title || v.Body != latest.Body {
			if err := e.tx.AddArticleVersion(&meta, &v); err != nil {
				return err
			}
			version, out.NewVersion = v.Number, true
		}
		if !slices.Equal(meta.Tags, a.Tags) || meta.Category != a.Category || meta.Public != a.Public {
			if err := e.tx.UpdateArticleMeta(&meta); err != nil {
				return err
			}
		}
		out.Article = meta
		return e.event("article", a.ID, "edited", audit.ArticleEdited{Changes: changes, Version: version})
	})
	return out, err
}

// KBApprove approves an article's latest version: from then on customers see it. The approver
// is a supervisor or manager other than the version's author.
func (s *Service) KBApprove(ctx context.Context, as string, id int64) (kb.Article, error) {
	var a kb.Article
	err := s.write(ctx, as, access.Supervise, "kb approve", func(e *env) error {
		var err error
		if a, err = e.tx.Article(id); err != nil {
			return err
		}
		if a.Retired() {
			return errs.Invalidf("article %d is retired and cannot be approved", a.ID)
		}
		if a.Approved == a.Version {
			return errs.Invalidf("article %d version %d is already approved", a.ID, a.Version)
		}
		v, err := e.tx.ArticleVersion(a.ID, a.Version)
		if err != nil {
			return err
		}
		if v.AuthorID == e.actor.ID {
			return errs.Forbiddenf("kb approve: %s wrote version %d of article %d and cannot approve it; another supervisor or manager must", e.actor.Name, v.Number, a.ID)
		}
		if err := e.tx.ApproveArticle(&a, v.Number, e.actor.ID); err != nil {
			return err
		}
		return e.event("article", a.ID, "approved", audit.ArticleVersion{Version: v.Number})
	})
	return a, err
}

// KBRetire retires an article: staff no longer find it, customers no longer see it. Retiring
// an approved article is a supervisor's act; the author may retire a draft never approved.
func (s *Service) KBRetire(ctx context.Context, as string, id int64) (kb.Article, error) {
	var a kb.Article
	err := s.write(ctx, as, access.Work, "kb retire", func(e *env) error {
		var err error
		if a, err = e.tx.Article(id); err != nil {
			return err
		}
		if a.Retired() {
			return errs.Invalidf("article %d is already retired", a.ID)
		}
		if a.Approved > 0 || a.AuthorID != e.actor.ID {
			if err := access.Check(e.actor, access.Supervise, "kb retire (of an approved article or another's draft)"); err != nil {
				return err
			}
		}
		a.RetiredAt = e.tx.Time()
		if err := e.tx.UpdateArticleMeta(&a); err != nil {
			return err
		}
		return e.event("article", a.ID, "retired", audit.ArticleVersion{Version: a.Version})
	})
	return a, err
}

// KBArticle is an article with one of its versions and the list of all.
type KBArticle struct {
	Article  kb.Article
	Version  kb.Version
	Versions []kb.Version
}

// KBShow reads an article with version n (0: the latest).
func (s *Service) KBShow(ctx context.Context, id int64, n int) (KBArticle, error) {
	var out KBArticle
	err := s.read(ctx, func(e *env) error {
		var err error
		if out.Article, err = e.tx.Article(id); err != nil {
			return err
		}
		if n == 0 {
			n = out.Article.Version
		}
		if out.Version, err = e.tx.ArticleVersion(id, n); err != nil {
			return err
		}
		out.Versions, err = e.tx.ArticleVersions(id)
		return err
	})
	return out, err
}

// KBListOptions filter kb list.
type KBListOptions struct {
	Category string
	Tag      string
	Public   bool   // only public articles
	Status   string // draft, approved, changed, retired; "" for all but retired
}

// KBList lists articles by id.
func (s *Service) KBList(ctx context.Context, o KBListOptions) ([]kb.Article, error) {
	switch o.Status {
	case "", kb.StatusDraft, kb.StatusApproved, kb.StatusChanged, kb.StatusRetired:
	default:
		return nil, errs.Invalidf("unknown status %q: use draft, approved, changed or retired", o.Status)
	}
	var out []kb.Article
	err := s.read(ctx, func(e *env) error {
		all, err := e.tx.Articles(o.Status == kb.StatusRetired)
		if err != nil {
			return err
		}
		for _, a := range all {
			if (o.Category != "" && a.Category != o.Category) || (o.Tag != "" && !a.HasTag(o.Tag)) ||
				(o.Public && !a.Public) || (o.Status != "" && a.Status() != o.Status) {
				continue
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// KBSearch finds the articles (not retired) whose latest title or body holds every word of q,
// title hits first.
func (s *Service) KBSearch(ctx context.Context, q string) ([]kb.Hit, error) {
	words := kb.Words(q)
	if len(words) == 0 {
		return nil, errs.Invalidf("kb search needs at least one word")
	}
	var out []kb.Hit
	err := s.read(ctx, func(e *env) error {
		cands, err := e.tx.SearchArticles(words)
		if err != nil {
			return err
		}
		out = kb.Rank(words, cands)
		return nil
	})
	return out, err
}

// KBDiff is the difference between two versions of an article.
type KBDiff struct {
	Article  kb.Article
	From, To kb.Version
	Title    []kb.DiffLine
	Body     []kb.DiffLine
}

// KBDiffVersions compares versions from and to of an article. By default to is the latest and
// from the last approved one (what customers see), or the one before the latest.
func (s *Service) KBDiffVersions(ctx context.Context, id int64, from, to int) (KBDiff, error) {
	var out KBDiff
	err := s.read(ctx, func(e *env) error {
		a, err := e.tx.Article(id)
		if err != nil {
			return err
		}
		out.Article = a
		if to == 0 {
			to = a.Version
		}
		if from == 0 {
			from = to - 1
			if a.Approved > 0 && a.Approved < to {
				from = a.Approved
			}
		}
		if from < 1 {
			return errs.Invalidf("article %d has only version %d: nothing to compare", a.ID, to)
		}
		if out.From, err = e.tx.ArticleVersion(id, from); err != nil {
			return err
		}
		if out.To, err = e.tx.ArticleVersion(id, to); err != nil {
			return err
		}
		out.Title = kb.Diff(out.From.Title, out.To.Title)
		out.Body = kb.Diff(out.From.Body, out.To.Body)
		return nil
	})
	return out, err
}

// KBPublishable lists what customers see: the public, approved, current articles, each with
// its last approved version, by category then id.
func (s *Service) KBPublishable(ctx context.Context) ([]kb.Published, error) {
	var out []kb.Published
	err := s.read(ctx, func(e *env) error {
		all, err := e.tx.Articles(false)
		if err != nil {
			return err
		}
		for _, a := range all {
			if !a.Public || a.Approved == 0 {
				continue
			}
			v, err := e.tx.ArticleVersion(a.ID, a.Approved)
			if err != nil {
				return err
			}
			out = append(out, kb.Published{Article: a, Version: v})
		}
		return nil
	})
	slices.SortStableFunc(out, func(x, y kb.Published) int { return strings.Compare(x.Article.Category, y.Article.Category) })
	return out, err
}
