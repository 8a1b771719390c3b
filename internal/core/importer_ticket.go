package core

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// An import row made a ticket: its columns checked and read, the rating and the pre-sale fields.

// record is one row's cells by column name; absent columns are "".
type record func(col string) string

// col names a column in an error: its key, and the file's own name for it when that differs
// ("渠道 (channel)").
func (im *importer) col(key string) string {
	if h, ok := im.names[key]; ok && h != key {
		return h + " (" + key + ")"
	}
	return key
}

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
	// Chinese names (咨询, 微信, 紧急, 复杂) read as their codes.
	tk.Kind, tk.Channel = policy.KindNames.Normalize(get("kind")), policy.ChannelNames.Normalize(get("channel"))
	tk.Priority, tk.Severity = policy.PriorityNames.Normalize(get("priority")), policy.SeverityNames.Normalize(get("severity"))
	if !e.policy.HasKind(tk.Kind) {
		return tk, ticket.CheckChoice(im.col("kind"), tk.Kind, e.policy.KindNames())
	}
	if err := ticket.CheckChoice(im.col("channel"), tk.Channel, policy.Channels); err != nil {
		return tk, err
	}
	if tk.Priority == "" {
		tk.Priority = "normal"
	}
	if err := ticket.CheckChoice(im.col("priority"), tk.Priority, policy.Priorities); err != nil {
		return tk, err
	}
	switch {
	case tk.Kind == "complaint" && tk.Severity == "":
		tk.Severity = "simple"
	case tk.Kind != "complaint" && tk.Severity != "":
		return tk, errs.Invalidf("severity is for complaints; this row's kind is %s", tk.Kind)
	}
	if tk.Severity != "" {
		if err := ticket.CheckChoice(im.col("severity"), tk.Severity, policy.Severities); err != nil {
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
		t, err := when.ParseSheetTime(v, loc, im.now)
		if err != nil {
			return tk, errs.Invalidf("%s: %s", im.col(col), err)
		}
		if t.After(im.now) {
			return tk, errs.Invalidf("%s %s is in the future (now is %s)", col, v, im.now.In(loc).Format(time.RFC3339))
		}
		if col != "opened_at" && t.Before(tk.OpenedAt) {
			return tk, errs.Invalidf("%s %s is before opened_at %s", col, v, get("opened_at"))
		}
		*times[col] = t
	}
	status := ticket.StatusNames.Normalize(get("status"))
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
			if err := staff.ValidName(errs.Word("customer"), ref); err != nil {
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
	case "true", "yes", "1", "是", "已成交":
		c = true
	case "false", "no", "0", "否", "未成交":
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
			return errs.Invalidf("amount: %s", err)
		}
		tk.AmountFen = &fen
	}
	return nil
}
