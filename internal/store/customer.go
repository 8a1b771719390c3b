package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/staff"
)

const customerCols = `id, name, phone, email, im, notes, created_at, forgotten_at`

func scanCustomer(sc interface{ Scan(...any) error }) (customer.Customer, error) {
	var c customer.Customer
	var created, forgot sql.NullInt64
	err := sc.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.IM, &c.Notes, &created, &forgot)
	c.CreatedAt = fromMS(created)
	if forgot.Valid {
		t := fromMS(forgot)
		c.ForgottenAt = &t
	}
	return c, err
}

func (t *Tx) customers(where string, args ...any) ([]customer.Customer, error) {
	rows, err := t.query(`SELECT `+customerCols+` FROM customers `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []customer.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading customers")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "reading customers")
}

// CustomerByID finds a customer by id.
func (t *Tx) CustomerByID(id int64) (customer.Customer, error) {
	c, err := scanCustomer(t.queryRow(`SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.NotFoundf("no customer with id %d", id).WithHint("kefu customer list")
	}
	return c, errs.Wrap(err, "reading customer %d", id)
}

// ResolveCustomer finds one customer by id (a number) or exact name. A name several customers
// share is an error listing their ids; found is false (and err nil) for an unknown name.
func (t *Tx) ResolveCustomer(ref string) (c customer.Customer, found bool, err error) {
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		c, err = t.CustomerByID(id)
		return c, err == nil, err
	}
	cs, err := t.customers(`WHERE name = ? ORDER BY id`, staff.NormName(ref)) // names are stored in NFC
	if err != nil {
		return c, false, err
	}
	switch len(cs) {
	case 0:
		return c, false, nil
	case 1:
		return cs[0], true, nil
	}
	ids := make([]string, len(cs))
	for i, x := range cs {
		ids[i] = fmt.Sprintf("%d (%s)", x.ID, customer.MaskPhone(x.Phone))
	}
	return c, false, errs.Invalidf("%d customers are named %s: use an id: %s", len(cs), ref, strings.Join(ids, ", "))
}

// InsertCustomer adds a customer.
func (t *Tx) InsertCustomer(c customer.Customer) (customer.Customer, error) {
	res, err := t.insertNew(`INSERT INTO customers (name, phone, email, im, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Name, c.Phone, c.Email, c.IM, c.Notes, t.Now.UnixMilli())
	if err != nil {
		return c, err
	}
	c.ID, _ = res.LastInsertId()
	c.CreatedAt = t.Now
	return c, nil
}

// customerWhere selects the customers matching f.
func customerWhere(f CustomerFilter) (string, []any) {
	where, args := `WHERE 1=1`, []any{}
	if f.Name != "" {
		where += ` AND instr(name, ?) > 0`
		args = append(args, f.Name)
	}
	return where, args
}

// CountCustomers counts the customers matching f, ignoring its limit.
func (t *Tx) CountCustomers(f CustomerFilter) (int, error) {
	where, args := customerWhere(f)
	var n int
	err := t.queryRow(`SELECT count(*) FROM customers `+where, args...).Scan(&n)
	return n, errs.Wrap(err, "counting customers")
}

// ListCustomers lists customers by id.
func (t *Tx) ListCustomers(f CustomerFilter) ([]customer.Customer, error) {
	where, args := customerWhere(f)
	where += ` ORDER BY id`
	if f.Limit > 0 {
		where += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return t.customers(where, args...)
}

// FindCustomers finds customers by an exact phone number or email.
func (t *Tx) FindCustomers(phone, email string) ([]customer.Customer, error) {
	if phone != "" {
		return t.customers(`WHERE phone = ? AND phone <> '' ORDER BY id`, phone)
	}
	return t.customers(`WHERE email = ? AND email <> '' ORDER BY id`, email)
}
