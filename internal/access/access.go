// Package access holds product.md's "Who may do what" table, in one place.
// The core asks Check before every write; nothing else decides permissions.
package access

import (
	"fmt"
	"strings"

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
	for _, r := range Roles {
		if string(r) == strings.ToLower(strings.TrimSpace(s)) {
			return r, nil
		}
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

func article(r Role) string {
	if r == Agent {
		return fmt.Sprintf("an %s", r)
	}
	return fmt.Sprintf("a %s", r)
}
