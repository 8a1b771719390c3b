package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// Redacted replaces erased personal data in text.
const Redacted = customer.Redacted

// ForgetCustomer is the one sanctioned rewrite of history: it erases a customer's personal
// fields, removes their phone number (in any common written form), email and IM handle from
// every ticket, message, handover note and its snapshot of open items, weekly summary and
// history event, and their name from their own tickets, messages and history; and marks each
// rewritten event redacted (its MAC kept, the new content authenticated by a redaction MAC), so
// the chain still verifies link by link. The search index is rebuilt for each ticket changed.
// Anonymised tickets stay for statistics. With dryRun nothing is written; Places says where the
// data was found.
func (t *Tx) ForgetCustomer(id int64, c customer.Customer, dryRun bool) (Forgotten, error) {
	var f Forgotten
	if !dryRun {
		t.RedactRowHistory() // earlier digests of the erased text go too
	}
	er := customer.NewErasureOf(c)
	var fields []string
	for _, x := range []struct{ what, v string }{{"name", c.Name}, {"phone", c.Phone}, {"email", c.Email}, {"IM handle", c.IM}, {"notes", c.Notes}} {
		if x.v != "" {
			fields = append(fields, x.what)
		}
	}
	f.Found(fmt.Sprintf("customer %d", id), fields)
	if !dryRun {
		if _, err := t.exec(`UPDATE customers SET name = ?, phone = '', email = '', im = '', notes = '', forgotten_at = ? WHERE id = ?`,
			"(forgotten "+strconv.FormatInt(id, 10)+")", t.Now.UnixMilli(), id); err != nil {
			return f, err
		}
	}
	own := map[int64]bool{} // the customer's own tickets
	{
		rows, err := t.query(`SELECT id FROM tickets WHERE customer_id = ?`, id)
		if err != nil {
			return f, err
		}
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				rows.Close()
				return f, errs.Wrap(err, "reading tickets")
			}
			own[tid] = true
		}
		rows.Close()
	}
	// Every ticket: another customer's ticket may quote this one's phone number.
	type textRow struct {
		id     int64
		ticket int64
		cols   []string
	}
	scan := func(q string, ncols int) ([]textRow, error) {
		rows, err := t.query(q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []textRow
		for rows.Next() {
			r := textRow{cols: make([]string, ncols)}
			dst := []any{&r.id, &r.ticket}
			for i := range r.cols {
				dst = append(dst, &r.cols[i])
			}
			if err := rows.Scan(dst...); err != nil {
				return nil, errs.Wrap(err, "reading for forget")
			}
			out = append(out, r)
		}
		return out, errs.Wrap(rows.Err(), "reading for forget")
	}
	// scrubRow erases in each column; it returns the new values and whether any changed.
	scrubRow := func(place string, r textRow, names []string, ownRow bool) ([]string, bool) {
		out := make([]string, len(r.cols))
		changed := false
		for i, v := range r.cols {
			nv, what := er.Scrub(v, ownRow)
			out[i] = nv
			if len(what) > 0 {
				changed = true
				f.Found(place+" "+names[i], what)
			}
		}
		return out, changed
	}
	tickets, err := scan(`SELECT id, id, subject, body, resolution, rating_comment FROM tickets ORDER BY id`, 4)
	if err != nil {
		return f, err
	}
	for _, r := range tickets {
		v, changed := scrubRow(fmt.Sprintf("ticket %d", r.id), r, []string{"subject", "body", "resolution", "rating comment"}, own[r.id])
		if !changed {
			continue
		}
		f.Tickets++
		if dryRun {
			continue
		}
		if _, err := t.exec(`UPDATE tickets SET subject = ?, body = ?, resolution = ?, rating_comment = ? WHERE id = ?`, v[0], v[1], v[2], v[3], r.id); err != nil {
			return f, err
		}
		if err := t.indexTicket(&ticket.Ticket{ID: r.id, Subject: v[0], Body: v[1]}, true); err != nil {
			return f, err
		}
	}
	messages, err := scan(`SELECT id, ticket_id, body FROM messages ORDER BY id`, 1)
	if err != nil {
		return f, err
	}
	for _, r := range messages {
		v, changed := scrubRow(fmt.Sprintf("message %d (ticket %d)", r.id, r.ticket), r, []string{"text"}, own[r.ticket])
		if !changed {
			continue
		}
		f.Messages++
		if !dryRun {
			if _, err := t.exec(`UPDATE messages SET body = ? WHERE id = ?`, v[0], r.id); err != nil {
				return f, err
			}
		}
	}
	// Mail: addresses, names and text of every message (the customer's own in full); the
	// files a customer mailed in are removed, their listing kept without the name.
	mails, err := scan(`SELECT id, ticket_id, from_name, from_addr, to_addr, subject, body, notes, in_reply_to, refs FROM mail_messages ORDER BY id`, 8)
	if err != nil {
		return f, err
	}
	for _, r := range mails {
		v, changed := scrubRow(fmt.Sprintf("mail %d (ticket %d)", r.id, r.ticket), r,
			[]string{"sender name", "sender", "recipient", "subject", "text", "notes", "in-reply-to", "references"}, own[r.ticket])
		if !changed || dryRun {
			continue
		}
		if _, err := t.exec(`UPDATE mail_messages SET from_name = ?, from_addr = ?, to_addr = ?, subject = ?, body = ?, notes = ?, in_reply_to = ?, refs = ? WHERE id = ?`,
			v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], r.id); err != nil {
			return f, err
		}
	}
	files, err := scan(`SELECT a.id, m.ticket_id, a.name FROM mail_attachments a JOIN mail_messages m ON m.id = a.mail_id
		WHERE m.direction = 'in' AND (a.content IS NOT NULL OR a.name <> '') ORDER BY a.id`, 1)
	if err != nil {
		return f, err
	}
	for _, r := range files {
		if !own[r.ticket] {
			continue
		}
		f.Found(fmt.Sprintf("mail attachment %d (ticket %d)", r.id, r.ticket), []string{"file"})
		if dryRun {
			continue
		}
		if _, err := t.exec(`UPDATE mail_attachments SET name = '', content = NULL WHERE id = ?`, r.id); err != nil {
			return f, err
		}
	}
	// Staff-written text: the phone number, email and IM handle, never a namesake's name.
	for _, x := range []struct {
		q, place, table string
		cols            []string
	}{
		{`SELECT id, 0, body, open_items FROM handovers ORDER BY id`, "handover %d", "handovers", []string{"body", "open_items"}},
		{`SELECT id, handover_id, body, open_items FROM handover_revisions ORDER BY id`, "handover revision %d", "handover_revisions", []string{"body", "open_items"}},
		{`SELECT id, 0, body FROM weekly_summaries ORDER BY id`, "weekly summary %d", "weekly_summaries", []string{"body"}},
		{`SELECT id, 0, note FROM qa_checks ORDER BY id`, "qa check %d", "qa_checks", []string{"note"}},
	} {
		rows, err := scan(x.q, len(x.cols))
		if err != nil {
			return f, err
		}
		for _, r := range rows {
			names := []string{"text", "open items snapshot"}[:len(x.cols)]
			if x.table == "qa_checks" {
				names = []string{"note"}
			}
			v, changed := scrubRow(fmt.Sprintf(x.place, r.id), r, names, false)
			if !changed || dryRun {
				continue
			}
			args := make([]any, 0, len(v)+1)
			for _, s := range v {
				args = append(args, s)
			}
			if _, err := t.exec(`UPDATE `+x.table+` SET `+strings.Join(x.cols, " = ?, ")+` = ? WHERE id = ?`, append(args, r.id)...); err != nil {
				return f, err
			}
		}
	}
	// The history: every event; the name only in the customer's own and their tickets' events.
	rows, err := t.query(`SELECT id, at, actor, entity, coalesce(entity_id, 0), action, payload, coalesce(mac, ''), redacted, coalesce(redaction_mac, '') FROM events ORDER BY id`)
	if err != nil {
		return f, err
	}
	var evs []audit.Stored
	for rows.Next() {
		var e audit.Stored
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Payload, &e.MAC, &e.Redacted, &e.RedactionMAC); err != nil {
			rows.Close()
			return f, errs.Wrap(err, "reading the history")
		}
		e.At = time.UnixMilli(at).UTC()
		evs = append(evs, e)
	}
	rows.Close()
	for _, e := range evs {
		ownEvent := (e.Entity == "customer" && e.EntityID == id) || (e.Entity == "ticket" && own[e.EntityID])
		if !ownEvent && !er.MayContain(e.Payload) {
			continue // most of the history: not decoded at all
		}
		var what []string
		clean, err := audit.RedactPayload(e.Payload, func(s string) string {
			out, w := er.Scrub(s, ownEvent)
			what = append(what, w...)
			return out
		})
		if err != nil {
			return f, errs.Wrap(err, "reading history event %d", e.ID)
		}
		if len(what) == 0 {
			continue
		}
		f.Events++
		f.Found(fmt.Sprintf("event %d (%s %d %s)", e.ID, e.Entity, e.EntityID, e.Action), what)
		if dryRun {
			continue
		}
		e.Payload = clean
		var rmac any
		if e.MAC != "" && t.key != nil {
			rmac = audit.RedactionMAC(t.key, e.MAC, e.Canonical())
		} else if e.MAC != "" {
			return f, errs.Invalidf("the audit key is needed to redact the signed history")
		}
		if _, err := t.exec(`UPDATE events SET payload = ?, redacted = 1, redaction_mac = ? WHERE id = ?`, e.Payload, rmac, e.ID); err != nil {
			return f, err
		}
	}
	return f, nil
}
