package core

import (
	"context"
	"strconv"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/reply"
	"github.com/kefu/kefu/internal/ticket"
)

// Reply templates (话术模板): the team's opening and closing lines and scripts, kept like the
// rule catalog (the default set is seeded at init; the team edits or retires it).

// Templates lists the templates (retired ones too with all), with their use counts.
func (s *Service) Templates(ctx context.Context, all bool) ([]reply.Template, error) {
	var out []reply.Template
	err := s.read(ctx, func(e *env) error {
		var err error
		out, err = e.tx.ReplyTemplates(all)
		return err
	})
	return out, err
}

// Template reads one template by name.
func (s *Service) Template(ctx context.Context, name string) (reply.Template, error) {
	var out reply.Template
	err := s.read(ctx, func(e *env) error {
		var err error
		out, err = e.tx.ReplyTemplate(name)
		return err
	})
	return out, err
}

// TemplateAdd stores a new template; an unknown variable is refused here, not when a reply
// uses it.
func (s *Service) TemplateAdd(ctx context.Context, as, name, kind, body string) (reply.Template, error) {
	t := reply.Template{Name: name, Kind: kind, Body: body}
	if err := checkTemplate(t); err != nil {
		return t, err
	}
	err := s.write(ctx, as, access.Supervise, "template add", func(e *env) error {
		if err := e.tx.InsertReplyTemplate(&t); err != nil {
			return err
		}
		return e.event("template", t.ID, "added", audit.TemplateChanged{Body: t.Body, Kind: t.Kind, Name: t.Name})
	})
	return t, err
}

// TemplateEdit changes a template's text and/or kind (empty: unchanged); editing a retired
// template brings it back.
func (s *Service) TemplateEdit(ctx context.Context, as, name, kind, body string) (reply.Template, error) {
	var t reply.Template
	if kind == "" && body == "" {
		return t, errs.Invalidf("template edit: nothing to change; give --text, --file or --kind")
	}
	err := s.write(ctx, as, access.Supervise, "template edit", func(e *env) error {
		var err error
		if t, err = e.tx.ReplyTemplate(name); err != nil {
			return err
		}
		if kind != "" {
			t.Kind = kind
		}
		if body != "" {
			t.Body = body
		}
		t.Retired = false
		if err := checkTemplate(t); err != nil {
			return err
		}
		if err := e.tx.UpdateReplyTemplate(t); err != nil {
			return err
		}
		return e.event("template", t.ID, "edited", audit.TemplateChanged{Body: t.Body, Kind: t.Kind, Name: t.Name})
	})
	return t, err
}

// TemplateRetire takes a template out of use; its past uses keep naming it.
func (s *Service) TemplateRetire(ctx context.Context, as, name string) (reply.Template, error) {
	var t reply.Template
	err := s.write(ctx, as, access.Supervise, "template retire", func(e *env) error {
		var err error
		if t, err = e.tx.ReplyTemplate(name); err != nil {
			return err
		}
		if t.Retired {
			return errs.Invalidf("template %s is already retired", name)
		}
		t.Retired = true
		if err := e.tx.UpdateReplyTemplate(t); err != nil {
			return err
		}
		return e.event("template", t.ID, "retired", audit.TemplateChanged{Body: t.Body, Kind: t.Kind, Name: t.Name, Retired: true})
	})
	return t, err
}

func checkTemplate(t reply.Template) error {
	if err := reply.CheckName(t.Name); err != nil {
		return err
	}
	if err := reply.CheckKind(t.Kind); err != nil {
		return err
	}
	return reply.Check(t.Body)
}

// composeReply fills the named templates for a ticket and joins them around the body:
// openings and scripts before it, closings after it.
func (e *env) composeReply(tk *ticket.Ticket, body string, names []string) (string, []reply.Template, error) {
	var ts []reply.Template
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		t, err := e.tx.ReplyTemplate(n)
		if err != nil {
			return "", nil, err
		}
		if t.Retired {
			return "", nil, errs.Invalidf("template %s is retired", n).WithHint("kefu template list")
		}
		ts = append(ts, t)
	}
	ts = reply.Order(ts)
	team := tk.Team
	if team == "" {
		if st, err := e.tx.StaffByID(e.actor.ID); err == nil {
			team = st.Team
		}
	}
	v := reply.Values{Customer: tk.Customer, Ticket: strconv.FormatInt(tk.ID, 10), Agent: e.actor.Name, Team: team}
	if !tk.ResolutionDue.IsZero() {
		v.Due = calendar.FormatDue(tk.ResolutionDue, e.loc, "2006-01-02")
	}
	var before, after []string
	for _, t := range ts {
		s, err := reply.Fill(t.Body, v)
		if err != nil {
			return "", nil, errs.Invalidf("template %s: %v", t.Name, err)
		}
		if t.Kind == "closing" {
			after = append(after, s)
		} else {
			before = append(before, s)
		}
	}
	return reply.Join(before, body, after), ts, nil
}

// replyTemplates replaces *text with the reply the named templates make around it (none:
// unchanged) and returns the templates used.
func (e *env) replyTemplates(tk *ticket.Ticket, text *string, names []string) ([]reply.Template, error) {
	if len(names) == 0 {
		return nil, nil
	}
	joined, used, err := e.composeReply(tk, *text, names)
	if err != nil {
		return nil, err
	}
	if err := ticket.CheckText("reply", joined, ticket.MaxBody, true); err != nil {
		return nil, err
	}
	*text = joined
	return used, nil
}

// recordTemplateUses links a reply to the templates it used (the report counts them).
func (e *env) recordTemplateUses(used []reply.Template, ticketID, messageID int64) error {
	for _, t := range used {
		if err := e.tx.InsertTemplateUse(t.ID, ticketID, messageID, e.actor.ID); err != nil {
			return err
		}
	}
	return nil
}
