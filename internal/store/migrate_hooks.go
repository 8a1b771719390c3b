package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/policy"
)

// migrationHooks rewrite data after the SQL of a migration, keyed by the version the migration
// makes; they return notices for people.
var migrationHooks = map[int]func(context.Context, *sql.Conn) ([]string, error){
	8: migrateWindows8,
}

// backfillWindows8 records on each existing ticket the first-response and resolution windows
// that set its due times, as the rows before this upgrade chose them (the most specific row,
// then the shortest by nominal length), so later policy changes leave past figures alone.
// One UPDATE over the table, whatever its size.
func backfillWindows8(ctx context.Context, conn *sql.Conn, have map[string]string) error {
	var rows []policy.Window
	for key, within := range have {
		f := strings.Split(key, "|")
		d, err := duration.Parse(within)
		if err != nil || len(f) != 5 {
			continue
		}
		rows = append(rows, policy.Window{Kind: f[0], Target: f[1], Channel: f[2], Priority: f[3], Severity: f[4], Within: d})
	}
	shapes, err := conn.QueryContext(ctx, `SELECT DISTINCT kind, channel, priority, severity FROM tickets`)
	if err != nil {
		return err
	}
	var qs []policy.Query
	for shapes.Next() {
		var q policy.Query
		if err := shapes.Scan(&q.Kind, &q.Channel, &q.Priority, &q.Severity); err != nil {
			shapes.Close()
			return err
		}
		qs = append(qs, q)
	}
	shapes.Close()
	if err := shapes.Err(); err != nil {
		return err
	}
	for _, target := range []struct{ name, col, due string }{
		{policy.FirstResponse, "first_response_window", "first_response_due"},
		{policy.Resolution, "resolution_window", "resolution_due"},
	} {
		var cases []string
		var args []any
		for _, q := range qs {
			q.Target = target.name
			if w, ok := oldMatch(rows, q); ok {
				cases = append(cases, "WHEN ? THEN ?")
				args = append(args, strings.Join([]string{q.Kind, q.Channel, q.Priority, q.Severity}, "|"), w.Within.String())
			}
		}
		if len(cases) == 0 {
			continue
		}
		_, err := conn.ExecContext(ctx, `UPDATE tickets SET `+target.col+` = CASE kind || '|' || channel || '|' || priority || '|' || severity `+
			strings.Join(cases, " ")+` ELSE '' END WHERE `+target.due+` IS NOT NULL`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// oldMatch is window matching as kefu did it before version 8: the most specific row, then the
// shortest, business units counted nominally (a business day as 24 hours).
func oldMatch(rows []policy.Window, q policy.Query) (policy.Window, bool) {
	var w policy.Window
	ok := false
	for _, r := range rows {
		if _, m := policy.Match([]policy.Window{r}, q); !m {
			continue
		}
		if !ok || r.Specificity() > w.Specificity() || r.Specificity() == w.Specificity() && r.Within.NominalSeconds() < w.Within.NominalSeconds() {
			w, ok = r, true
		}
	}
	return w, ok
}

// migrateWindows8 moves window rows that still equal the earlier shipped defaults to the new
// ones: the channel first-response rows become inquiry and pre-sale rows (email, app and visit
// in service hours), the urgent rows name inquiry, presale and complaint, and complex complaints
// get a plan row. Rows a team edited are kept and reported; a kept * first-response row now
// gives suggestions a window, which is said too.
func migrateWindows8(ctx context.Context, conn *sql.Conn) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT kind, target, channel, priority, severity, within FROM windows`)
	if err != nil {
		return nil, err
	}
	have := map[string]string{}
	for rows.Next() {
		var w [6]string
		if err := rows.Scan(&w[0], &w[1], &w[2], &w[3], &w[4], &w[5]); err != nil {
			rows.Close()
			return nil, err
		}
		have[policy.Window{Kind: w[0], Target: w[1], Channel: w[2], Priority: w[3], Severity: w[4]}.Key()] = w[5]
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(have) == 0 {
		return nil, nil // not initialised yet: init seeds the new defaults
	}
	if err := backfillWindows8(ctx, conn, have); err != nil {
		return nil, err
	}
	newRows := policy.DefaultWindows()
	insert := func(w policy.Window) error {
		if _, ok := have[w.Key()]; ok {
			return nil
		}
		have[w.Key()] = w.Within.String()
		_, err := conn.ExecContext(ctx, `INSERT INTO windows (kind, target, channel, priority, severity, within) VALUES (?, ?, ?, ?, ?, ?)`,
			w.Kind, w.Target, w.Channel, w.Priority, w.Severity, w.Within.String())
		return err
	}
	var notices []string
	for _, old := range policy.PreviousDefaultWindows() {
		within, ok := have[old.Key()]
		if !ok {
			continue
		}
		if within != old.Within.String() {
			n := fmt.Sprintf("window %s (%s) was edited and is kept", old.Describe(), within)
			if old.Kind == policy.AnyKind && old.Target == policy.FirstResponse {
				n += "; warning: it gives suggestions and custom kinds a first-response window (kefu policy window unset to remove it)"
			}
			notices = append(notices, n)
			continue
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM windows WHERE kind = ? AND target = ? AND channel = ? AND priority = ? AND severity = ?`,
			old.Kind, old.Target, old.Channel, old.Priority, old.Severity); err != nil {
			return nil, err
		}
		delete(have, old.Key())
		for _, w := range newRows {
			if w.Target == old.Target && w.Channel == old.Channel && w.Priority == old.Priority && w.Severity == old.Severity {
				if err := insert(w); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, w := range newRows {
		if w.Target == policy.Plan {
			if err := insert(w); err != nil {
				return nil, err
			}
		}
	}
	return notices, nil
}
