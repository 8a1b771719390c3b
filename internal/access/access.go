// Package access holds product.md's "Who may do what" table, in one place.
// The core asks Check before every write; nothing else decides permissions.
package access

import (
	"fmt"

	"github.com/kefu/kefu/internal/errs"
)

// Role is a staff member's role.
type Role string

// The roles, lowest to highest.
const (
	Agent      Role = "agent"
	Supervisor Role = "supervisor"
	Manager    Role = "manager"
)

// Roles lists the valid roles in order.
var Roles = []Role{Agent, Supervisor, Manager}

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	if c, ok := RoleNames.Code(s); ok {
		return Role(c), nil
	}
	return "", errs.Invalidf("unknown role %q: use agent, supervisor or manager", s)
}

func (r Role) rank() int {
	switch r {
	case Agent:
		return 1
	case Supervisor:
		return 2
	case Manager:
		return 3
	}
	return 0
}

// AtLeast reports whether r is min or higher.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// Action is a kind of write the table governs.
type Action string

// The actions of product.md's table.
const (
	// ManagePolicy: policy, calendar, point rules, db restore, reopening a closed month.
	ManagePolicy Action = "manage policy"
	// ManageStaff: add / deactivate staff.
	ManageStaff Action = "manage staff"
	// Supervise: score entries, pending entries, complaint plans, qa marks, reassigning another's
	// ticket, --reveal, customer forget, closing a month.
	Supervise Action = "supervise"
	// Work: tickets, replies, notes, handovers, weekly summaries, ratings, appeals of one's own entries.
	Work Action = "work"
)

// Needed returns the lowest role allowed to perform a.
func Needed(a Action) Role {
	switch a {
	case ManagePolicy:
		return Manager
	case ManageStaff, Supervise:
		return Supervisor
	default:
		return Agent
	}
}

// Actor is who runs a write command.
type Actor struct {
	ID     int64
	Name   string
	Role   Role
	Active bool
	// System is the automated actor of remind and auto-close; it may do anything.
	System bool
}

// SystemActor is the actor of scheduled chores.
var SystemActor = Actor{Name: "system", Role: Manager, Active: true, System: true}

// Check refuses an action the actor may not perform; what names the command for the message.
func Check(a Actor, act Action, what string) error {
	if a.System {
		return nil
	}
	if !a.Active {
		return errs.Forbiddenf("%s is inactive and cannot act; ask a supervisor to act instead", a.Name)
	}
	need := Needed(act)
	if !a.Role.AtLeast(need) {
		return errs.Forbiddenf("%s needs the %s role (or higher); %s is %s", what, need, a.Name, article(a.Role))
	}
	return nil
}

// NotSelf refuses an action a supervisor may not perform on themselves (scoring, acknowledging).
func NotSelf(a Actor, targetID int64, what string) error {
	if !a.System && a.ID == targetID {
		return errs.Forbiddenf("%s: %s cannot do this for themselves; another supervisor or manager must", what, a.Name)
	}
	return nil
}

func article(r Role) errs.Word {
	switch r {
	case Agent:
		return errs.Word("an agent")
	case Supervisor:
		return errs.Word("a supervisor")
	case Manager:
		return errs.Word("a manager")
	}
	return errs.Word(fmt.Sprintf("a %s", r))
}

// Staff management: a supervisor looks after agents; supervisors and managers, and every change of
// role, are a manager's (product.md: only a manager adds, promotes to or demotes from supervisor or
// manager, and deactivates or reactivates one), so a supervisor cannot make a second supervisor to
// score him.

// CheckStaffChange refuses a change to a staff member of role target (for a role change: both the
// old and the new role) unless the actor may make it; what names the command for the message.
func CheckStaffChange(a Actor, what string, targets ...Role) error {
	need := Needed(ManageStaff)
	for _, t := range targets {
		if t.AtLeast(Supervisor) {
			need, what = Manager, fmt.Sprintf("%s (of %s)", what, article(t))
			break
		}
	}
	return needs(a, need, what)
}

// CheckRoleChange refuses any change of role unless the actor is a manager.
func CheckRoleChange(a Actor, what string) error {
	return needs(a, Manager, what+" (a change of role)")
}

// Appraise refuses scoring, or deciding on a score of, a staff member the actor may not appraise
// (issue 15, "who appraises whom"): supervisors appraise agents; managers appraise agents and
// supervisors, and, having no one above them in the department, each other; nobody appraises
// themselves. Discretion, proposals, appeals and reversals follow the same line.
func Appraise(a Actor, targetID int64, target Role, what string) error {
	need, whatRole := Supervisor, what
	if target.AtLeast(Supervisor) {
		need, whatRole = Manager, fmt.Sprintf("%s (of %s)", what, article(target))
	}
	// An agent hears about the role first; a supervisor scoring himself about himself.
	if !a.System && !a.Role.AtLeast(Supervisor) {
		return needs(a, need, whatRole)
	}
	if err := NotSelf(a, targetID, what); err != nil {
		return err
	}
	return needs(a, need, whatRole)
}

// needs refuses the actor unless they hold at least role need.
func needs(a Actor, need Role, what string) error {
	if a.System {
		return nil
	}
	if !a.Active {
		return errs.Forbiddenf("%s is inactive and cannot act; ask a supervisor to act instead", a.Name)
	}
	if !a.Role.AtLeast(need) {
		return errs.Forbiddenf("%s needs the %s role (or higher); %s is %s", what, need, a.Name, article(a.Role))
	}
	return nil
}
