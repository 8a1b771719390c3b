package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// Redacted replaces erased personal data in text.
const Redacted = "[redacted]"

// Forgotten is what a forget erased.
type Forgotten struct {
	Tickets, Messages, Events int
}

// ForgetCustomer is the one sanctioned rewrite of history: it erases a customer's personal
// fields, removes their phone number and email from the text of their tickets, messages and
// history, and marks each rewritten event redacted (its MAC kept, the new content
// authenticated by a redaction MAC), so the chain still verifies link by link. Anonymised
// tickets stay for statistics.
func (t *Tx) ForgetCustomer(id int64, name, phone, email string) (Forgotten, error) {
	var f Forgotten
	t.RedactRowHistory()
	scrub := func(s string) string {
		for _, secret := range []string{phone, email} {
			if secret != "" {
				s = strings.ReplaceAll(s, secret, Redacted)
			}
		}
		return s
	}
	if _, err := t.exec(`UPDATE customers SET name = ?, phone = '', email = '', im = '', notes = '', forgotten_at = ? WHERE id = ?`,
		"(forgotten "+strconv.FormatInt(id, 10)+")", t.Now.UnixMilli(), id); err != nil {
		return f, err
	}
	var tickets []ticket.Ticket
	rows, err := t.query(`SELECT `+ticketCols+ticketFrom+` WHERE t.customer_id = ? ORDER BY t.id`, id)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			rows.Close()
			return f, errs.Wrap(err, "reading tickets")
		}
		tickets = append(tickets, tk)
	}
	rows.Close()
	for _, tk := range tickets {
		subject, body, resolution := scrub(tk.Subject), scrub(tk.Body), scrub(tk.Resolution)
		if subject != tk.Subject || body != tk.Body || resolution != tk.Resolution {
			if _, err := t.exec(`UPDATE tickets SET subject = ?, body = ?, resolution = ? WHERE id = ?`, subject, body, resolution, tk.ID); err != nil {
				return f, err
			}
			tk.Subject, tk.Body = subject, body
			if err := t.indexTicket(&tk, true); err != nil {
				return f, err
			}
			f.Tickets++
		}
		res, err := t.exec(`UPDATE messages SET body = replace(replace(body, ?1, ?3), ?2, ?3) WHERE ticket_id = ?4
			AND ((?1 <> '' AND instr(body, ?1) > 0) OR (?2 <> '' AND instr(body, ?2) > 0))`, phone, email, Redacted, tk.ID)
		if err != nil {
			return f, err
		}
		n, _ := res.RowsAffected()
		f.Messages += int(n)
	}
	// The history: the customer's own events and their tickets' events.
	var evs []audit.Stored
	collect := func(q string, args ...any) error {
		rows, err := t.query(`SELECT id, at, actor, entity, coalesce(entity_id, 0), action, payload, coalesce(mac, ''), redacted, coalesce(redaction_mac, '') FROM events WHERE `+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e audit.Stored
			var at int64
			if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Payload, &e.MAC, &e.Redacted, &e.RedactionMAC); err != nil {
				return errs.Wrap(err, "reading the history")
			}
			e.At = time.UnixMilli(at).UTC()
			evs = append(evs, e)
		}
		return errs.Wrap(rows.Err(), "reading the history")
	}
	if err := collect(`entity = 'customer' AND entity_id = ?`, id); err != nil {
		return f, err
	}
	for _, tk := range tickets {
		if err := collect(`entity = 'ticket' AND entity_id = ?`, tk.ID); err != nil {
			return f, err
		}
	}
	for _, e := range evs {
		var payload any
		if err := json.Unmarshal([]byte(e.Payload), &payload); err != nil {
			return f, errs.Wrap(err, "reading history event %d", e.ID)
		}
		changed := false
		clean := redactValue(payload, name, scrub, &changed)
		if !changed {
			continue
		}
		np, err := json.Marshal(clean)
		if err != nil {
			return f, errs.Wrap(err, "redacting history event %d", e.ID)
		}
		e.Payload = string(np)
		var rmac any
		if e.MAC != "" && t.key != nil {
			rmac = audit.RedactionMAC(t.key, e.MAC, e.Canonical())
		} else if e.MAC != "" {
			return f, errs.Invalidf("the audit key is needed to redact the signed history")
		}
		if _, err := t.exec(`UPDATE events SET payload = ?, redacted = 1, redaction_mac = ? WHERE id = ?`, e.Payload, rmac, e.ID); err != nil {
			return f, err
		}
		f.Events++
	}
	return f, nil
}

// redactValue rewrites a decoded JSON value: strings equal to the name become [redacted], and
// phone numbers and emails inside any string are scrubbed.
func redactValue(v any, name string, scrub func(string) string, changed *bool) any {
	switch x := v.(type) {
	case string:
		out := scrub(x)
		if name != "" && x == name {
			out = Redacted
		}
		*changed = *changed || out != x
		return out
	case map[string]any:
		for k, val := range x {
			x[k] = redactValue(val, name, scrub, changed)
		}
		return x
	case []any:
		for i, val := range x {
			x[i] = redactValue(val, name, scrub, changed)
		}
		return x
	}
	return v
}
