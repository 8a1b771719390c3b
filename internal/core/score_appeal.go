package core

import (
	"context"
	"fmt"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
)

// Appeals against score entries: filing, resolving, listing.

// ScoreAppealFile files the scored staff member's appeal (申诉) of an entry.
func (s *Service) ScoreAppealFile(ctx context.Context, as string, entryID int64, reason string) (persist.ScoreAppeal, error) {
	var out persist.ScoreAppeal
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
		out = persist.ScoreAppeal{EntryID: x.ID, Reason: reason}
		if err := e.tx.InsertScoreAppeal(&out); err != nil {
			return err
		}
		if err := e.event("score_appeal", out.ID, "filed", audit.ScoreAppealFiled{Entry: x.ID, Staff: x.Staff, Rule: x.Rule, Reason: reason}); err != nil {
			return err
		}
		out, err = e.tx.ScoreAppealByID(out.ID)
		return err
	})
	return out, err
}

// ScoreAppealResolve decides an open appeal: uphold keeps the entry, reverse adds the
// compensating entry. The supervisor may not decide an appeal of their own entry.
func (s *Service) ScoreAppealResolve(ctx context.Context, as string, id int64, verdict, reason string) (persist.ScoreAppeal, error) {
	var out persist.ScoreAppeal
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
		if err := e.event("score_appeal", id, status, audit.ScoreAppealDecided{Entry: a.EntryID, Staff: a.Staff, Reason: reason, Reversal: audit.RefID(rid)}); err != nil {
			return err
		}
		out, err = e.tx.ScoreAppealByID(id)
		return err
	})
	return out, err
}

// ScoreAppealList lists appeals with a status (open, upheld, reversed; all or empty: any).
func (s *Service) ScoreAppealList(ctx context.Context, status, staffRef, month string) ([]persist.ScoreAppeal, error) {
	var out []persist.ScoreAppeal
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
