package persist

import (
	"time"

	"github.com/kefu/kefu/internal/kb"
)

// KBTicket is an inquiry as the knowledge-base report sees it.
type KBTicket struct {
	Category string
	Subject  string
	Linked   bool // some article is linked to it
}

// ArticleUse is how many links an article got in a period.
type ArticleUse struct {
	ID       int64
	Title    string
	Category string
	Links    int
}

// KBStore is what the use cases read and write of the knowledge base (internal/store/kb.go).
type KBStore interface {
	// Article reads an article; a missing one is NotFound.
	Article(id int64) (kb.Article, error)
	// Articles lists articles by id, retired ones only when asked.
	Articles(withRetired bool) ([]kb.Article, error)
	// KBCategories lists the categories articles use, retired ones included, sorted.
	KBCategories() ([]string, error)
	// InsertArticle stores a new article with its first version and indexes it.
	InsertArticle(a *kb.Article, v *kb.Version) error
	// AddArticleVersion stores v as the article's next version and reindexes the article.
	AddArticleVersion(a *kb.Article, v *kb.Version) error
	// UpdateArticleMeta writes an article's category, tags, public flag and retirement.
	UpdateArticleMeta(a *kb.Article) error
	// ApproveArticle marks version n approved by staff by, now; customers see it from then on.
	ApproveArticle(a *kb.Article, n int, by int64) error
	// ArticleVersion reads version n of an article; a missing one is NotFound.
	ArticleVersion(id int64, n int) (kb.Version, error)
	// ArticleVersions lists an article's versions, oldest first.
	ArticleVersions(id int64) ([]kb.Version, error)
	// SearchArticles returns the articles not retired whose latest title or body holds every
	// word, with that title and body.
	SearchArticles(words []string) ([]kb.Candidate, error)
	// SuggestArticles returns the articles not retired whose latest title or body holds any of
	// the grams, with that title and body.
	SuggestArticles(grams []string) ([]kb.Candidate, error)
	// KBGapTickets lists the inquiries opened in [from, to) of team ("" for all): category,
	// subject and whether an article is linked.
	KBGapTickets(team string, from, to time.Time) ([]KBTicket, error)
	// ArticleUses counts the links made in [from, to) per article, most used first.
	ArticleUses(team string, from, to time.Time) ([]ArticleUse, error)
	// LinkArticle records that an article answered a ticket; linking twice is no change.
	LinkArticle(ticketID, articleID, by int64) (linked bool, err error)
}
