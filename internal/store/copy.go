package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	kefu "github.com/kefu/kefu"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/search"
)

// Moving a department between engines (kefu db copy, db backup on PostgreSQL, db restore
// into PostgreSQL): every table's rows as they are, ids, history and MACs included, in one
// read transaction on the source and one write transaction on the target. Nothing is
// re-signed and no event is added: the copy's history is the source's, and audit verify
// passes on it with the same key. The search grams are derived data: the target rebuilds them.

// dataTables are kefu's tables in the order schema.sql creates them, which is an order their
// foreign keys allow (a table refers only to tables made before it). Read from the schema on
// first use: a regexp over the whole schema costs more than the rest of kefu's start-up.
var dataTables = sync.OnceValue(func() []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^CREATE TABLE ([a-z_]+)`).FindAllStringSubmatch(kefu.Schema, -1) {
		out = append(out, m[1])
	}
	return out
})

// copyBatch is how many rows one INSERT carries.
const copyBatch = 200

// CopyInfo says what a copy moved.
type CopyInfo struct {
	Tables  int   `json:"tables"`
	Rows    int64 `json:"rows"`
	Tickets int64 `json:"tickets"`
	Events  int64 `json:"events"`
}

// CopyDB copies every row of the database at from into the database at to, which is created
// (a file, or kefu's schema in an empty PostgreSQL database) and must hold no rows yet.
func CopyDB(ctx context.Context, from, to string) (CopyInfo, error) {
	var info CopyInfo
	if from == to {
		return info, errs.Invalidf("--from and --to are the same database")
	}
	src, _, err := Open(ctx, from, false)
	if err != nil {
		return info, err
	}
	defer src.Close()
	dst, created, err := Open(ctx, to, true)
	if err != nil {
		return info, err
	}
	info, err = copyAll(ctx, src, dst, false)
	dst.Close()
	if err != nil && created && dst.pg == nil {
		removeDB(to)
	}
	return info, err
}

// copyAll copies src's rows into the empty dst in one transaction on each; with replace, dst's
// rows are removed first, in the same transaction (db restore into PostgreSQL).
func copyAll(ctx context.Context, src, dst *DB, replace bool) (CopyInfo, error) {
	var info CopyInfo
	stx, err := src.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return info, src.openErr(err)
	}
	defer stx.Rollback()
	var dconn *sql.Conn
	var dtx *sql.Tx
	if dst.pg != nil {
		// A connection of its own: the rows go in by COPY on it (pgcopy.go).
		dconn, dtx, err = beginPG(ctx, dst.sql, nil)
		if err == nil {
			defer dconn.Close()
		}
	} else {
		dtx, err = dst.sql.BeginTx(ctx, nil)
	}
	if err != nil {
		return info, dst.openErr(err)
	}
	defer dtx.Rollback()
	s := &Tx{tx: stx, ctx: ctx, pg: src.pg != nil}
	d := &Tx{tx: dtx, conn: dconn, ctx: ctx, pg: dst.pg != nil}
	if d.pg {
		if _, err := d.exec(`SELECT version FROM kefu_meta FOR UPDATE`); err != nil {
			return info, dst.damaged(err)
		}
	}
	if replace && d.pg {
		// TRUNCATE is transactional on PostgreSQL and fires no row triggers (events' guard).
		if _, err := d.exec(`TRUNCATE ticket_grams, kb_grams, ` + strings.Join(dataTables(), ", ")); err != nil {
			return info, dst.damaged(err)
		}
	}
	for _, table := range dataTables() {
		var n int64
		if err := d.queryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			return info, dst.damaged(err)
		}
		if n > 0 {
			return info, errs.Conflictf("%s is not empty (%s has %d rows): db copy writes only into a new database", dst.Path, table, n).
				WithHint("kefu db copy --from %s --to NEW", src.Path)
		}
	}
	var restore []string
	if d.pg {
		// The large tables get their rows before their indexes (deferIndexes).
		if restore, err = d.deferIndexes(append([]string{"score_entries", "messages"}, copyOrder...)); err != nil {
			return info, dst.damaged(err)
		}
	}
	for _, table := range dataTables() {
		if table == "ticket_grams" {
			continue
		}
		n, err := copyTable(s, d, table)
		if err != nil {
			return info, errs.Wrap(dst.damaged(src.damaged(err)), "copying %s from %s to %s", table, src.Path, dst.Path)
		}
		info.Tables++
		info.Rows += n
		switch table {
		case "tickets":
			info.Tickets = n
		case "events":
			info.Events = n
		}
	}
	if err := rebuildGrams(s, d); err != nil {
		return info, errs.Wrap(err, "indexing the copied tickets in %s", dst.Path)
	}
	if err := rebuildArticleGrams(s, d); err != nil {
		return info, errs.Wrap(err, "indexing the copied articles in %s", dst.Path)
	}
	if err := d.restoreIndexes(restore); err != nil {
		return info, dst.damaged(err)
	}
	if err := dtx.Commit(); err != nil {
		return info, dst.damaged(errs.Wrap(err, "saving to %s", dst.Path))
	}
	return info, nil
}

// copyTable copies one table's rows, in the order they were written.
func copyTable(s, d *Tx, table string) (int64, error) {
	order := "rowid"
	if s.pg {
		order = "1"
		var n int
		if err := s.queryRow(`SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rowid'`, table).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 {
			order = "rowid"
		}
	}
	rows, err := s.query(`SELECT * FROM ` + table + ` ORDER BY ` + order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	all, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var cols []string
	var keep []int
	for i, c := range all {
		if c != "rowid" { // PostgreSQL's insertion order column is made anew by the target
			cols, keep = append(cols, c), append(keep, i)
		}
	}
	vals := make([]any, len(all))
	ptrs := make([]any, len(all))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if d.pg {
		// Into PostgreSQL: one COPY streams the whole table.
		src := &rowsSource{rows: rows, ptrs: ptrs, vals: vals, keep: keep}
		err := d.copyFrom(table, cols, src)
		if err == nil {
			err = rows.Err()
		}
		return src.n, err
	}
	prefix := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	var batch []any
	var total int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n := len(batch) / len(cols)
		q := prefix + strings.TrimSuffix(strings.Repeat("("+placeholders(len(cols))+"), ", n), ", ")
		if _, err := d.exec(q, batch...); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	// The source's rows are read to the end before the target is written (PostgreSQL allows
	// one open result per connection; source and target are different connections, but a
	// batch keeps each statement small).
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for _, i := range keep {
			batch = append(batch, vals[i])
		}
		total++
		if len(batch) >= copyBatch*len(cols) {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return total, nil
}

// rebuildGrams writes the search grams of every copied ticket.
func rebuildGrams(s, d *Tx) error {
	type doc struct {
		id   int64
		text string
	}
	var c *pgCopier
	if d.pg {
		// Into PostgreSQL: copied a batch of tickets at a time (pgcopy.go).
		c = newPGCopier(d)
	}
	err := stream(s, "tickets", `SELECT id, subject, body FROM tickets ORDER BY id`, nil,
		func(rows *sql.Rows) (doc, error) {
			var x doc
			var subject, body string
			err := rows.Scan(&x.id, &subject, &body)
			x.text = subject + "\n" + body
			return x, err
		}, func(x doc) error {
			if c != nil {
				return c.add(`INSERT INTO ticket_grams (rowid, grams) VALUES `, 2, []any{x.id, search.Grams(x.text)})
			}
			_, err := d.exec(`INSERT INTO ticket_grams (rowid, grams) VALUES (?, ?)`, x.id, search.Grams(x.text))
			return err
		})
	if c != nil {
		if err == nil {
			err = c.finish()
		} else {
			c.wait()
		}
	}
	return err
}

// rebuildArticleGrams writes the search grams of every copied article's latest version.
func rebuildArticleGrams(s, d *Tx) error {
	type doc struct {
		id          int64
		title, body string
	}
	return stream(s, "articles", `SELECT a.id, v.title, v.body FROM kb_articles a
		JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version ORDER BY a.id`, nil,
		func(rows *sql.Rows) (doc, error) {
			var x doc
			err := rows.Scan(&x.id, &x.title, &x.body)
			return x, err
		}, func(x doc) error {
			return d.indexArticle(x.id, x.title, x.body, false)
		})
}

// backupPG writes the server's database into the empty SQLite file tmp.
func (db *DB) backupPG(ctx context.Context, tmp string) error {
	os.Remove(tmp) // Open creates it anew, 0600, with the schema
	file, _, err := Open(ctx, tmp, true)
	if err != nil {
		return err
	}
	_, err = copyAll(ctx, db, file, false)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// A single self-contained file, as VACUUM INTO leaves it.
	return upgradeCopy(ctx, tmp, nil)
}

// restorePG replaces the content of the PostgreSQL database target with the kefu database
// file src, prepared (upgraded, the restore recorded) on a copy first, in one transaction on
// the server: other kefu processes wait for it as for any writer.
func restorePG(ctx context.Context, src, target string, prepare func(*DB) error) error {
	dir, err := os.MkdirTemp("", "kefu-restore-")
	if err != nil {
		return errs.Wrap(err, "restoring %s", src)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "copy.db")
	if err := copyInto(ctx, src, tmp); err != nil {
		return err
	}
	if err := upgradeCopy(ctx, tmp, prepare); err != nil {
		return err
	}
	from, _, err := Open(ctx, tmp, false)
	if err != nil {
		return err
	}
	defer from.Close()
	to, _, err := Open(ctx, target, false)
	if err != nil {
		return err
	}
	defer to.Close()
	_, err = copyAll(ctx, from, to, true)
	return err
}
