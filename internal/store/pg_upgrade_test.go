package store

import (
	"context"
	"database/sql"
	"testing"

	"github.com/kefu/kefu/internal/kb"
	"github.com/kefu/kefu/internal/storetest"
)

// A team-mode database made before the knowledge base and templates (the baseline schema)
// is brought up by the PostgreSQL twins of their steps: the default templates seeded with
// their ids, and articles indexed in, and found through, the plain kb_grams table.
func TestPGUpgradeFromBaseline(t *testing.T) {
	ctx := context.Background()
	admin, base := storetest.Admin(t)
	addr, drop, err := storetest.Fresh(admin, base)
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	raw, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	baseline, err := pgFiles.ReadFile("pgschema/schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, string(baseline)); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO kefu_meta (application_id, version) VALUES ($1, $2)`, ApplicationID, pgBaseline); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO staff (id, name, role, created_at) VALUES (1, '王芳', 'manager', 0)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, created, err := Open(ctx, addr, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if created {
		t.Fatal("an existing database was reported created")
	}
	err = db.Update(ctx, now, func(tx *Tx) error {
		var n, maxID int64
		if err := tx.queryRow(`SELECT count(*), max(id) FROM reply_templates`).Scan(&n, &maxID); err != nil {
			return err
		}
		if n != 5 || maxID != 5 {
			t.Errorf("seeded templates: %d rows up to id %d, want 5 up to 5", n, maxID)
		}
		a := &kb.Article{Category: "售后", AuthorID: 1}
		v := &kb.Version{Title: "退款多久到账", Body: "原路退回，一般三个工作日内到账。", AuthorID: 1}
		if err := tx.InsertArticle(a, v); err != nil {
			return err
		}
		if a.ID != 1 {
			t.Errorf("first article id %d, want 1", a.ID)
		}
		for _, c := range []struct {
			words []string
			want  int
		}{{[]string{"工作日"}, 1}, {[]string{"到账", "原路"}, 1}, {[]string{"发票"}, 0}} {
			got, err := tx.SearchArticles(c.words)
			if err != nil {
				return err
			}
			if len(got) != c.want {
				t.Errorf("SearchArticles(%q): %d articles, want %d", c.words, len(got), c.want)
			}
		}
		for _, c := range []struct {
			grams []string
			want  int
		}{{[]string{"发票", "退款"}, 1}, {[]string{"发票", "地址"}, 0}} {
			got, err := tx.SuggestArticles(c.grams)
			if err != nil {
				return err
			}
			if len(got) != c.want {
				t.Errorf("SuggestArticles(%q): %d articles, want %d", c.grams, len(got), c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
