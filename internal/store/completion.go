package store

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
)

// completionLimit bounds each list completion offers: a shell shows a few hundred at most.
const completionLimit = 500

// ReadCompletions reads the words shell completion offers through a read-only connection: it
// never creates, upgrades or locks the file, so pressing Tab cannot change a database. A file
// that is missing or not kefu's yields an error the caller ignores.
func ReadCompletions(ctx context.Context, path string) (persist.Completions, error) {
	var c persist.Completions
	db, err := openCompletions(ctx, path)
	if err != nil {
		return c, err
	}
	defer db.Close()
	pg := IsPostgres(path)
	// On PostgreSQL the words are read in one read-only transaction (BEGIN READ ONLY), not
	// through a read-only start-up setting, which a pooler in front of the server (PgBouncer)
	// refuses. A SQLite file is opened read-only.
	var q interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	} = db
	if pg {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return c, errs.Wrap(err, "reading completions")
		}
		defer tx.Rollback()
		q = tx
	}
	lists := []struct {
		dst *[]string
		q   string
	}{
		{&c.Staff, `SELECT name FROM staff WHERE active = 1 ORDER BY name LIMIT ?`},
		{&c.Customers, `SELECT name FROM customers WHERE forgotten_at IS NULL AND name <> '' ORDER BY name LIMIT ?`},
		{&c.Kinds, `SELECT name FROM kinds ORDER BY name LIMIT ?`},
		{&c.Rules, `SELECT code FROM score_rules WHERE retired_at IS NULL ORDER BY code LIMIT ?`},
		{&c.Tickets, `SELECT id, subject FROM tickets WHERE status <> 'closed' ORDER BY id DESC LIMIT ?`},
		{&c.Pending, `SELECT p.id, s.name || ' ' || p.rule FROM score_pending p JOIN staff s ON s.id = p.staff_id
			WHERE p.status = 'pending' ORDER BY p.id LIMIT ?`},
	}
	for _, l := range lists {
		text := l.q
		if pg {
			text = pgSQL(text)
		}
		rows, err := q.QueryContext(ctx, text, completionLimit)
		if err != nil {
			return c, errs.Wrap(err, "reading completions")
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			if len(cols) == 2 {
				var id int64
				var label string
				if err := rows.Scan(&id, &label); err != nil {
					rows.Close()
					return c, errs.Wrap(err, "reading completions")
				}
				*l.dst = append(*l.dst, strconv.FormatInt(id, 10)+"\t"+label)
				continue
			}
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return c, errs.Wrap(err, "reading completions")
			}
			*l.dst = append(*l.dst, s)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return c, errs.Wrap(err, "reading completions")
		}
	}
	return c, nil
}

// openCompletions opens the database at path for reading only: a SQLite file read-only, or a
// PostgreSQL database in read-only transactions, used only when it holds kefu's schema at this
// kefu's version (never created or upgraded from a Tab).
func openCompletions(ctx context.Context, path string) (*sql.DB, error) {
	if !IsPostgres(path) {
		if _, err := os.Stat(path); err != nil {
			return nil, errs.Wrap(err, "opening database %s", path)
		}
		db, err := sql.Open("sqlite", roDSN(path))
		return db, errs.Wrap(err, "opening database %s", path)
	}
	target, err := parsePG(path)
	if err != nil {
		return nil, err
	}
	if target.cfg.ConnectTimeout == 0 {
		target.cfg.ConnectTimeout = 3 * time.Second // a Tab should not hang on an unreachable server
	}
	db := stdlib.OpenDB(*target.cfg)
	present, appID, version, _, _, err := pgHeader(ctx, db)
	switch {
	case err != nil:
		err = errs.Wrap(target.scrub(err), "opening database %s", target.shown)
	case !present || appID != ApplicationID || version != Version():
		err = errs.Invalidf("no kefu database of this version at %s", target.shown)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
