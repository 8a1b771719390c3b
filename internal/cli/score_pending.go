package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// score pending, confirm and dismiss: proposed entries a supervisor decides.

// pendingView is a proposed entry in JSON.
type pendingView struct {
	ID         int64        `json:"id"`
	Staff      string       `json:"staff"`
	Rule       string       `json:"rule"`
	Points     score.Points `json:"points"`
	Reason     string       `json:"reason"`
	Ticket     *int64       `json:"ticket"`
	At         *string      `json:"at"`
	ProposedBy string       `json:"proposed_by"`
	ProposedAt *string      `json:"proposed_at"`
	Status     string       `json:"status"`
	DecidedBy  *string      `json:"decided_by"`
	DecidedAt  *string      `json:"decided_at"`
	Note       string       `json:"note"`
	Entry      *int64       `json:"entry"`
}

func viewPending(p persist.ScorePending, loc *time.Location) pendingView {
	return pendingView{ID: p.ID, Staff: p.Staff, Rule: p.Rule, Points: p.Points, Reason: p.Reason, Ticket: idPtr(p.TicketID),
		At: jsonTime(p.At, loc), ProposedBy: p.ProposedBy, ProposedAt: jsonTime(p.CreatedAt, loc), Status: p.Status,
		DecidedBy: strPtr(p.DecidedBy), DecidedAt: jsonTime(p.DecidedAt, loc), Note: p.Note, Entry: idPtr(p.EntryID)}
}

// ScorePendingOptions are kefu score pending's inputs.
type ScorePendingOptions struct {
	CmdEnv

	Format string // table, json or csv
	Staff  string
	Month  string
	All    bool // decided proposals too
}

// NewCmdScorePending builds kefu score pending; runF replaces scorePendingRun in tests.
func NewCmdScorePending(app *App, runF func(*ScorePendingOptions) error) *cobra.Command {
	opts := &ScorePendingOptions{}
	cmd := &cobra.Command{
		Use:   "pending [--staff NAME] [--month YYYY-MM] [--all]",
		Short: "Proposed entries awaiting a supervisor (missed handovers, SLA breaches ...)",
		Long: `Other features (a missed handover note, a late first response, a missing weekly summary) propose
entries; they count only once a supervisor confirms them (score confirm ID) and never if
dismissed (score dismiss ID --reason). --all lists decided proposals too.`,
		Example: "  kefu score pending\n  kefu score pending --staff 张伟 --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, scorePendingRun)
		},
	}
	cmd.Flags().StringVar(&opts.Staff, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&opts.Month, "month", "", "only proposals dated in this month")
	cmd.Flags().BoolVar(&opts.All, "all", false, "include confirmed and dismissed proposals")
	return cmd
}

func scorePendingRun(opts *ScorePendingOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ps, err := svc.ScorePendingList(opts.Ctx, opts.Staff, opts.Month, opts.All)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := []pendingView{}
	g := render.Grid{Header: []string{"id", "date", "staff", "rule", "points", "reason", "ticket", "proposed by"},
		Free: []string{"reason"}, Optional: []string{"proposed by", "ticket"}}
	if opts.All {
		g.Header = append(g.Header, "status", "decided by", "entry")
	}
	for _, p := range ps {
		views = append(views, viewPending(p, loc))
		row := []string{itoa(p.ID), dateOf(p.At, loc), p.Staff, p.Rule, p.Points.Signed(), p.Reason, ticketCell(p.TicketID), p.ProposedBy}
		if opts.All {
			row = append(row, p.Status, p.DecidedBy, ticketCell(p.EntryID))
		}
		g.Add(row...)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// ScoreDecideOptions are the inputs of kefu score confirm and dismiss.
type ScoreDecideOptions struct {
	CmdEnv

	ID   int64  // the pending entry
	Note string // confirm's --note, dismiss's --reason
}

// NewCmdScoreConfirm builds kefu score confirm; runF replaces scoreConfirmRun in tests.
func NewCmdScoreConfirm(app *App, runF func(*ScoreDecideOptions) error) *cobra.Command {
	opts := &ScoreDecideOptions{}
	cmd := &cobra.Command{
		Use:     "confirm ID [--note TEXT]",
		Short:   "Confirm a proposed entry (supervisor; not one's own): it counts from now on",
		Example: "  kefu score confirm 3 --as 陈静",
		Args:    args(1, "a pending entry ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("a pending entry", a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.ID = app.cmdEnv(cmd.Context()), id
			return runWith(opts, runF, scoreConfirmRun)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note on the decision")
	return cmd
}

func scoreConfirmRun(opts *ScoreDecideOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	x, err := svc.ScoreConfirm(opts.Ctx, opts.As, opts.ID, opts.Note)
	if err != nil {
		return err
	}
	opts.IO.Info("pending entry %d confirmed as entry %d: %s %s %s", opts.ID, x.ID, x.Staff, x.Points.Signed(), x.Rule)
	fmt.Fprintf(opts.IO.Out, "%d\n", x.ID)
	return nil
}

// NewCmdScoreDismiss builds kefu score dismiss; runF replaces scoreDismissRun in tests.
func NewCmdScoreDismiss(app *App, runF func(*ScoreDecideOptions) error) *cobra.Command {
	opts := &ScoreDecideOptions{}
	cmd := &cobra.Command{
		Use:     "dismiss ID --reason TEXT",
		Short:   "Dismiss a proposed entry (supervisor; not one's own): it never counts",
		Example: "  kefu score dismiss 3 --reason \"已提前报备\" --as 陈静",
		Args:    args(1, "a pending entry ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID("a pending entry", a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.ID = app.cmdEnv(cmd.Context()), id
			return runWith(opts, runF, scoreDismissRun)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "reason", "", "why it does not count (required)")
	return cmd
}

func scoreDismissRun(opts *ScoreDecideOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	p, err := svc.ScoreDismiss(opts.Ctx, opts.As, opts.ID, opts.Note)
	if err != nil {
		return err
	}
	opts.IO.Info("pending entry %d dismissed: %s %s %s", p.ID, p.Staff, p.Points.Signed(), p.Rule)
	return nil
}
