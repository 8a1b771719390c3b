package audit

// The knowledge base's event payloads (issue 17); fields in the sorted order of their keys.

// ArticleAdded is article added's payload.
type ArticleAdded struct {
	Category string   `json:"category"`
	Public   bool     `json:"public"`
	Tags     []string `json:"tags"`
	Title    string   `json:"title"`
}

// ArticleEdited is article edited's payload: what changed, and the version an edit of the
// title or body made (0 when only the category, tags or public flag changed).
type ArticleEdited struct {
	Changes map[string]Change `json:"changes"`
	Version int               `json:"version"`
}

// ArticleVersion is the payload of article approved: the version customers now see.
type ArticleVersion struct {
	Version int `json:"version"`
}

// ArticleLinked is the payload of a ticket's kb linked: the article that answered it.
type ArticleLinked struct {
	Article int64  `json:"article"`
	Title   string `json:"title"`
}
