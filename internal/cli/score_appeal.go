package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/store"
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

func viewAppeal(a store.ScoreAppeal, loc *time.Location) appealView {
	return appealView{ID: a.ID, Entry: a.EntryID, Staff: a.Staff, Rule: a.Rule, Points: a.Points, EntryAt: jsonTime(a.EntryAt, loc),
		Reason: a.Reason, At: jsonTime(a.At, loc), Status: a.Status, ResolvedBy: strPtr(a.ResolvedBy), ResolvedAt: jsonTime(a.ResolvedAt, loc),
		Resolution: a.Resolution, Reversal: idPtr(a.ReversalID)}
}

func newScoreAppealCmd(app *App) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "appeal ENTRY --reason TEXT",
		Short: "Appeal (申诉) one of your own entries; a supervisor upholds or reverses it",
		Long: `The staff member an entry scores may appeal it once, with a reason. The sheet shows open
appeals. A supervisor decides with score appeal resolve: uphold keeps the entry, reverse adds the
compensating entry.`,
		Example: "  kefu score appeal 7 --reason \"当天系统故障，不是我的原因\" --as 张伟\n  kefu score appeal resolve 1 reverse --reason \"核实为系统故障\" --as 陈静\n  kefu score appeal list",
		Args:    args(1, "an ENTRY id"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("an entry", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			ap, err := svc.ScoreAppealFile(cmd.Context(), app.As, id, reason)
			if err != nil {
				return err
			}
			app.info("appeal %d filed on entry %d (%s %s %s); a supervisor decides it: kefu score appeal resolve %d uphold|reverse --reason TEXT",
				ap.ID, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule, ap.ID)
			app.out("%d", ap.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the entry is wrong (required)")
	cmd.AddCommand(newScoreAppealResolveCmd(app), newScoreAppealListCmd(app))
	return cmd
}

func newScoreAppealResolveCmd(app *App) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:     "resolve ID uphold|reverse --reason TEXT",
		Short:   "Decide an appeal (supervisor; not of one's own entry)",
		Example: "  kefu score appeal resolve 1 uphold --reason \"记录属实\" --as 陈静\n  kefu score appeal resolve 2 reverse --reason \"核实为系统故障\" --as 陈静",
		Args:    args(2, "an appeal ID and uphold or reverse"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("an appeal", a[0])
			if err != nil {
				return err
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			ap, err := svc.ScoreAppealResolve(cmd.Context(), app.As, id, a[1], reason)
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("appeal %d %s: entry %d (%s %s %s)", ap.ID, ap.Status, ap.EntryID, ap.Staff, ap.Points.Signed(), ap.Rule)
			if ap.ReversalID != 0 {
				msg += fmt.Sprintf(" is reverted by entry %d", ap.ReversalID)
			} else {
				msg += " stands"
			}
			app.info("%s", msg)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "the decision's reason (required)")
	return cmd
}

func newScoreAppealListCmd(app *App) *cobra.Command {
	var status, staffRef, month string
	cmd := &cobra.Command{
		Use:     "list [--status open|upheld|reversed|all] [--staff NAME] [--month YYYY-MM]",
		Short:   "List appeals (open ones by default)",
		Example: "  kefu score appeal list\n  kefu score appeal list --status all --month 2026-03 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			as, err := svc.ScoreAppealList(cmd.Context(), status, staffRef, month)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			views := []appealView{}
			g := render.Grid{Header: []string{"id", "entry", "staff", "rule", "points", "reason", "filed", "status", "decided by", "resolution"}}
			for _, a := range as {
				views = append(views, viewAppeal(a, loc))
				g.Add(itoa(a.ID), itoa(a.EntryID), a.Staff, a.Rule, a.Points.Signed(), fit(format, a.Reason, 30), dateOf(a.At, loc), a.Status, a.ResolvedBy, fit(format, a.Resolution, 30))
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&status, "status", "open", "open, upheld, reversed or all")
	cmd.Flags().StringVar(&staffRef, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&month, "month", "", "only appeals of entries dated in this month")
	return cmd
}
