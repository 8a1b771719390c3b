package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kefu/kefu/internal/policy"
)

// migrationHooks rewrite data after the SQL of a migration, keyed by the version the migration
// makes; they return notices for people.
var migrationHooks = map[int]func(context.Context, *sql.Conn) ([]string, error){
	8: migrateWindows8,
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
