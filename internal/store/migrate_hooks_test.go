package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/policy"
)

// Migration 0008 moves window rows that still equal the earlier defaults to the new ones, keeps
// and reports edited rows, and warns about a kept * first-response row.
func TestMigrationMovesDefaultWindows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v7.db")
	makeOld(t, path, 7)
	raw, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	old := append(policy.PreviousDefaultWindows(), policy.Window{Kind: "complaint", Target: policy.FirstResponse})
	for _, w := range old {
		within := w.Within.String()
		switch {
		case w.Kind == "complaint":
			within = "24h"
		case w.Channel == "email" && w.Priority == "":
			within = "2h" // edited by the team
		}
		if _, err := raw.Exec(`INSERT INTO windows (kind, target, channel, priority, severity, within) VALUES (?, ?, ?, ?, ?, ?)`,
			w.Kind, w.Target, w.Channel, w.Priority, w.Severity, within); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range [][2]string{{"inquiry", "chat"}, {"complaint", "email"}, {"suggestion", "phone"}} {
		if _, err := raw.Exec(`INSERT INTO tickets (kind, channel, subject, status, opened_at, first_response_due, resolution_start, updated_at)
			VALUES (?, ?, 's', 'open', 0, 1, 0, 0)`, tk[0], tk[1]); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, _, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if len(db.Notices) != 1 || !strings.Contains(db.Notices[0], "window * first_response channel=email (2h) was edited and is kept") ||
		!strings.Contains(db.Notices[0], "gives suggestions") {
		t.Errorf("notices = %q", db.Notices)
	}
	var p policy.Policy
	if err := db.View(ctx, now, func(tx *Tx) error { p, err = tx.Policy(); return err }); err != nil {
		t.Fatal(err)
	}
	// Existing tickets keep the window that set their due time, as the old rows chose it.
	var windows []string
	if err := db.View(ctx, now, func(tx *Tx) error {
		rows, err := tx.query(`SELECT first_response_window FROM tickets ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				return err
			}
			windows = append(windows, w)
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(windows, ",") != "30s,2h,1m" {
		t.Errorf("backfilled first-response windows = %v, want 30s (chat), 2h (email, shorter than 24h), 1m (phone)", windows)
	}
	got := map[string]string{}
	for _, w := range p.Windows {
		got[w.Describe()] = w.Within.String()
	}
	for row, want := range map[string]string{
		"inquiry first_response channel=email":                   "",
		"inquiry first_response channel=app":                     "4bh",
		"presale first_response channel=chat":                    "30s",
		"complaint first_response channel=email priority=urgent": "15m",
		"complaint plan severity=complex":                        "48h",
		"* first_response channel=email":                         "2h",
		"* first_response channel=app":                           "",
		"complaint first_response":                               "24h",
	} {
		if got[row] != want {
			t.Errorf("after the upgrade, row %s = %q, want %q", row, got[row], want)
		}
	}
}
