package core_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/store"
)

var updateImportGolden = flag.Bool("update-import-golden", false, "rewrite testdata/import_golden.txt from this kefu's import")

// TestImportContentGolden imports a generated file of a few thousand varied rows (new and
// known customers, phones, every kind and status, ratings, sales, text that JSON escapes, bad
// rows skipped) into a department signed with a fixed audit key, and compares a digest of
// every table of the file — tickets, customers, every event with its payload and MAC, the
// history's row records, the search index — with the digest the import made before it was
// made faster: the same input must give the same database, byte for byte.
func TestImportContentGolden(t *testing.T) { importGolden(t, true) }

// TestImportContentGoldenDeferred is the same import with the tickets' indexes dropped after
// its first batch and made again at the end (as a large import does): the same content, and
// the schema's indexes again, each as its statement says.
func TestImportContentGoldenDeferred(t *testing.T) {
	saved := store.BulkIndexRows
	store.BulkIndexRows = 1
	defer func() { store.BulkIndexRows = saved }()
	importGolden(t, false)
}

func importGolden(t *testing.T, update bool) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kefu.db")
	db, _, err := store.Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAuditKey(bytes.Repeat([]byte{7}, 32))
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)
	s := core.New(store.Persist(db), clock.Fixed(now))
	if _, err := s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []core.StaffAddOptions{{Name: "陈静", Role: "supervisor"}, {Name: "张伟", Role: "agent", Team: "售后"},
		{Name: "李娜", Role: "agent", Team: "售前"}, {Name: "赵敏", Role: "agent", Shift: "night"}} {
		if _, err := s.StaffAdd(ctx, "王芳", o); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CustomerAdd(ctx, "王芳", core.CustomerAddOptions{Name: "刘洋", Phone: "13812341234"}); err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportTickets(ctx, "陈静", bytes.NewReader(goldenImportFile(now)),
		core.ImportOptions{Format: core.ImportCSV, Source: "golden.csv", SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := indexStatements(t, path), freshIndexes(t); got != want {
		t.Errorf("the import left other indexes than the schema's:\n%s\nwant:\n%s", got, want)
	}
	if res.Imported < 2500 || res.BadCount == 0 || res.Customers < 100 {
		t.Fatalf("the file should import most rows, skip some and add customers: %+v", res)
	}
	got := fmt.Sprintf("imported %d, bad %d, customers %d\n%s", res.Imported, res.BadCount, res.Customers, tableDigests(t, path))
	golden := filepath.Join("testdata", "import_golden.txt")
	if *updateImportGolden && update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the import wrote other content than before:\n%s\nwant (%s):\n%s", got, golden, want)
	}
}

// indexStatements lists the database's indexes with their statements, by name.
func indexStatements(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var name, table, def string
		if err := rows.Scan(&name, &table, &def); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s\n", name, table, def)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// freshIndexes are the indexes of a new database.
func freshIndexes(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fresh.db")
	db, _, err := store.Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return indexStatements(t, path)
}

// goldenImportFile is a CSV file of 3000 rows from a fixed seed, opened in the 90 days before now.
func goldenImportFile(now time.Time) []byte {
	rnd := rand.New(rand.NewPCG(20, 5))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"opened_at", "kind", "channel", "priority", "severity", "category", "subject", "body", "customer",
		"assignee", "order", "status", "first_response_at", "resolved_at", "closed_at", "csat", "nps", "converted", "amount", "phone"})
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	at := now.Add(-90 * 24 * time.Hour)
	for i := range 3000 {
		at = at.Add(time.Duration(rnd.IntN(5000)) * time.Second)
		kind := pick("inquiry", "inquiry", "complaint", "suggestion", "presale", "咨询")
		rec := map[string]string{
			"opened_at": at.Format(time.RFC3339), "kind": kind, "channel": pick("email", "phone", "chat", "app", "social", "微信"),
			"priority": pick("", "low", "normal", "high", "urgent"),
			"subject":  pick("申请退款未到账", "物流太慢", "优惠券用不了", `发票 "抬头" 错了`, "<script>&amp;"),
			"body":     pick("", "您好，我的订单有问题", "第一行\n第二行", "tab\there & <b>", " 前后空格 ", "\u2028分隔"),
			"customer": pick("", "刘洋", fmt.Sprintf("客户%d", rnd.IntN(400)), fmt.Sprintf("客户%d", rnd.IntN(400))),
			"assignee": pick("", "张伟", "李娜", "赵敏"),
			"order":    pick("", fmt.Sprintf("2026%04d-%d", i, rnd.IntN(1000))),
		}
		if kind == "complaint" {
			rec["severity"] = pick("", "simple", "complex")
		}
		if rec["customer"] != "" && rnd.IntN(3) == 0 {
			rec["phone"] = fmt.Sprintf("1391234%04d", rnd.IntN(10000))
		}
		if rnd.IntN(40) == 0 {
			rec["priority"] = "bad-priority" // a bad row, skipped
		}
		switch pick("open", "resolved", "closed", "closed") {
		case "resolved":
			rec["status"] = "resolved"
			rec["first_response_at"] = at.Add(10 * time.Minute).Format(time.RFC3339)
			rec["resolved_at"] = at.Add(3 * time.Hour).Format(time.RFC3339)
		case "closed":
			rec["resolved_at"] = at.Add(2 * time.Hour).Format(time.RFC3339)
			rec["closed_at"] = at.Add(26 * time.Hour).Format(time.RFC3339)
			rec["csat"] = pick("", "1", "4", "5")
			if rec["csat"] != "" {
				rec["nps"] = pick("", "0", "9")
			}
			if kind == "presale" {
				rec["converted"] = pick("false", "true")
				if rec["converted"] == "true" {
					rec["amount"] = pick("", "12.50", "3999")
				}
			}
		}
		row := make([]string, 0, 20)
		for _, c := range []string{"opened_at", "kind", "channel", "priority", "severity", "category", "subject", "body", "customer",
			"assignee", "order", "status", "first_response_at", "resolved_at", "closed_at", "csat", "nps", "converted", "amount", "phone"} {
			row = append(row, rec[c])
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// tableDigests is a line per table of the file (the search index's own tables too): its name,
// rows and a SHA-256 of every row in order.
func tableDigests(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out strings.Builder
	for _, tb := range tables {
		var ncol int
		if err := db.QueryRow(`SELECT count(*) FROM pragma_table_info(?)`, tb).Scan(&ncol); err != nil {
			t.Fatal(err)
		}
		order := make([]string, ncol)
		for i := range order {
			order[i] = fmt.Sprint(i + 1)
		}
		rows, err := db.Query(`SELECT * FROM "` + tb + `" ORDER BY ` + strings.Join(order, ", "))
		if err != nil {
			t.Fatal(err)
		}
		h, n := sha256.New(), 0
		vals := make([]any, ncol)
		ptrs := make([]any, ncol)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%T:%v\x1f", v, v)
			}
			h.Write([]byte{'\n'})
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		fmt.Fprintf(&out, "%s %d %s\n", tb, n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	return out.String()
}
