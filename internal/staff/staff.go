// Package staff holds the staff member record and its validation.
package staff

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
)

// Shifts a staff member may work.
var Shifts = []string{"day", "night"}

// Staff is a member of the department.
type Staff struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Role   access.Role `json:"role"`
	Team   string      `json:"team"`
	Shift  string      `json:"shift"`
	Hired  string      `json:"hired"` // YYYY-MM-DD, or empty
	Active bool        `json:"active"`
	// WorkPattern is "team", weekly days ("mon-sat") or a rotation ("6on1off@2026-11-02"); see ParsePattern.
	WorkPattern string `json:"work_pattern"`
	// CreatedAt and DeactivatedAt are when the record was made and switched off.
	CreatedAt     time.Time  `json:"created_at"`
	DeactivatedAt *time.Time `json:"deactivated_at"`
}

// Actor returns the staff member as the actor of a command.
func (s Staff) Actor() access.Actor {
	return access.Actor{ID: s.ID, Name: s.Name, Role: s.Role, Active: s.Active}
}

// ValidName checks a person's name (staff or customer): 1-64 characters, printable, not all digits
// (a bare number is read as an id).
func ValidName(what errs.Word, name string) error {
	if strings.TrimSpace(name) != name || name == "" {
		return errs.Invalidf("%s name must not be empty or start or end with spaces", what)
	}
	if !utf8.ValidString(name) {
		return errs.Invalidf("%s name is not valid UTF-8", what)
	}
	if utf8.RuneCountInString(name) > 64 {
		return errs.Invalidf("%s name is longer than 64 characters", what)
	}
	digits := true
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return errs.Invalidf("%s name %q contains a control character", what, name)
		}
		if !unicode.IsDigit(r) {
			digits = false
		}
	}
	if digits {
		return errs.Invalidf("%s name %q is all digits; numbers are read as ids", what, name)
	}
	if name == "system" || name == "me" {
		return errs.Invalidf("%q is reserved and cannot be a %s name", name, what)
	}
	return nil
}

// ValidShift checks a shift name.
func ValidShift(s string) error {
	for _, v := range Shifts {
		if s == v {
			return nil
		}
	}
	return errs.Invalidf("unknown shift %q: use day or night", s)
}
