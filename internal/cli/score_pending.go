package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/store"
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

func viewPending(p store.ScorePending, loc *time.Location) pendingView {
	return pendingView{ID: p.ID, Staff: p.Staff, Rule: p.Rule, Points: p.Points, Reason: p.Reason, Ticket: idPtr(p.TicketID),
		At: jsonTime(p.At, loc), ProposedBy: p.ProposedBy, ProposedAt: jsonTime(p.CreatedAt, loc), Status: p.Status,
		DecidedBy: strPtr(p.DecidedBy), DecidedAt: jsonTime(p.DecidedAt, loc), Note: p.Note, Entry: idPtr(p.EntryID)}
}

func newScorePendingCmd(app *App) *cobra.Command {
	var staffRef, month string
	var all bool
	cmd := &cobra.Command{
		Use:   "pending [--staff NAME] [--month YYYY-MM] [--all]",
		Short: "Proposed entries awaiting a supervisor (missed handovers, SLA breaches ...)",
		Long: `Other features (a missed handover note, a late first response, a missing weekly summary) propose
entries; they count only once a supervisor confirms them (score confirm ID) and never if
dismissed (score dismiss ID --reason). --all lists decided proposals too.`,
		Example: "  kefu score pending\n  kefu score pending --staff 张伟 --all --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			ps, err := svc.ScorePendingList(cmd.Context(), staffRef, month, all)
			if err != nil {
				return err
			}
			loc, err := svc.Location(cmd.Context())
			if err != nil {
				return err
			}
			views := []pendingView{}
			g := render.Grid{Header: []string{"id", "date", "staff", "rule", "points", "reason", "ticket", "proposed by"}}
			if all {
				g.Header = append(g.Header, "status", "decided by", "entry")
			}
			for _, p := range ps {
				views = append(views, viewPending(p, loc))
				row := []string{itoa(p.ID), dateOf(p.At, loc), p.Staff, p.Rule, p.Points.Signed(), fit(format, p.Reason, 30), ticketCell(p.TicketID), p.ProposedBy}
				if all {
					row = append(row, p.Status, p.DecidedBy, ticketCell(p.EntryID))
				}
				g.Add(row...)
			}
			return render.Write(app.Stdout, format, views, g)
		},
	}
	cmd.Flags().StringVar(&staffRef, "staff", "", "only this staff member's")
	cmd.Flags().StringVar(&month, "month", "", "only proposals dated in this month")
	cmd.Flags().BoolVar(&all, "all", false, "include confirmed and dismissed proposals")
	return cmd
}

func newScoreConfirmCmd(app *App) *cobra.Command {
	var note string
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
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			x, err := svc.ScoreConfirm(cmd.Context(), app.As, id, note)
			if err != nil {
				return err
			}
			app.info("pending entry %d confirmed as entry %d: %s %s %s", id, x.ID, x.Staff, x.Points.Signed(), x.Rule)
			app.out("%d", x.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note on the decision")
	return cmd
}

func newScoreDismissCmd(app *App) *cobra.Command {
	var reason string
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
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			p, err := svc.ScoreDismiss(cmd.Context(), app.As, id, reason)
			if err != nil {
				return err
			}
			app.info("pending entry %d dismissed: %s %s %s", p.ID, p.Staff, p.Points.Signed(), p.Rule)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why it does not count (required)")
	return cmd
}
