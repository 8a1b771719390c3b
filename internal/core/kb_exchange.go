package core

import (
	"context"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
)

// KBExport lists every article that is not retired as a document of its latest version, by id.
func (s *Service) KBExport(ctx context.Context) ([]kb.Doc, error) {
	var out []kb.Doc
	err := s.read(ctx, func(e *env) error {
		all, err := e.tx.Articles(false)
		if err != nil {
			return err
		}
		for _, a := range all {
			v, err := e.tx.ArticleVersion(a.ID, a.Version)
			if err != nil {
				return err
			}
			out = append(out, kb.DocOf(a, v))
		}
		return nil
	})
	return out, err
}

// KBImportRow is one article to import and where it came from ("line 3", "faq/退款.md").
type KBImportRow struct {
	Where string
	Doc   kb.Doc
	// Err is a row that could not be read at all; the import refuses it with the others.
	Err error
}

// KBImport adds every row as a new draft by the acting user, in one transaction: one bad row
// and nothing is imported; the error names the row. newCategory allows categories no article
// uses yet (the rows' own included).
func (s *Service) KBImport(ctx context.Context, as string, rows []KBImportRow, newCategory bool) (int, error) {
	if len(rows) == 0 {
		return 0, errs.Invalidf("nothing to import: no articles found")
	}
	for _, r := range rows {
		if r.Err != nil {
			return 0, errs.Invalidf("%s: %s", r.Where, errText(r.Err))
		}
	}
	n := 0
	err := s.Batch(ctx, func(b *Service) error {
		for _, r := range rows {
			d := r.Doc
			_, err := b.KBAdd(ctx, as, KBAddOptions{Title: d.Title, Body: d.Body, Category: d.Category, NewCategory: newCategory, Tags: d.Tags, Public: d.Public})
			if errs.Is(err, errs.Invalid) {
				return errs.Invalidf("%s: %s", r.Where, errText(err))
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
