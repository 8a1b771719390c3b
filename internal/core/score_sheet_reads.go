package core

import (
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/when"
)

// sheetReads keeps what computing one month's score sheet reads more than once: a sheet
// computes the month before it (who was last) and the top sellers of the months before that
// (the streak), each of which would read its month's close, the rule catalog and the staff
// again. It lives for one monthSheet call (or a year view's twelve), in which nothing is
// written; nil reads through.
type sheetReads struct {
	policies map[when.Month]monthPolicy
	rules    []score.Rule
	staff    []staff.Staff
	read     struct{ rules, staff bool }
}

// scoreRules is the rule catalog now.
func (c *sheetReads) scoreRules(tx persist.Tx) ([]score.Rule, error) {
	if c == nil {
		return tx.ScoreRules()
	}
	if !c.read.rules {
		rs, err := tx.ScoreRules()
		if err != nil {
			return nil, err
		}
		c.rules, c.read.rules = rs, true
	}
	return c.rules, nil
}

// allStaff is every staff member, deactivated included.
func (c *sheetReads) allStaff(tx persist.Tx) ([]staff.Staff, error) {
	if c == nil {
		return tx.ListStaff(persist.StaffFilter{IncludeOff: true})
	}
	if !c.read.staff {
		all, err := tx.ListStaff(persist.StaffFilter{IncludeOff: true})
		if err != nil {
			return nil, err
		}
		c.staff, c.read.staff = all, true
	}
	return c.staff, nil
}
