package core

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
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
		"converted", "amount"}
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
	rows, err := newRowReader(r, o.Format)
	if err != nil {
		return res, err
	}
	err = s.write(ctx, as, access.Supervise, "ticket import", func(e *env) error {
		bulk, err := e.tx.Bulk()
		if err != nil {
			return err
		}
		defer bulk.Close()
		im, err := newImporter(e, bulk, o)
		if err != nil {
			return err
		}
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
			more := ""
			if res.BadCount > 1 {
				more = fmt.Sprintf(" (%d bad rows in all; nothing was imported)", res.BadCount)
			}
			return errs.Invalidf("row %d: %s%s", first.Row, errText(first.Err), more).
				WithHint("fix the rows, or list them all with --dry-run, or import the rest with --skip-bad")
		}
		return nil
	})
	if err != nil {
		res.Imported, res.Customers = 0, 0
	}
	return res, err
}

// errText is an error's message for a row report.
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
	all, err := e.tx.ListStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	im := &importer{e: e, bulk: bulk, o: o, clock: e.clock(), staff: map[string]staff.Staff{}, now: e.tx.Time(),
		suggestions: strings.Split(e.policy.Get("suggestion.categories"), ","), customers: map[string]custRef{},
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
			if err := bulk.AddCustomer(it.newCustomer, it.customer); err != nil {
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
	if isNew {
		it.newCustomer, it.customer = cid, tk.Customer
		// The history names the customer, as customer add records it.
		if it.cpayload, err = audit.EncodePayload(map[string]any{"name": tk.Customer}); err != nil {
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
//	{"changes": diff({}, snapshot(tk)), "customer": ..., "row": ..., "source": ...}
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

// record is one row's cells by column name; absent columns are "".
type record func(col string) string

func (im *importer) ticket(get record) (ticket.Ticket, error) {
	e, loc := im.e, im.e.loc
	var tk ticket.Ticket
	for _, col := range ImportRequired {
		if get(col) == "" {
			return tk, errs.Invalidf("%s is empty; every row needs %s", col, strings.Join(ImportRequired, ", "))
		}
	}
	tk.Subject, tk.Body, tk.Category = get("subject"), get("body"), get("category")
	if err := ticket.CheckText("subject", tk.Subject, ticket.MaxSubject, true); err != nil {
		return tk, err
	}
	if err := ticket.CheckText("body", tk.Body, ticket.MaxBody, false); err != nil {
		return tk, err
	}
	if err := ticket.CheckText("category", tk.Category, 100, false); err != nil {
		return tk, err
	}
	tk.Kind, tk.Channel, tk.Priority, tk.Severity = get("kind"), get("channel"), get("priority"), get("severity")
	if !e.policy.HasKind(tk.Kind) {
		return tk, errs.Invalidf("unknown kind %q: use one of %s", tk.Kind, joinList(e.policy.KindNames()))
	}
	if err := ticket.CheckChoice("channel", tk.Channel, policy.Channels); err != nil {
		return tk, err
	}
	if tk.Priority == "" {
		tk.Priority = "normal"
	}
	if err := ticket.CheckChoice("priority", tk.Priority, policy.Priorities); err != nil {
		return tk, err
	}
	switch {
	case tk.Kind == "complaint" && tk.Severity == "":
		tk.Severity = "simple"
	case tk.Kind != "complaint" && tk.Severity != "":
		return tk, errs.Invalidf("severity is for complaints; this row's kind is %s", tk.Kind)
	}
	if tk.Severity != "" {
		if err := ticket.CheckChoice("severity", tk.Severity, policy.Severities); err != nil {
			return tk, err
		}
	}
	if tk.Kind == "suggestion" {
		if tk.Category == "" {
			tk.Category = im.suggestions[len(im.suggestions)-1]
		} else if !slices.Contains(im.suggestions, tk.Category) {
			return tk, errs.Invalidf("unknown suggestion category %q: use one of %s (policy suggestion.categories)", tk.Category, joinList(im.suggestions))
		}
	}
	times := map[string]*time.Time{"opened_at": &tk.OpenedAt, "first_response_at": &tk.FirstResponseAt, "resolved_at": &tk.ResolvedAt, "closed_at": &tk.ClosedAt}
	for _, col := range []string{"opened_at", "first_response_at", "resolved_at", "closed_at"} {
		v := get(col)
		if v == "" {
			continue
		}
		t, err := when.ParseTime(v, loc, im.now)
		if err != nil {
			return tk, errs.Invalidf("%s: %s", col, errText(err))
		}
		if t.After(im.now) {
			return tk, errs.Invalidf("%s %s is in the future (now is %s)", col, v, im.now.In(loc).Format(time.RFC3339))
		}
		if col != "opened_at" && t.Before(tk.OpenedAt) {
			return tk, errs.Invalidf("%s %s is before opened_at %s", col, v, get("opened_at"))
		}
		*times[col] = t
	}
	status := get("status")
	switch {
	case status == "" && !tk.ClosedAt.IsZero():
		status = string(ticket.Closed)
	case status == "" && !tk.ResolvedAt.IsZero():
		status = string(ticket.Resolved)
	case status == "":
		status = string(ticket.Open)
	}
	switch ticket.Status(status) {
	case ticket.Open:
		if !tk.ResolvedAt.IsZero() || !tk.ClosedAt.IsZero() {
			return tk, errs.Invalidf("status open with resolved_at or closed_at: leave them empty, or give status resolved or closed")
		}
	case ticket.Resolved, ticket.Closed:
		if tk.ResolvedAt.IsZero() {
			return tk, errs.Invalidf("status %s needs resolved_at", status)
		}
		if ticket.Status(status) == ticket.Resolved && !tk.ClosedAt.IsZero() {
			return tk, errs.Invalidf("status resolved with closed_at: give status closed, or leave closed_at empty")
		}
		if tk.ClosedAt.IsZero() {
			tk.ClosedAt = tk.ResolvedAt
		}
		if tk.ClosedAt.Before(tk.ResolvedAt) {
			return tk, errs.Invalidf("closed_at %s is before resolved_at %s", get("closed_at"), get("resolved_at"))
		}
	case ticket.Pending, ticket.Reopened:
		return tk, errs.Invalidf("status %s cannot be imported (its clock needs a history): import the ticket as open, then use kefu ticket %s", status,
			map[string]string{"pending": "pending", "reopened": "reopen"}[status])
	default:
		return tk, errs.Invalidf("unknown status %q: use open, resolved or closed", status)
	}

	if ref := get("assignee"); ref != "" {
		st, ok := im.staff[ref]
		switch {
		case !ok:
			return tk, errs.Invalidf("unknown assignee %q: add them first with kefu staff add", ref)
		case !st.Active && ticket.Status(status) == ticket.Open:
			return tk, errs.Invalidf("assignee %s is inactive and cannot hold an open ticket", st.Name)
		}
		tk.AssigneeID, tk.Assignee, tk.Team = st.ID, st.Name, st.Team
	}
	if team := get("team"); team != "" {
		tk.Team = team
	}
	if ref := staff.NormName(get("customer")); ref != "" {
		if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
			if err := staff.ValidName("customer", ref); err != nil {
				return tk, err
			}
		}
		tk.Customer = ref
	}
	tk.OrderNo, tk.Resolution, tk.RatingComment = get("order"), get("resolution"), get("rating_comment")
	if err := ticket.CheckText("resolution", tk.Resolution, ticket.MaxBody, false); err != nil {
		return tk, err
	}
	if err := ticket.CheckText("rating_comment", tk.RatingComment, 4000, false); err != nil {
		return tk, err
	}
	if err := ticket.CheckText("order", tk.OrderNo, 100, false); err != nil {
		return tk, err
	}
	tk.OpenedByID, tk.OpenedBy = e.actor.ID, e.actor.Name

	// The due times, as ticket open sets them; then what the row says happened.
	tk.Status = ticket.Open
	resolvedAt, closedAt, firstResponse := tk.ResolvedAt, tk.ClosedAt, tk.FirstResponseAt
	tk.ResolvedAt, tk.ClosedAt = time.Time{}, time.Time{}
	im.clock.Start(&tk)
	im.clock.StartWorkflows(&tk)
	tk.FirstResponseAt = firstResponse
	finished := ticket.Status(status) != ticket.Open
	if finished {
		im.clock.MarkResolved(&tk, resolvedAt)
		if tk.FirstResponseAt.IsZero() {
			tk.FirstResponseAt = resolvedAt // as ticket resolve: the resolution was the first response
		}
		// A finished ticket owes no step the file cannot record: no escalation or forwarding,
		// and once closed, no satisfaction follow-up.
		tk.EscalationDue, tk.ForwardDue = time.Time{}, time.Time{}
		if ticket.Status(status) == ticket.Closed {
			tk.Status, tk.ClosedAt, tk.FollowupDue = ticket.Closed, closedAt, time.Time{}
		}
	}
	if err := im.rating(&tk, get, finished); err != nil {
		return tk, err
	}
	if err := im.presale(&tk, get, finished); err != nil {
		return tk, err
	}
	return tk, nil
}

// rating reads csat and nps: only a resolved or closed ticket has them, rated when resolved.
func (im *importer) rating(tk *ticket.Ticket, get record, finished bool) error {
	for _, r := range []struct {
		col     string
		lo, hi  int
		dst     **int
		meaning string
	}{{"csat", 1, 5, &tk.CSAT, "1 (very unsatisfied) to 5 (very satisfied)"}, {"nps", 0, 10, &tk.NPS, "0 (would not recommend) to 10"}} {
		v := get(r.col)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < r.lo || n > r.hi {
			return errs.Invalidf("%s %s: use %s", r.col, v, r.meaning)
		}
		if !finished {
			return errs.Invalidf("%s is given but the ticket is open: ratings are for resolved or closed tickets", r.col)
		}
		*r.dst = &n
		tk.RatedAt = tk.ResolvedAt
		if tk.CSAT != nil {
			tk.CSATAt = tk.RatedAt
		}
		if tk.NPS != nil {
			tk.NPSAt = tk.RatedAt
		}
	}
	if tk.RatingComment != "" && tk.RatedAt.IsZero() {
		return errs.Invalidf("rating_comment needs csat or nps")
	}
	return nil
}

// presale reads converted and amount: a resolved pre-sale chat's outcome.
func (im *importer) presale(tk *ticket.Ticket, get record, finished bool) error {
	conv, amount := get("converted"), get("amount")
	if conv == "" && amount == "" {
		return nil
	}
	if tk.Kind != "presale" {
		return errs.Invalidf("converted and amount are for pre-sale chats; this row's kind is %s", tk.Kind)
	}
	if !finished {
		return errs.Invalidf("converted is given but the ticket is open: a pre-sale chat's outcome comes with its resolution")
	}
	var c bool
	switch strings.ToLower(conv) {
	case "true", "yes", "1":
		c = true
	case "false", "no", "0":
	default:
		return errs.Invalidf("converted %q: use true or false", conv)
	}
	tk.Converted = &c
	if amount != "" {
		if !c {
			return errs.Invalidf("amount goes with converted true")
		}
		fen, err := ParseYuan(amount)
		if err != nil {
			return errs.Invalidf("amount: %s", errText(err))
		}
		tk.AmountFen = &fen
	}
	return nil
}

// rowReader yields an import's rows with their numbers.
type rowReader interface {
	// next returns the next row; a rowError is a bad row the reader can go on after; io.EOF ends.
	next() (row int, rec record, err error)
}

type rowError struct{ err error }

func (r rowError) Error() string { return r.err.Error() }

func newRowReader(r io.Reader, format string) (rowReader, error) {
	switch format {
	case ImportCSV:
		return newCSVRows(r)
	case ImportJSONL:
		return &jsonlRows{sc: newLineScanner(r)}, nil
	}
	return nil, errs.Invalidf("unknown import format %q: use csv or jsonl", format)
}

// knownColumn reports whether a column is read or accepted by an import.
func knownColumn(c string) bool {
	return slices.Contains(ImportRequired, c) || slices.Contains(ImportOptional, c) || slices.Contains(importDerived, c)
}

func unknownColumn(c string) error {
	return errs.Invalidf("unknown column %q: the columns are %s (required) and %s", c,
		strings.Join(ImportRequired, ", "), strings.Join(ImportOptional, ", "))
}

type csvRows struct {
	r     *csv.Reader
	cols  map[string]int
	row   int
	start *int64 // where the record being read began, for rowLimiter
}

func newCSVRows(r io.Reader) (*csvRows, error) {
	lim := &rowLimiter{r: r}
	br := bufio.NewReaderSize(lim, 256<<10)
	// A spreadsheet's "CSV UTF-8" starts with a byte order mark.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	recordStart := new(int64)
	lim.start = func() int64 { return *recordStart }
	header, err := cr.Read()
	*recordStart = cr.InputOffset()
	if err == io.EOF {
		return nil, errs.Invalidf("the file is empty: a CSV import starts with a header row naming the columns (%s ...)", strings.Join(ImportRequired, ", "))
	}
	if err != nil {
		return nil, errs.Invalidf("row 1 (the header): %v", err)
	}
	c := &csvRows{r: cr, cols: map[string]int{}, row: 1, start: recordStart}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !knownColumn(h) {
			return nil, unknownColumn(h)
		}
		if _, dup := c.cols[h]; dup {
			return nil, errs.Invalidf("column %q appears twice in the header", h)
		}
		c.cols[h] = i
	}
	for _, col := range ImportRequired {
		if _, ok := c.cols[col]; !ok {
			return nil, errs.Invalidf("the header has no column %s; every import needs %s", col, strings.Join(ImportRequired, ", "))
		}
	}
	return c, nil
}

func (c *csvRows) next() (int, record, error) {
	rec, err := c.r.Read()
	*c.start = c.r.InputOffset()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	c.row++
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return c.row, nil, rowError{errs.Invalidf("not valid CSV: %v", pe.Err)}
	}
	if err != nil {
		return c.row, nil, err
	}
	if len(rec) != len(c.cols) {
		return c.row, nil, rowError{errs.Invalidf("%d cells, but the header names %d columns", len(rec), len(c.cols))}
	}
	// The record's slice is reused by the next Read (its strings are not).
	cells := slices.Clone(rec)
	cols := c.cols
	return c.row, func(col string) string {
		i, ok := cols[col]
		if !ok {
			return ""
		}
		// A spreadsheet guard kefu's export put in front of a formula-like text is taken off again.
		if col == "body" {
			return render.CSVUnguard(cells[i])
		}
		return strings.TrimSpace(render.CSVUnguard(cells[i]))
	}, nil
}

// rowLimiter bounds one CSV record while it is read: the reader fails once more than maxLine
// bytes (plus what the buffers may hold) were read since the current record began, so a file
// without line ends (/dev/zero) ends in one line and exit 2 instead of filling memory.
type rowLimiter struct {
	r     io.Reader
	read  int64
	start func() int64 // where the current record began
}

const readAhead = 256<<10 + 4096 // the bufio buffer and csv.Reader's own

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.start != nil && l.read-l.start() > maxLine+readAhead {
		return 0, errs.Invalidf("a row longer than %d bytes (1 MiB): is this a CSV file?", maxLine)
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// maxLine bounds a JSON line: a ticket's body is at most 64 KiB.
const maxLine = 1 << 20

func newLineScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256<<10), maxLine)
	return sc
}

type jsonlRows struct {
	sc  *bufio.Scanner
	row int
}

func (j *jsonlRows) next() (int, record, error) {
	for {
		if !j.sc.Scan() {
			err := j.sc.Err()
			if errors.Is(err, bufio.ErrTooLong) {
				j.row++
				return j.row, nil, errs.Invalidf("row %d: a line longer than %d bytes", j.row, maxLine)
			}
			if err == nil {
				err = io.EOF
			}
			return 0, nil, err
		}
		j.row++
		line := bytes.TrimSpace(j.sc.Bytes())
		if len(line) == 0 {
			continue // blank lines are not rows, but count as lines
		}
		if j.row == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		rec, err := jsonRecord(line)
		if err != nil {
			return j.row, nil, rowError{err}
		}
		return j.row, rec, nil
	}
}

// jsonRecord reads one JSON object into cells: strings as they are, numbers as written,
// true/false, null as empty.
func jsonRecord(line []byte) (record, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return nil, errs.Invalidf("not a JSON object: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	cells := make(map[string]string, len(obj))
	for k, raw := range obj {
		if !knownColumn(k) {
			return nil, unknownColumn(k)
		}
		if slices.Contains(importDerived, k) {
			continue
		}
		raw = bytes.TrimSpace(raw)
		switch {
		case bytes.Equal(raw, []byte("null")):
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, errs.Invalidf("%s: %v", k, err)
			}
			cells[k] = s
		case len(raw) > 0 && (raw[0] == '{' || raw[0] == '['):
			return nil, errs.Invalidf("%s is a JSON %s; use a string or a number", k, map[byte]string{'{': "object", '[': "array"}[raw[0]])
		default:
			cells[k] = string(raw) // a number, true or false
		}
	}
	return func(col string) string {
		if col == "body" {
			return cells[col]
		}
		return strings.TrimSpace(cells[col])
	}, nil
}

// ExportOptions choose the tickets an export writes.
type ExportOptions struct {
	Since, Until string // opened at or after, before: times or dates in the team's zone
}

// ExportTickets calls fn with every ticket the options select, in id order, and the team's
// zone to print times in; one ticket is in memory at a time.
func (s *Service) ExportTickets(ctx context.Context, o ExportOptions, fn func(tk ticket.Ticket, loc *time.Location) error) error {
	return s.read(ctx, func(e *env) error {
		var f persist.ExportFilter
		var err error
		if o.Since != "" {
			if f.Since, err = e.bound(o.Since); err != nil {
				return errs.Invalidf("--since: %s", errText(err))
			}
		}
		if o.Until != "" {
			if f.Until, err = e.bound(o.Until); err != nil {
				return errs.Invalidf("--until: %s", errText(err))
			}
		}
		return e.tx.EachTicketOpened(f, func(tk ticket.Ticket) error { return fn(tk, e.loc) })
	})
}

// ExportValues are a ticket's cells in ExportColumns order: strings, *int or *bool (nil: empty).
// Customers appear by name only; their contact details never leave the database this way.
func ExportValues(tk ticket.Ticket, loc *time.Location) []any {
	tm := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.In(loc).Format(time.RFC3339)
	}
	s := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	var amount any
	if tk.AmountFen != nil {
		amount = FormatYuan(*tk.AmountFen)
	}
	return []any{tk.ID, tm(tk.OpenedAt), tk.Kind, tk.Channel, tk.Priority, s(tk.Severity), string(tk.Status), tk.Subject, tk.Body,
		tk.Category, s(tk.Customer), s(tk.Assignee), tk.Team, tk.OrderNo, tm(tk.FirstResponseDue), tm(tk.FirstResponseAt),
		tm(tk.ResolutionDue), tm(tk.ResolvedAt), tm(tk.ClosedAt), tk.Resolution, tk.CSAT, tk.NPS, tk.RatingComment, tk.Converted, amount}
}
