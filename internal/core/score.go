package core

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/store"
	"github.com/kefu/kefu/internal/ticket"
	"github.com/kefu/kefu/internal/when"
)

// The points appraisal (绩效考核): the rule catalog, entries and proposals, exams, the monthly
// sheet with its explanation, month close and appeals. The arithmetic is internal/score's.

const maxReason = 2000

// checkReason validates a --reason; what names the command for the message when it is missing.
func checkReason(reason, what string, required bool) error {
	if required && strings.TrimSpace(reason) == "" {
		return errs.Invalidf("%s needs --reason TEXT", what)
	}
	return ticket.CheckText("reason", reason, maxReason, false)
}

// scoreMonth parses --month; empty is the current month in the team's zone.
func (e *env) scoreMonth(s string) (when.Month, error) {
	if s == "" {
		return when.MonthOf(e.tx.Now, e.loc), nil
	}
	return when.ParseMonth(s)
}

func (e *env) scoreSettings() (score.Settings, error) { return score.SettingsFrom(e.policy.Get) }

func ruleMap(rs []score.Rule) map[string]score.Rule {
	m := make(map[string]score.Rule, len(rs))
	for _, r := range rs {
		m[r.Code] = r
	}
	return m
}

// ensureOpen refuses a change dated in a closed month.
func (e *env) ensureOpen(t time.Time) error {
	m := when.MonthOf(t, e.loc)
	c, closed, err := e.tx.ScoreCloseFor(m.String())
	if err != nil || !closed {
		return err
	}
	return errs.Invalidf("%s is closed (by %s on %s): nothing dated in it can change until a manager reopens it",
		m, c.ClosedBy, c.ClosedAt.In(e.loc).Format("2006-01-02")).WithHint("kefu score reopen --month %s --as MANAGER", m)
}

// usableRule reads a rule for a new entry: it must exist and not be retired.
func (e *env) usableRule(code string) (score.Rule, error) {
	r, err := e.tx.ScoreRule(code)
	if err != nil {
		return r, err
	}
	if r.Retired {
		return r, errs.Invalidf("rule %s is retired: it stays for history but takes no new entries", code).WithHint("kefu score rules")
	}
	return r, nil
}

// scorable checks that st can receive an entry dated at: not after they were deactivated.
func scorable(st staff.Staff, at time.Time, loc *time.Location) error {
	if !st.Active && st.DeactivatedAt != nil && at.After(*st.DeactivatedAt) {
		return errs.Invalidf("%s was deactivated on %s; an entry for them must be dated before that", st.Name, st.DeactivatedAt.In(loc).Format("2006-01-02"))
	}
	return nil
}

// checkDiscretion keeps the discretionary points of a staff member's month within the
// rule's range (−5..+5 by default) after delta more count.
func (e *env) checkDiscretion(st int64, name string, at time.Time, delta score.Points) error {
	r, err := e.tx.ScoreRule(score.DiscretionCode)
	if err != nil {
		return err
	}
	m := when.MonthOf(at, e.loc)
	es, err := e.tx.ScoreEntries(store.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st, Rule: score.DiscretionCode})
	if err != nil {
		return err
	}
	var net score.Points
	for _, x := range es {
		if x.Reverts == 0 && x.RevertedBy == 0 {
			net += x.Points
		}
	}
	if after := net + delta; after < r.Min || after > r.Max {
		return errs.Invalidf("discretionary points are limited to %s net per month: %s has %s in %s, and this would make it %s",
			r.PointsSpec(), name, net.Signed(), m, after.Signed())
	}
	return nil
}

// ScoreAddOptions are score add's arguments.
type ScoreAddOptions struct {
	Staff  string
	Rule   string
	Points string // empty: the rule's fixed points
	Reason string
	Ticket int64
	At     string
	// Propose stores a pending entry for a supervisor to confirm instead of recording it.
	Propose bool
}

// ScoreAdded is what score add did: the entry (or the proposal) and how it counts in its month.
type ScoreAdded struct {
	Entry    store.ScoreEntry
	Pending  *store.ScorePending
	Month    when.Month
	Line     score.Line
	Tally    score.Tally
	ExtraNow bool // this entry brought the automatic extra
}

func parseOptionalPoints(s string) (*score.Points, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	p, err := score.ParsePoints(s)
	if err != nil {
		return nil, errs.Invalidf("--points: %v", err)
	}
	return &p, nil
}

// ScoreAdd records an entry for a staff member under a rule. Scorers are supervisors or
// managers, never for themselves; a rule with a range needs points inside it; discretion needs a
// reason and stays within its net monthly range; entries dated in a closed month are refused.
func (s *Service) ScoreAdd(ctx context.Context, as string, o ScoreAddOptions) (ScoreAdded, error) {
	var out ScoreAdded
	pts, err := parseOptionalPoints(o.Points)
	if err != nil {
		return out, err
	}
	if o.Rule == score.DiscretionCode && strings.TrimSpace(o.Reason) == "" {
		return out, errs.Invalidf("a discretionary entry needs --reason TEXT saying why")
	}
	if err := checkReason(o.Reason, "score add", false); err != nil {
		return out, err
	}
	what := "score add"
	err = s.write(ctx, as, access.Work, what, func(e *env) error {
		st, err := e.tx.StaffByName(o.Staff)
		if err != nil {
			return err
		}
		if err := access.Appraise(e.actor, st.ID, st.Role, what); err != nil {
			return err
		}
		r, err := e.usableRule(o.Rule)
		if err != nil {
			return err
		}
		if o.Propose && r.Class == score.Discretion {
			return errs.Invalidf("discretionary points are given, not proposed: leave out --pending")
		}
		at, err := e.at(o.At)
		if err != nil {
			return err
		}
		if err := scorable(st, at, e.loc); err != nil {
			return err
		}
		if o.Ticket != 0 {
			if _, err := e.tx.Ticket(o.Ticket); err != nil {
				return err
			}
		}
		out.Month = when.MonthOf(at, e.loc)
		if o.Propose {
			p := ProposedEntry{StaffID: st.ID, Rule: r.Code, Points: pts, Reason: o.Reason, TicketID: o.Ticket, At: at}
			id, _, err := e.propose(p)
			if err != nil {
				return err
			}
			pe, err := e.tx.ScorePendingEntry(id)
			out.Pending = &pe
			return err
		}
		p, err := r.Resolve(pts)
		if err != nil {
			return err
		}
		if err := e.ensureOpen(at); err != nil {
			return err
		}
		if r.Class == score.Discretion {
			if err := e.checkDiscretion(st.ID, st.Name, at, p); err != nil {
				return err
			}
		}
		if err := e.checkBonusLimits(r, st, at); err != nil {
			return err
		}
		before, err := e.staffTally(st.ID, out.Month)
		if err != nil {
			return err
		}
		id, err := e.tx.InsertScoreEntry(store.NewScoreEntry{StaffID: st.ID, Rule: r.Code, Points: p, Reason: o.Reason,
			TicketID: o.Ticket, At: at, RecordedBy: e.actor.ID})
		if err != nil {
			return err
		}
		if err := e.event("score_entry", id, "added", map[string]any{"staff": st.Name, "rule": r.Code, "points": p.String(),
			"reason": o.Reason, "ticket": nullable(o.Ticket), "at": at.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		if out.Entry, err = e.tx.ScoreEntry(id); err != nil {
			return err
		}
		if out.Tally, err = e.staffTally(st.ID, out.Month); err != nil {
			return err
		}
		out.ExtraNow = before.Extra == 0 && out.Tally.Extra != 0
		for _, ln := range out.Tally.Lines {
			if ln.ID == id {
				out.Line = ln
			}
		}
		return nil
	})
	return out, err
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// appraise refuses acting on a score of staff member id unless the actor appraises them
// (access.Appraise): a proposal or appeal concerning a supervisor waits for a manager.
func (e *env) appraise(id int64, what string) error {
	st, err := e.tx.StaffByID(id)
	if err != nil {
		return err
	}
	return access.Appraise(e.actor, st.ID, st.Role, what)
}

// staffTally adds up one staff member's month under the current policy and catalog.
func (e *env) staffTally(staffID int64, m when.Month) (score.Tally, error) {
	st, err := e.scoreSettings()
	if err != nil {
		return score.Tally{}, err
	}
	rs, err := e.tx.ScoreRules()
	if err != nil {
		return score.Tally{}, err
	}
	es, err := e.tx.ScoreEntries(store.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: staffID})
	if err != nil {
		return score.Tally{}, err
	}
	return score.TallyEntries(st, ruleMap(rs), entriesOf(es)), nil
}

func entriesOf(es []store.ScoreEntry) []score.Entry {
	out := make([]score.Entry, len(es))
	for i, x := range es {
		out[i] = x.Entry()
	}
	return out
}

// revertEntry records the compensating entry of x, dated like x so it lands in x's month.
func (e *env) revertEntry(x store.ScoreEntry, reason, cause string) (int64, error) {
	switch {
	case x.Reverts != 0:
		return 0, errs.Invalidf("entry %d is itself the reversal of entry %d and cannot be reverted", x.ID, x.Reverts)
	case x.RevertedBy != 0:
		return 0, errs.Conflictf("entry %d was already reverted by entry %d", x.ID, x.RevertedBy)
	}
	if err := e.ensureOpen(x.At); err != nil {
		return 0, err
	}
	if x.Class == score.Discretion {
		if err := e.checkDiscretion(x.StaffID, x.Staff, x.At, -x.Points); err != nil {
			return 0, err
		}
	}
	id, err := e.tx.InsertScoreEntry(store.NewScoreEntry{StaffID: x.StaffID, Rule: x.Rule, Points: -x.Points, Reason: reason,
		TicketID: x.TicketID, At: x.At, RecordedBy: e.actor.ID, Reverts: x.ID})
	if err != nil {
		return 0, err
	}
	return id, e.event("score_entry", id, "reverted", map[string]any{"reverts": x.ID, "staff": x.Staff, "rule": x.Rule,
		"points": (-x.Points).String(), "reason": reason, "cause": cause})
}

// ScoreRevert reverses an entry with a compensating one; nothing is deleted or edited.
func (s *Service) ScoreRevert(ctx context.Context, as string, id int64, reason string) (store.ScoreEntry, error) {
	var out store.ScoreEntry
	if err := checkReason(reason, "score revert", true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Supervise, "score revert", func(e *env) error {
		x, err := e.tx.ScoreEntry(id)
		if err != nil {
			return err
		}
		if err := e.appraise(x.StaffID, "score revert"); err != nil {
			return err
		}
		if x.AppealStatus == "open" {
			return errs.Invalidf("entry %d has an open appeal (%d): decide the appeal instead", x.ID, x.AppealID).
				WithHint("kefu score appeal resolve %d reverse --reason TEXT", x.AppealID)
		}
		rid, err := e.revertEntry(x, reason, "revert")
		if err != nil {
			return err
		}
		out, err = e.tx.ScoreEntry(rid)
		return err
	})
	return out, err
}

// ScoreListOptions are score list's filters.
type ScoreListOptions struct {
	Staff, Month, Rule string
}

// ScoreList lists the month's entries, reversals included, in time order.
func (s *Service) ScoreList(ctx context.Context, o ScoreListOptions) (when.Month, []store.ScoreEntry, error) {
	var m when.Month
	var out []store.ScoreEntry
	err := s.read(ctx, func(e *env) error {
		var err error
		if m, err = e.scoreMonth(o.Month); err != nil {
			return err
		}
		f := store.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), Rule: o.Rule}
		if o.Staff != "" {
			st, err := e.tx.StaffByName(o.Staff)
			if err != nil {
				return err
			}
			f.StaffID = st.ID
		}
		if o.Rule != "" {
			if _, err := e.tx.ScoreRule(o.Rule); err != nil {
				return err
			}
		}
		out, err = e.tx.ScoreEntries(f)
		return err
	})
	return m, out, err
}

// Proposed entries.

// ProposedEntry is an entry another feature proposes (a missed handover note, an SLA breach):
// it counts only once a supervisor confirms it.
type ProposedEntry struct {
	StaffID  int64
	Rule     string
	Points   *score.Points // nil: the rule's default
	Reason   string
	TicketID int64
	At       time.Time
	Key      string // dedupe key: proposing the same Key twice creates nothing
}

// proposeEntry stores a pending entry as the acting user (system for remind). A Key already
// proposed, or a rule the team retired, creates nothing and is no error: the team no longer
// wants those proposals.
func (e *env) proposeEntry(p ProposedEntry) (created bool, err error) {
	_, created, err = e.propose(p)
	return created, err
}

func (e *env) propose(p ProposedEntry) (id int64, created bool, err error) {
	r, err := e.tx.ScoreRule(p.Rule)
	if err != nil {
		return 0, false, err
	}
	if r.Retired {
		return 0, false, nil
	}
	if r.Class == score.Discretion {
		return 0, false, errs.Invalidf("discretionary points cannot be proposed")
	}
	pts, err := r.Resolve(p.Points)
	if err != nil {
		return 0, false, err
	}
	st, err := e.tx.StaffByID(p.StaffID)
	if err != nil {
		return 0, false, err
	}
	if err := ticket.CheckText("reason", p.Reason, maxReason, false); err != nil {
		return 0, false, err
	}
	if p.TicketID != 0 {
		if _, err := e.tx.Ticket(p.TicketID); err != nil {
			return 0, false, err
		}
	}
	if p.At.IsZero() {
		p.At = e.tx.Now
	}
	row := store.ScorePending{StaffID: st.ID, Rule: r.Code, Points: pts, Reason: p.Reason, TicketID: p.TicketID, At: p.At, Key: p.Key}
	var by int64
	if !e.actor.System {
		by = e.actor.ID
	}
	created, err = e.tx.InsertScorePending(&row, by)
	if err != nil || !created {
		return 0, created, err
	}
	return row.ID, true, e.event("score_pending", row.ID, "proposed", map[string]any{"staff": st.Name, "rule": r.Code,
		"points": pts.String(), "reason": p.Reason, "ticket": nullable(p.TicketID), "at": p.At.UTC().Format(time.RFC3339), "key": p.Key})
}

// scoreFilter reads a list's --staff and --month into a filter with the given status.
func (e *env) scoreFilter(status, staffRef, month string) (store.ScoreFilter, error) {
	f := store.ScoreFilter{Status: status}
	if month != "" {
		m, err := when.ParseMonth(month)
		if err != nil {
			return f, err
		}
		f.From, f.To = m.Start(e.loc), m.End(e.loc)
	}
	if staffRef != "" {
		st, err := e.tx.StaffByName(staffRef)
		if err != nil {
			return f, err
		}
		f.StaffID = st.ID
	}
	return f, nil
}

// ScorePendingList lists proposals awaiting a decision (all: decided ones too), of a staff
// member and month if given.
func (s *Service) ScorePendingList(ctx context.Context, staffRef, month string, all bool) ([]store.ScorePending, error) {
	var out []store.ScorePending
	err := s.read(ctx, func(e *env) error {
		status := "pending"
		if all {
			status = ""
		}
		f, err := e.scoreFilter(status, staffRef, month)
		if err != nil {
			return err
		}
		out, err = e.tx.ScorePendingEntries(f)
		return err
	})
	return out, err
}

// decidable loads a proposal a supervisor may decide: still pending, not their own.
func (e *env) decidable(id int64, what string) (store.ScorePending, error) {
	p, err := e.tx.ScorePendingEntry(id)
	if err != nil {
		return p, err
	}
	if p.Status != "pending" {
		return p, errs.Invalidf("pending entry %d was already %s by %s", id, p.Status, p.DecidedBy)
	}
	return p, e.appraise(p.StaffID, what)
}

// ScoreConfirm turns a proposal into an entry that counts.
func (s *Service) ScoreConfirm(ctx context.Context, as string, id int64, note string) (store.ScoreEntry, error) {
	var out store.ScoreEntry
	if err := checkReason(note, "score confirm", false); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Work, "score confirm", func(e *env) error {
		p, err := e.decidable(id, "score confirm")
		if err != nil {
			return err
		}
		if err := e.ensureOpen(p.At); err != nil {
			return err
		}
		r, err := e.tx.ScoreRule(p.Rule)
		if err != nil {
			return err
		}
		st, err := e.tx.StaffByID(p.StaffID)
		if err != nil {
			return err
		}
		if err := e.checkBonusLimits(r, st, p.At); err != nil {
			return err
		}
		eid, err := e.tx.InsertScoreEntry(store.NewScoreEntry{StaffID: p.StaffID, Rule: p.Rule, Points: p.Points, Reason: p.Reason,
			TicketID: p.TicketID, At: p.At, RecordedBy: e.actor.ID})
		if err != nil {
			return err
		}
		if err := e.tx.DecideScorePending(id, "confirmed", e.actor.ID, note, eid); err != nil {
			return err
		}
		if err := e.event("score_pending", id, "confirmed", map[string]any{"entry": eid, "staff": p.Staff, "rule": p.Rule,
			"points": p.Points.String(), "note": note}); err != nil {
			return err
		}
		out, err = e.tx.ScoreEntry(eid)
		return err
	})
	return out, err
}

// ScoreDismiss drops a proposal with a reason; it never counts.
func (s *Service) ScoreDismiss(ctx context.Context, as string, id int64, reason string) (store.ScorePending, error) {
	var out store.ScorePending
	if err := checkReason(reason, "score dismiss", true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Work, "score dismiss", func(e *env) error {
		p, err := e.decidable(id, "score dismiss")
		if err != nil {
			return err
		}
		if err := e.tx.DecideScorePending(id, "dismissed", e.actor.ID, reason, 0); err != nil {
			return err
		}
		if err := e.event("score_pending", id, "dismissed", map[string]any{"staff": p.Staff, "rule": p.Rule, "reason": reason}); err != nil {
			return err
		}
		out, err = e.tx.ScorePendingEntry(id)
		return err
	})
	return out, err
}

// Exams.

// ScoreExamResult is what recording an exam did.
type ScoreExamResult struct {
	Exam     store.ScoreExam
	Staff    string
	Applied  string // the rule applied automatically, if any
	Points   score.Points
	EntryID  int64
	Reverted int64 // with amend: the earlier automatic entry reverted
}

// ScoreExam records a staff member's monthly skills exam (0-100): full marks apply exam-full,
// a score below score.exam_pass applies exam-below-60. With amend it replaces the month's
// exam, reverting the entry the earlier score applied.
func (s *Service) ScoreExam(ctx context.Context, as, staffRef, scoreText, month string, amend bool) (ScoreExamResult, error) {
	var out ScoreExamResult
	v, err := score.ParsePoints(scoreText)
	if err != nil || v < 0 || v > score.Pts(100) {
		return out, errs.Invalidf("exam score %q: use a number from 0 to 100 (at most one decimal)", scoreText)
	}
	err = s.write(ctx, as, access.Supervise, "score exam", func(e *env) error {
		st, err := e.tx.StaffByName(staffRef)
		if err != nil {
			return err
		}
		if err := access.Appraise(e.actor, st.ID, st.Role, "score exam"); err != nil {
			return err
		}
		out.Staff = st.Name
		m, err := e.scoreMonth(month)
		if err != nil {
			return err
		}
		now := e.tx.Now
		if m.Start(e.loc).After(now) {
			return errs.Invalidf("--month %s has not begun", m)
		}
		// The exam's entry is dated now, or at the last second of a past month.
		at := now
		if end := m.End(e.loc); !end.After(now) {
			at = end.Add(-time.Second)
		}
		if err := e.ensureOpen(at); err != nil {
			return err
		}
		if err := scorable(st, at, e.loc); err != nil {
			return err
		}
		old, found, err := e.tx.ScoreExamFor(st.ID, m.String())
		if err != nil {
			return err
		}
		switch {
		case found && !amend:
			return errs.Conflictf("%s's exam of %s is already recorded (%s); pass --amend to replace it", st.Name, m, old.Score.Short()).
				WithHint("kefu score exam %s %s --month %s --amend", st.Name, scoreText, m)
		case !found && amend:
			return errs.Invalidf("%s has no exam in %s to amend", st.Name, m)
		}
		if found && old.EntryID != 0 {
			x, err := e.tx.ScoreEntry(old.EntryID)
			if err != nil {
				return err
			}
			if x.RevertedBy == 0 {
				if out.Reverted, err = e.revertEntry(x, fmt.Sprintf("exam amended from %s to %s", old.Score.Short(), v.Short()), "exam"); err != nil {
					return err
				}
			}
		}
		settings, err := e.scoreSettings()
		if err != nil {
			return err
		}
		code := ""
		switch {
		case v == score.Pts(100):
			code = score.ExamFullCode
		case v < settings.ExamPass:
			code = score.ExamBelowPassCode
		}
		if code != "" {
			r, err := e.tx.ScoreRule(code)
			if err != nil {
				return err
			}
			if !r.Retired {
				p, err := r.Resolve(nil)
				if err != nil {
					return err
				}
				reason := fmt.Sprintf("skills exam %s: %s", m, v.Short())
				if out.EntryID, err = e.tx.InsertScoreEntry(store.NewScoreEntry{StaffID: st.ID, Rule: code, Points: p, Reason: reason,
					At: at, RecordedBy: e.actor.ID}); err != nil {
					return err
				}
				if err := e.event("score_entry", out.EntryID, "added", map[string]any{"staff": st.Name, "rule": code, "points": p.String(),
					"reason": reason, "ticket": nil, "at": at.UTC().Format(time.RFC3339)}); err != nil {
					return err
				}
				out.Applied, out.Points = code, p
			}
		}
		x := store.ScoreExam{ID: old.ID, StaffID: st.ID, Month: m.String(), Score: v, EntryID: out.EntryID}
		if err := e.tx.SaveScoreExam(&x, e.actor.ID, amend); err != nil {
			return err
		}
		out.Exam = x
		payload := map[string]any{"staff": st.Name, "month": m.String(), "score": v.String(), "rule": out.Applied}
		action := "recorded"
		if amend {
			action = "amended"
			payload["old"] = old.Score.String()
		}
		return e.event("score_exam", x.ID, action, payload)
	})
	return out, err
}

// The sheet.

// ScoreSheet is a month's sheet: computed for an open month, frozen for a closed one.
type ScoreSheet struct {
	Month    when.Month
	Closed   bool
	ClosedAt time.Time
	ClosedBy string
	// Policy holds the appraisal settings used (frozen with a closed month).
	Policy map[string]string
	Rows   []score.Row
}

// frozenPolicy is what a closed month keeps of the policy: the settings and the catalog.
type frozenPolicy struct {
	Settings map[string]string `json:"settings"`
	Rules    []score.Rule      `json:"rules"`
}

// monthPolicy is the policy a month is computed with: frozen for a closed month, else current.
type monthPolicy struct {
	values   map[string]string
	settings score.Settings
	rules    []score.Rule
	closed   *store.ScoreClose
	frozen   []score.Row
}

func (e *env) monthPolicy(m when.Month) (monthPolicy, error) {
	var mp monthPolicy
	c, closed, err := e.tx.ScoreCloseFor(m.String())
	if err != nil {
		return mp, err
	}
	if closed {
		var fp frozenPolicy
		if err := json.Unmarshal([]byte(c.Policy), &fp); err != nil {
			return mp, errs.Wrap(err, "reading the policy frozen with %s", m)
		}
		if err := json.Unmarshal([]byte(c.Sheet), &mp.frozen); err != nil {
			return mp, errs.Wrap(err, "reading the sheet frozen with %s", m)
		}
		mp.values, mp.rules, mp.closed = fp.Settings, fp.Rules, &c
		mp.settings, err = score.SettingsFrom(func(k string) string {
			if v, ok := fp.Settings[k]; ok {
				return v
			}
			return score.DefaultValues[k]
		})
		return mp, err
	}
	mp.values = map[string]string{}
	for k, v := range e.policy.Settings {
		if score.IsKey(k) {
			mp.values[k] = v
		}
	}
	if mp.settings, err = e.scoreSettings(); err != nil {
		return mp, err
	}
	mp.rules, err = e.tx.ScoreRules()
	return mp, err
}

// sheetMembers lists who a month's sheet covers: everyone employed in the month (from the
// hire date, or the day they were added, until deactivated), and anyone with entries in it.
func (e *env) sheetMembers(m when.Month, withEntries map[int64]bool) ([]score.Member, error) {
	all, err := e.tx.ListStaff(store.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	start, end := m.Start(e.loc), m.End(e.loc)
	var out []score.Member
	for _, st := range all {
		began := st.CreatedAt
		if st.Hired != "" {
			if h, err := when.ParseDate(st.Hired, e.loc); err == nil {
				began = h
			}
		}
		employed := began.Before(end) && (st.DeactivatedAt == nil || !st.DeactivatedAt.Before(start))
		if employed || withEntries[st.ID] {
			out = append(out, score.Member{ID: st.ID, Name: st.Name, Team: st.Team, Agent: st.Role == access.Agent, Role: string(st.Role), Hired: st.Hired})
		}
	}
	return out, nil
}

// computeRows computes an open month's rows for everyone it covers.
func (e *env) computeRows(m when.Month, mp monthPolicy, prevLast map[int64]bool, prevStreak map[int64]int) ([]score.Row, error) {
	es, err := e.tx.ScoreEntries(store.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
	if err != nil {
		return nil, err
	}
	byStaff := map[int64][]score.Entry{}
	has := map[int64]bool{}
	for _, x := range es {
		byStaff[x.StaffID] = append(byStaff[x.StaffID], x.Entry())
		has[x.StaffID] = true
	}
	members, err := e.sheetMembers(m, has)
	if err != nil {
		return nil, err
	}
	sales, err := e.tx.PresaleSales(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return nil, err
	}
	rows := score.Sheet(score.SheetInput{Month: m, Settings: mp.settings, Rules: ruleMap(mp.rules), Members: members,
		Entries: byStaff, Sales: sales, PrevLastBelow70: prevLast, PrevTopStreak: prevStreak})
	exams, err := e.tx.ScoreExams(m.String())
	if err != nil {
		return nil, err
	}
	valid, err := e.tx.ValidComplaints(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if x, ok := exams[rows[i].StaffID]; ok {
			rows[i].Exam = &x
		}
		rows[i].ValidComplaints = valid[rows[i].StaffID]
	}
	return rows, nil
}

// baseRows are a month's rows as far as the month alone decides them (who is last, who sold
// most): the frozen rows of a closed month, else computed.
func (e *env) baseRows(m when.Month) ([]score.Row, error) {
	mp, err := e.monthPolicy(m)
	if err != nil || mp.closed != nil {
		return mp.frozen, err
	}
	return e.computeRows(m, mp, nil, nil)
}

// topSellers returns who was their team's top seller in m.
func (e *env) topSellers(m when.Month) (map[int64]bool, error) {
	mp, err := e.monthPolicy(m)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	if mp.closed != nil {
		for _, r := range mp.frozen {
			if r.TopSeller {
				out[r.StaffID] = true
			}
		}
		return out, nil
	}
	sales, err := e.tx.PresaleSales(m.Start(e.loc), m.End(e.loc))
	if err != nil || len(sales) == 0 {
		return out, err
	}
	has := map[int64]bool{}
	for id := range sales {
		has[id] = true
	}
	members, err := e.sheetMembers(m, has)
	if err != nil {
		return nil, err
	}
	return score.TopSellers(members, sales), nil
}

// monthSheet is the month's sheet with every row (supervisors and managers included).
func (e *env) monthSheet(m when.Month) (ScoreSheet, error) {
	sh := ScoreSheet{Month: m}
	mp, err := e.monthPolicy(m)
	if err != nil {
		return sh, err
	}
	sh.Policy = mp.values
	if mp.closed != nil {
		sh.Closed, sh.ClosedAt, sh.ClosedBy, sh.Rows = true, mp.closed.ClosedAt, mp.closed.ClosedBy, mp.frozen
	} else {
		prev, err := e.baseRows(m.Prev())
		if err != nil {
			return sh, err
		}
		streak := map[int64]int{}
		if n := len(mp.settings.TopBonus) - 1; n > 0 {
			tops := map[when.Month]map[int64]bool{}
			var failed error
			isTop := func(id int64) func(when.Month) bool {
				return func(x when.Month) bool {
					if _, ok := tops[x]; !ok && failed == nil {
						tops[x], failed = e.topSellers(x)
					}
					return tops[x][id]
				}
			}
			last, err := e.topSellers(m.Prev())
			if err != nil {
				return sh, err
			}
			tops[m.Prev()] = last
			for id := range last {
				streak[id] = score.StreakBefore(m, n, isTop(id))
			}
			if failed != nil {
				return sh, failed
			}
		}
		if sh.Rows, err = e.computeRows(m, mp, score.LastBelow70(prev), streak); err != nil {
			return sh, err
		}
	}
	// Appeals and proposals are live even on a frozen sheet: they are what is still open.
	appeals, pending, err := e.tx.ScoreOpenCounts(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return sh, err
	}
	for i := range sh.Rows {
		sh.Rows[i].Appeals, sh.Rows[i].Pending = appeals[sh.Rows[i].StaffID], pending[sh.Rows[i].StaffID]
	}
	return sh, nil
}

// listed reports whether a row shows on the sheet: agents always, supervisors and managers
// with entries or when all is asked for.
func listed(r score.Row, all bool, team string) bool {
	if team != "" && r.Team != team {
		return false
	}
	return all || r.Role == string(access.Agent) || r.Entries > 0
}

// ScoreMonthOptions are score month's flags.
type ScoreMonthOptions struct {
	Month string
	Team  string
	All   bool
}

// ScoreMonth returns the month's sheet: active agents, anyone with entries, and with All the
// supervisors and managers.
func (s *Service) ScoreMonth(ctx context.Context, o ScoreMonthOptions) (ScoreSheet, error) {
	var sh ScoreSheet
	err := s.read(ctx, func(e *env) error {
		m, err := e.scoreMonth(o.Month)
		if err != nil {
			return err
		}
		if sh, err = e.monthSheet(m); err != nil {
			return err
		}
		sh.Rows = slices.DeleteFunc(sh.Rows, func(r score.Row) bool { return !listed(r, o.All, o.Team) })
		return nil
	})
	return sh, err
}

// ScoreExplanation is everything that made a staff member's total, for "why do I have 68?".
type ScoreExplanation struct {
	Month    when.Month
	Staff    string
	Closed   bool
	Row      score.Row
	Tally    score.Tally
	Settings score.Settings
	Rules    map[string]score.Rule
	Entries  map[int64]store.ScoreEntry
	// Flags says why each flag is raised.
	Flags   []FlagReason
	Pending []store.ScorePending
	Appeals []store.ScoreAppeal
	Hired   string
	// Verdicts are the month's complaint verdicts against the staff member.
	Verdicts []store.Verdict
}

// FlagReason is a flag with the reason it is raised (the rule lives in internal/score).
type FlagReason = score.FlagReason

// ScoreExplain lists every entry and automatic extra behind a staff member's month.
func (s *Service) ScoreExplain(ctx context.Context, staffRef, month string) (ScoreExplanation, error) {
	var x ScoreExplanation
	err := s.read(ctx, func(e *env) error {
		st, err := e.tx.StaffByName(staffRef)
		if err != nil {
			return err
		}
		m, err := e.scoreMonth(month)
		if err != nil {
			return err
		}
		x.Month, x.Staff, x.Hired = m, st.Name, st.Hired
		sh, err := e.monthSheet(m)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sh.Rows, func(r score.Row) bool { return r.StaffID == st.ID })
		if i < 0 {
			return errs.Invalidf("%s is not on the sheet of %s: not employed then and no entries", st.Name, m)
		}
		x.Row, x.Closed = sh.Rows[i], sh.Closed
		mp, err := e.monthPolicy(m)
		if err != nil {
			return err
		}
		x.Settings, x.Rules = mp.settings, ruleMap(mp.rules)
		es, err := e.tx.ScoreEntries(store.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID})
		if err != nil {
			return err
		}
		x.Entries = map[int64]store.ScoreEntry{}
		for _, en := range es {
			x.Entries[en.ID] = en
		}
		x.Tally = score.TallyEntries(x.Settings, x.Rules, entriesOf(es))
		if x.Pending, err = e.tx.ScorePendingEntries(store.ScoreFilter{Status: "pending", From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		if x.Appeals, err = e.tx.ScoreAppeals(store.ScoreFilter{Status: "open", From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		if x.Verdicts, err = e.tx.Verdicts(store.VerdictFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		x.Flags = score.FlagReasons(x.Row, x.Tally, x.Settings, x.Hired, m)
		return nil
	})
	return x, err
}

// ScoreYearRow is one staff member's year: each month's total and grade (nil where they were
// not on the sheet) and the average of the months they were.
type ScoreYearRow struct {
	StaffID      int64
	Staff        string
	Team         string
	Totals       []*score.Points
	Grades       []string
	Average      *score.Points
	AverageGrade string
}

// ScoreYearView is score year's answer.
type ScoreYearView struct {
	Year   int
	Months []when.Month
	Rows   []ScoreYearRow
}

// ScoreYear gathers each month's total and grade per staff member (months up to the current
// one), and the average.
func (s *Service) ScoreYear(ctx context.Context, year int, team string, all bool) (ScoreYearView, error) {
	var v ScoreYearView
	err := s.read(ctx, func(e *env) error {
		now := when.MonthOf(e.tx.Now, e.loc)
		if year == 0 {
			year = now.Year
		}
		if year > now.Year || year < 2000 {
			return errs.Invalidf("--year %d: use a year from 2000 to %d", year, now.Year)
		}
		v.Year = year
		last := time.December
		if year == now.Year {
			last = now.Month
		}
		settings, err := e.scoreSettings()
		if err != nil {
			return err
		}
		// A month before the database's first activity, or before someone began, has no data:
		// it shows empty and stays out of the average.
		first, any, err := e.tx.FirstActivity()
		if err != nil {
			return err
		}
		began, err := e.staffBegan()
		if err != nil {
			return err
		}
		byID := map[int64]*ScoreYearRow{}
		var order []int64
		for mo := time.January; mo <= last; mo++ {
			m := when.Month{Year: year, Month: mo}
			v.Months = append(v.Months, m)
			sh, err := e.monthSheet(m)
			if err != nil {
				return err
			}
			for _, r := range sh.Rows {
				if !listed(r, all, team) {
					continue
				}
				end := m.End(e.loc)
				noData := !any || !first.Before(end)
				if b, ok := began[r.StaffID]; ok && !b.Before(end) {
					noData = true
				}
				if noData && !sh.Closed {
					continue
				}
				yr := byID[r.StaffID]
				if yr == nil {
					yr = &ScoreYearRow{StaffID: r.StaffID, Staff: r.Staff, Team: r.Team,
						Totals: make([]*score.Points, int(last)), Grades: make([]string, int(last))}
					byID[r.StaffID] = yr
					order = append(order, r.StaffID)
				}
				t := r.Total
				yr.Totals[mo-1], yr.Grades[mo-1] = &t, r.Grade
			}
		}
		slices.Sort(order)
		for _, id := range order {
			yr := byID[id]
			// Every row has at least one month: it was made from one.
			avg, _ := score.YearAverage(yr.Totals)
			yr.Average, yr.AverageGrade = &avg, settings.Grade(avg)
			v.Rows = append(v.Rows, *yr)
		}
		return nil
	})
	return v, err
}

// staffBegan is when each staff member began: the hire date, or the day they were added.
func (e *env) staffBegan() (map[int64]time.Time, error) {
	all, err := e.tx.ListStaff(store.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]time.Time, len(all))
	for _, st := range all {
		out[st.ID] = st.CreatedAt
		if st.Hired != "" {
			if h, err := when.ParseDate(st.Hired, e.loc); err == nil {
				out[st.ID] = h
			}
		}
	}
	return out, nil
}

// Month close.

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
	m, err := when.ParseMonth(month)
	if err != nil {
		return sh, err
	}
	act := access.Supervise
	if force {
		act = access.ManagePolicy
	}
	err = s.write(ctx, as, act, "score close", func(e *env) error {
		if end := m.End(e.loc); end.After(e.tx.Now) {
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
		c := store.ScoreClose{Month: m.String(), Policy: string(pol), Sheet: string(rows)}
		if err := e.tx.InsertScoreClose(&c, e.actor.ID); err != nil {
			return err
		}
		sh.Closed, sh.ClosedAt, sh.ClosedBy = true, c.ClosedAt, e.actor.Name
		appeals := 0
		for _, r := range sh.Rows {
			appeals += r.Appeals
		}
		payload := map[string]any{"month": m.String(), "rows": len(sh.Rows), "open_appeals": appeals}
		if force {
			payload["forced"], payload["left_open"] = true, forced
		}
		return e.event("score_month", c.ID, "closed", payload)
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
	f := store.ScoreFilter{From: m.Start(e.loc), To: m.End(e.loc)}
	f.Status = "open"
	appeals, err := e.tx.ScoreAppeals(f)
	if err != nil {
		return nil, err
	}
	if len(appeals) > 0 {
		var ids []string
		for _, a := range appeals {
			ids = append(ids, fmt.Sprintf("%d (%s, entry %d)", a.ID, a.Staff, a.EntryID))
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
		out = append(out, fmt.Sprintf("remind has not run since the month's last deadline %s (its notes and proposals may be missing): run kefu remind first",
			deadline.In(e.loc).Format("2006-01-02 15:04")))
	}
	return out, nil
}

// ScoreReopen reopens a closed month (manager); the close stays on record.
func (s *Service) ScoreReopen(ctx context.Context, as, month, reason string) error {
	if month == "" {
		return errs.Invalidf("score reopen needs --month YYYY-MM")
	}
	m, err := when.ParseMonth(month)
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
		return e.event("score_month", c.ID, "reopened", map[string]any{"month": m.String(), "reason": reason})
	})
}

// Appeals.

// ScoreAppealFile files the scored staff member's appeal (申诉) of an entry.
func (s *Service) ScoreAppealFile(ctx context.Context, as string, entryID int64, reason string) (store.ScoreAppeal, error) {
	var out store.ScoreAppeal
	if err := checkReason(reason, "score appeal", true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Work, "score appeal", func(e *env) error {
		x, err := e.tx.ScoreEntry(entryID)
		if err != nil {
			return err
		}
		if !e.actor.System && e.actor.ID != x.StaffID {
			return errs.Forbiddenf("score appeal: only %s may appeal entry %d, which scores them; %s cannot", x.Staff, x.ID, e.actor.Name)
		}
		switch {
		case x.Reverts != 0:
			return errs.Invalidf("entry %d is the reversal of entry %d; there is nothing to appeal", x.ID, x.Reverts)
		case x.RevertedBy != 0:
			return errs.Invalidf("entry %d was already reverted by entry %d; there is nothing to appeal", x.ID, x.RevertedBy)
		}
		out = store.ScoreAppeal{EntryID: x.ID, Reason: reason}
		if err := e.tx.InsertScoreAppeal(&out); err != nil {
			return err
		}
		if err := e.event("score_appeal", out.ID, "filed", map[string]any{"entry": x.ID, "staff": x.Staff, "rule": x.Rule, "reason": reason}); err != nil {
			return err
		}
		out, err = e.tx.ScoreAppealByID(out.ID)
		return err
	})
	return out, err
}

// ScoreAppealResolve decides an open appeal: uphold keeps the entry, reverse adds the
// compensating entry. The supervisor may not decide an appeal of their own entry.
func (s *Service) ScoreAppealResolve(ctx context.Context, as string, id int64, verdict, reason string) (store.ScoreAppeal, error) {
	var out store.ScoreAppeal
	if verdict != "uphold" && verdict != "reverse" {
		return out, errs.Invalidf("decide an appeal with uphold or reverse, not %q", verdict)
	}
	if err := checkReason(reason, "score appeal resolve", true); err != nil {
		return out, err
	}
	err := s.write(ctx, as, access.Supervise, "score appeal resolve", func(e *env) error {
		a, err := e.tx.ScoreAppealByID(id)
		if err != nil {
			return err
		}
		if a.Status != "open" {
			return errs.Invalidf("appeal %d was already decided: %s by %s", id, a.Status, a.ResolvedBy)
		}
		if err := e.appraise(a.StaffID, "score appeal resolve"); err != nil {
			return err
		}
		status, rid := "upheld", int64(0)
		if verdict == "reverse" {
			x, err := e.tx.ScoreEntry(a.EntryID)
			if err != nil {
				return err
			}
			if rid, err = e.revertEntry(x, reason, fmt.Sprintf("appeal %d", id)); err != nil {
				return err
			}
			status = "reversed"
		}
		if err := e.tx.ResolveScoreAppeal(id, status, e.actor.ID, reason, rid); err != nil {
			return err
		}
		if err := e.event("score_appeal", id, status, map[string]any{"entry": a.EntryID, "staff": a.Staff, "reason": reason, "reversal": nullable(rid)}); err != nil {
			return err
		}
		out, err = e.tx.ScoreAppealByID(id)
		return err
	})
	return out, err
}

// ScoreAppealList lists appeals with a status (open, upheld, reversed; all or empty: any).
func (s *Service) ScoreAppealList(ctx context.Context, status, staffRef, month string) ([]store.ScoreAppeal, error) {
	var out []store.ScoreAppeal
	if status == "all" {
		status = ""
	}
	if status != "" && status != "open" && status != "upheld" && status != "reversed" {
		return nil, errs.Invalidf("--status %q: use open, upheld, reversed or all", status)
	}
	err := s.read(ctx, func(e *env) error {
		f, err := e.scoreFilter(status, staffRef, month)
		if err != nil {
			return err
		}
		out, err = e.tx.ScoreAppeals(f)
		return err
	})
	return out, err
}

// The rule catalog.

// ScoreRules lists the catalog: of one class if given, retired rules only with all.
func (s *Service) ScoreRules(ctx context.Context, class string, all bool) ([]score.Rule, error) {
	var out []score.Rule
	var c score.Class
	if class != "" {
		if class == string(score.Discretion) {
			c = score.Discretion
		} else {
			var err error
			if c, err = score.ParseClass(class); err != nil {
				return nil, err
			}
		}
	}
	err := s.read(ctx, func(e *env) error {
		rs, err := e.tx.ScoreRules()
		for _, r := range rs {
			if (c == "" || r.Class == c) && (all || !r.Retired) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// ScoreRuleOptions are the fields of score rule add and set; nil leaves a field as it is.
type ScoreRuleOptions struct {
	Class, Points, Fine, Ladder, Desc, DescZH *string
	// OncePerMonth and Eligibility limit a bonus: once per staff member and month, and a
	// condition (no-violation, no-valid-complaint, top-of-month, exam-100; none: no condition).
	OncePerMonth *bool
	Eligibility  *string
}

// apply changes r by the options, validating each field.
func (o ScoreRuleOptions) apply(r *score.Rule) error {
	if o.Class != nil {
		c, err := score.ParseClass(*o.Class)
		if err != nil {
			return err
		}
		if r.Builtin && c != r.Class {
			return errs.Invalidf("rule %s is built in: its class stays %s", r.Code, r.Class)
		}
		r.Class = c
	}
	if o.Points != nil {
		min, max, err := score.ParseRange(*o.Points)
		if err != nil {
			return errs.Invalidf("--points: %v", err)
		}
		r.Min, r.Max = min, max
	}
	if o.Fine != nil {
		f := score.Fen(0)
		if *o.Fine != "" && *o.Fine != "0" {
			var err error
			if f, err = score.ParseYuan(*o.Fine); err != nil {
				return errs.Invalidf("--fine: %v", err)
			}
		}
		r.Fine = f
	}
	if o.Ladder != nil {
		l, err := score.ParseLadder(*o.Ladder)
		if err != nil {
			return err
		}
		r.Ladder = l
	}
	if o.OncePerMonth != nil {
		r.OncePerMonth = *o.OncePerMonth
	}
	if o.Eligibility != nil {
		c, err := score.ParseCondition(*o.Eligibility)
		if err != nil {
			return err
		}
		r.Eligibility = c
	}
	if o.Desc != nil {
		r.Desc = strings.TrimSpace(*o.Desc)
	}
	if o.DescZH != nil {
		r.DescZH = strings.TrimSpace(*o.DescZH)
	}
	return r.Validate()
}

func ruleSnapshot(r score.Rule) map[string]any {
	return map[string]any{"class": string(r.Class), "points": r.PointsSpec(), "fine": r.Fine.String(), "ladder": r.Ladder.String(),
		"description": r.Desc, "description_zh": r.DescZH, "once_per_month": r.OncePerMonth, "eligibility": string(r.Eligibility)}
}

// ScoreRuleAdd adds a rule to the catalog (manager).
func (s *Service) ScoreRuleAdd(ctx context.Context, as, code string, o ScoreRuleOptions) (score.Rule, error) {
	r := score.Rule{Code: strings.TrimSpace(code)}
	if err := score.ValidCode(r.Code); err != nil {
		return r, err
	}
	if o.Class == nil {
		return r, errs.Invalidf("score rule add needs --class (bonus, light, medium, severe, dismissal or fine)")
	}
	if o.Points == nil {
		if *o.Class != string(score.Dismissal) && *o.Class != string(score.Fine) {
			return r, errs.Invalidf("score rule add needs --points N or --points A..B")
		}
		zero := "0"
		o.Points = &zero
	}
	if err := o.apply(&r); err != nil {
		return r, err
	}
	err := s.write(ctx, as, access.ManagePolicy, "score rule add", func(e *env) error {
		if err := e.tx.InsertScoreRule(r); err != nil {
			return err
		}
		payload := ruleSnapshot(r)
		payload["code"] = r.Code
		return e.event("score_rule", 0, "rule_added", payload)
	})
	return r, err
}

// ScoreRuleSet changes a rule (manager). Entries keep the points they were given; ladders and
// classes apply to every open month's sheet.
func (s *Service) ScoreRuleSet(ctx context.Context, as, code string, o ScoreRuleOptions) (old, new score.Rule, err error) {
	if o == (ScoreRuleOptions{}) {
		return old, new, errs.Invalidf("score rule set needs a change: --class, --points, --fine, --ladder, --once-per-month, --eligibility, --desc or --desc-zh")
	}
	err = s.write(ctx, as, access.ManagePolicy, "score rule set", func(e *env) error {
		if old, err = e.tx.ScoreRule(code); err != nil {
			return err
		}
		new = old
		if err := o.apply(&new); err != nil {
			return err
		}
		if err := e.tx.UpdateScoreRule(new, false); err != nil {
			return err
		}
		return e.event("score_rule", 0, "rule_changed", map[string]any{"code": code, "changes": diff(ruleSnapshot(old), ruleSnapshot(new))})
	})
	return old, new, err
}

// ScoreRuleRetire retires a rule (manager): it stays for history and takes no new entries.
func (s *Service) ScoreRuleRetire(ctx context.Context, as, code string) (score.Rule, error) {
	var r score.Rule
	err := s.write(ctx, as, access.ManagePolicy, "score rule retire", func(e *env) error {
		var err error
		if r, err = e.tx.ScoreRule(code); err != nil {
			return err
		}
		if r.Builtin {
			return errs.Invalidf("rule %s is built in and cannot be retired; change its points with kefu score rule set", code)
		}
		if r.Retired {
			return errs.Invalidf("rule %s is already retired", code)
		}
		if err := e.tx.UpdateScoreRule(r, true); err != nil {
			return err
		}
		r.Retired = true
		return e.event("score_rule", 0, "rule_retired", map[string]any{"code": code})
	})
	return r, err
}
