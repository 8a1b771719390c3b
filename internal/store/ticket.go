package store

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/search"
	"github.com/kefu/kefu/internal/ticket"
)

// writableCols are the ticket columns a command sets, in the order of ticketValues.
var writableCols = []string{"kind", "channel", "priority", "severity", "category", "subject", "body",
	"customer_id", "assignee_id", "opened_by", "team", "status", "order_no", "opened_at", "first_response_due", "first_response_at",
	"resolution_start", "paused_biz", "paused_cal", "resolution_due", "pending_since", "resolution_remaining", "resolved_at",
	"resolution", "closed_at", "reopen_count", "csat", "nps", "rating_comment", "rated_at",
	"escalation_due", "escalated_at", "escalated_to", "follower_id", "plan", "planned_at", "plan_required",
	"followup_due", "followup_at", "followup_result", "unsatisfied_count",
	"forward_due", "forwarded_at", "forwarded_to", "outcome", "converted", "amount_fen", "csat_at", "nps_at",
	"plan_due", "first_response_window", "resolution_window"}

func ticketValues(tk *ticket.Ticket) []any {
	var converted any
	if tk.Converted != nil {
		converted = boolInt(*tk.Converted)
	}
	var amount any
	if tk.AmountFen != nil {
		amount = *tk.AmountFen
	}
	return []any{tk.Kind, tk.Channel, tk.Priority, tk.Severity, tk.Category, tk.Subject, tk.Body,
		nullID(tk.CustomerID), nullID(tk.AssigneeID), nullID(tk.OpenedByID), tk.Team, string(tk.Status), tk.OrderNo,
		ms(tk.OpenedAt), ms(tk.FirstResponseDue), ms(tk.FirstResponseAt),
		ms(tk.ResolutionStart), tk.PausedBiz, tk.PausedCal, ms(tk.ResolutionDue), ms(tk.PendingSince), remaining(tk), ms(tk.ResolvedAt),
		tk.Resolution, ms(tk.ClosedAt), tk.ReopenCount, nullInt(tk.CSAT), nullInt(tk.NPS), tk.RatingComment, ms(tk.RatedAt),
		ms(tk.EscalationDue), ms(tk.EscalatedAt), nullID(tk.EscalatedToID), nullID(tk.FollowerID), tk.Plan, ms(tk.PlannedAt), boolInt(tk.PlanRequired),
		ms(tk.FollowupDue), ms(tk.FollowupAt), tk.FollowupResult, tk.UnsatisfiedCount,
		ms(tk.ForwardDue), ms(tk.ForwardedAt), tk.ForwardedTo, tk.Outcome, converted, amount, ms(tk.CSATAt), ms(tk.NPSAt),
		ms(tk.PlanDue), tk.FirstResponseWindow, tk.ResolutionWindow}
}

const ticketCols = `t.id, t.kind, t.channel, t.priority, t.severity, t.category, t.subject, t.body,
	coalesce(t.customer_id, 0), coalesce(c.name, ''), coalesce(t.assignee_id, 0), coalesce(a.name, ''),
	coalesce(t.opened_by, 0), coalesce(o.name, ''), t.team, t.status, t.order_no,
	t.opened_at, t.first_response_due, t.first_response_at, t.resolution_start, t.paused_biz, t.paused_cal,
	t.resolution_due, t.pending_since, coalesce(t.resolution_remaining, 0), t.resolved_at, t.resolution,
	t.closed_at, t.reopen_count, t.csat, t.nps, t.rating_comment, t.rated_at, t.updated_at,
	t.escalation_due, t.escalated_at, coalesce(t.escalated_to, 0), coalesce(e.name, ''), coalesce(t.follower_id, 0), coalesce(f.name, ''),
	t.plan, t.planned_at, t.plan_required, t.followup_due, t.followup_at, t.followup_result, t.unsatisfied_count,
	t.forward_due, t.forwarded_at, t.forwarded_to, t.outcome, t.converted, t.amount_fen, t.csat_at, t.nps_at,
	t.plan_due, t.first_response_window, t.resolution_window`

const ticketFrom = ` FROM tickets t
	LEFT JOIN customers c ON c.id = t.customer_id
	LEFT JOIN staff a ON a.id = t.assignee_id
	LEFT JOIN staff o ON o.id = t.opened_by
	LEFT JOIN staff e ON e.id = t.escalated_to
	LEFT JOIN staff f ON f.id = t.follower_id`

func scanTicket(sc interface{ Scan(...any) error }) (ticket.Ticket, error) {
	var t ticket.Ticket
	var status string
	var opened, frDue, frAt, resStart, resDue, pend, resolved, closed, rated, updated sql.NullInt64
	var escDue, escAt, planned, fuDue, fuAt, fwDue, fwAt, converted, amount, csatAt, npsAt sql.NullInt64
	var csat, nps, planDue sql.NullInt64
	err := sc.Scan(&t.ID, &t.Kind, &t.Channel, &t.Priority, &t.Severity, &t.Category, &t.Subject, &t.Body,
		&t.CustomerID, &t.Customer, &t.AssigneeID, &t.Assignee, &t.OpenedByID, &t.OpenedBy, &t.Team, &status, &t.OrderNo,
		&opened, &frDue, &frAt, &resStart, &t.PausedBiz, &t.PausedCal,
		&resDue, &pend, &t.ResolutionRemaining, &resolved, &t.Resolution,
		&closed, &t.ReopenCount, &csat, &nps, &t.RatingComment, &rated, &updated,
		&escDue, &escAt, &t.EscalatedToID, &t.EscalatedTo, &t.FollowerID, &t.Follower,
		&t.Plan, &planned, &t.PlanRequired, &fuDue, &fuAt, &t.FollowupResult, &t.UnsatisfiedCount,
		&fwDue, &fwAt, &t.ForwardedTo, &t.Outcome, &converted, &amount, &csatAt, &npsAt,
		&planDue, &t.FirstResponseWindow, &t.ResolutionWindow)
	t.PlanDue = fromMS(planDue)
	t.Status = ticket.Status(status)
	t.OpenedAt, t.FirstResponseDue, t.FirstResponseAt = fromMS(opened), fromMS(frDue), fromMS(frAt)
	t.ResolutionStart, t.ResolutionDue, t.PendingSince = fromMS(resStart), fromMS(resDue), fromMS(pend)
	t.ResolvedAt, t.ClosedAt, t.RatedAt, t.UpdatedAt = fromMS(resolved), fromMS(closed), fromMS(rated), fromMS(updated)
	t.EscalationDue, t.EscalatedAt, t.PlannedAt = fromMS(escDue), fromMS(escAt), fromMS(planned)
	t.FollowupDue, t.FollowupAt, t.ForwardDue, t.ForwardedAt = fromMS(fuDue), fromMS(fuAt), fromMS(fwDue), fromMS(fwAt)
	t.CSATAt, t.NPSAt = fromMS(csatAt), fromMS(npsAt)
	if csat.Valid {
		v := int(csat.Int64)
		t.CSAT = &v
	}
	if nps.Valid {
		v := int(nps.Int64)
		t.NPS = &v
	}
	if converted.Valid {
		v := converted.Int64 == 1
		t.Converted = &v
	}
	if amount.Valid {
		v := amount.Int64
		t.AmountFen = &v
	}
	return t, err
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Ticket reads one ticket.
func (t *Tx) Ticket(id int64) (ticket.Ticket, error) {
	tk, err := scanTicket(t.queryRow(`SELECT `+ticketCols+ticketFrom+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return tk, errs.NotFoundf("no ticket %d", id).WithHint("kefu ticket list")
	}
	return tk, errs.Wrap(err, "reading ticket %d", id)
}

// InsertTicket stores a new ticket and indexes its text; it returns the id.
func (t *Tx) InsertTicket(tk *ticket.Ticket) error {
	cols := append(slices.Clone(writableCols), "updated_at")
	vals := append(ticketValues(tk), t.Now.UnixMilli())
	res, err := t.insertNew(`INSERT INTO tickets (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, vals...)
	if err != nil {
		return err
	}
	tk.ID, _ = res.LastInsertId()
	tk.UpdatedAt = t.Now
	return t.indexTicket(tk, false)
}

func remaining(tk *ticket.Ticket) any {
	if tk.Status != ticket.Pending {
		return nil
	}
	return tk.ResolutionRemaining
}

func (t *Tx) indexTicket(tk *ticket.Ticket, replace bool) error {
	if t.pg {
		return t.indexGramsPG(tk.ID, search.Grams(tk.Subject+"\n"+tk.Body), replace)
	}
	if replace {
		if _, err := t.exec(`DELETE FROM ticket_grams WHERE rowid = ?`, tk.ID); err != nil {
			return err
		}
	}
	_, err := t.exec(`INSERT INTO ticket_grams (rowid, grams) VALUES (?, ?)`, tk.ID, search.Grams(tk.Subject+"\n"+tk.Body))
	return err
}

// indexArticle indexes an article's latest title and body in kb_grams, as indexTicket does a
// ticket's subject and body; the two columns let search rank title hits first.
func (t *Tx) indexArticle(id int64, title, body string, replace bool) error {
	if t.pg {
		return t.indexArticleGramsPG(id, search.Grams(title)+" "+search.Grams(body), replace)
	}
	if replace {
		if _, err := t.exec(`DELETE FROM kb_grams WHERE rowid = ?`, id); err != nil {
			return err
		}
	}
	_, err := t.exec(`INSERT INTO kb_grams (rowid, title, body) VALUES (?, ?, ?)`, id, search.Grams(title), search.Grams(body))
	return err
}

// UpdateTicket writes every mutable field of a ticket back; reindex when subject or body changed.
func (t *Tx) UpdateTicket(tk *ticket.Ticket, reindex bool) error {
	vals := append(ticketValues(tk), t.Now.UnixMilli(), tk.ID)
	_, err := t.exec(`UPDATE tickets SET `+strings.Join(writableCols, " = ?, ")+` = ?, updated_at = ? WHERE id = ?`, vals...)
	if err != nil {
		return err
	}
	tk.UpdatedAt = t.Now
	if reindex {
		return t.indexTicket(tk, true)
	}
	return nil
}

// InsertMessage stores a reply or note.
func (t *Tx) InsertMessage(ticketID int64, kind string, authorID int64, at time.Time, body string) (int64, error) {
	res, err := t.insertNew(`INSERT INTO messages (ticket_id, kind, author_id, at, body) VALUES (?, ?, ?, ?, ?)`,
		ticketID, kind, nullID(authorID), at.UnixMilli(), body)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Messages lists a ticket's replies and notes, oldest first.
func (t *Tx) Messages(ticketID int64) ([]Message, error) {
	rows, err := t.query(`SELECT m.id, m.ticket_id, m.kind, coalesce(s.name, 'system'), m.at, m.body
		FROM messages m LEFT JOIN staff s ON s.id = m.author_id WHERE m.ticket_id = ? ORDER BY m.at, m.id`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var at sql.NullInt64
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Kind, &m.Author, &at, &m.Body); err != nil {
			return nil, errs.Wrap(err, "reading messages")
		}
		m.At = fromMS(at)
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "reading messages")
}

// ticketWhere is the WHERE clause (empty, or starting with a space) of the tickets matching f,
// over tickets t: ListTickets reads a page of them, CountTickets counts them all.
func (t *Tx) ticketWhere(f TicketFilter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if len(f.Statuses) > 0 {
		add(`t.status IN (`+placeholders(len(f.Statuses))+`)`, anySlice(f.Statuses)...)
	}
	if f.Kind != "" {
		add(`t.kind = ?`, f.Kind)
	}
	if f.Channel != "" {
		add(`t.channel = ?`, f.Channel)
	}
	if f.AssigneeID != 0 {
		add(`t.assignee_id = ?`, f.AssigneeID)
	}
	if f.Unassigned {
		add(`t.assignee_id IS NULL`)
	}
	if f.CustomerID != 0 {
		add(`t.customer_id = ?`, f.CustomerID)
	}
	if f.Category != "" {
		add(`t.category = ?`, f.Category)
	}
	if f.Priority != "" {
		add(`t.priority = ?`, f.Priority)
	}
	if f.Team != "" {
		add(`t.team = ?`, f.Team)
	}
	if !f.Since.IsZero() {
		add(`t.opened_at >= ?`, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		add(`t.opened_at < ?`, f.Until.UnixMilli())
	}
	if f.ActionNeeded {
		add(`(t.status IN ('open', 'pending', 'reopened') OR (t.followup_due IS NOT NULL AND t.followup_at IS NULL))`)
	}
	if !f.ResolvedSince.IsZero() {
		add(`t.status IN ('resolved', 'closed') AND t.resolved_at >= ? AND t.resolved_at < ?`, f.ResolvedSince.UnixMilli(), f.ResolvedUntil.UnixMilli())
	}
	if f.Unchecked {
		add(`NOT EXISTS (SELECT 1 FROM qa_checks q WHERE q.ticket_id = t.id)`)
	}
	if due := t.dueCutoff(f); !due.IsZero() {
		// Each side is a range over a partial index (see schema.sql).
		add(`t.id IN (SELECT id FROM tickets WHERE first_response_at IS NULL AND status IN ('open', 'pending', 'reopened') AND first_response_due < ?
			UNION SELECT id FROM tickets WHERE status IN ('open', 'reopened') AND resolution_due < ?)`, due.UnixMilli(), due.UnixMilli())
	}
	if f.Search != "" {
		if t.pg {
			// PostgreSQL's gram table: each gram of the search text must be the ticket's.
			for _, g := range pgSearchGrams(f.Search) {
				add(`t.id IN (SELECT rowid FROM ticket_grams WHERE grams = ?)`, g)
			}
		} else if m, ok := search.Match(f.Search); ok {
			add(`t.id IN (SELECT rowid FROM ticket_grams WHERE ticket_grams MATCH ?)`, m)
		}
		if !search.Exact(f.Search) {
			// Grams find candidates; the substring test makes the match exact.
			add(`instr(lower(t.subject || char(10) || t.body), ?) > 0`, search.Fold(f.Search))
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	return cond, args
}

// searchWalks reports whether a page of f, a search and nothing else, is cheaper found by
// walking the tickets in opening order than by reading every match: when the word is common
// enough that the walk meets Limit matches soon. The walk reads about tickets*Limit/matches
// index entries, cheap each; reading the matches costs a row each, about ten times as much.
// It also returns the number of matches and the largest ticket id.
func (t *Tx) searchWalks(f TicketFilter) (walk bool, matches, tickets int64) {
	m, ok := search.Match(f.Search)
	if !ok || t.pg { // PostgreSQL's planner chooses between the plans itself
		return false, 0, 0
	}
	if !t.searchOnly(f) {
		return false, 0, 0 // other conditions thin the walk's matches out
	}
	err := t.queryRow(`SELECT (SELECT count(*) FROM ticket_grams WHERE ticket_grams MATCH ?), (SELECT coalesce(max(id), 0) FROM tickets)`, m).Scan(&matches, &tickets)
	if err != nil {
		return false, 0, 0 // the usual plan then
	}
	// The page's count needs the same number: CountTickets takes it from here.
	t.gramCount, t.gramCounted = m, matches
	return matches*matches*10 >= tickets*int64(f.Limit), matches, tickets
}

// searchOnly reports whether f selects by its search and nothing else.
func (t *Tx) searchOnly(f TicketFilter) bool {
	g := f
	g.Search, g.Limit, g.Sort = "", 0, ""
	rest, _ := t.ticketWhere(g)
	return rest == ""
}

// dueSides is the union of the ids of f's tickets owing a first response before f's due
// cutoff and of those owing a resolution before it, each side a range over its partial index
// (schema.sql), each cut by tail (ORDER BY ... LIMIT ?, in first-response terms, with its
// args) to its first rows in due order.
func (t *Tx) dueSides(f TicketFilter, tail string, tailArgs []any) (string, []any) {
	cutoff := t.dueCutoff(f).UnixMilli()
	g := f
	g.Overdue, g.DueBefore = false, time.Time{}
	rest, restArgs := t.ticketWhere(g)
	and := ` WHERE `
	if rest != "" {
		and = rest + ` AND `
	}
	first := `SELECT t.id FROM tickets t` + and + `t.first_response_at IS NULL AND t.status IN ('open', 'pending', 'reopened') AND t.first_response_due < ?`
	resolution := `SELECT t.id FROM tickets t` + and + `t.status IN ('open', 'reopened') AND t.resolution_due < ?`
	args := slices.Concat(restArgs, []any{cutoff}, tailArgs, restArgs, []any{cutoff}, tailArgs)
	return `SELECT id FROM (` + first + ` ` + tail + `) first_side UNION SELECT id FROM (` + resolution + ` ` +
		strings.ReplaceAll(tail, "first_response_due", "resolution_due") + `) resolution_side`, args
}

// dueActive is the FROM and WHERE of f's tickets falling due before its cutoff, over the
// active tickets' index tickets_active_opened (schema.sql): in opening order, with every column
// the due test needs, so walking it reads no ticket unless f has other conditions.
func (t *Tx) dueActive(f TicketFilter) (from, cond string, args []any) {
	cutoff := t.dueCutoff(f).UnixMilli()
	g := f
	g.Overdue, g.DueBefore = false, time.Time{}
	rest, restArgs := t.ticketWhere(g)
	and := ` WHERE `
	if rest != "" {
		and = rest + ` AND `
	}
	from = `FROM tickets t`
	if f.Search == "" {
		// Without statistics' help SQLite would rather read the status index and sort.
		from += ` INDEXED BY tickets_active_opened`
	}
	cond = and + `t.status IN ('open', 'pending', 'reopened') AND ((t.first_response_at IS NULL AND t.first_response_due < ?)
		OR (t.status IN ('open', 'reopened') AND t.resolution_due < ?))`
	return from, cond, append(restArgs, cutoff, cutoff)
}

// dueCutoff is the time before which f's tickets fall due: now for overdue, the earlier of that
// and DueBefore; zero when f does not ask.
func (t *Tx) dueCutoff(f TicketFilter) time.Time {
	due := time.Time{}
	if f.Overdue {
		due = t.Now
	}
	if !f.DueBefore.IsZero() && (due.IsZero() || f.DueBefore.Before(due)) {
		due = f.DueBefore
	}
	return due
}

// CountTickets counts the tickets matching f, ignoring its limit and sort: the "showing 100 of
// 2,477" of a list cut by --limit.
func (t *Tx) CountTickets(f TicketFilter) (int, error) {
	cond, args := t.ticketWhere(f)
	q := `SELECT count(*) FROM tickets t` + cond
	if m, ok := search.Match(f.Search); ok && !t.pg && search.Exact(f.Search) && t.searchOnly(f) {
		// Every ticket has its one row of grams, and the gram alone decides: count the
		// index's matches without reading a ticket.
		if t.gramCount == m {
			return int(t.gramCounted), nil
		}
		q, args = `SELECT count(*) FROM ticket_grams WHERE ticket_grams MATCH ?`, []any{m}
	} else if !t.dueCutoff(f).IsZero() {
		// Count along the active tickets' index, which holds the due columns: no ticket is read
		// and no id set is built, however many are overdue.
		from, cond, condArgs := t.dueActive(f)
		q, args = `SELECT count(*) `+from+cond, condArgs
	}
	var n int
	err := t.queryRow(q, args...).Scan(&n)
	return n, errs.Wrap(err, "counting tickets")
}

// ListTickets lists tickets matching f.
func (t *Tx) ListTickets(f TicketFilter) ([]ticket.Ticket, error) {
	cond, args := t.ticketWhere(f)
	var order string
	switch f.Sort {
	case "opened":
		order = ` ORDER BY t.opened_at, t.id`
	case "", "-opened":
		order = ` ORDER BY t.opened_at DESC, t.id DESC`
	case "id":
		order = ` ORDER BY t.id`
	case "-id":
		order = ` ORDER BY t.id DESC`
	case "due":
		order = ` ORDER BY min(coalesce(CASE WHEN t.first_response_at IS NULL AND t.status IN ('open', 'pending', 'reopened') THEN t.first_response_due END, 9e18),
			coalesce(CASE WHEN t.status IN ('open', 'reopened') THEN t.resolution_due END, 9e18)), t.id`
	case "priority":
		order = ` ORDER BY CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.opened_at, t.id`
	default:
		return nil, errs.Invalidf("unknown sort %q: use opened, -opened, due, priority, id or -id", f.Sort)
	}
	q := `SELECT ` + ticketCols + ticketFrom + cond + order
	if f.Limit > 0 && f.Sort == "due" && !t.dueCutoff(f).IsZero() {
		// The first page of what falls due before a time, by due time: each due time has its
		// own partial index in due order, so the page is among the first Limit of each side.
		// Reading those two short ranges costs the same however many tickets are overdue.
		sides, sideArgs := t.dueSides(f, `ORDER BY t.first_response_due, t.id LIMIT ?`, []any{f.Limit})
		args = append(sideArgs, f.Limit)
		q = `SELECT ` + ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id FROM tickets t WHERE t.id IN (` + sides + `)` + order + ` LIMIT ?)` + order
	} else if f.Limit > 0 && (f.Sort == "" || f.Sort == "-opened" || f.Sort == "opened") && !t.dueCutoff(f).IsZero() {
		// The first page of what falls due, by opening time: walk the active tickets' index in
		// opening order (it holds the due columns, so the walk reads no ticket) and stop at
		// Limit, rather than sorting every overdue ticket for one page.
		from, due, dueArgs := t.dueActive(f)
		q = `SELECT ` + ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id ` + from + due + order + ` LIMIT ?)` + order
		args = append(dueArgs, f.Limit)
	} else if f.Limit > 0 && (f.Sort == "" || f.Sort == "-opened" || f.Sort == "opened") {
		if walk, matches, tickets := t.searchWalks(f); walk {
			// A common word: walk the tickets in opening order and keep those in the gram index's
			// set (the unary + stops SQLite from driving the query from the set instead), rather
			// than reading and sorting every match for one page.
			cond = strings.Replace(cond, `t.id IN (SELECT rowid FROM ticket_grams`, `+t.id IN (SELECT rowid FROM ticket_grams`, 1)
			// First among the newest tickets only, about four times as many as hold a page of
			// matches: the gram set is then only theirs, between their smallest and largest
			// id, not every match's. When they hold a whole page, it is the page.
			window := tickets*int64(f.Limit)/max(matches, 1)*4 + int64(f.Limit)
			recent := strings.Replace(cond, `WHERE ticket_grams MATCH ?)`, `WHERE ticket_grams MATCH ? AND rowid BETWEEN (SELECT min(id) FROM recent) AND (SELECT max(id) FROM recent))`, 1)
			// The walk stays in opening order: a range of opening times, the set only checked.
			bound := `t.opened_at >= (SELECT min(opened_at) FROM recent)`
			if f.Sort == "opened" {
				bound = `t.opened_at <= (SELECT max(opened_at) FROM recent)`
			}
			wq := `WITH recent AS MATERIALIZED (SELECT id, opened_at FROM tickets INDEXED BY tickets_opened` + strings.ReplaceAll(order, "t.", "") + ` LIMIT ?) SELECT ` +
				ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id FROM tickets t` + recent + ` AND +t.id IN (SELECT id FROM recent) AND ` + bound + order + ` LIMIT ?)` + order
			if search.Exact(f.Search) {
				// (Longer words are confirmed on each ticket's text, and their phrase is
				// costlier to look up in a range: the plain walk serves them better.)
				page, err := t.listTickets(wq, slices.Concat([]any{window}, args, []any{f.Limit})...)
				if err != nil || len(page) == f.Limit {
					return page, err
				}
			}
			q = `SELECT ` + ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id FROM tickets t` + cond + order + ` LIMIT ?)` + order
		} else {
			// A page of many matches (a common word searched in a million tickets): sort only ids,
			// then read and join the page's rows, not every match's.
			q = `SELECT ` + ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id FROM tickets t` + cond + order + ` LIMIT ?)` + order
		}
		args = append(args, f.Limit)
	} else if f.Limit > 0 {
		// A page of many matches (a common word searched in a million tickets): sort only ids,
		// then read and join the page's rows, not every match's.
		q = `SELECT ` + ticketCols + ticketFrom + ` WHERE t.id IN (SELECT t.id FROM tickets t` + cond + order + ` LIMIT ?)` + order
		args = append(args, f.Limit)
	}
	return t.listTickets(q, args...)
}

// listTickets reads the tickets of a query over ticketCols.
func (t *Tx) listTickets(q string, args ...any) ([]ticket.Ticket, error) {
	return t.scanTickets(scanTicket, q, args)
}

// scanTickets reads every row of a query into tickets with scan.
func (t *Tx) scanTickets(scan func(interface{ Scan(...any) error }) (ticket.Ticket, error), q string, args []any) ([]ticket.Ticket, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ticket.Ticket
	for rows.Next() {
		tk, err := scan(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading tickets")
		}
		out = append(out, tk)
	}
	return out, errs.Wrap(rows.Err(), "reading tickets")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// OpenTicketIDs lists the active tickets assigned to a staff member.
func (t *Tx) OpenTicketIDs(staffID int64) ([]int64, error) {
	rows, err := t.query(`SELECT id FROM tickets WHERE assignee_id = ? AND status IN ('open', 'pending', 'reopened') ORDER BY id`, staffID)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows, "tickets")
}

// OpenCounts counts active tickets per assignee among the given staff.
func (t *Tx) OpenCounts() (map[int64]int, error) {
	rows, err := t.query(`SELECT assignee_id, count(*) FROM tickets WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending', 'reopened') GROUP BY assignee_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, errs.Wrap(err, "counting open tickets")
		}
		out[id] = n
	}
	return out, errs.Wrap(rows.Err(), "counting open tickets")
}

// State reads an internal state value ("" when unset).
func (t *Tx) State(key string) (string, error) {
	var v string
	err := t.queryRow(`SELECT value FROM state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, errs.Wrap(err, "reading state %s", key)
}

// SetState writes an internal state value.
func (t *Tx) SetState(key, value string) error {
	_, err := t.exec(`INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
