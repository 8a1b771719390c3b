package report

// The knowledge base's part of the weekly and monthly reports (issue 17): which questions
// lack an article, and which articles answered tickets.

// DefKnowledge defines the knowledge-base section's figures.
const DefKnowledge = "gaps: inquiries opened in the period whose ticket links no article (ticket resolve --kb), " +
	"counted by category and by subject word (each two-character word once per ticket, listed when at least two tickets share it); " +
	"articles used: links made in the period from tickets to each article"

// DefKBAnswered defines the kb_answered_pct KPI.
const DefKBAnswered = "inquiries opened in the period whose ticket links a knowledge-base article (ticket resolve --kb) / inquiries opened in the period"

// AnsweredPct is the percentage of the period's inquiries that link an article; nil without inquiries.
func (k Knowledge) AnsweredPct() *float64 {
	return NewRate(k.Inquiries-k.Unanswered, k.Inquiries).Pct()
}

// MaxGaps is how many categories and subject words the gaps list; MinGapWord is how many
// unanswered inquiries must share a subject word for it to be listed.
const (
	MaxGaps    = 10
	MinGapWord = 2
)

// ArticleUse is how often an article answered tickets in the period.
type ArticleUse struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Links    int    `json:"links"`
}

// Knowledge is the knowledge-base section: the questions without an article and the articles used.
type Knowledge struct {
	Definition string `json:"definition"`
	// Inquiries counts the inquiries opened in the period; Unanswered those linking no article.
	Inquiries  int `json:"inquiries"`
	Unanswered int `json:"unanswered"`
	// GapCategories and GapWords are the most frequent categories and subject words of the
	// unanswered inquiries ("top questions without an article").
	GapCategories []Count `json:"gap_categories"`
	GapWords      []Count `json:"gap_words"`
	// ArticlesUsed counts each article's links made in the period, most used first.
	ArticlesUsed []ArticleUse `json:"articles_used"`
	// Reply templates' usage joins here (issue 17 item 2): a TemplatesUsed field beside
	// ArticlesUsed, filled by core's knowledge().
}
