package store

import (
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
)

// Policy loads the whole policy. Settings a newer kefu added and this database lacks take
// their defaults.
func (t *Tx) Policy() (policy.Policy, error) {
	p := policy.Policy{Settings: map[string]string{}}
	rows, err := t.query(`SELECT key, value FROM settings`)
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return p, errs.Wrap(err, "reading policy")
		}
		p.Settings[k] = v
	}
	rows.Close()
	for _, s := range policy.Settings {
		if _, ok := p.Settings[s.Key]; !ok {
			p.Settings[s.Key] = s.Default
		}
	}
	rows, err = t.query(`SELECT name, description, builtin FROM kinds ORDER BY builtin DESC, rowid`)
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var k policy.Kind
		if err := rows.Scan(&k.Name, &k.Description, &k.Builtin); err != nil {
			rows.Close()
			return p, errs.Wrap(err, "reading policy kinds")
		}
		p.Kinds = append(p.Kinds, k)
	}
	rows.Close()
	rows, err = t.query(`SELECT kind, target, channel, priority, severity, within FROM windows`)
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var w policy.Window
		var within string
		if err := rows.Scan(&w.Kind, &w.Target, &w.Channel, &w.Priority, &w.Severity, &within); err != nil {
			rows.Close()
			return p, errs.Wrap(err, "reading policy windows")
		}
		if w.Within, err = duration.Parse(within); err != nil {
			rows.Close()
			return p, errs.Wrap(err, "reading policy window %s", w.Describe())
		}
		p.Windows = append(p.Windows, w)
	}
	rows.Close()
	policy.SortWindows(p.Windows)
	rows, err = t.query(`SELECT day, working, note FROM calendar_days ORDER BY day`)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var day, note string
		var working bool
		if err := rows.Scan(&day, &working, &note); err != nil {
			return p, errs.Wrap(err, "reading calendar days")
		}
		d, err := calendar.ParseDate(day)
		if err != nil {
			return p, errs.Wrap(err, "reading calendar day %s", day)
		}
		if working {
			p.Workdays = append(p.Workdays, policy.Day{Date: d, Note: note})
		} else {
			p.Holidays = append(p.Holidays, policy.Day{Date: d, Note: note})
		}
	}
	if err := rows.Err(); err != nil {
		return p, errs.Wrap(err, "reading calendar days")
	}
	rows.Close()
	p.Imported, err = t.OfficialDays()
	return p, err
}

// OfficialDays lists the imported official days (kefu calendar import), by date.
func (t *Tx) OfficialDays() ([]calendar.OfficialDay, error) {
	rows, err := t.query(`SELECT day, name, working FROM official_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []calendar.OfficialDay
	for rows.Next() {
		var day string
		var o calendar.OfficialDay
		if err := rows.Scan(&day, &o.Name, &o.Working); err != nil {
			return nil, errs.Wrap(err, "reading official days")
		}
		if o.Date, err = calendar.ParseDate(day); err != nil {
			return nil, errs.Wrap(err, "reading official day %s", day)
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "reading official days")
}

// SaveOfficialDays adds imported official days, replacing any imported before for the same dates.
func (t *Tx) SaveOfficialDays(days []calendar.OfficialDay) error {
	for _, d := range days {
		if _, err := t.exec(`DELETE FROM official_days WHERE day = ?`, d.Date.String()); err != nil {
			return err
		}
		if _, err := t.exec(`INSERT INTO official_days (day, name, working) VALUES (?, ?, ?)`, d.Date.String(), d.Name, boolInt(d.Working)); err != nil {
			return err
		}
	}
	return nil
}

// SavePolicy replaces the stored policy with p (already validated).
func (t *Tx) SavePolicy(p policy.Policy) error {
	for _, q := range []string{`DELETE FROM settings`, `DELETE FROM windows`, `DELETE FROM kinds`, `DELETE FROM calendar_days`} {
		if _, err := t.exec(q); err != nil {
			return err
		}
	}
	for k, v := range p.Settings {
		if _, err := t.exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	for _, k := range p.Kinds {
		if _, err := t.exec(`INSERT INTO kinds (name, description, builtin) VALUES (?, ?, ?)`, k.Name, k.Description, boolInt(k.Builtin)); err != nil {
			return err
		}
	}
	for _, w := range p.Windows {
		if _, err := t.exec(`INSERT INTO windows (kind, target, channel, priority, severity, within) VALUES (?, ?, ?, ?, ?, ?)`,
			w.Kind, w.Target, w.Channel, w.Priority, w.Severity, w.Within.String()); err != nil {
			return err
		}
	}
	for _, d := range p.Holidays {
		if _, err := t.exec(`INSERT INTO calendar_days (day, working, note) VALUES (?, 0, ?)`, d.Date.String(), d.Note); err != nil {
			return err
		}
	}
	for _, d := range p.Workdays {
		if _, err := t.exec(`INSERT INTO calendar_days (day, working, note) VALUES (?, 1, ?)`, d.Date.String(), d.Note); err != nil {
			return err
		}
	}
	return nil
}

// PolicyInitialized reports whether init has seeded the policy.
func (t *Tx) PolicyInitialized() (bool, error) {
	var n int
	if err := t.queryRow(`SELECT count(*) FROM settings`).Scan(&n); err != nil {
		return false, errs.Wrap(err, "reading policy")
	}
	return n > 0, nil
}
