package core

import (
	"context"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// StaffAddOptions are staff add's arguments.
type StaffAddOptions struct {
	Name  string
	Role  string
	Team  string
	Shift string
	Hired string // YYYY-MM-DD
	// Pattern is the work pattern (team, mon-sat, 6on1off@DATE); empty: team.
	Pattern string
}

// parseHired validates a hire date, returning it as YYYY-MM-DD (empty stays empty).
func parseHired(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	d, err := calendar.ParseUserDate(s)
	if err != nil {
		return "", errs.Invalidf("--hired: %v", err)
	}
	return d.String(), nil
}

// StaffAdd adds a staff member. While the database has no staff at all, no acting user is
// needed (the bootstrap rule); otherwise a supervisor or manager adds staff.
func (s *Service) StaffAdd(ctx context.Context, as string, o StaffAddOptions) (staff.Staff, error) {
	var out staff.Staff
	if err := staff.ValidName(errs.Word("staff"), o.Name); err != nil {
		return out, err
	}
	role, err := access.ParseRole(o.Role)
	if err != nil {
		return out, err
	}
	if o.Shift == "" {
		o.Shift = "day"
	}
	if err := staff.ValidShift(o.Shift); err != nil {
		return out, err
	}
	if o.Hired, err = parseHired(o.Hired); err != nil {
		return out, err
	}
	p, err := rota.ParsePattern(o.Pattern)
	if err != nil {
		return out, err
	}
	pattern := p.Stored()
	if err := ticket.CheckText("--team", strings.TrimSpace(o.Team), 256, false); err != nil {
		return out, err
	}
	err = s.update(ctx, func(tx persist.Tx) error {
		e, err := s.newEnv(tx, access.Actor{})
		if err != nil {
			return err
		}
		n, err := tx.StaffCount()
		if err != nil {
			return err
		}
		if n == 0 && as == "" {
			e.actor = access.SystemActor
		} else {
			if e.actor, err = resolveActor(tx, as); err != nil {
				return err
			}
			if err := access.CheckStaffChange(e.actor, "staff add", role); err != nil {
				return err
			}
		}
		out, err = tx.InsertStaff(staff.Staff{Name: o.Name, Role: role, Team: strings.TrimSpace(o.Team), Shift: o.Shift, Hired: o.Hired, WorkPattern: pattern})
		if err != nil {
			return err
		}
		return e.event("staff", out.ID, "added", audit.StaffAdded{Name: out.Name, Role: string(out.Role), Team: out.Team,
			Shift: out.Shift, Hired: out.Hired, WorkPattern: out.WorkPattern})
	})
	return out, err
}

// StaffList lists staff.
func (s *Service) StaffList(ctx context.Context, f persist.StaffFilter) ([]staff.Staff, error) {
	var out []staff.Staff
	if f.Role != "" {
		if _, err := access.ParseRole(f.Role); err != nil {
			return nil, err
		}
	}
	err := s.read(ctx, func(e *env) error {
		var err error
		out, err = e.tx.ListStaff(f)
		return err
	})
	return out, err
}

// StaffShow returns one staff member by name or id.
func (s *Service) StaffShow(ctx context.Context, ref string) (staff.Staff, error) {
	var out staff.Staff
	err := s.read(ctx, func(e *env) error {
		var err error
		out, err = e.tx.StaffByName(ref)
		return err
	})
	return out, err
}

// StaffDeactivate switches a staff member off; they can no longer act. Their open tickets
// must go to someone else (reassignTo), each reassignment recorded.
func (s *Service) StaffDeactivate(ctx context.Context, as, ref, reassignTo string) (staff.Staff, int, error) {
	var out staff.Staff
	moved := 0
	err := s.write(ctx, as, access.Work, "staff deactivate", func(e *env) error {
		var err error
		if out, err = e.tx.StaffByName(ref); err != nil {
			return err
		}
		if err := access.CheckStaffChange(e.actor, "staff deactivate", out.Role); err != nil {
			return err
		}
		if !out.Active {
			return errs.Invalidf("%s is already inactive", out.Name)
		}
		if out.ID == e.actor.ID {
			return errs.Invalidf("you cannot deactivate yourself; ask another supervisor or manager")
		}
		if out.Role == access.Manager {
			n, err := e.tx.ActiveManagers()
			if err != nil {
				return err
			}
			if n <= 1 {
				return errs.Invalidf("%s is the last active manager and cannot be deactivated; add or promote another manager first", out.Name)
			}
		}
		ids, err := e.tx.OpenTicketIDs(out.ID)
		if err != nil {
			return err
		}
		if len(ids) > 0 && reassignTo == "" {
			return errs.Invalidf("%s holds %d open ticket%s (%s); pass --reassign-to OTHER", out.Name, len(ids), plural(len(ids)), joinIDs(ids, 10))
		}
		if len(ids) > 0 {
			to, err := e.activeStaff(reassignTo, "--reassign-to")
			if err != nil {
				return err
			}
			if to.ID == out.ID {
				return errs.Invalidf("--reassign-to must name someone other than %s", out.Name)
			}
			for _, id := range ids {
				tk, err := e.tx.Ticket(id)
				if err != nil {
					return err
				}
				tk.AssigneeID, tk.Assignee = to.ID, to.Name
				if err := e.tx.UpdateTicket(&tk, false); err != nil {
					return err
				}
				if err := e.event("ticket", id, "assigned", audit.TicketReassigned{Reason: out.Name + " deactivated",
					Changes: map[string]audit.SortedChange{"assignee": {Old: out.Name, New: to.Name}}}); err != nil {
					return err
				}
			}
			moved = len(ids)
		}
		if err := e.tx.DeactivateStaff(out.ID); err != nil {
			return err
		}
		out.Active = false
		return e.event("staff", out.ID, "deactivated", audit.StaffDeactivated{Name: out.Name, Reassigned: moved,
			Changes: map[string]audit.SortedChange{"active": {Old: true, New: false}}})
	})
	return out, moved, err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// joinIDs lists up to max ids, then how many more.
func joinIDs(ids []int64, max int) string {
	var parts []string
	for i, id := range ids {
		if i == max {
			parts = append(parts, i18n.Sprintf("and %d more", len(ids)-max))
			break
		}
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ", ")
}
