package core

import (
	"context"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
)

// StaffEditOptions are staff edit's changes; a nil field stays as it is.
type StaffEditOptions struct {
	Role    *string
	Team    *string
	Shift   *string
	Hired   *string
	Pattern *string
}

// StaffEdit changes a staff member's role, team, shift, hire date or work pattern, recording the
// old and new values in the history. A supervisor edits agents; supervisors and managers, and
// every change of role, are a manager's; the last active manager cannot be demoted.
func (s *Service) StaffEdit(ctx context.Context, as, ref string, o StaffEditOptions) (staff.Staff, error) {
	var out staff.Staff
	if o.Role == nil && o.Team == nil && o.Shift == nil && o.Hired == nil && o.Pattern == nil {
		return out, errs.Invalidf("staff edit needs at least one of --role, --team, --shift, --hired, --pattern")
	}
	var next staff.Staff
	var err error
	if o.Role != nil {
		if next.Role, err = access.ParseRole(*o.Role); err != nil {
			return out, err
		}
	}
	if o.Shift != nil {
		if err := staff.ValidShift(*o.Shift); err != nil {
			return out, err
		}
	}
	if o.Hired != nil {
		if next.Hired, err = parseHired(strings.TrimSpace(*o.Hired)); err != nil {
			return out, err
		}
	}
	if o.Pattern != nil {
		p, err := rota.ParsePattern(*o.Pattern)
		if err != nil {
			return out, err
		}
		next.WorkPattern = p.Stored()
	}
	if o.Team != nil {
		next.Team = strings.TrimSpace(*o.Team)
		if err := ticket.CheckText("--team", next.Team, 256, false); err != nil {
			return out, err
		}
	}
	err = s.write(ctx, as, access.Work, "staff edit", func(e *env) error {
		old, err := e.tx.StaffByName(ref)
		if err != nil {
			return err
		}
		roles := []access.Role{old.Role}
		if o.Role != nil && next.Role != old.Role {
			if err := access.CheckRoleChange(e.actor, "staff edit --role"); err != nil {
				return err
			}
			roles = append(roles, next.Role)
		}
		if err := access.CheckStaffChange(e.actor, "staff edit", roles...); err != nil {
			return err
		}
		out = old
		changes := map[string]audit.SortedChange{}
		set := func(field string, dst *string, v string) {
			if *dst != v {
				changes[field] = audit.SortedChange{Old: *dst, New: v}
				*dst = v
			}
		}
		if o.Role != nil {
			r := string(out.Role)
			set("role", &r, string(next.Role))
			out.Role = access.Role(r)
		}
		if o.Team != nil {
			set("team", &out.Team, next.Team)
		}
		if o.Shift != nil {
			set("shift", &out.Shift, *o.Shift)
		}
		if o.Hired != nil {
			set("hired", &out.Hired, next.Hired)
		}
		if o.Pattern != nil {
			set("work_pattern", &out.WorkPattern, next.WorkPattern)
		}
		if len(changes) == 0 {
			return errs.Invalidf("nothing to change: %s already has these values", out.Name)
		}
		if old.Role == access.Manager && out.Role != access.Manager && old.Active {
			n, err := e.tx.ActiveManagers()
			if err != nil {
				return err
			}
			if n <= 1 {
				return errs.Invalidf("%s is the last active manager and cannot be demoted; promote another manager first", out.Name)
			}
		}
		if old.ID == e.actor.ID && out.Role != old.Role {
			return errs.Invalidf("you cannot change your own role; ask another manager")
		}
		if err := e.tx.UpdateStaff(out); err != nil {
			return err
		}
		return e.event("staff", out.ID, "edited", audit.StaffChanged{Name: out.Name, Changes: changes})
	})
	return out, err
}

// StaffReactivate switches an inactive staff member back on (a supervisor for agents, a
// manager for supervisors and managers), recorded in the history.
func (s *Service) StaffReactivate(ctx context.Context, as, ref string) (staff.Staff, error) {
	var out staff.Staff
	err := s.write(ctx, as, access.Work, "staff reactivate", func(e *env) error {
		var err error
		if out, err = e.tx.StaffByName(ref); err != nil {
			return err
		}
		if err := access.CheckStaffChange(e.actor, "staff reactivate", out.Role); err != nil {
			return err
		}
		if out.Active {
			return errs.Invalidf("%s is already active", out.Name)
		}
		if err := e.tx.ReactivateStaff(out.ID); err != nil {
			return err
		}
		out.Active, out.DeactivatedAt = true, nil
		return e.event("staff", out.ID, "reactivated", audit.StaffChanged{Name: out.Name,
			Changes: map[string]audit.SortedChange{"active": {Old: false, New: true}}})
	})
	return out, err
}
