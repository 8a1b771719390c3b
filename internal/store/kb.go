package store

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/search"
)

const articleSelect = `SELECT a.id, a.title, a.category, a.tags, a.public, a.author_id, s.name, a.version,
	COALESCE(a.approved, 0), a.retired_at, a.created_at, a.updated_at
	FROM kb_articles a JOIN staff s ON s.id = a.author_id`

func scanArticle(sc interface{ Scan(...any) error }) (kb.Article, error) {
	var a kb.Article
	var tags string
	var retired, created, updated sql.NullInt64
	err := sc.Scan(&a.ID, &a.Title, &a.Category, &tags, &a.Public, &a.AuthorID, &a.Author, &a.Version,
		&a.Approved, &retired, &created, &updated)
	a.Tags = splitTags(tags)
	a.RetiredAt, a.CreatedAt, a.UpdatedAt = fromMS(retired), fromMS(created), fromMS(updated)
	return a, err
}

func splitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func (t *Tx) scanArticles(q string, args ...any) ([]kb.Article, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kb.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading articles")
		}
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "reading articles")
}

// Article reads an article; a missing one is NotFound.
func (t *Tx) Article(id int64) (kb.Article, error) {
	a, err := scanArticle(t.queryRow(articleSelect+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.NotFoundf("no article %d", id).WithHint("kefu kb list")
	}
	return a, errs.Wrap(err, "reading article %d", id)
}

// Articles lists articles by id, retired ones only when asked.
func (t *Tx) Articles(withRetired bool) ([]kb.Article, error) {
	q := articleSelect
	if !withRetired {
		q += ` WHERE a.retired_at IS NULL`
	}
	return t.scanArticles(q + ` ORDER BY a.id`)
}

// KBCategories lists the categories articles use, retired ones included, sorted.
func (t *Tx) KBCategories() ([]string, error) {
	rows, err := t.query(`SELECT DISTINCT category FROM kb_articles ORDER BY category`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, errs.Wrap(err, "reading article categories")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "reading article categories")
}

// InsertArticle stores a new article with its first version (v.Number 1) and indexes it.
func (t *Tx) InsertArticle(a *kb.Article, v *kb.Version) error {
	now := t.Now.UnixMilli()
	a.Version, v.Number = 1, 1
	res, err := t.insert(`INSERT INTO kb_articles (title, category, tags, public, author_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, v.Title, a.Category, strings.Join(a.Tags, ","), boolInt(a.Public), a.AuthorID, now, now)
	if err != nil {
		return err
	}
	a.ID, _ = res.LastInsertId()
	a.Title, a.CreatedAt, a.UpdatedAt = v.Title, t.Now, t.Now
	v.ArticleID = a.ID
	return t.insertVersion(v, false)
}

// AddArticleVersion stores v as the article's next version (its number set here), makes it the
// latest and reindexes the article.
func (t *Tx) AddArticleVersion(a *kb.Article, v *kb.Version) error {
	v.ArticleID, v.Number = a.ID, a.Version+1
	if _, err := t.exec(`UPDATE kb_articles SET title = ?, version = ?, updated_at = ? WHERE id = ?`,
		v.Title, v.Number, t.Now.UnixMilli(), a.ID); err != nil {
		return err
	}
	a.Title, a.Version, a.UpdatedAt = v.Title, v.Number, t.Now
	return t.insertVersion(v, true)
}

func (t *Tx) insertVersion(v *kb.Version, reindex bool) error {
	if _, err := t.exec(`INSERT INTO kb_versions (article_id, version, title, body, author_id, at) VALUES (?, ?, ?, ?, ?, ?)`,
		v.ArticleID, v.Number, v.Title, v.Body, v.AuthorID, t.Now.UnixMilli()); err != nil {
		return err
	}
	v.At = t.Now
	return t.indexArticle(v.ArticleID, v.Title, v.Body, reindex)
}

// UpdateArticleMeta writes an article's category, tags, public flag and retirement.
func (t *Tx) UpdateArticleMeta(a *kb.Article) error {
	_, err := t.exec(`UPDATE kb_articles SET category = ?, tags = ?, public = ?, retired_at = ?, updated_at = ? WHERE id = ?`,
		a.Category, strings.Join(a.Tags, ","), boolInt(a.Public), nullTime(a.RetiredAt), t.Now.UnixMilli(), a.ID)
	a.UpdatedAt = t.Now
	return err
}

// ApproveArticle marks version n of article a approved by staff by, now, and makes it the one
// customers see.
func (t *Tx) ApproveArticle(a *kb.Article, n int, by int64) error {
	if _, err := t.exec(`UPDATE kb_versions SET approved_by = ?, approved_at = ? WHERE article_id = ? AND version = ?`,
		by, t.Now.UnixMilli(), a.ID, n); err != nil {
		return err
	}
	_, err := t.exec(`UPDATE kb_articles SET approved = ?, updated_at = ? WHERE id = ?`, n, t.Now.UnixMilli(), a.ID)
	a.Approved, a.UpdatedAt = n, t.Now
	return err
}

const versionSelect = `SELECT v.article_id, v.version, v.title, v.body, v.author_id, s.name, v.at,
	COALESCE(p.name, ''), v.approved_at
	FROM kb_versions v JOIN staff s ON s.id = v.author_id LEFT JOIN staff p ON p.id = v.approved_by`

func scanVersion(sc interface{ Scan(...any) error }) (kb.Version, error) {
	var v kb.Version
	var at, approved sql.NullInt64
	err := sc.Scan(&v.ArticleID, &v.Number, &v.Title, &v.Body, &v.AuthorID, &v.Author, &at, &v.ApprovedBy, &approved)
	v.At, v.ApprovedAt = fromMS(at), fromMS(approved)
	return v, err
}

// ArticleVersion reads version n of an article; a missing one is NotFound.
func (t *Tx) ArticleVersion(id int64, n int) (kb.Version, error) {
	v, err := scanVersion(t.queryRow(versionSelect+` WHERE v.article_id = ? AND v.version = ?`, id, n))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.NotFoundf("article %d has no version %d", id, n).WithHint("kefu kb show %d", id)
	}
	return v, errs.Wrap(err, "reading article %d version %d", id, n)
}

// ArticleVersions lists an article's versions, oldest first.
func (t *Tx) ArticleVersions(id int64) ([]kb.Version, error) {
	rows, err := t.query(versionSelect+` WHERE v.article_id = ? ORDER BY v.version`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kb.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading article versions")
		}
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), "reading article versions")
}

// SearchArticles returns the articles not retired whose latest title or body holds every word
// (a candidate list from the gram index, confirmed by substring tests), with that title and body.
func (t *Tx) SearchArticles(words []string) ([]kb.Candidate, error) {
	q := `SELECT v.title, v.body, ` + strings.TrimPrefix(articleSelect, "SELECT ") +
		` JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version WHERE a.retired_at IS NULL`
	var args []any
	if t.pg {
		// PostgreSQL's gram table (see ticketWhere): each gram of the words must be the article's.
		for _, g := range pgSearchGrams(strings.Join(words, " ")) {
			q += ` AND a.id IN (SELECT rowid FROM kb_grams WHERE grams = ?)`
			args = append(args, g)
		}
	} else if m, ok := search.Match(strings.Join(words, " ")); ok {
		q += ` AND a.id IN (SELECT rowid FROM kb_grams WHERE kb_grams MATCH ?)`
		args = append(args, m)
	}
	for _, w := range words {
		q += ` AND instr(lower(v.title || char(10) || v.body), ?) > 0`
		args = append(args, search.Fold(w))
	}
	return t.candidates(q+` ORDER BY a.id`, args...)
}

// prefixScanner scans leading columns into pre before the rest.
type prefixScanner struct {
	rows *sql.Rows
	pre  []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.rows.Scan(append(p.pre, dest...)...) }

// LinkArticle records that article answered ticket, by staff by; linking twice is no change.
func (t *Tx) LinkArticle(ticketID, articleID, by int64) (linked bool, err error) {
	res, err := t.exec(`INSERT INTO kb_links (ticket_id, article_id, by_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (ticket_id, article_id) DO NOTHING`,
		ticketID, articleID, by, t.Now.UnixMilli())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func nullTime(at time.Time) any {
	if at.IsZero() {
		return nil
	}
	return at.UnixMilli()
}

// SuggestArticles returns the articles not retired whose latest title or body holds any of the
// grams, with that title and body.
func (t *Tx) SuggestArticles(grams []string) ([]kb.Candidate, error) {
	if len(grams) == 0 {
		return nil, nil
	}
	q := `SELECT v.title, v.body, ` + strings.TrimPrefix(articleSelect, "SELECT ") +
		` JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version
		WHERE a.retired_at IS NULL AND a.id IN (SELECT rowid FROM kb_grams WHERE kb_grams MATCH ?) ORDER BY a.id`
	if t.pg {
		// PostgreSQL's gram table: any of the grams (search.Any's OR) is one lookup of a list.
		q = strings.Replace(q, `kb_grams MATCH ?`, `grams = ANY (?::text[])`, 1)
		return t.candidates(q, grams)
	}
	return t.candidates(q, search.Any(grams))
}

func (t *Tx) candidates(q string, args ...any) ([]kb.Candidate, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kb.Candidate
	for rows.Next() {
		var c kb.Candidate
		a, err := scanArticle(prefixScanner{rows, []any{&c.Title, &c.Body}})
		if err != nil {
			return nil, errs.Wrap(err, "searching articles")
		}
		c.Article = a
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "searching articles")
}

// KBGapTickets lists the category and subject of the inquiries opened in [from, to) (of team,
// "" for all) and whether each links an article.
func (t *Tx) KBGapTickets(team string, from, to time.Time) ([]persist.KBTicket, error) {
	q, args := withTeam(team, `SELECT category, subject, EXISTS (SELECT 1 FROM kb_links l WHERE l.ticket_id = tickets.id)
		FROM tickets WHERE kind = 'inquiry' AND opened_at >= ? AND opened_at < ?`, "team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []persist.KBTicket
	for rows.Next() {
		var k persist.KBTicket
		if err := rows.Scan(&k.Category, &k.Subject, &k.Linked); err != nil {
			return nil, errs.Wrap(err, "reading inquiries")
		}
		out = append(out, k)
	}
	return out, errs.Wrap(rows.Err(), "reading inquiries")
}

// ArticleUses counts the links made in [from, to) (from tickets of team, "" for all) per
// article, most used first, then by id.
func (t *Tx) ArticleUses(team string, from, to time.Time) ([]persist.ArticleUse, error) {
	q, args := withTeam(team, `SELECT a.id, a.title, a.category, count(*) FROM kb_links l
		JOIN kb_articles a ON a.id = l.article_id JOIN tickets ON tickets.id = l.ticket_id
		WHERE l.at >= ? AND l.at < ?`, "tickets.team", from.UnixMilli(), to.UnixMilli())
	rows, err := t.query(q+` GROUP BY a.id, a.title, a.category ORDER BY count(*) DESC, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []persist.ArticleUse
	for rows.Next() {
		var u persist.ArticleUse
		if err := rows.Scan(&u.ID, &u.Title, &u.Category, &u.Links); err != nil {
			return nil, errs.Wrap(err, "reading article use")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "reading article use")
}
