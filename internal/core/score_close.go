package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/when"
)

// Closing a month (and reopening it): what blocks a close, and the last deadline of the month.

// ScoreClose freezes a month's sheet with the policy used; entries dated in it are refused
// until a manager reopens it. The month must be over, with no open appeals or pending
// proposals, and remind must have run since the month's last deadline.
func (s *Service) ScoreClose(ctx context.Context, as, month string) (ScoreSheet, error) {
	return s.ScoreCloseWith(ctx, as, month, false)
}

// ScoreCloseWith is ScoreClose; force (manager) closes despite open appeals, pending proposals
// or a remind not yet run, and the close event records what was left open.
func (s *Service) ScoreCloseWith(ctx context.Context, as, month string, force bool) (ScoreSheet, error) {
	var sh ScoreSheet
	var forced []string
	if month == "" {
		return sh, errs.Invalidf("score close needs --month YYYY-MM")
	}
	m, err := s.month(ctx, month)
	if err != nil {
		return sh, err
	}
	act := access.Supervise
	if force {
		act = access.ManagePolicy
	}
	err = s.write(ctx, as, act, "score close", func(e *env) error {
		if end := m.End(e.loc); end.After(e.tx.Time()) {
			return errs.Invalidf("%s is not over yet: it can be closed from %s", m, end.Format("2006-01-02 15:04"))
		}
		if c, closed, err := e.tx.ScoreCloseFor(m.String()); err != nil {
			return err
		} else if closed {
			return errs.Conflictf("%s was already closed by %s on %s", m, c.ClosedBy, c.ClosedAt.In(e.loc).Format("2006-01-02"))
		}
		open, err := e.closeBlockers(m)
		if err != nil {
			return err
		}
		if len(open) > 0 && !force {
			return errs.Invalidf("%s cannot be closed yet: %s", m, strings.Join(open, "; ")).
				WithHint("kefu score close --month %s --force --as MANAGER (closes anyway, recorded)", m)
		}
		forced = append([]string{}, open...)
		if sh, err = e.monthSheet(m); err != nil {
			return err
		}
		mp, err := e.monthPolicy(m)
		if err != nil {
			return err
		}
		pol, err := json.Marshal(frozenPolicy{Settings: mp.values, Rules: mp.rules})
		if err != nil {
			return errs.Wrap(err, "freezing the policy of %s", m)
		}
		rows, err := json.Marshal(sh.Rows)
		if err != nil {
			return errs.Wrap(err, "freezing the sheet of %s", m)
		}
		c := persist.ScoreClose{Month: m.String(), Policy: string(pol), Sheet: string(rows)}
		if err := e.tx.InsertScoreClose(&c, e.actor.ID); err != nil {
			return err
		}
		sh.Closed, sh.ClosedAt, sh.ClosedBy = true, c.ClosedAt, e.actor.Name
		appeals := 0
		for _, r := range sh.Rows {
			appeals += r.Appeals
		}
		if force {
			return e.event("score_month", c.ID, "closed", audit.ScoreMonthForceClosed{Month: m.String(), Rows: len(sh.Rows), OpenAppeals: appeals,
				Forced: true, LeftOpen: forced})
		}
		return e.event("score_month", c.ID, "closed", audit.ScoreMonthClosed{Month: m.String(), Rows: len(sh.Rows), OpenAppeals: appeals})
	})
	return sh, err
}

// RemindRunKey is the state key where remind records when it last ran.
const RemindRunKey = "remind.last_run"

// lastDeadline is the month's last deadline: the close of its last service day plus
// handover.grace, when that day's notes are due and their proposals can exist.
func (e *env) lastDeadline(m when.Month) (time.Time, error) {
	grace, err := e.grace()
	if err != nil {
		return time.Time{}, err
	}
	// The last service day: a working day of the team calendar, or a day someone's own work
	// pattern has them on duty (a 6-on-1-off rota works weekends).
	first := calendar.Date{Y: m.Year, M: m.Month, D: 1}
	end := calendar.DateOf(m.End(e.loc).Add(-time.Second), e.loc)
	r, err := e.roster("", first, end)
	if err != nil {
		return time.Time{}, err
	}
	var last calendar.Date
	for d := first; !d.After(end); d = d.AddDays(1) {
		if r.Staffed(d) {
			last = d
		}
	}
	if last.Y == 0 {
		return m.End(e.loc).Add(grace), nil
	}
	// It closes with its service hours or its last shift, whichever ends later.
	closing := e.cal.Hours(last.Weekday()).Close
	if sh, err := e.shifts(); err == nil {
		for _, sp := range sh.Hours {
			closing = max(closing, sp.Close)
		}
	}
	return time.Date(last.Y, last.M, last.D, 0, closing, 0, 0, e.loc).Add(grace), nil
}

// closeBlockers lists what keeps a month from closing: open appeals, pending proposals, and
// a remind that has not run since the month's last deadline.
func (e *env) closeBlockers(m when.Month) ([]string, error) {
	var out []string
	f := persist.ScoreFilter{From: m.Start(e.loc), To: m.End(e.loc)}
	f.Status = "open"
	appeals, err := e.tx.ScoreAppeals(f)
	if err != nil {
		return nil, err
	}
	if len(appeals) > 0 {
		var ids []string
		for _, a := range appeals {
			ids = append(ids, i18n.Sprintf("%d (%s, entry %d)", a.ID, a.Staff, a.EntryID))
		}
		out = append(out, "open appeal "+strings.Join(ids, ", ")+": decide with kefu score appeal resolve")
	}
	f.Status = "pending"
	pend, err := e.tx.ScorePendingEntries(f)
	if err != nil {
		return nil, err
	}
	if len(pend) > 0 {
		var ids []string
		for _, p := range pend {
			ids = append(ids, fmt.Sprintf("%d (%s %s)", p.ID, p.Staff, p.Rule))
		}
		out = append(out, "pending entr"+map[bool]string{true: "y", false: "ies"}[len(pend) == 1]+" "+strings.Join(ids, ", ")+": confirm or dismiss them")
	}
	deadline, err := e.lastDeadline(m)
	if err != nil {
		return nil, err
	}
	v, err := e.tx.State(RemindRunKey)
	if err != nil {
		return nil, err
	}
	ranMS, _ := strconv.ParseInt(v, 10, 64)
	if ranMS == 0 || time.UnixMilli(ranMS).Before(deadline) {
		out = append(out, i18n.Sprintf("remind has not run since the month's last deadline %s (its notes and proposals may be missing): run kefu remind first",
			deadline.In(e.loc).Format("2006-01-02 15:04")))
	}
	return out, nil
}

// ScoreReopen reopens a closed month (manager); the close stays on record.
func (s *Service) ScoreReopen(ctx context.Context, as, month, reason string) error {
	if month == "" {
		return errs.Invalidf("score reopen needs --month YYYY-MM")
	}
	m, err := s.month(ctx, month)
	if err != nil {
		return err
	}
	if err := checkReason(reason, "score reopen", false); err != nil {
		return err
	}
	return s.write(ctx, as, access.ManagePolicy, "score reopen", func(e *env) error {
		c, closed, err := e.tx.ScoreCloseFor(m.String())
		if err != nil {
			return err
		}
		if !closed {
			return errs.Invalidf("%s is not closed", m)
		}
		if err := e.tx.ReopenScoreClose(c.ID, e.actor.ID, reason); err != nil {
			return err
		}
		return e.event("score_month", c.ID, "reopened", audit.ScoreMonthReopened{Month: m.String(), Reason: reason})
	})
}
