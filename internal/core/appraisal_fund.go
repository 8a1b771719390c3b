package core

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/when"
)

// The department fund (部门基金): every fine goes in, a manager records what is spent.

// FundMonth is one month of the fund: the balance carried in, the month's fines and spending,
// and the balance carried out.
type FundMonth struct {
	Month   when.Month
	Opening score.Fen
	Fines   score.Fen
	Spent   score.Fen
	Closing score.Fen
}

// FundView is score fund's answer: the months asked for and their spending.
type FundView struct {
	Months   []FundMonth
	Spending []persist.Spending
}

// fundMonths computes the fund month by month from the first month with activity through last.
func (e *env) fundMonths(last when.Month) ([]FundMonth, error) {
	first, ok, err := e.tx.FirstActivity()
	if err != nil || !ok {
		return nil, err
	}
	m := when.MonthOf(first, e.loc)
	var out []FundMonth
	var balance score.Fen
	for ; !monthBefore(last, m); m = nextMonth(m) {
		fines, err := e.monthFines(m)
		if err != nil {
			return nil, err
		}
		fm := FundMonth{Month: m, Opening: balance, Fines: fines}
		sp, err := e.tx.Spendings(m.Start(e.loc), m.End(e.loc))
		if err != nil {
			return nil, err
		}
		for _, x := range sp {
			fm.Spent += x.Amount
		}
		balance += fm.Fines - fm.Spent
		fm.Closing = balance
		out = append(out, fm)
	}
	return out, nil
}

// monthFines adds up the fines of a month's sheet: the frozen sheet of a closed month, else the
// entries tallied under the current catalog (the sheet's own arithmetic, without its reports).
func (e *env) monthFines(m when.Month) (score.Fen, error) {
	mp, err := e.monthPolicy(m)
	if err != nil {
		return 0, err
	}
	var total score.Fen
	if mp.closed != nil {
		for _, r := range mp.frozen {
			total += r.Fines
		}
		return total, nil
	}
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
	if err != nil {
		return 0, err
	}
	byStaff := map[int64][]score.Entry{}
	for _, x := range es {
		byStaff[x.StaffID] = append(byStaff[x.StaffID], x.Entry())
	}
	rules := ruleMap(mp.rules)
	for _, list := range byStaff {
		total += score.TallyEntries(mp.settings, rules, list).Fines
	}
	return total, nil
}

// ScoreFund shows the fund for a month (default: this month) or, with year, each month of it.
func (s *Service) ScoreFund(ctx context.Context, month string, year int) (FundView, error) {
	var v FundView
	err := s.read(ctx, func(e *env) error {
		now := when.MonthOf(e.tx.Time(), e.loc)
		from, to := now, now
		switch {
		case year != 0 && month != "":
			return errs.Invalidf("score fund takes --month or --year, not both")
		case year != 0:
			if year < 2000 || year > now.Year {
				return errs.Invalidf("--year %d: use a year from 2000 to %d", year, now.Year)
			}
			from, to = when.Month{Year: year, Month: time.January}, when.Month{Year: year, Month: time.December}
			if monthBefore(now, to) {
				to = now
			}
		case month != "":
			m, err := e.parseMonth(month)
			if err != nil {
				return err
			}
			if monthBefore(now, m) {
				return errs.Invalidf("--month %s has not begun", m)
			}
			from, to = m, m
		}
		all, err := e.fundMonths(to)
		if err != nil {
			return err
		}
		for _, fm := range all {
			if !monthBefore(fm.Month, from) {
				v.Months = append(v.Months, fm)
			}
		}
		if len(v.Months) == 0 {
			v.Months = []FundMonth{{Month: to}}
		}
		v.Spending, err = e.tx.Spendings(from.Start(e.loc), to.End(e.loc))
		return err
	})
	return v, err
}

// ScoreFundSpend records spending from the fund (manager); the fund cannot go below zero.
func (s *Service) ScoreFundSpend(ctx context.Context, as, amount, reason, at string) (persist.Spending, FundMonth, error) {
	var out persist.Spending
	var fm FundMonth
	f, err := score.ParseYuan(amount)
	if err != nil || f == 0 {
		return out, fm, errs.Invalidf("amount %q: use a positive number of yuan with at most two decimals (fen), e.g. 120 or 35.50", amount)
	}
	if err := checkReason(reason, "score fund spend", true); err != nil {
		return out, fm, err
	}
	err = s.write(ctx, as, access.ManagePolicy, "score fund spend", func(e *env) error {
		t, err := e.at(at)
		if err != nil {
			return err
		}
		months, err := e.fundMonths(when.MonthOf(t, e.loc))
		if err != nil {
			return err
		}
		var balance score.Fen
		if len(months) > 0 {
			balance = months[len(months)-1].Closing
		}
		if f > balance {
			return errs.Invalidf("the fund holds %s yuan; it cannot pay %s", balance, f)
		}
		out = persist.Spending{At: t, Amount: f, Reason: reason, RecordedBy: e.actor.Name}
		if err := e.tx.InsertSpending(&out, e.actor.ID); err != nil {
			return err
		}
		fm = months[len(months)-1]
		fm.Spent += f
		fm.Closing -= f
		return e.event("fund", out.ID, "spent", audit.FundSpent{Amount: f.String(), Reason: reason, At: t.UTC().Format(time.RFC3339)})
	})
	return out, fm, err
}
