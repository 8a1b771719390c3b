package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/kefu/kefu/internal/policy"
)

// Migration 0013 gives a seeded database the wechat rows it lacks, keeps a row the team already
// has for one of the keys, and leaves an unseeded database empty (init seeds it).
func TestMigrationAddsWechatWindows(t *testing.T) {
	ctx := context.Background()
	windows := func(path string, seed []policy.Window) map[string]string {
		t.Helper()
		makeOld(t, path, 12)
		raw, err := sql.Open("sqlite", dsn(path))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range seed {
			if _, err := raw.Exec(`INSERT INTO windows (kind, target, channel, priority, severity, within) VALUES (?, ?, ?, ?, ?, ?)`,
				w.Kind, w.Target, w.Channel, w.Priority, w.Severity, w.Within.String()); err != nil {
				t.Fatal(err)
			}
		}
		raw.Close()
		db, _, err := Open(ctx, path, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var p policy.Policy
		if err := db.View(ctx, now, func(tx *Tx) error { p, err = tx.Policy(); return err }); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, w := range p.Windows {
			got[w.Describe()] = w.Within.String()
		}
		return got
	}

	var seed []policy.Window
	for _, w := range policy.DefaultWindows() {
		switch {
		case w.Channel != "wechat":
			seed = append(seed, w)
		case w.Kind == "presale" && w.Priority == "":
			w.Within = policy.DefaultWindows()[0].Within // a team's own row for the key: kept
			seed = append(seed, w)
		}
	}
	got := windows(filepath.Join(t.TempDir(), "v12.db"), seed)
	if len(got) != len(policy.DefaultWindows()) {
		t.Errorf("%d rows after the upgrade, want %d", len(got), len(policy.DefaultWindows()))
	}
	for row, want := range map[string]string{
		"inquiry first_response channel=wechat":                   "1bh",
		"presale first_response channel=wechat":                   policy.DefaultWindows()[0].Within.String(),
		"inquiry first_response channel=wechat priority=urgent":   "15m",
		"presale first_response channel=wechat priority=urgent":   "15m",
		"complaint first_response channel=wechat priority=urgent": "15m",
		"suggestion first_response channel=wechat":                "",
	} {
		if got[row] != want {
			t.Errorf("after the upgrade, row %s = %q, want %q", row, got[row], want)
		}
	}
	if got := windows(filepath.Join(t.TempDir(), "empty.db"), nil); len(got) != 0 {
		t.Errorf("an unseeded database got rows: %v", got)
	}
}
