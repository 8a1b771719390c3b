package score

import (
	"slices"
	"strings"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
)

// Condition is a bonus rule's eligibility condition, from a small fixed set.
type Condition string

// The conditions a bonus may carry.
const (
	NoViolation      Condition = "no-violation"       // no violation counted this month
	NoValidComplaint Condition = "no-valid-complaint" // no valid complaint verdict this month
	TopOfMonth       Condition = "top-of-month"       // top of the department, and no violation
	Exam100          Condition = "exam-100"           // the month's skills exam scored 100
)

// Conditions lists the conditions in display order.
var Conditions = []Condition{NoViolation, NoValidComplaint, TopOfMonth, Exam100}

// ParseCondition reads a condition a person typed; "" and "none" are no condition.
func ParseCondition(s string) (Condition, error) {
	c := Condition(strings.ToLower(strings.TrimSpace(s)))
	if c == "" || c == "none" {
		return "", nil
	}
	if !slices.Contains(Conditions, c) {
		return "", errs.Invalidf("unknown eligibility condition %q: use no-violation, no-valid-complaint, top-of-month, exam-100 or none", s)
	}
	return c, nil
}

// Standing is what the conditions look at for one staff member and month.
type Standing struct {
	// Violations are the codes of the month's counted violations (light to fine classes).
	Violations []string
	// ValidComplaints counts the month's valid complaint verdicts against them.
	ValidComplaints int
	// Top says they are top of the department for the month (TopOfMonthIDs).
	Top bool
	// Exam is the month's exam score, nil when none is recorded.
	Exam *Points
}

// Check says why a staff member does not meet the condition (nil: eligible).
func (c Condition) Check(name, month string, st Standing) error {
	violation := func() error {
		if len(st.Violations) > 0 {
			return errs.Invalidf("%s is not eligible in %s: %d violation(s) this month (%s)", name, month, len(st.Violations), strings.Join(st.Violations, ", "))
		}
		return nil
	}
	switch c {
	case NoViolation:
		return violation()
	case NoValidComplaint:
		if st.ValidComplaints > 0 {
			return errs.Invalidf("%s is not eligible in %s: %d valid complaint(s) this month", name, month, st.ValidComplaints)
		}
	case TopOfMonth:
		if !st.Top {
			return errs.Invalidf("%s is not eligible in %s: not top of the department by resolved tickets, accuracy and deductions", name, month)
		}
		return violation()
	case Exam100:
		if st.Exam == nil {
			return errs.Invalidf("%s is not eligible in %s: no skills exam recorded", name, month)
		}
		if *st.Exam != Pts(100) {
			return errs.Invalidf("%s is not eligible in %s: exam score %s, not 100", name, month, st.Exam.Short())
		}
	}
	return nil
}

// Performance is an agent's month as the top-of-month ranking sees it.
type Performance struct {
	StaffID    int64
	Resolved   int
	Correct    int // quality checks found correct
	Checked    int // quality checks
	Deductions Points
}

// better compares two agents: more resolved tickets, then higher accuracy, then fewer
// deductions (a smaller deduction total in absolute value). 1: a is better, -1: b, 0: tied.
func better(a, b Performance) int {
	if a.Resolved != b.Resolved {
		return cmpInt(a.Resolved, b.Resolved)
	}
	// accuracy a.Correct/a.Checked against b's, compared without division; no checks is 0.
	if l, r := a.Correct*max(b.Checked, 1), b.Correct*max(a.Checked, 1); l != r {
		return cmpInt(l, r)
	}
	if a.Deductions != b.Deductions {
		return cmpInt(int(a.Deductions), int(b.Deductions)) // -5 is better than -10
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// TopOfMonthIDs returns who is top of the department (all tied at the top), none when nobody
// resolved anything.
func TopOfMonthIDs(ps []Performance) map[int64]bool {
	out := map[int64]bool{}
	var best *Performance
	for i := range ps {
		if ps[i].Resolved == 0 {
			continue
		}
		if best == nil || better(ps[i], *best) > 0 {
			best = &ps[i]
		}
	}
	if best == nil {
		return out
	}
	for _, p := range ps {
		if p.Resolved > 0 && better(p, *best) == 0 {
			out[p.StaffID] = true
		}
	}
	return out
}

// Describe prints a performance for a candidates list: "12 resolved, accuracy 9/10, -2.0".
func (p Performance) Describe() string {
	acc := "no checks"
	if p.Checked > 0 {
		acc = i18n.Sprintf("accuracy %d/%d", p.Correct, p.Checked)
	}
	return i18n.Sprintf("%d resolved, %s, deductions %s", p.Resolved, acc, p.Deductions.String())
}
