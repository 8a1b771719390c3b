package core

import (
	"context"
	"fmt"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/ticket"
)

// Pending score entries: proposals (from remind and the rules), their confirmation or
// dismissal by a supervisor, and the monthly exam score.

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
		p.At = e.tx.Time()
	}
	row := persist.ScorePending{StaffID: st.ID, Rule: r.Code, Points: pts, Reason: p.Reason, TicketID: p.TicketID, At: p.At, Key: p.Key}
	var by int64
	if !e.actor.System {
		by = e.actor.ID
	}
	created, err = e.tx.InsertScorePending(&row, by)
	if err != nil || !created {
		return 0, created, err
	}
	return row.ID, true, e.event("score_pending", row.ID, "proposed", audit.ScorePendingProposed{Staff: st.Name, Rule: r.Code,
		Points: pts.String(), Reason: p.Reason, Ticket: audit.RefID(p.TicketID), At: p.At.UTC().Format(time.RFC3339), Key: p.Key})
}

// scoreFilter reads a list's --staff and --month into a filter with the given status.
func (e *env) scoreFilter(status, staffRef, month string) (persist.ScoreFilter, error) {
	f := persist.ScoreFilter{Status: status}
	if month != "" {
		m, err := e.parseMonth(month)
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
func (s *Service) ScorePendingList(ctx context.Context, staffRef, month string, all bool) ([]persist.ScorePending, error) {
	var out []persist.ScorePending
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
func (e *env) decidable(id int64, what string) (persist.ScorePending, error) {
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
func (s *Service) ScoreConfirm(ctx context.Context, as string, id int64, note string) (persist.ScoreEntry, error) {
	var out persist.ScoreEntry
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
		eid, err := e.tx.InsertScoreEntry(persist.NewScoreEntry{StaffID: p.StaffID, Rule: p.Rule, Points: p.Points, Reason: p.Reason,
			TicketID: p.TicketID, At: p.At, RecordedBy: e.actor.ID})
		if err != nil {
			return err
		}
		if err := e.tx.DecideScorePending(id, "confirmed", e.actor.ID, note, eid); err != nil {
			return err
		}
		if err := e.event("score_pending", id, "confirmed", audit.ScorePendingConfirmed{Entry: eid, Staff: p.Staff, Rule: p.Rule,
			Points: p.Points.String(), Note: note}); err != nil {
			return err
		}
		out, err = e.tx.ScoreEntry(eid)
		return err
	})
	return out, err
}

// ScoreDismiss drops a proposal with a reason; it never counts.
func (s *Service) ScoreDismiss(ctx context.Context, as string, id int64, reason string) (persist.ScorePending, error) {
	var out persist.ScorePending
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
		if err := e.event("score_pending", id, "dismissed", audit.ScorePendingDismissed{Staff: p.Staff, Rule: p.Rule, Reason: reason}); err != nil {
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
	Exam     persist.ScoreExam
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
		now := e.tx.Time()
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
		if found && old.PendingID != 0 {
			// A training result proposed the exam's entry: it is dismissed (or reverted, if confirmed).
			if _, _, err := e.undoExam(persist.ScoreExam{PendingID: old.PendingID}, true,
				fmt.Sprintf("exam amended from %s to %s", old.Score.Short(), v.Short()), false); err != nil {
				return err
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
				if out.EntryID, err = e.tx.InsertScoreEntry(persist.NewScoreEntry{StaffID: st.ID, Rule: code, Points: p, Reason: reason,
					At: at, RecordedBy: e.actor.ID}); err != nil {
					return err
				}
				if err := e.event("score_entry", out.EntryID, "added", audit.ScoreEntryAdded{Staff: st.Name, Rule: code, Points: p.String(),
					Reason: reason, At: at.UTC().Format(time.RFC3339)}); err != nil {
					return err
				}
				out.Applied, out.Points = code, p
			}
		}
		x := persist.ScoreExam{ID: old.ID, StaffID: st.ID, Month: m.String(), Score: v, EntryID: out.EntryID}
		if err := e.tx.SaveScoreExam(&x, e.actor.ID, amend); err != nil {
			return err
		}
		out.Exam = x
		payload := audit.ScoreExamRecorded{Staff: st.Name, Month: m.String(), Score: v.String(), Rule: out.Applied}
		action := "recorded"
		if amend {
			action = "amended"
			was := old.Score.String()
			payload.Old = &was
		}
		return e.event("score_exam", x.ID, action, payload)
	})
	return out, err
}
