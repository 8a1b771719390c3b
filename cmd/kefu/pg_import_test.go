package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The same import on SQLite (multi-row INSERTs) and on PostgreSQL (COPY) writes the same
// department: the same tickets, customers and search results, and the same history, event by
// event, MACs included (one audit key for both). The import is large enough for PostgreSQL
// to build the indexes after the rows (deferIndexes): the schema ends as it was.
func TestPGImportParity(t *testing.T) {
	const key = "6b656675206b6566752074657374206b6579206b6566752074657374206b6579"
	pg := newKefuEnvPG(t)
	file := newKefuEnv(t)
	csv := importCSV(t, file.dir, 6000)
	var outs [2][]string
	var before string
	for i, k := range []*kefuEnv{file, pg} {
		k.env = append(k.env, "KEFU_AUDIT_KEY="+key)
		k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
		k.must("staff", "add", "陈静", "--role", "agent", "--team", "售后", "--as", "王芳")
		if k.pg {
			before = pgSchemaObjects(t, k)
		}
		outs[i] = append(outs[i],
			k.must("import", "tickets", csv, "--as", "王芳"),
			k.must("export", "tickets", "--format", "jsonl"),
			k.must("ticket", "list", "--search", "退款", "--as", "王芳"),
			k.must("ticket", "list", "--search", "订单 1234", "--limit", "0", "--as", "王芳"),
			k.must("customer", "list", "--as", "王芳"),
			k.must("audit", "verify"),
			events(t, k))
	}
	if after := pgSchemaObjects(t, pg); after != before {
		t.Errorf("the import changed the schema's indexes or constraints:\n--- before\n%s\n--- after\n%s", before, after)
	}
	for j := range outs[0] {
		if outs[0][j] != outs[1][j] {
			t.Errorf("output %d differs between SQLite and PostgreSQL:\n--- SQLite\n%s\n--- PostgreSQL\n%s", j, head(outs[0][j]), head(outs[1][j]))
		}
	}
	if n := strings.Count(outs[0][1], "\n"); n != 6000 {
		t.Errorf("export tickets: %d lines, want 6000", n)
	}
}

// events is the whole history as text, one event a line.
func events(t *testing.T, k *kefuEnv) string {
	rows, err := k.sql().Query(`SELECT id, at, actor, entity, coalesce(entity_id, 0), action, payload, coalesce(mac, '') FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, at, eid sql.NullInt64
		var actor, entity, action, payload, mac string
		if err := rows.Scan(&id, &at, &actor, &entity, &eid, &action, &payload, &mac); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, id.Int64, at.Int64, actor, entity, eid.Int64, action, payload, mac)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// head is the start of a long output.
func head(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

// pgSchemaObjects lists the indexes and constraints of the kefu schema, one a line.
func pgSchemaObjects(t *testing.T, k *kefuEnv) string {
	rows, err := k.sql().Query(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
		UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") < 50 {
		t.Fatalf("only %d indexes and constraints:\n%s", strings.Count(b.String(), "\n"), b.String())
	}
	return b.String()
}

// importCSV writes n tickets to import into dir: some resolved and rated, some pre-sale chats
// with an amount, 700 customers, repeated grams.
func importCSV(t *testing.T, dir string, n int) string {
	var b strings.Builder
	b.WriteString("opened_at,kind,channel,priority,subject,body,customer,assignee,status,resolved_at,csat,converted,amount\n")
	// Enough rows for several batches of every table, with repeated customers and grams.
	for i := range n {
		kind, converted, amount, status, resolved, csat := "inquiry", "", "", "open", "", ""
		if i%3 == 0 {
			status, resolved, csat = "resolved", fmt.Sprintf("2026-02-%02d 16:00", 1+i%27), fmt.Sprint(1+i%5)
		}
		if i%6 == 3 { // a pre-sale chat's outcome comes with its resolution
			kind, converted, amount = "presale", "true", fmt.Sprintf("%d.%02d", i%500, i%100)
		}
		fmt.Fprintf(&b, "2026-02-%02d 10:%02d,%s,email,normal,退款未到账 %d 号,您好，订单 %d 的退款还没有到账，请尽快处理,客户%d,陈静,%s,%s,%s,%s,%s\n",
			1+i%27, i%60, kind, i%97, i, i%700, status, resolved, csat, converted, amount)
	}
	csv := filepath.Join(dir, "tickets.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return csv
}

// A large import while another command reads the tickets: the import cannot take the tables to
// build their indexes afterwards, so it writes with the indexes in place, without waiting.
func TestPGImportWhileReading(t *testing.T) {
	k := newKefuEnvPG(t)
	k.must("init", "--manager", "王芳", "--tz", "Asia/Shanghai")
	k.must("staff", "add", "陈静", "--role", "agent", "--team", "售后", "--as", "王芳")
	before := pgSchemaObjects(t, k)
	reader, err := k.sql().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback()
	var n int
	if err := reader.QueryRow(`SELECT count(*) FROM tickets`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	// Were the import to wait for the reader, it would wait forever.
	k.must("import", "tickets", importCSV(t, k.dir, 6000), "--as", "王芳")
	reader.Rollback()
	if err := k.sql().QueryRow(`SELECT count(*) FROM tickets`).Scan(&n); err != nil || n != 6000 {
		t.Errorf("after the import: %d tickets (%v), want 6000", n, err)
	}
	if after := pgSchemaObjects(t, k); after != before {
		t.Errorf("the import changed the schema's indexes or constraints:\n--- before\n%s\n--- after\n%s", before, after)
	}
	k.must("audit", "verify")
}
