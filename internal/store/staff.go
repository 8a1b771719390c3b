package store

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/staff"
)

const staffCols = `id, name, role, team, shift, coalesce(hired, ''), active, created_at, deactivated_at`

func scanStaff(sc interface{ Scan(...any) error }) (staff.Staff, error) {
	var s staff.Staff
	var role string
	var created, deact sql.NullInt64
	err := sc.Scan(&s.ID, &s.Name, &role, &s.Team, &s.Shift, &s.Hired, &s.Active, &created, &deact)
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
		return s, errs.NotFoundf("no staff member %q", ref).WithHint("kefu staff list")
	}
	return s, errs.Wrap(err, "reading staff %s", ref)
}

// StaffByID finds a staff member by id.
func (t *Tx) StaffByID(id int64) (staff.Staff, error) {
	return t.StaffByName(strconv.FormatInt(id, 10))
}

// InsertStaff adds a staff member and returns it with its id.
func (t *Tx) InsertStaff(s staff.Staff) (staff.Staff, error) {
	var hired any
	if s.Hired != "" {
		hired = s.Hired
	}
	res, err := t.exec(`INSERT INTO staff (name, role, team, shift, hired, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`,
		s.Name, string(s.Role), s.Team, s.Shift, hired, t.Now.UnixMilli())
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return s, errs.Conflictf("staff %s already exists", s.Name)
		}
		return s, err
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

// StaffFilter selects staff for a list.
type StaffFilter struct {
	Team       string
	Role       string
	IncludeOff bool
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
