package store

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/search"
)

// Team mode: the same store on a PostgreSQL server (see dialect.go for how one body of SQL
// serves both engines).
//
// Writers are serialised by READ COMMITTED plus one row lock taken first in every write
// transaction: SELECT ... FOR UPDATE on kefu_meta's single row. That is the PostgreSQL twin of
// SQLite's BEGIN IMMEDIATE: the history's chain head, ticket ids, month close and ladders'
// occurrence order all read-then-write, and with every writer queued on one row they see each
// other's commits exactly as on SQLite. SERIALIZABLE would need every command to be retried on
// any conflict (and kefu's use cases are not all free of side effects outside the database);
// a kefu department writes a few times a second at most, so one queue costs nothing. Reads take
// no lock. A deadlock or serialization failure (40P01, 40001) met while the transaction
// begins or queues is retried with backoff, as SQLite's BUSY is; once the command's own work
// has started it is not run again (an import has read its file, a mail has been sent): it
// fails whole, nothing written, and says so. Under READ COMMITTED with one queue, neither
// failure can arise between kefu's own writers past the queue.

//go:embed pgschema/schema.sql pgschema/migrations
var pgFiles embed.FS

// pgBaseline is the schema version pgschema/schema.sql is: a database made from it is brought
// up to Version() by the numbered steps after it (pgschema/migrations/README).
const pgBaseline = 12

// IsPostgres reports whether addr names a PostgreSQL database rather than a SQLite file.
func IsPostgres(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}

// pgTarget is a parsed PostgreSQL address: what to connect with and how to name it to people.
type pgTarget struct {
	cfg    *pgx.ConnConfig
	shown  string // postgres://user@host:port/db, never with the password
	host   string // host:port
	schema string // from ?search_path=, or ""
}

func parsePG(addr string) (*pgTarget, error) {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		// pgx's parse errors may quote the address: say only what is wrong with its form.
		return nil, errs.Invalidf("%s is not a PostgreSQL address (postgres://USER@HOST[:PORT]/DB[?sslmode=...])", redactAddr(addr))
	}
	// Each statement in one round trip (Parse, Bind, Execute together) unless the address
	// asks otherwise: a kefu command is a short process that runs most of its statements once,
	// and pgx's default prepares each first (a round trip of its own) to reuse it — which
	// doubles the round trips of a command like ticket open for a cache it throws away at
	// exit. The arguments' types come from their Go types (int64, string, bool, []byte), which
	// is all kefu passes.
	if !strings.Contains(addr, "default_query_exec_mode=") {
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	t := &pgTarget{cfg: cfg}
	t.host = net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))
	if strings.HasPrefix(cfg.Host, "/") {
		t.host = cfg.Host
	}
	t.schema = cfg.RuntimeParams["search_path"]
	t.shown = "postgres://" + cfg.User + "@" + t.host + "/" + cfg.Database
	if t.schema != "" {
		t.shown += "?search_path=" + t.schema
	}
	return t, nil
}

// redactAddr removes the password from a postgres:// address, whatever else is wrong with it.
func redactAddr(addr string) string {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return addr
	}
	at := strings.LastIndex(strings.SplitN(rest, "/", 2)[0], "@")
	if at < 0 {
		return addr
	}
	user := rest[:at]
	if u, _, ok := strings.Cut(user, ":"); ok {
		user = u + ":xxxxx"
	}
	return scheme + "://" + user + rest[at:]
}

// scrub removes the password from an error's text.
func (p *pgTarget) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if pw := p.cfg.Password; pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return errors.New(msg)
}

// serverErr says in one line what went wrong reaching or using the server, naming the host and
// never the password.
func (p *pgTarget) serverErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return errs.E(errs.Internal, "PostgreSQL at %s refused user %s: %s (check the password in the address, PGPASSWORD or ~/.pgpass)", p.host, p.cfg.User, pe.Message)
		case pe.Code == "3D000":
			return errs.E(errs.Internal, "PostgreSQL at %s has no database %s (create it: createdb -h HOST -O %s %s)", p.host, p.cfg.Database, p.cfg.User, p.cfg.Database)
		case refusedSetting(pe) != "":
			name := refusedSetting(pe)
			if name == "search_path" {
				return errs.E(errs.Internal, "%s refuses the setting search_path of the address, as a pooler such as PgBouncer does; for a schema of kefu's own through it, give the role that search_path instead (ALTER ROLE %s SET search_path = SCHEMA) and leave it out of the address", p.host, p.cfg.User)
			}
			return errs.E(errs.Internal, "%s refuses the setting %s of the address, as a pooler such as PgBouncer does; leave it out of the address", p.host, name)
		case strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08"):
			return errs.E(errs.Internal, "lost the connection to PostgreSQL at %s (%s); nothing of this command was saved", p.host, pe.Message)
		}
		return nil
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return errs.E(errs.Internal, "cannot reach PostgreSQL at %s: %s", p.host, shortCause(p.scrub(errors.Unwrap(ce))))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, sql.ErrConnDone) ||
		strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe") {
		return errs.E(errs.Internal, "lost the connection to PostgreSQL at %s; nothing of this command was saved", p.host)
	}
	return nil
}

// shortCause is the innermost, most telling part of a connection error.
func shortCause(err error) string {
	if err == nil {
		return "no answer"
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && i+2 < len(s) {
		s = s[i+2:]
	}
	return s
}

func isPGCode(err error, codes ...string) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	for _, c := range codes {
		if pe.Code == c {
			return true
		}
	}
	return false
}

// openPG opens the kefu schema at a postgres:// address, creating it (create: kefu init) in an
// empty database or schema, or upgrading an older one.
func openPG(ctx context.Context, addr string, create bool) (*DB, bool, error) {
	target, err := parsePG(addr)
	if err != nil {
		return nil, false, err
	}
	if target.cfg.ConnectTimeout == 0 {
		target.cfg.ConnectTimeout = 10 * time.Second
	}
	sdb, err := openPool(ctx, target)
	if err != nil {
		return nil, false, err
	}
	db := &DB{sql: sdb, Path: target.shown, pg: target}
	if db.trace, err = openTrace(os.Getenv(TraceEnv), true); err != nil {
		sdb.Close()
		return nil, false, err
	}
	created, err := db.migratePG(ctx, create)
	if err != nil {
		sdb.Close()
		return nil, false, err
	}
	return db, created, nil
}

// pgSessionSQL is what every connection of kefu's runs first (and a trace starts with).
//
// jit = off: kefu's statements read few rows, but the planner's cost of a cursor over the
// history or of a report over a million tickets is far above jit_above_cost, and compiling
// the plan then takes 15-70 ms of a command that needs a few (the overdue list). The setting
// travels in the connection's start-up message (no statement of its own); the trace writes it
// as the statement it amounts to, so that a psql replay runs the same way.
const pgSessionSQL = `SET jit = off`

// openPool is the connection pool for target. Its first connection is made here: a server that
// does not know jit (another engine that speaks PostgreSQL's protocol) refuses the start-up
// setting, and so does a pooler in front of the server (PgBouncer, unless its
// ignore_startup_parameters names jit); kefu then goes on without it.
func openPool(ctx context.Context, target *pgTarget) (*sql.DB, error) {
	_, given := target.cfg.RuntimeParams["jit"] // the address says (?jit=on)
	if !given {
		target.cfg.RuntimeParams["jit"] = "off"
	}
	sdb := pgPool(target)
	c, err := sdb.Conn(ctx)
	if err != nil && !given && jitRefused(err) {
		sdb.Close()
		delete(target.cfg.RuntimeParams, "jit")
		sdb = pgPool(target)
		c, err = sdb.Conn(ctx)
	}
	if err != nil {
		sdb.Close()
		return nil, (&DB{pg: target}).pgErr(err, "opening %s", target.shown)
	}
	c.Close() // back to the pool, for the first statement
	return sdb, nil
}

// jitRefused reports whether err is a refusal of the start-up setting jit: PostgreSQL-like
// engines without it say 42704 (unrecognized configuration parameter), a pooler says so as
// refusedSetting reads it.
func jitRefused(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Code == "42704" || refusedSetting(pe) == "jit"
}

// refusedSetting is the start-up setting of the address a pooler refused, or "": PgBouncer
// passes a few settings through to the server and answers any other with 08P01
// "unsupported startup parameter: NAME".
func refusedSetting(pe *pgconn.PgError) string {
	if pe.Code != "08P01" {
		return ""
	}
	if name, ok := strings.CutPrefix(pe.Message, "unsupported startup parameter: "); ok {
		return name
	}
	return ""
}

// pgPool opens target through database/sql. A connection is not pinged before it is reused
// unless it has been idle for a second (a kefu command runs its statements back to back; a
// dead connection still fails the statement, and the command says so) — and never before its
// first use: the pinger counts a new connection as idle since the year 1.
func pgPool(target *pgTarget) *sql.DB {
	return stdlib.OpenDB(*target.cfg, stdlib.OptionShouldPing(func(_ context.Context, p stdlib.ShouldPingParams) bool {
		return p.IdleDuration > time.Second && p.IdleDuration < 24*time.Hour
	}))
}

// pgErr turns an error met on the server into the one line people see.
func (db *DB) pgErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if e := db.pg.serverErr(err); e != nil {
		return e
	}
	return errs.Wrap(db.pg.scrub(err), format, args...)
}

// pgHeader reads the kefu_meta row of the schema in use: present reports whether kefu_meta
// exists; tables counts the schema's tables (any application's).
func pgHeader(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (present bool, appID, version int, tables int, schema string, err error) {
	// pg_catalog rather than information_schema, and one statement: this runs at every open.
	// Without a schema to work in (current_schema() is NULL), nothing matches.
	var cur sql.NullString
	var n int
	if err = q.QueryRowContext(ctx, `SELECT current_schema(), count(*), count(*) FILTER (WHERE relname = 'kefu_meta') FROM pg_class
		WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f')`).Scan(&cur, &tables, &n); err != nil {
		return
	}
	schema = cur.String
	if !cur.Valid || n == 0 {
		return
	}
	present = true
	err = q.QueryRowContext(ctx, `SELECT application_id, version FROM kefu_meta`).Scan(&appID, &version)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return
}

func (db *DB) migratePG(ctx context.Context, create bool) (created bool, err error) {
	// Read before taking the lock: a current schema needs none.
	present, appID, version, _, _, err := pgHeader(ctx, db.sql)
	if err != nil {
		return false, db.pgErr(err, "opening %s", db.Path)
	}
	if present && appID == ApplicationID && version == Version() {
		return false, nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, db.pgErr(err, "opening %s", db.Path)
	}
	defer tx.Rollback()
	// One kefu at a time makes or upgrades a schema (two leads running init together).
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(ApplicationID)); err != nil {
		return false, db.pgErr(err, "opening %s", db.Path)
	}
	present, appID, version, tables, schema, err := pgHeader(ctx, tx) // again, under the lock
	if err != nil {
		return false, db.pgErr(err, "opening %s", db.Path)
	}
	switch {
	case present && appID != ApplicationID:
		return false, errs.E(errs.Internal, "%s is not a kefu database (kefu_meta names application %#x)", db.Path, appID)
	case present && version > Version():
		return false, errs.E(errs.Internal, "%s was written by a newer kefu (schema version %d, this kefu knows up to %d); upgrade kefu to use it", db.Path, version, Version())
	case present && version == Version():
		return false, nil
	case present && version < pgBaseline:
		return false, errs.E(errs.Internal, "%s has schema version %d, older than any kefu on PostgreSQL made", db.Path, version)
	case !present && tables > 0:
		return false, errs.E(errs.Internal, "%s holds tables of another application (%d): kefu keeps its own database or schema", db.Path, tables).
			WithHint("kefu init --db 'postgres://USER@HOST/DB?search_path=kefu'  (a schema of its own)")
	case !present && !create:
		return false, errs.Invalidf("no kefu database at %s", db.Path).WithHint("kefu init --db '%s'", db.Path)
	}
	if !present {
		if schema == "" || (db.pg.schema != "" && schema != db.pg.schema) {
			if db.pg.schema == "" {
				return false, errs.E(errs.Internal, "%s: no schema to create kefu's tables in (search_path is empty)", db.Path)
			}
			if _, err := tx.ExecContext(ctx, `CREATE SCHEMA `+pgx.Identifier{db.pg.schema}.Sanitize()); err != nil {
				return false, db.pgErr(err, "creating schema %s in %s", db.pg.schema, db.Path)
			}
		}
		base, err := pgFiles.ReadFile("pgschema/schema.sql")
		if err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, string(base)); err != nil {
			return false, db.pgErr(err, "creating kefu's schema in %s", db.Path)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kefu_meta (application_id, version) VALUES ($1, $2)`, ApplicationID, pgBaseline); err != nil {
			return false, db.pgErr(err, "creating kefu's schema in %s", db.Path)
		}
		version, created = pgBaseline, true
	}
	for v := version + 1; v <= Version(); v++ {
		step, err := pgMigration(v)
		if err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, step); err != nil {
			return false, db.pgErr(err, "upgrading %s to schema version %d", db.Path, v)
		}
	}
	if err := pgCaptureTriggers(ctx, tx); err != nil {
		return false, db.pgErr(err, "upgrading %s", db.Path)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE kefu_meta SET version = $1`, Version()); err != nil {
		return false, db.pgErr(err, "upgrading %s", db.Path)
	}
	if created {
		// A new database holds no rows, as a new SQLite file made from schema.sql: the rows
		// later steps add to existing databases are init's to seed.
		if _, err := tx.ExecContext(ctx, `TRUNCATE ticket_grams, kb_grams, `+strings.Join(dataTables(), ", ")); err != nil {
			return false, db.pgErr(err, "creating kefu's schema in %s", db.Path)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, db.pgErr(err, "upgrading %s", db.Path)
	}
	return created, nil
}

// pgMigration is the step that makes schema version v on PostgreSQL: its own twin when it has
// one, else SQLite's step (portable SQL).
func pgMigration(v int) (string, error) {
	name := migrationNames[v-1]
	if b, err := pgFiles.ReadFile("pgschema/migrations/" + name); err == nil {
		return string(b), nil
	}
	return migrations()[v-1], nil
}

// pgCaptureTriggers gives every tracked table its row history capture (a function and three
// statement triggers: one statement of a bulk import notes thousands of keys in one INSERT)
// and every table with an id column its id trigger (kefu_next_id).
func pgCaptureTriggers(ctx context.Context, tx *sql.Tx) error {
	want, err := pgTriggers(ctx, tx)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, tb := range tracked {
		note := func(rows string) string {
			return fmt.Sprintf(`INSERT INTO kefu_dirty SELECT txid_current(), '%s', r.%s::text FROM %s r ON CONFLICT DO NOTHING;`, tb.Table, tb.Key, rows)
		}
		fmt.Fprintf(&b, `CREATE OR REPLACE FUNCTION kefu_rows_%s() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('kefu.capture', true) IS DISTINCT FROM 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        %s
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        %s
    END IF;
    RETURN NULL;
END $$;
`, tb.Table, note("old_rows"), note("new_rows"))
	}
	for name, g := range want {
		fmt.Fprintf(&b, "CREATE OR REPLACE TRIGGER %s %s;\n", name, g.def())
	}
	_, err = tx.ExecContext(ctx, b.String())
	return err
}

// pgTrigger is one of kefu's triggers on PostgreSQL.
type pgTrigger struct {
	table    string
	before   bool   // BEFORE, else AFTER
	event    string // INSERT, UPDATE or DELETE
	row      bool   // FOR EACH ROW, else FOR EACH STATEMENT
	old, new string // transition tables (REFERENCING), or ""
	fn       string
}

// def is the trigger's definition after its name, as CREATE TRIGGER takes it.
func (g pgTrigger) def() string {
	d := "AFTER "
	if g.before {
		d = "BEFORE "
	}
	d += g.event + " ON " + g.table
	if g.old != "" || g.new != "" {
		d += " REFERENCING"
		if g.old != "" {
			d += " OLD TABLE AS " + g.old
		}
		if g.new != "" {
			d += " NEW TABLE AS " + g.new
		}
	}
	if g.row {
		d += " FOR EACH ROW"
	} else {
		d += " FOR EACH STATEMENT"
	}
	return d + " EXECUTE FUNCTION " + g.fn + "()"
}

// sig is the trigger as pgTriggerSig reads it from the catalog: its table, tgtype (row 1,
// before 2, insert 4, delete 8, update 16), function, transition tables, and the parts a
// definition of kefu's never has (enabled 'O' = always as origin, no arguments, no WHEN, no
// column list, a function of the trigger's own schema).
func (g pgTrigger) sig() string {
	tgtype := map[string]int{"INSERT": 4, "DELETE": 8, "UPDATE": 16}[g.event]
	if g.row {
		tgtype |= 1
	}
	if g.before {
		tgtype |= 2
	}
	return fmt.Sprintf("%s %d %s %s %s O 0 t 0 t", g.table, tgtype, g.fn, cmp.Or(g.old, "-"), cmp.Or(g.new, "-"))
}

// pgTriggerSig is pgTrigger.sig read from pg_trigger, for a trigger tg of a table c calling p.
// pg_get_triggerdef would say the same as text, but it costs a few milliseconds in a new
// session, and this runs before every write.
const pgTriggerSig = `c.relname || ' ' || tg.tgtype || ' ' || p.proname || ' ' || coalesce(tg.tgoldtable, '-') || ' ' ||
	coalesce(tg.tgnewtable, '-') || ' ' || tg.tgenabled::text || ' ' || tg.tgnargs || ' ' || (CASE WHEN tg.tgqual IS NULL THEN 't' ELSE 'f' END) || ' ' ||
	cardinality(tg.tgattr::int2[]) || ' ' || (CASE WHEN p.pronamespace = c.relnamespace THEN 't' ELSE 'f' END)`

// pgSchemaNS names the schema in use as ns, looked up once per statement (compared row by row,
// current_schema()::regnamespace cost 0.3 ms a scan of pg_class in a new session).
const pgSchemaNS = `WITH ns AS MATERIALIZED (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) `

// pgIDTables lists the schema's tables with an id column but events, after pgSchemaNS
// (pg_catalog rather than information_schema, and pg_attribute by its index: this runs before
// every write, in checkTriggersPG).
const pgIDTables = `SELECT c.relname FROM ns, pg_class c WHERE c.relnamespace = ns.oid AND c.relkind = 'r'
	AND c.relname <> 'events' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped)`

// kefuTriggers are kefu's triggers by name, given the tables with an id column.
func kefuTriggers(idTables []string) map[string]pgTrigger {
	want := map[string]pgTrigger{
		"events_no_delete": {table: "events", before: true, event: "DELETE", row: true, fn: "kefu_events_guard"},
		"events_no_update": {table: "events", before: true, event: "UPDATE", row: true, fn: "kefu_events_guard"},
	}
	for _, tb := range tracked {
		fn := "kefu_rows_" + tb.Table
		want[fn+"_ins"] = pgTrigger{table: tb.Table, event: "INSERT", new: "new_rows", fn: fn}
		want[fn+"_upd"] = pgTrigger{table: tb.Table, event: "UPDATE", old: "old_rows", new: "new_rows", fn: fn}
		want[fn+"_del"] = pgTrigger{table: tb.Table, event: "DELETE", old: "old_rows", fn: fn}
	}
	for _, table := range idTables {
		want["kefu_id_"+table] = pgTrigger{table: table, before: true, event: "INSERT", row: true, fn: "kefu_next_id"}
	}
	return want
}

// pgTriggers are kefu's triggers on PostgreSQL by name, for the schema in use.
func pgTriggers(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]pgTrigger, error) {
	rows, err := q.QueryContext(ctx, pgSchemaNS+pgIDTables)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return kefuTriggers(tables), rows.Err()
}

// scrubErr keeps err's kind and message but removes the password from its cause.
func (p *pgTarget) scrubErr(err error) error {
	if p.cfg.Password == "" || !strings.Contains(err.Error(), p.cfg.Password) {
		return err
	}
	return errs.E(errs.KindOf(err), "%s", strings.ReplaceAll(err.Error(), p.cfg.Password, "xxxxx"))
}

// runPG runs fn in one transaction on the server; when the server gives up on the transaction
// for a deadlock or serialization failure before fn started, it begins again (with backoff,
// as SQLite's BUSY).
func (db *DB) runPG(ctx context.Context, now time.Time, readOnly bool, fn func(*Tx) error) error {
	for attempt := 0; ; attempt++ {
		// A connection of its own: a bulk write copies rows on it (pgcopy.go).
		conn, tx, err := beginPG(ctx, db.sql, &sql.TxOptions{ReadOnly: readOnly})
		if err != nil {
			return db.damaged(err)
		}
		started := false
		err = db.runTx(ctx, conn, tx, now, readOnly, nil, func(t *Tx) error {
			started = true
			return fn(t)
		})
		conn.Close()
		if err != nil && !started && isPGCode(err, "40001", "40P01") && attempt < 8 {
			time.Sleep(time.Duration(20<<attempt) * time.Millisecond)
			continue
		}
		return db.damaged(err)
	}
}

// insert runs an INSERT of one row whose id the caller reads with LastInsertId: PostgreSQL's
// driver has none, so there the statement returns it (RETURNING id); SQLite runs it as it is.
func (t *Tx) insert(q string, args ...any) (sql.Result, error) {
	return t.insertRow(q, true, args)
}

// insertNew is insert for a row that cannot conflict with another (a table whose only unique
// key is the id kefu hands out, under the writers' queue: tickets, messages, customers), so that
// no caller goes on after it fails: on PostgreSQL it runs without insert's savepoint, two round
// trips fewer.
func (t *Tx) insertNew(q string, args ...any) (sql.Result, error) {
	return t.insertRow(q, false, args)
}

func (t *Tx) insertRow(q string, savepoint bool, args []any) (sql.Result, error) {
	if !t.pg {
		return t.exec(q, args...)
	}
	if !savepoint {
		var id int64
		if err := t.queryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
			t.note(err)
			return nil, errs.Wrap(err, "database write (%s)", firstWords(q))
		}
		return pgResult{id: id, n: 1}, nil
	}
	// A failed statement ends a PostgreSQL transaction, not SQLite's: a conflict (a duplicate
	// the caller reports, or lets pass) leaves the transaction usable on both, inside a savepoint.
	if _, err := t.tx.ExecContext(t.ctx, `SAVEPOINT kefu_insert`); err != nil {
		t.note(err)
		return nil, errs.Wrap(err, "database write (%s)", firstWords(q))
	}
	var id int64
	err := t.queryRow(q+" RETURNING id", args...).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.tx.ExecContext(t.ctx, `ROLLBACK TO SAVEPOINT kefu_insert`)
	}
	t.tx.ExecContext(t.ctx, `RELEASE SAVEPOINT kefu_insert`)
	switch {
	case errors.Is(err, sql.ErrNoRows): // INSERT OR IGNORE that ignored
		return pgResult{}, nil
	case err != nil:
		t.note(err)
		return nil, errs.Wrap(err, "database write (%s)", firstWords(q))
	}
	return pgResult{id: id, n: 1}, nil
}

type pgResult struct{ id, n int64 }

func (r pgResult) LastInsertId() (int64, error) { return r.id, nil }
func (r pgResult) RowsAffected() (int64, error) { return r.n, nil }

// checkTriggersPG is CheckTriggers on PostgreSQL: the history's guard triggers and the row
// capture triggers must be there, each calling kefu's function, and no other trigger. One
// statement reads both the tables with an id column and the triggers.
func (t *Tx) checkTriggersPG() ([]string, error) {
	rows, err := t.query(pgSchemaNS + `SELECT 'id', relname, '' FROM (` + pgIDTables + `) i
		UNION ALL SELECT 'tg', tg.tgname, ` + pgTriggerSig + ` FROM ns, pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
		WHERE c.relnamespace = ns.oid AND NOT tg.tgisinternal`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	type found struct{ name, sig string }
	var triggers []found
	for rows.Next() {
		var what, name, sig string
		if err := rows.Scan(&what, &name, &sig); err != nil {
			return nil, errs.Wrap(err, "reading the schema")
		}
		if what == "id" {
			tables = append(tables, name)
		} else {
			triggers = append(triggers, found{name, sig})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "reading the schema")
	}
	want := kefuTriggers(tables)
	slices.SortFunc(triggers, func(a, b found) int { return strings.Compare(a.name, b.name) })
	var problems []string
	seen := map[string]bool{}
	for _, f := range triggers {
		seen[f.name] = true
		w, ok := want[f.name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("trigger %s is not kefu's (added outside kefu)", f.name))
		case f.sig != w.sig():
			problems = append(problems, fmt.Sprintf("trigger %s differs from the one kefu ships (changed outside kefu)", f.name))
		}
	}
	return append(problems, missingTriggers(want, seen)...), nil
}

// dialect is q as this transaction's engine spells it.
func (t *Tx) dialect(q string) string {
	if t.pg {
		return pgSQL(q)
	}
	return q
}

var pgCursors atomic.Int64

// pgPage is how many rows a cursor hands over at a time (stream), at most; the first page
// holds pgFirstPage rows and each next one twice as many, so that a caller that stops after a
// few rows (the history's first events, checked at every start) reads a few, and one that
// reads them all makes few round trips.
const (
	pgPage      = 1000
	pgFirstPage = 16
)

// stream runs q and calls fn with every row as scan reads it, in order. SQLite streams the
// result while fn runs, and fn may query in between. PostgreSQL allows no other statement on
// the connection while a result is open: there the rows come through a cursor, a page at a
// time, each page read to its end before fn sees its rows, so memory stays one page.
func stream[T any](t *Tx, what, q string, args []any, scan func(*sql.Rows) (T, error), fn func(T) error) error {
	if !t.pg {
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return errs.Wrap(err, "reading %s", what)
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		return errs.Wrap(rows.Err(), "reading %s", what)
	}
	// A name never used before in this process: the driver caches each statement's result
	// shape by its text, and a FETCH from a reused name with another query would not match.
	cur := fmt.Sprintf("kefu_c%d", pgCursors.Add(1))
	if _, err := t.exec(`DECLARE `+cur+` NO SCROLL CURSOR FOR `+q, args...); err != nil {
		return err
	}
	defer t.exec(`CLOSE ` + cur)
	page := make([]T, 0, pgPage)
	for size := pgFirstPage; ; size = min(2*size, pgPage) {
		page = page[:0]
		rows, err := t.query(fmt.Sprintf(`FETCH %d FROM %s`, size, cur))
		if err != nil {
			return err
		}
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				rows.Close()
				return errs.Wrap(err, "reading %s", what)
			}
			page = append(page, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return errs.Wrap(err, "reading %s", what)
		}
		for _, v := range page {
			if err := fn(v); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
	}
}

// pgGramRows are the rows of PostgreSQL's ticket_grams for a ticket: (id, gram) for each
// distinct gram of grams (search.Grams).
func pgGramRows(id int64, grams string) []any {
	seen := map[string]bool{}
	var out []any
	for _, g := range strings.Fields(grams) {
		if !seen[g] {
			seen[g] = true
			out = append(out, id, g)
		}
	}
	return out
}

// indexGramsPG writes a ticket's grams into PostgreSQL's ticket_grams, replacing its old ones.
func (t *Tx) indexGramsPG(id int64, grams string, replace bool) error {
	if replace {
		if _, err := t.exec(`DELETE FROM ticket_grams WHERE rowid = ?`, id); err != nil {
			return err
		}
	}
	rows := pgGramRows(id, grams)
	for len(rows) > 0 {
		n := min(len(rows), 2*1000)
		q := `INSERT INTO ticket_grams (rowid, grams) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n/2), ", ")
		if _, err := t.exec(q, rows[:n]...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// indexArticleGramsPG writes an article's grams into PostgreSQL's kb_grams (the twin of
// SQLite's FTS5 kb_grams, as ticket_grams is), replacing its old ones.
func (t *Tx) indexArticleGramsPG(id int64, grams string, replace bool) error {
	if replace {
		if _, err := t.exec(`DELETE FROM kb_grams WHERE rowid = ?`, id); err != nil {
			return err
		}
	}
	rows := pgGramRows(id, grams)
	for len(rows) > 0 {
		n := min(len(rows), 2*1000)
		q := `INSERT INTO kb_grams (rowid, grams) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n/2), ", ")
		if _, err := t.exec(q, rows[:n]...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// pgSearchGrams are the distinct two-character grams of a search text, the ones a matching
// ticket's grams must include.
func pgSearchGrams(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range strings.Fields(search.Grams(text)) {
		if len([]rune(g)) == 2 && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}
