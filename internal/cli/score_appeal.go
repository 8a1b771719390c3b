package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// score appeal, appeal-resolve and appeals: appeals against entries.

// appealView is an appeal in JSON.
type appealView struct {
	ID         int64        `json:"id"`
	Entry      int64        `json:"entry"`
	Staff      string       `json:"staff"`
	Rule       string       `json:"rule"`
	Points     score.Points `json:"points"`
	EntryAt    *string      `json:"entry_at"`
	Reason     string       `json:"reason"`
	At         *string      `json:"at"`
	Status     string       `json:"status"`
	ResolvedBy *string      `json:"resolved_by"`
	ResolvedAt *string      `json:"resolved_at"`
	Resolution string       `json:"resolution"`
	Reversal   *int64       `json:"reversal"`
}

func viewAppeal(a persist.ScoreAppeal, loc *time.Location) appealView {
	return appealView{ID: a.ID, Entry: a.EntryID, Staff: a.Staff, Rule: a.Rule, Points: a.Points, EntryAt: jsonTime(a.EntryAt, loc),
		Reason: a.Reason, At: jsonTime(a.At, loc), Status: a.Status, ResolvedBy: strPtr(a.ResolvedBy), ResolvedAt: jsonTime(a.ResolvedAt, loc),
		Resolution: a.Resolution, Reversal: idPtr(a.ReversalID)}
}

// ScoreAppealOptions are kefu score appeal's inputs.
type ScoreAppealOptions struct {
	CmdEnv

	Entry  int64
	Reason string
}

// NewCmdScoreAppeal builds kefu score appeal (with resolve and list below it); runF replaces
// scoreAppealRun in tests.
func NewCmdScoreAppeal(app *App, runF func(*ScoreAppealOptions) error) *cobra.Command {
	opts := &ScoreAppealOptions{}
	cmd := &cobra.Command{
		Use:   "appeal ENTRY --reason TEXT",
		Short: "Appeal (申诉) one of your own entries; a supervisor upholds or reverses it",
		Long: `The staff member an entry scores may appeal it once, with a reason. The sheet shows open
appeals. A supervisor decides with score appeal resolve: uphold keeps the entry, reverse adds the
compensating entry.`,
		Example: "  kefu score appeal 7 --reason \"当天系统故障，不是我的原因\" --as 张伟\n  kefu score appeal resolve 1 reverse --reason \"核实为系统故障\" --as 陈静\n  kefu score appeal list",
		Args:    args(1, "an ENTRY id"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID(i18n.Key("an entry"), a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Entry = app.cmdEnv(cmd.Context()), id
			return runWith(opts, runF, scoreAppealRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the entry is wrong (required)")
	cmd.AddCommand(NewCmdScoreAppealResolve(app, nil), NewCmdScoreAppealList(app, nil))
	return cmd
}

func scoreAppealRun(opts *ScoreAppealOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ap, err := svc.ScoreAppealFile(opts.Ctx, opts.As, opts.Entry, opts.Reason)
	if err != nil {
		return err
	}
	opts.IO.Info("appeal %d filed on entry %d (%s %s %s); a supervisor decides it: kefu score appeal resolve %d uphold|reverse --reason TEXT",
		ap.ID, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule, ap.ID)
	fmt.Fprintf(opts.IO.Out, "%d\n", ap.ID)
	return nil
}

// ScoreAppealResolveOptions are kefu score appeal resolve's inputs.
type ScoreAppealResolveOptions struct {
	CmdEnv

	Appeal  int64
	Verdict string // uphold or reverse
	Reason  string
}

// NewCmdScoreAppealResolve builds kefu score appeal resolve; runF replaces
// scoreAppealResolveRun in tests.
func NewCmdScoreAppealResolve(app *App, runF func(*ScoreAppealResolveOptions) error) *cobra.Command {
	opts := &ScoreAppealResolveOptions{}
	cmd := &cobra.Command{
		Use:     "resolve ID uphold|reverse --reason TEXT",
		Short:   "Decide an appeal (supervisor; not of one's own entry)",
		Example: "  kefu score appeal resolve 1 uphold --reason \"记录属实\" --as 陈静\n  kefu score appeal resolve 2 reverse --reason \"核实为系统故障\" --as 陈静",
		Args:    args(2, "an appeal ID and uphold or reverse"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID(i18n.Key("an appeal"), a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Appeal, opts.Verdict = app.cmdEnv(cmd.Context()), id, a[1]
			return runWith(opts, runF, scoreAppealResolveRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "the decision's reason (required)")
	return cmd
}

func scoreAppealResolveRun(opts *ScoreAppealResolveOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ap, err := svc.ScoreAppealResolve(opts.Ctx, opts.As, opts.Appeal, opts.Verdict, opts.Reason)
	if err != nil {
		return err
	}
	msg := i18n.Sprintf("appeal %d %s: entry %d (%s %s %s)", ap.ID, ap.Status, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule)
	if ap.ReversalID != 0 {
		msg += i18n.Sprintf(" is reverted by entry %d", ap.ReversalID)
	} else {
		msg += " stands"
	}
	opts.IO.Info("%s", msg)
	return nil
}

// ScoreAppealListOptions are kefu score appeal list's inputs.
type ScoreAppealListOptions struct {
	CmdEnv

	Format string // table, json or csv
	Status string // open, upheld, reversed or all
	Staff  string
	Month  string
}

// NewCmdScoreAppealList builds kefu score appeal list; runF replaces scoreAppealListRun in tests.
func NewCmdScoreAppealList(app *App, runF func(*ScoreAppealListOptions) error) *cobra.Command {
	opts := &ScoreAppealListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--status open|upheld|reversed|all] [--staff NAME] [--month YYYY-MM]",
		Short:   "List appeals (open ones by default)",
		Example: "  kefu score appeal list\n  kefu score appeal list --status all --month 2026-03 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, scoreAppealListRun)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "open", "open, upheld, reversed or all")
	cmd.Flags().StringVar(&opts.Staff, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&opts.Month, "month", "", "only appeals of entries dated in this month")
	return cmd
}

func scoreAppealListRun(opts *ScoreAppealListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	as, err := svc.ScoreAppealList(opts.Ctx, opts.Status, opts.Staff, opts.Month)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := []appealView{}
	g := render.Grid{Header: []string{"id", "entry", "staff", "rule", "points", "reason", "filed", "status", "decided by", "resolution"},
		Free: []string{"reason", "resolution"}, Optional: []string{"decided by", "entry", "filed", "rule"}}
	for _, a := range as {
		views = append(views, viewAppeal(a, loc))
		g.Add(itoa(a.ID), itoa(a.EntryID), a.Staff, a.Rule, a.Points.Signed(), a.Reason, dateOf(a.At, loc), a.Status, a.ResolvedBy, a.Resolution)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}
