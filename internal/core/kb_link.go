package core

import (
	"context"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
	"github.com/kefu/kefu/internal/search"
	"github.com/kefu/kefu/internal/ticket"
)

// linkArticle records that article answered ticket (ticket resolve --kb); a retired article
// cannot be linked, and linking the same article twice records nothing new.
func (e *env) linkArticle(ticketID, articleID int64) error {
	a, err := e.tx.Article(articleID)
	if err != nil {
		return err
	}
	if a.Retired() {
		return errs.Invalidf("article %d is retired: link a current article", a.ID).WithHint("kefu kb search WORDS")
	}
	linked, err := e.tx.LinkArticle(ticketID, a.ID, e.actor.ID)
	if err != nil || !linked {
		return err
	}
	return e.event("ticket", ticketID, "kb linked", audit.ArticleLinked{Article: a.ID, Title: a.Title})
}

// MaxSuggestions is how many articles ticket show suggests.
const MaxSuggestions = 3

// KBSuggest proposes up to three articles (not retired) that may answer a ticket: those
// sharing the most two-character words with its subject, title words counting double, an
// article in the ticket's category first on a tie.
func (s *Service) KBSuggest(ctx context.Context, tk ticket.Ticket) ([]kb.Article, error) {
	grams := search.Split(tk.Subject)
	if len(grams) == 0 {
		return nil, nil
	}
	var out []kb.Article
	err := s.read(ctx, func(e *env) error {
		cands, err := e.tx.SuggestArticles(grams)
		if err != nil {
			return err
		}
		out = kb.Suggest(grams, tk.Category, cands, MaxSuggestions)
		return nil
	})
	return out, err
}
