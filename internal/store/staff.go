package store

import (
	"database/sql"
	"errors"
	"strconv"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/staff"
)

const staffCols = `id, name, role, team, shift, coalesce(hired, ''), active, created_at, deactivated_at, work_pattern`

func scanStaff(sc interface{ Scan(...any) error }) (staff.Staff, error) {
	var s staff.Staff
	var role string
	var created, deact sql.NullInt64
	err := sc.Scan(&s.ID, &s.Name, &role, &s.Team, &s.Shift, &s.Hired, &s.Active, &created, &deact, &s.WorkPattern)
	s.Role = access.Role(role)
	s.CreatedAt = fromMS(created)
	if deact.Valid {
		t := fromMS(deact)
		s.DeactivatedAt = &t
	}
	return s, err
}

// StaffCount counts staff records, active or not.
func (t *Tx) StaffCount() (int, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM staff`).Scan(&n)
	return n, errs.Wrap(err, "counting staff")
}

// StaffByName finds a staff member by exact name, or by id when ref is a number.
func (t *Tx) StaffByName(ref string) (staff.Staff, error) {
	q, arg := `SELECT `+staffCols+` FROM staff WHERE name = ?`, any(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		q, arg = `SELECT `+staffCols+` FROM staff WHERE id = ?`, id
	}
	s, err := scanStaff(t.queryRow(q, arg))
	if errors.Is(err, sql.ErrNoRows) {
		// Names are compared under NFKC with width folding: "Ｗａｎｇ" finds Wang.
		if found, ok, ferr := t.staffByNameKey(ref, 0); ferr != nil {
			return s, ferr
		} else if ok {
			return found, nil
		}
		return s, errs.NotFoundf("no staff member %q", ref).WithHint("kefu staff list")
	}
	return s, errs.Wrap(err, "reading staff %s", ref)
}

// StaffByID finds a staff member by id.
func (t *Tx) StaffByID(id int64) (staff.Staff, error) {
	return t.StaffByName(strconv.FormatInt(id, 10))
}

// staffByNameKey finds the staff member (other than id except) whose name is ref's under
// staff.NameKey. The staff table is small, so the comparison is done here rather than in SQL,
// which has no portable Unicode normalisation.
func (t *Tx) staffByNameKey(ref string, except int64) (staff.Staff, bool, error) {
	key := staff.NameKey(ref)
	rows, err := t.query(`SELECT ` + staffCols + ` FROM staff ORDER BY id`)
	if err != nil {
		return staff.Staff{}, false, err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return s, false, errs.Wrap(err, "reading staff")
		}
		if s.ID != except && staff.NameKey(s.Name) == key {
			return s, true, nil
		}
	}
	return staff.Staff{}, false, errs.Wrap(rows.Err(), "reading staff")
}

// InsertStaff adds a staff member and returns it with its id. The name is stored in NFC and
// refused when it equals an existing one under NFKC with width folding.
func (t *Tx) InsertStaff(s staff.Staff) (staff.Staff, error) {
	var hired any
	if s.Hired != "" {
		hired = s.Hired
	}
	s.Name = staff.NormName(s.Name)
	if s.WorkPattern == "" {
		s.WorkPattern = staff.TeamPattern
	}
	if dup, ok, err := t.staffByNameKey(s.Name, 0); err != nil {
		return s, err
	} else if ok {
		if dup.Name == s.Name {
			return s, errs.Conflictf("staff %s already exists", s.Name)
		}
		return s, errs.Conflictf("staff %s already exists as %s (id %d): the names differ only in width or Unicode form", s.Name, dup.Name, dup.ID)
	}
	res, err := t.insert(`INSERT INTO staff (name, role, team, shift, hired, active, created_at, work_pattern) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
		s.Name, string(s.Role), s.Team, s.Shift, hired, t.Now.UnixMilli(), s.WorkPattern)
	if err != nil {
		return s, formatError(err, errs.Conflictf("staff %s already exists", s.Name))
	}
	s.ID, _ = res.LastInsertId()
	s.Active = true
	s.CreatedAt = t.Now
	return s, nil
}

// DeactivateStaff switches a staff member off.
func (t *Tx) DeactivateStaff(id int64) error {
	_, err := t.exec(`UPDATE staff SET active = 0, deactivated_at = ? WHERE id = ?`, t.Now.UnixMilli(), id)
	return err
}

// UpdateStaff stores a staff member's role, team, shift, hire date and work pattern.
func (t *Tx) UpdateStaff(s staff.Staff) error {
	var hired any
	if s.Hired != "" {
		hired = s.Hired
	}
	_, err := t.exec(`UPDATE staff SET role = ?, team = ?, shift = ?, hired = ?, work_pattern = ? WHERE id = ?`,
		string(s.Role), s.Team, s.Shift, hired, s.WorkPattern, s.ID)
	return errs.Wrap(err, "updating staff %s", s.Name)
}

// ReactivateStaff switches a staff member back on.
func (t *Tx) ReactivateStaff(id int64) error {
	_, err := t.exec(`UPDATE staff SET active = 1, deactivated_at = NULL WHERE id = ?`, id)
	return errs.Wrap(err, "reactivating staff")
}

// ActiveManagers counts the active managers.
func (t *Tx) ActiveManagers() (int, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM staff WHERE role = 'manager' AND active = 1`).Scan(&n)
	return n, errs.Wrap(err, "counting managers")
}

// ListStaff lists staff by name.
func (t *Tx) ListStaff(f StaffFilter) ([]staff.Staff, error) {
	q := `SELECT ` + staffCols + ` FROM staff WHERE 1=1`
	var args []any
	if !f.IncludeOff {
		q += ` AND active = 1`
	}
	if f.Team != "" {
		q += ` AND team = ?`
		args = append(args, f.Team)
	}
	if f.Role != "" {
		q += ` AND role = ?`
		args = append(args, f.Role)
	}
	q += ` ORDER BY id`
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []staff.Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading staff")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "reading staff")
}
