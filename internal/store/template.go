package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/reply"
)

const templateSelect = `SELECT r.id, r.name, r.kind, r.body, r.retired, r.created_at, r.updated_at,
	(SELECT count(*) FROM template_uses u WHERE u.template_id = r.id) FROM reply_templates r`

func scanTemplate(sc interface{ Scan(...any) error }) (reply.Template, error) {
	var r reply.Template
	var retired int
	var created, updated sql.NullInt64
	err := sc.Scan(&r.ID, &r.Name, &r.Kind, &r.Body, &retired, &created, &updated, &r.Uses)
	r.Retired, r.CreatedAt, r.UpdatedAt = retired != 0, fromMS(created), fromMS(updated)
	return r, err
}

// ReplyTemplates lists the templates (retired ones too with all) in the order added.
func (t *Tx) ReplyTemplates(all bool) ([]reply.Template, error) {
	q := templateSelect
	if !all {
		q += ` WHERE r.retired = 0`
	}
	rows, err := t.query(q + ` ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reply.Template
	for rows.Next() {
		r, err := scanTemplate(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading templates")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "reading templates")
}

// ReplyTemplate reads one template by name.
func (t *Tx) ReplyTemplate(name string) (reply.Template, error) {
	r, err := scanTemplate(t.queryRow(templateSelect+` WHERE r.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.NotFoundf("no template %q", name).WithHint("kefu template list")
	}
	return r, errs.Wrap(err, "reading template %s", name)
}

// InsertReplyTemplate stores a new template.
func (t *Tx) InsertReplyTemplate(r *reply.Template) error {
	res, err := t.insert(`INSERT INTO reply_templates (name, kind, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		r.Name, r.Kind, r.Body, t.Now.UnixMilli(), t.Now.UnixMilli())
	if err != nil {
		return formatError(err, errs.Conflictf("template %s already exists", r.Name).WithHint("kefu template edit %s --text ...", r.Name))
	}
	r.ID, _ = res.LastInsertId()
	r.CreatedAt, r.UpdatedAt = t.Now, t.Now
	return nil
}

// UpdateReplyTemplate saves a template's kind, text and retired flag.
func (t *Tx) UpdateReplyTemplate(r reply.Template) error {
	_, err := t.exec(`UPDATE reply_templates SET kind = ?, body = ?, retired = ?, updated_at = ? WHERE id = ?`,
		r.Kind, r.Body, boolInt(r.Retired), t.Now.UnixMilli(), r.ID)
	return err
}

// SeedTemplates adds the default templates the catalog lacks; those there are left as the
// team set them.
func (t *Tx) SeedTemplates(ts []reply.Template) error {
	for _, r := range ts {
		if _, err := t.exec(`INSERT INTO reply_templates (name, kind, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, r.Name, r.Kind, r.Body, t.Now.UnixMilli(), t.Now.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}

// InsertTemplateUse records that a reply used a template.
func (t *Tx) InsertTemplateUse(templateID, ticketID, messageID, staffID int64) error {
	_, err := t.exec(`INSERT INTO template_uses (template_id, ticket_id, message_id, staff_id, at) VALUES (?, ?, ?, ?, ?)`,
		templateID, ticketID, nullID(messageID), nullID(staffID), t.Now.UnixMilli())
	return err
}

// TemplateUses counts the uses of each template in [from, to), by the staff of team (""
// for all), most used first.
func (t *Tx) TemplateUses(from, to time.Time, team string) ([]persist.TemplateUse, error) {
	rows, err := t.query(`SELECT r.name, r.kind, count(*) FROM template_uses u JOIN reply_templates r ON r.id = u.template_id
		LEFT JOIN staff s ON s.id = u.staff_id
		WHERE u.at >= ? AND u.at < ? AND (? = '' OR s.team = ?)
		GROUP BY r.id, r.name, r.kind ORDER BY count(*) DESC, r.name`, from.UnixMilli(), to.UnixMilli(), team, team)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []persist.TemplateUse
	for rows.Next() {
		var u persist.TemplateUse
		if err := rows.Scan(&u.Name, &u.Kind, &u.Uses); err != nil {
			return nil, errs.Wrap(err, "reading template uses")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "reading template uses")
}
