package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/training"
	"github.com/kefu/kefu/internal/when"
)

// Training (培训): sessions, who attended, the assessment results. A result is also the
// month's skills exam: it proposes the exam rules (full marks +5, below pass −10) as a pending
// entry for a supervisor to confirm, and a later result in the month amends that proposal.

// TrainingAdd records a session: its topic, day, trainer and who must attend (a team, or all).
func (s *Service) TrainingAdd(ctx context.Context, as, topic, date, trainer, requiredFor string) (training.Session, error) {
	var out training.Session
	if err := training.CheckText("topic", topic, 200); err != nil {
		return out, err
	}
	if err := training.CheckText("trainer", trainer, 60); err != nil {
		return out, err
	}
	if requiredFor == "" {
		return out, errs.Invalidf("training add needs --required-for TEAM or all")
	}
	err := s.write(ctx, as, access.Supervise, "training add", func(e *env) error {
		day := calendar.DateOf(e.serviceToday(), e.loc)
		if date != "" {
			var err error
			if day, err = e.dayOf(date); err != nil {
				return err
			}
		}
		if requiredFor != training.All {
			st, err := e.tx.ListStaff(persist.StaffFilter{Team: requiredFor})
			if err != nil {
				return err
			}
			if len(st) == 0 {
				return errs.Invalidf("--required-for %s: no active staff in team %s (give a team from kefu staff list, or all)", requiredFor, requiredFor)
			}
		}
		out = training.Session{Topic: topic, Day: day.String(), Trainer: trainer, RequiredFor: requiredFor}
		if err := e.tx.InsertTraining(&out, e.actor.ID); err != nil {
			return err
		}
		return e.event("training", out.ID, "added", audit.TrainingAdded{Day: out.Day, RequiredFor: requiredFor, Topic: topic, Trainer: trainer})
	})
	return out, err
}

// TrainingAttendResult is what recording attendance did.
type TrainingAttendResult struct {
	Session  training.Session
	Recorded []string
	Already  []string // recorded before: left as they were
}

// TrainingAttend records, in one transaction, that staff attended a session (supervisor).
func (s *Service) TrainingAttend(ctx context.Context, as string, id int64, names []string) (TrainingAttendResult, error) {
	var out TrainingAttendResult
	err := s.write(ctx, as, access.Supervise, "training attend", func(e *env) error {
		sess, err := e.tx.Training(id)
		if err != nil {
			return err
		}
		if err := e.heldBy(sess); err != nil {
			return err
		}
		out = TrainingAttendResult{}
		for _, n := range names {
			st, err := e.tx.StaffByName(n)
			if err != nil {
				return err
			}
			created, err := e.tx.InsertAttendance(sess.ID, st.ID, e.actor.ID)
			if err != nil {
				return err
			}
			if created {
				out.Recorded = append(out.Recorded, st.Name)
			} else {
				out.Already = append(out.Already, st.Name)
			}
		}
		if len(out.Recorded) > 0 {
			if err := e.event("training", sess.ID, "attended", audit.TrainingAttended{Staff: out.Recorded}); err != nil {
				return err
			}
		}
		out.Session, err = e.tx.Training(sess.ID)
		return err
	})
	return out, err
}

// heldBy refuses a session whose day is still to come.
func (e *env) heldBy(sess training.Session) error {
	if today := calendar.DateOf(e.serviceToday(), e.loc).String(); sess.Day > today {
		return errs.Invalidf("training %d is on %s, not held yet", sess.ID, sess.Day)
	}
	return nil
}

// TrainingResultOut is what recording a result did.
type TrainingResultOut struct {
	Session   training.Session
	Staff     string
	Score     score.Points
	Month     string
	Rule      string       // the exam rule proposed, if any
	Points    score.Points // its points
	PendingID int64        // the proposal (new or amended)
	Amended   bool         // the month's exam existed: this result replaced it
	Old       score.Points // the exam score it replaced
	Dismissed int64        // a proposal dismissed because the new score earns no rule
	Reverted  int64        // an entry that already counted, reverted
}

// TrainingResult records a person's assessment after a session (0-100, supervisor; never
// one's own). It sets the month's exam (the session's month) and proposes the exam rule.
func (s *Service) TrainingResult(ctx context.Context, as string, id int64, name, scoreText string) (TrainingResultOut, error) {
	var out TrainingResultOut
	v, err := score.ParsePoints(scoreText)
	if err != nil || v < 0 || v > score.Pts(100) {
		return out, errs.Invalidf("training result %q: use a score from 0 to 100 (at most one decimal)", scoreText)
	}
	err = s.write(ctx, as, access.Supervise, "training result", func(e *env) error {
		out = TrainingResultOut{Score: v}
		sess, err := e.tx.Training(id)
		if err != nil {
			return err
		}
		if err := e.heldBy(sess); err != nil {
			return err
		}
		st, err := e.tx.StaffByName(name)
		if err != nil {
			return err
		}
		if err := access.Appraise(e.actor, st.ID, st.Role, "training result"); err != nil {
			return err
		}
		attended := false
		for _, n := range sess.Attended {
			attended = attended || n == st.Name
		}
		if !attended {
			return errs.Invalidf("%s did not attend training %d", st.Name, sess.ID).WithHint("kefu training attend %d %s", sess.ID, st.Name)
		}
		out.Staff = st.Name
		day, err := calendar.ParseUserDate(sess.Day)
		if err != nil {
			return err
		}
		m := when.MonthOf(day.Midnight(e.loc), e.loc)
		out.Month = m.String()
		at := e.tx.Time()
		if end := m.End(e.loc); !end.After(at) {
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
		why := fmt.Sprintf("exam amended to %s by training %d", v.Short(), sess.ID)
		open, reverted, err := e.undoExam(old, found, why, true)
		if err != nil {
			return err
		}
		out.Amended, out.Old, out.Reverted = found, old.Score, reverted
		settings, err := e.scoreSettings()
		if err != nil {
			return err
		}
		code := training.ExamRule(v, settings.ExamPass)
		reason := fmt.Sprintf("skills exam %s: %s (training %d %s)", m, v.Short(), sess.ID, sess.Topic)
		if code != "" {
			r, err := e.tx.ScoreRule(code)
			if err != nil {
				return err
			}
			if !r.Retired {
				out.Rule = code
				if out.Points, err = r.Resolve(nil); err != nil {
					return err
				}
			}
		}
		switch {
		case out.Rule != "" && open.ID != 0:
			// The month's proposal still waits: it is amended, never doubled.
			if err := e.tx.AmendScorePending(open.ID, out.Rule, out.Points, reason); err != nil {
				return err
			}
			out.PendingID = open.ID
			if err := e.event("score_pending", open.ID, "amended", audit.ScorePendingAmended{Points: out.Points.String(), Reason: reason,
				Rule: out.Rule, Staff: st.Name}); err != nil {
				return err
			}
		case out.Rule != "":
			if out.PendingID, _, err = e.propose(ProposedEntry{StaffID: st.ID, Rule: out.Rule, Points: &out.Points, Reason: reason, At: at}); err != nil {
				return err
			}
		case open.ID != 0:
			if err := e.tx.DecideScorePending(open.ID, "dismissed", e.actor.ID, why, 0); err != nil {
				return err
			}
			out.Dismissed = open.ID
			if err := e.event("score_pending", open.ID, "dismissed", audit.ScorePendingDismissed{Staff: st.Name, Rule: open.Rule, Reason: why}); err != nil {
				return err
			}
		}
		if _, _, err := e.tx.SaveTrainingResult(sess.ID, st.ID, v, e.actor.ID); err != nil {
			return err
		}
		x := persist.ScoreExam{ID: old.ID, StaffID: st.ID, Month: m.String(), Score: v, PendingID: out.PendingID}
		if err := e.tx.SaveScoreExam(&x, e.actor.ID, found); err != nil {
			return err
		}
		payload := audit.TrainingResult{Exam: x.ID, Pending: out.PendingID, Rule: out.Rule, Score: v.String(), Staff: st.Name}
		action := "result"
		if found {
			action = "result amended"
			was := old.Score.String()
			payload.Old = &was
		}
		if err := e.event("training", sess.ID, action, payload); err != nil {
			return err
		}
		out.Session, err = e.tx.Training(sess.ID)
		return err
	})
	return out, err
}

// undoExam takes back what a month's earlier exam score did, before a new score replaces it:
// an entry that counts is reverted (reverted: the reversal); a proposal still waiting is kept
// for the caller to amend (keep) or dismissed. It returns the proposal kept.
func (e *env) undoExam(old persist.ScoreExam, found bool, why string, keep bool) (open persist.ScorePending, reverted int64, err error) {
	if !found {
		return open, 0, nil
	}
	revert := func(entryID int64) (int64, error) {
		if entryID == 0 {
			return 0, nil
		}
		x, err := e.tx.ScoreEntry(entryID)
		if err != nil || x.RevertedBy != 0 {
			return 0, err
		}
		return e.revertEntry(x, why, "exam")
	}
	if reverted, err = revert(old.EntryID); err != nil || old.PendingID == 0 {
		return open, reverted, err
	}
	p, err := e.tx.ScorePendingEntry(old.PendingID)
	if err != nil {
		return open, reverted, err
	}
	switch p.Status {
	case "confirmed":
		r, err := revert(p.EntryID)
		if r != 0 {
			reverted = r
		}
		return open, reverted, err
	case "pending":
		if keep {
			return p, reverted, nil
		}
		if err := e.tx.DecideScorePending(p.ID, "dismissed", e.actor.ID, why, 0); err != nil {
			return open, reverted, err
		}
		return open, reverted, e.event("score_pending", p.ID, "dismissed", audit.ScorePendingDismissed{Staff: p.Staff, Rule: p.Rule, Reason: why})
	}
	return open, reverted, nil
}

// Trainings lists the sessions with attendance and results, and the people they may require.
func (s *Service) Trainings(ctx context.Context) ([]training.Session, []training.Person, error) {
	var ss []training.Session
	var people []training.Person
	err := s.read(ctx, func(e *env) error {
		var err error
		if ss, err = e.tx.Trainings("", ""); err != nil {
			return err
		}
		people, err = e.trainingPeople()
		return err
	})
	return ss, people, err
}

// TrainingMissing lists who has not attended a required session held by today.
func (s *Service) TrainingMissing(ctx context.Context) ([]training.Missing, error) {
	var out []training.Missing
	err := s.read(ctx, func(e *env) error {
		ss, err := e.tx.Trainings("", "")
		if err != nil {
			return err
		}
		people, err := e.trainingPeople()
		if err != nil {
			return err
		}
		out = training.MissingFrom(ss, people, calendar.DateOf(e.serviceToday(), e.loc).String())
		return nil
	})
	return out, err
}

// trainingPeople are the active staff, as sessions require them.
func (e *env) trainingPeople() ([]training.Person, error) {
	st, err := e.tx.ListStaff(persist.StaffFilter{})
	if err != nil {
		return nil, err
	}
	var out []training.Person
	for _, p := range st {
		out = append(out, training.Person{ID: p.ID, Name: p.Name, Team: p.Team, Hired: strings.TrimSpace(p.Hired)})
	}
	return out, nil
}
