package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"github.com/kefu/kefu/internal/persist"
	"hash"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/search"
	"github.com/kefu/kefu/internal/ticket"
)

// Bulk writes for an import: the rows InsertTicket, InsertCustomer and AppendEvent write, with
// ids taken in advance and inserted a batch of rows per statement, through statements prepared
// once. A one-row INSERT through database/sql costs several times its own work in preparing,
// binding and stepping; a million-row import cannot pay that three times a row.
//
// A Bulk belongs to one transaction and one writing goroutine, except CustomersNamed, which
// another goroutine may call meanwhile (database/sql runs the calls one at a time).

// How many rows one INSERT of a bulk write carries, within SQLite's limit of 32766 parameters.
// Larger statements cost less per row, in database/sql and in SQLite's statement journal (a
// multi-row INSERT keeps one, and journals a page once however many of its rows touch it). The
// search index takes the largest: FTS5 writes its pending entries out as a new segment at the
// start of every such statement, and segments of a few thousand tickets merge far less than
// segments of a few hundred.
const (
	ticketBatch   = 256  // × 50 columns
	eventBatch    = 512  // × 8 columns
	customerBatch = 1024 // × 4 columns
	gramsBatch    = 4096 // × 2 columns
)

// bulkCacheKiB is the page cache of an import's connection (the default is 2 MiB): most of the
// index pages a million-row transaction inserts into (by customer, by status ...) stay in
// memory instead of being spilled to the WAL and written there again and again, and read back
// through the WAL's index. At a million tickets the randomly ordered indexes (tickets by
// customer, customers by name and phone) take some 40 MB: 24 MiB made the import spill and
// re-read pages all along, 64 MiB holds them.
const bulkCacheKiB = 64 << 10

// TicketRow is a new ticket ready to insert: its column values and search grams, computed
// without the database, so an importer can build rows on one goroutine while another writes.
type TicketRow struct {
	vals  []any
	grams string
}

// NewTicketRow prepares tk for Bulk.AddTicket; SetCustomer sets its customer later.
func NewTicketRow(tk *ticket.Ticket) TicketRow {
	return TicketRow{vals: ticketValues(tk), grams: search.Grams(tk.Subject + "\n" + tk.Body)}
}

// customerCol is the position of customer_id in writableCols.
var customerCol = slices.Index(writableCols, "customer_id")

// FirstCustomerID is the first id a new customer may take (read once: a caller numbers its new
// customers).
func (b *Bulk) FirstCustomerID() int64 { return b.firstCustomerID }

// NewTicketRow prepares tk for AddTicket (see the function NewTicketRow).
func (b *Bulk) NewTicketRow(tk *ticket.Ticket) persist.TicketRow { return NewTicketRow(tk) }

// SetCustomer sets the row's customer (0: none).
func (r TicketRow) SetCustomer(id int64) { r.vals[customerCol] = nullID(id) }

// Bulk is an import's writer in one transaction. While it is in use, events must be appended
// through it (it holds the head of the history's chain). Flush writes what it holds.
type Bulk struct {
	t   *Tx
	now int64
	// The next ids; the last event's MAC (the chain's head, the signer's while it runs), and
	// the MAC's hash, which the signer uses (bulk_sign.go).
	ticketID, eventID int64
	headMAC           string
	mac               hash.Hash
	signer            *eventSigner
	spare             []any // a batch of events inserted, for the next

	// The first id a new customer may take (read once: a caller numbers its new customers).
	firstCustomerID int64

	tickets, grams, events, customers []any // queued values, a row's worth of columns each

	stmts  map[string]*sql.Stmt // full-batch INSERTs, by query
	byName *sql.Stmt
	copy   *pgCopier // PostgreSQL: the batches go through COPY (pgcopy.go)

	// SQLite: the tickets' indexes, dropped while a large import writes its rows
	// (bulk_defer.go); mu keeps the customer lookups apart from dropping them.
	ticketIndexes *deferredIndexes
	mu            sync.Mutex
}

var ticketInsertCols = append(append([]string{"id"}, writableCols...), "updated_at")

const (
	eventCols      = `id, at, actor, entity, entity_id, action, payload, mac`
	customerByName = `SELECT id FROM customers WHERE name = ? ORDER BY id LIMIT 10`
)

// Bulk starts a bulk write in this transaction.
func (t *Tx) Bulk() (persist.Bulk, error) {
	b, err := t.newBulk()
	if err != nil {
		return nil, err // a nil interface, not a nil *Bulk in one
	}
	return b, nil
}

func (t *Tx) newBulk() (*Bulk, error) {
	if !t.pg { // PostgreSQL's caches are the server's
		if _, err := t.exec(`PRAGMA cache_size = -` + strconv.Itoa(bulkCacheKiB)); err != nil {
			return nil, err
		}
	}
	b := &Bulk{t: t, now: t.Now.UnixMilli(), stmts: map[string]*sql.Stmt{}}
	if t.pg {
		b.copy = newPGCopier(t)
	}
	if err := t.queryRow(`SELECT (SELECT coalesce(max(id), 0) + 1 FROM tickets), (SELECT coalesce(max(id), 0) + 1 FROM customers)`).Scan(&b.ticketID, &b.firstCustomerID); err != nil {
		return nil, errs.Wrap(err, "reading the last ids")
	}
	var lastID int64
	var lastMAC sql.NullString
	err := t.queryRow(`SELECT id, mac FROM events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastMAC)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, errs.Wrap(err, "reading the history's head")
	}
	if t.key != nil && lastID > 0 && !lastMAC.Valid {
		return nil, unsignedErr(lastID) // as AppendEvent refuses
	}
	b.eventID, b.headMAC = lastID+1, lastMAC.String
	b.ticketIndexes = newDeferred("tickets", b.ticketID, !t.pg)
	if t.key != nil {
		b.mac = hmac.New(sha256.New, t.key)
	}
	if b.byName, err = t.tx.PrepareContext(t.ctx, t.dialect(customerByName)); err != nil {
		return nil, errs.Wrap(err, "preparing the import (customers by name)")
	}
	return b, nil
}

// Close releases the prepared statements; what was not flushed is dropped.
func (b *Bulk) Close() {
	b.drainSigner(false)
	if b.copy != nil {
		b.copy.wait() // a copy still running (its error, if any, was or will be reported)
	}
	for _, st := range b.stmts {
		st.Close()
	}
	if b.byName != nil {
		b.byName.Close()
	}
}

// analysisRows bounds the rows ANALYZE reads per index: statistics good enough for the
// planner at any size, in milliseconds even at a million tickets.
const analysisRows = 1000

// Analyze refreshes the planner's statistics (sqlite_stat1). Without them SQLite takes an
// equality on a status for a few rows and reads every open ticket instead of the short range of
// a partial index on due times; an import is when the tables' shape changes most.
func (b *Bulk) Analyze() error {
	if b.t.pg {
		// PostgreSQL samples a bounded number of rows itself (default_statistics_target); the
		// tables an import writes, not the whole database.
		_, err := b.t.exec(`ANALYZE ` + strings.Join(copyOrder, ", "))
		return err
	}
	if _, err := b.t.exec(`PRAGMA analysis_limit = ` + strconv.Itoa(analysisRows)); err != nil {
		return err
	}
	_, err := b.t.exec(`ANALYZE`)
	return err
}

// AddTicket queues a new ticket, as Tx.InsertTicket stores one (row and search grams), and
// returns the id it will have.
func (b *Bulk) AddTicket(row persist.TicketRow) (int64, error) {
	r, ok := row.(TicketRow)
	if !ok {
		return 0, errs.E(errs.Internal, "a ticket row of another store (%T)", row)
	}
	id := b.ticketID
	b.ticketID++
	if b.t.rows != nil {
		b.t.rows.noteInserted("tickets", id)
	}
	b.tickets = append(append(append(b.tickets, id), r.vals...), b.now)
	b.grams = append(b.grams, id, r.grams) // PostgreSQL's copier splits the grams into rows
	if len(b.tickets) >= ticketBatch*len(ticketInsertCols) {
		// More rows are likely to follow a full batch: the time to defer the indexes.
		if err := b.maybeDefer(b.ticketIndexes, b.ticketID); err != nil {
			return 0, err
		}
		if err := b.flushCustomers(); err != nil {
			return 0, err
		}
		if err := b.flushTickets(); err != nil {
			return 0, err
		}
	}
	if len(b.grams) >= gramsBatch*2 {
		return id, b.flushGrams()
	}
	return id, nil
}

// AppendEvent queues one event with an encoded payload (audit.EncodePayload) at the
// transaction's time, linked into the MAC chain as Tx.AppendEvent links it.
func (b *Bulk) AppendEvent(actor, entity string, entityID int64, action, payload string) error {
	b.t.actor = actor
	b.events = append(b.events, b.eventID, b.now, actor, entity, nullID(entityID), action, payload, nil)
	b.eventID++
	if len(b.events) >= eventBatch*8 {
		return b.flushEvents()
	}
	return nil
}

// AddCustomer queues a new customer known by name and perhaps phone (normalized), as
// Tx.InsertCustomer stores one, with the id the caller gave it (counted from FirstCustomerID).
// Tickets queued after it may name it.
func (b *Bulk) AddCustomer(id int64, name, phone string) error {
	if b.t.rows != nil {
		b.t.rows.noteInserted("customers", id)
	}
	b.customers = append(b.customers, id, name, phone, b.now)
	if len(b.customers) >= customerBatch*4 {
		return b.flushCustomers()
	}
	return nil
}

// Flush writes every queued row.
func (b *Bulk) Flush() error {
	if err := b.flushCustomers(); err != nil {
		return err
	}
	if err := b.flushTickets(); err != nil {
		return err
	}
	if err := b.flushGrams(); err != nil {
		return err
	}
	if err := b.flushEvents(); err != nil {
		return err
	}
	if err := b.drainSigner(true); err != nil {
		return err
	}
	if b.copy != nil {
		return b.copy.finish()
	}
	return b.restoreDeferred()
}

func (b *Bulk) flushTickets() error {
	err := b.insert(`INSERT INTO tickets (`+strings.Join(ticketInsertCols, ", ")+`) VALUES `, len(ticketInsertCols), ticketBatch, b.tickets)
	b.tickets = b.tickets[:0]
	return err
}

func (b *Bulk) flushCustomers() error {
	err := b.insert(`INSERT INTO customers (id, name, phone, created_at) VALUES `, 4, customerBatch, b.customers)
	b.customers = b.customers[:0]
	return err
}

func (b *Bulk) flushGrams() error {
	err := b.insert(`INSERT INTO ticket_grams (rowid, grams) VALUES `, 2, gramsBatch, b.grams)
	b.grams = b.grams[:0]
	return err
}

// flushEvents hands the queued events to the signer (bulk_sign.go), or inserts them when
// there is no key to sign them with.
func (b *Bulk) flushEvents() error {
	if len(b.events) == 0 {
		return nil
	}
	if b.mac == nil {
		err := b.insertEvents(b.events)
		b.events = b.events[:0]
		return err
	}
	batch := b.events
	b.events, b.spare = b.spare, nil
	if b.events == nil {
		b.events = make([]any, 0, eventBatch*8)
	}
	return b.queueSigned(batch)
}

// insert runs prefix with the rows of cols values each in args; a full batch of batch rows
// runs a statement prepared once.
func (b *Bulk) insert(prefix string, cols, batch int, args []any) error {
	n := len(args) / cols
	if n == 0 {
		return nil
	}
	if b.copy != nil {
		return b.copy.add(prefix, cols, args)
	}
	q := func() string {
		return prefix + strings.TrimSuffix(strings.Repeat("("+placeholders(cols)+"), ", n), ", ")
	}
	if b.t.trace != nil {
		b.t.trace.stmt(q(), args)
	}
	var err error
	if n == batch {
		st, ok := b.stmts[prefix]
		if !ok {
			if st, err = b.t.tx.PrepareContext(b.t.ctx, b.t.dialect(q())); err != nil {
				return errs.Wrap(err, "preparing the import (%s)", firstWords(prefix))
			}
			b.stmts[prefix] = st
		}
		_, err = st.ExecContext(b.t.ctx, args...)
	} else {
		_, err = b.t.tx.ExecContext(b.t.ctx, b.t.dialect(q()), args...)
	}
	return errs.Wrap(err, "database write (%s)", firstWords(prefix))
}

// CustomersNamed lists the ids of the customers with exactly this name (at most 10), oldest first.
func (b *Bulk) CustomersNamed(name string) ([]int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.t.trace.stmt(customerByName, []any{name})
	rows, err := b.byName.QueryContext(b.t.ctx, name)
	if err != nil {
		return nil, errs.Wrap(err, "database read (customers by name)")
	}
	return scanIDs(rows, "customers")
}

// CustomerIndex reads every customer's id by name, oldest first, when there are at most max
// customers (ok is false when there are more), so that an importer resolves names without a
// query each.
func (b *Bulk) CustomerIndex(max int) (index map[string][]int64, ok bool, err error) {
	var n int
	if err := b.t.queryRow(`SELECT count(*) FROM customers`).Scan(&n); err != nil {
		return nil, false, errs.Wrap(err, "counting customers")
	}
	if n > max {
		return nil, false, nil
	}
	rows, err := b.t.query(`SELECT name, id FROM customers ORDER BY id`)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	index = make(map[string][]int64, n)
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, false, errs.Wrap(err, "reading customers")
		}
		index[name] = append(index[name], id)
	}
	return index, true, errs.Wrap(rows.Err(), "reading customers")
}

// CustomerExists reports whether there is a customer with this id.
func (b *Bulk) CustomerExists(id int64) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var n int
	err := b.t.queryRow(`SELECT count(*) FROM customers WHERE id = ?`, id).Scan(&n)
	return n > 0, errs.Wrap(err, "reading customer %d", id)
}
