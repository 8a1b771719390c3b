package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// Import formats.
const (
	ImportCSV   = "csv"
	ImportJSONL = "jsonl"
)

// Ticket columns of an import or export, named as the ticket's JSON keys (ticket list --format json).
var (
	// ImportRequired must be in every row.
	ImportRequired = []string{"opened_at", "kind", "channel", "subject"}
	// ImportOptional may be left out or empty.
	ImportOptional = []string{"priority", "severity", "category", "body", "customer", "assignee", "team", "order",
		"status", "first_response_at", "resolved_at", "closed_at", "resolution", "csat", "nps", "rating_comment",
		"converted", "amount", "phone"}
	// importDerived are keys of the ticket JSON that kefu computes (ids, due times, states) or
	// that record later work: an import accepts and ignores them, so an export or a ticket
	// list in JSON imports as it is.
	importDerived = []string{"id", "customer_id", "opened_by", "first_response_due", "resolution_due", "pending_since",
		"resolution_remaining_seconds", "reopen_count", "first_response_state", "resolution_state", "stage",
		"escalation_due", "escalated_at", "escalated_to", "follower", "plan", "followup_due", "followup_at",
		"followup_result", "forward_due", "forwarded_at", "forwarded_to", "outcome"}
	// ExportColumns are an export's columns, in order: the id, the columns an import reads,
	// and the due times kefu computed (an import recomputes them).
	ExportColumns = []string{"id", "opened_at", "kind", "channel", "priority", "severity", "status", "subject", "body",
		"category", "customer", "assignee", "team", "order", "first_response_due", "first_response_at",
		"resolution_due", "resolved_at", "closed_at", "resolution", "csat", "nps", "rating_comment", "converted", "amount"}
)

// ImportOptions are kefu import tickets' flags.
type ImportOptions struct {
	Format string // ImportCSV or ImportJSONL
	// Source names the file in each imported ticket's history.
	Source string
	// SkipBad imports the good rows and reports the bad ones; by default one bad row imports nothing.
	SkipBad bool
	// DryRun checks every row and imports nothing.
	DryRun bool
	// Sheet is the workbook sheet an xlsx import reads (default: the first).
	Sheet string
	// Encoding is a CSV file's text encoding: utf-8, gbk or gb18030 (default: detected).
	Encoding string
	// Map names the key of a header the import does not know (列名 → key; "-" skips the column).
	Map map[string]string
}

// BadRow is a row an import refused: its number (the header is row 1 of a CSV file; a JSONL
// file's rows are its lines) and why.
type BadRow struct {
	Row int
	Err error
}

func (b BadRow) String() string { return fmt.Sprintf("row %d: %s", b.Row, errText(b.Err)) }

// maxBadKept bounds the bad rows an import keeps to report; it counts them all.
const maxBadKept = 1000

// ImportResult says what an import did (or, with DryRun, would do).
type ImportResult struct {
	Rows      int // data rows read
	Imported  int
	Customers int // customers created
	Bad       []BadRow
	BadCount  int
	DryRun    bool
}

// importItem is one row on its way from the reader to the writer.
type importItem struct {
	row     int
	err     error
	tr      persist.TicketRow
	payload string // the imported event's, encoded
	// newCustomer is the customer the row adds (id 0: none), with its event's payload.
	newCustomer        int64
	customer, cpayload string
	phone              string // the new customer's, normalized
}

// ImportTickets reads tickets from r (CSV with a header row, or JSON lines) and stores them in
// one transaction, due times computed by the policy as ticket open computes them. A bad row
// aborts the import and changes nothing, unless SkipBad. Customers named in the file are
// created when new; assignees must be staff. Each ticket's history starts with an "imported"
// event by the acting user (a supervisor).
//
// It is built for a million rows: one goroutine reads, checks and builds each row (due times,
// history, customer), numbering new customers itself, while another writes them in batches of
// rows per statement through statements prepared once (see persist.Bulk).
func (s *Service) ImportTickets(ctx context.Context, as string, r io.Reader, o ImportOptions) (ImportResult, error) {
	res := ImportResult{DryRun: o.DryRun}
	rows, err := newRowReader(r, o)
	if err != nil {
		return res, err
	}
	if c, ok := rows.(interface{ close() }); ok {
		defer c.close() // a workbook's temporary files, also when the import stops early
	}
	defer collectLessOften()()
	err = s.write(persist.BulkWrite(ctx), as, access.Supervise, "ticket import", func(e *env) error {
		bulk, err := e.tx.Bulk()
		if err != nil {
			return err
		}
		defer bulk.Close()
		im, err := newImporter(e, bulk, o)
		if err != nil {
			return err
		}
		im.names = rows.columnNames()
		pctx, cancel := context.WithCancel(ctx)
		items := make(chan importItem, 512)
		done := make(chan error, 1)
		go func() { done <- im.produce(pctx, rows, items) }()
		err = im.consume(ctx, bulk, items, &res)
		cancel()
		for range items {
			// Let the reader see the cancellation and stop.
		}
		if perr := <-done; err == nil {
			err = perr
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if res.BadCount > 0 && !o.SkipBad && !o.DryRun {
			first := res.Bad[0]
			// The row's error itself is the argument, so errs.Text prints it in the reader's
			// language too.
			bad := errs.Invalidf("row %d: %s", first.Row, first.Err)
			if res.BadCount > 1 {
				bad = errs.Invalidf("row %d: %s (%d bad rows in all; nothing was imported)", first.Row, first.Err, res.BadCount)
			}
			return bad.
				WithHint("fix the rows, or list them all with --dry-run, or import the rest with --skip-bad")
		}
		if !o.DryRun && res.Imported > 0 {
			return bulk.Analyze()
		}
		return nil
	})
	if err != nil {
		res.Imported, res.Customers = 0, 0
	}
	return res, err
}

// collectLessOften makes the garbage collector run at 400% heap growth instead of 100%, the Go
// heap held under 256 MiB, until the returned function puts the settings back. A million rows
// allocate gigabytes of short-lived values over a small live heap: collecting a quarter as
// often saves a tenth of the import's CPU. A GOGC that collects less often (or off), and a
// lower GOMEMLIMIT, stay.
func collectLessOften() (restore func()) {
	const percent, limit = 400, 256 << 20
	prevPercent := debug.SetGCPercent(percent)
	if prevPercent < 0 || prevPercent > percent {
		debug.SetGCPercent(prevPercent)
	}
	prevLimit := debug.SetMemoryLimit(-1)
	if prevLimit > limit {
		debug.SetMemoryLimit(limit)
	}
	return func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}
}

// errText is an error's message, in English, for a row report in JSON (BadRow.String).
func errText(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}

// importer holds what checking a row needs, read once: the policy, the calendar, the staff.
type importer struct {
	e           *env
	bulk        persist.Bulk
	o           ImportOptions
	clock       ticket.Clock
	staff       map[string]staff.Staff // by name and by id
	names       map[string]string      // the file's names of its columns, by key
	suggestions []string
	now         time.Time
	// customers caches a customer reference (name or id) as the reader resolved it; new
	// customers take ids from nextCustomer on.
	customers    map[string]custRef
	nextCustomer int64
	// byName holds every customer's ids by name when there are few enough to keep (nil: ask
	// the database name by name).
	byName map[string][]int64
}

// customersKept is how many customers an import reads into memory at once to resolve names
// (a variable for tests).
var customersKept = 100_000

func newImporter(e *env, bulk persist.Bulk, o ImportOptions) (*importer, error) {
	vals, err := e.values()
	if err != nil {
		return nil, err
	}
	all, err := e.tx.ListStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	im := &importer{e: e, bulk: bulk, o: o, clock: e.clock(), staff: map[string]staff.Staff{}, now: e.tx.Time(),
		suggestions: vals.SuggestionCategories, customers: map[string]custRef{},
		nextCustomer: bulk.FirstCustomerID()}
	for _, st := range all {
		im.staff[st.Name] = st
		im.staff[strconv.FormatInt(st.ID, 10)] = st
	}
	if index, ok, err := bulk.CustomerIndex(customersKept); err != nil {
		return nil, err
	} else if ok {
		im.byName = index
	}
	return im, nil
}

// produce reads, checks and builds each row, and sends it to the writer in order.
func (im *importer) produce(ctx context.Context, rows rowReader, out chan<- importItem) error {
	defer close(out)
	for {
		row, rec, err := rows.next()
		if err == io.EOF {
			return nil
		}
		it := importItem{row: row}
		var re rowError
		switch {
		case errors.As(err, &re):
			it.err = re.err
		case err != nil:
			return errs.Wrap(err, "reading row %d", row)
		default:
			if it, err = im.build(row, rec); err != nil {
				return err
			}
		}
		select {
		case out <- it:
		case <-ctx.Done():
			return nil
		}
	}
}

// consume writes the rows in order in the transaction.
func (im *importer) consume(ctx context.Context, bulk persist.Bulk, items <-chan importItem, res *ImportResult) error {
	bad := func(row int, err error) {
		res.BadCount++
		if len(res.Bad) < maxBadKept {
			res.Bad = append(res.Bad, BadRow{Row: row, Err: err})
		}
	}
	for it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		res.Rows++
		if it.err != nil {
			bad(it.row, it.err)
			continue
		}
		// Once a row is bad and the import is to abort, the rest are only checked.
		res.Imported++ // or would be
		if it.newCustomer != 0 {
			res.Customers++
		}
		if im.o.DryRun || (!im.o.SkipBad && res.BadCount > 0) {
			continue
		}
		if it.newCustomer != 0 {
			if err := bulk.AddCustomer(it.newCustomer, it.customer, it.phone); err != nil {
				return err
			}
			if err := bulk.AppendEvent(im.e.actor.Name, "customer", it.newCustomer, "added", it.cpayload); err != nil {
				return err
			}
		}
		id, err := bulk.AddTicket(it.tr)
		if err != nil {
			return err
		}
		if err := bulk.AppendEvent(im.e.actor.Name, "ticket", id, "imported", it.payload); err != nil {
			return err
		}
	}
	return bulk.Flush()
}

// customer resolves a row's customer reference: an id (digits) must exist; a name is the one
// customer of that name, or a new one (id 0 and isNew) if there is none. A name several
// customers share is refused with their ids.
func (im *importer) customer(ref string) (id int64, isNew bool, err error) {
	if ref == "" {
		return 0, false, nil
	}
	if c, ok := im.customers[ref]; ok {
		return c.id, false, c.err
	}
	c, err := im.lookupCustomer(ref)
	if err != nil && errs.KindOf(err) == errs.Internal {
		return 0, false, err
	}
	if err == nil && c.id == 0 {
		c.id, isNew = im.nextCustomer, true
		im.nextCustomer++
	}
	c.err = err
	// A copy: ref is a slice of its whole CSV record, which the cache would otherwise keep.
	im.customers[strings.Clone(ref)] = c
	return c.id, isNew, err
}

type custRef struct {
	id  int64
	err error
}

func (im *importer) lookupCustomer(ref string) (custRef, error) {
	if n, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		ok, err := im.bulk.CustomerExists(n)
		if err == nil && !ok {
			err = errs.Invalidf("no customer with id %d", n)
		}
		if err != nil {
			return custRef{}, err
		}
		return custRef{id: n}, nil
	}
	ids, err := im.byName[ref], error(nil)
	if im.byName == nil {
		ids, err = im.bulk.CustomersNamed(ref)
	}
	switch {
	case err != nil:
		return custRef{}, err
	case len(ids) > 1:
		list := make([]string, len(ids))
		for i, x := range ids {
			list[i] = strconv.FormatInt(x, 10)
		}
		return custRef{}, errs.Invalidf("%d customers are named %s: use an id: %s", len(ids), ref, strings.Join(list, ", "))
	case len(ids) == 1:
		return custRef{id: ids[0]}, nil
	}
	return custRef{}, nil
}

// build checks one row and makes its ticket, with due times, its customer and its history
// event. A bad row is an item with err set; err returned is an internal failure.
func (im *importer) build(row int, rec record) (importItem, error) {
	it := importItem{row: row}
	tk, err := im.ticket(rec)
	if err != nil {
		it.err = err
		return it, nil
	}
	cid, isNew, err := im.customer(tk.Customer)
	if errs.KindOf(err) == errs.Internal && err != nil {
		return it, err
	}
	if err != nil {
		it.err = err
		return it, nil
	}
	phone, err := customer.NormalizePhone(rec("phone"))
	switch {
	case err != nil:
		it.err = errs.Invalidf("%s: %s", im.col("phone"), err)
		return it, nil
	case phone != "" && tk.Customer == "":
		it.err = errs.Invalidf("%s is given but no customer: name the customer the phone belongs to", im.col("phone"))
		return it, nil
	}
	if isNew {
		// A phone number is a new customer's; a customer kefu knows keeps theirs.
		it.newCustomer, it.customer, it.phone = cid, tk.Customer, phone
		// The history names the customer, as customer add records it.
		if it.cpayload, err = audit.EncodePayload(audit.CustomerAdded{Name: tk.Customer}); err != nil {
			return it, errs.Wrap(err, "encoding the history of row %d", row)
		}
	}
	tk.CustomerID = cid
	it.tr = im.bulk.NewTicketRow(&tk)
	if it.payload, err = importedPayload(&tk, im.o.Source, row); err != nil {
		return it, errs.Wrap(err, "encoding the history of row %d", row)
	}
	return it, nil
}

// importedPayload is the imported event's payload: the ticket as ticket open records it (every
// field set, as a change from nothing), the customer, and the file and row it came from. It is
// exactly what audit.EncodePayload makes of
//
//	audit.TicketImported{Changes: diff({}, snapshot(tk)), Customer: ..., Row: ..., Source: ...}
//
// (keys sorted, a change as {"old":null,"new":...}), written directly: the generic encoding of
// two maps a row was half the reading side's work in a million-row import.
func importedPayload(tk *ticket.Ticket, source string, row int) (string, error) {
	snap := snapshot(tk)
	keys := make([]string, 0, len(snap))
	for k, v := range snap {
		if v != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b := make([]byte, 0, 1024)
	b = append(b, `{"changes":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), k...), `":{"old":null,"new":`...) // keys are snake_case names
		var err error
		if b, err = appendJSON(b, snap[k]); err != nil {
			return "", err
		}
		b = append(b, '}')
	}
	b = append(b, `},"customer":`...)
	b, err := appendJSON(b, tk.Customer)
	if err != nil {
		return "", err
	}
	b = append(b, `,"row":`...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, `,"source":`...)
	if b, err = appendJSON(b, source); err != nil {
		return "", err
	}
	return string(append(b, '}')), nil
}

// appendJSON appends v as encoding/json encodes it.
func appendJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	}
	j, err := json.Marshal(v)
	return append(b, j...), err
}
