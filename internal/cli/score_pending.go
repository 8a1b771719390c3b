package cli

import (
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
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

	ID   int64  // the pending entry (the first of IDs)
	Note string // confirm's --note, dismiss's --reason
	// IDs are all the pending entries given; with All, the pending entries matching Staff,
	// Month and Rule instead. All are decided in one transaction, or none is.
	IDs   []int64
	All   bool
	Staff string
	Month string
	Rule  string
}

// scoreDecideCmd builds score confirm or dismiss: IDs, or --all with filters.
func scoreDecideCmd(app *App, opts *ScoreDecideOptions, use, short, example string, run func() error) *cobra.Command {
	cmd := &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		RunE: func(cmd *cobra.Command, a []string) error {
			verb := cmd.CommandPath()[len("kefu "):]
			switch {
			case opts.All && len(a) > 0:
				return usageErr(cmd, "%s takes pending entry IDs or --all, not both", verb)
			case !opts.All && len(a) == 0:
				return usageErr(cmd, "%s takes one or more pending entry IDs, or --all with --month, --rule or --staff", verb)
			case !opts.All && (opts.Staff != "" || opts.Month != "" || opts.Rule != ""):
				return usageErr(cmd, "--staff, --month and --rule choose entries with --all")
			}
			ids, err := parseIDs(a, func(s string) (int64, error) { return entryID("a pending entry", s) })
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.IDs = app.cmdEnv(cmd.Context()), ids
			if len(ids) > 0 {
				opts.ID = ids[0]
			}
			return run()
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.All, "all", false, "every pending entry matching --month, --rule and --staff")
	f.StringVar(&opts.Month, "month", "", "with --all: entries dated in this month")
	f.StringVar(&opts.Rule, "rule", "", "with --all: entries under this rule")
	f.StringVar(&opts.Staff, "staff", "", "with --all: this staff member's entries")
	return cmd
}

// NewCmdScoreConfirm builds kefu score confirm; runF replaces scoreConfirmRun in tests.
func NewCmdScoreConfirm(app *App, runF func(*ScoreDecideOptions) error) *cobra.Command {
	opts := &ScoreDecideOptions{}
	cmd := scoreDecideCmd(app, opts, "confirm ID... [--note TEXT] | --all [--month M] [--rule R] [--staff NAME]",
		"Confirm proposed entries, all or none (supervisor; not one's own): they count from now on",
		"  kefu score confirm 3 --as 陈静\n  kefu score confirm 3 4 5 --as 陈静\n  kefu score confirm --all --month 2026-11 --rule handover-missing --as 陈静",
		func() error { return runWith(opts, runF, scoreConfirmRun) })
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note on the decision")
	return cmd
}

// pendingChosen is the pending entries a decision acts on: the IDs given, or with --all those
// matching the filters, read in the decision's own transaction.
func pendingChosen(b *core.Service, opts *ScoreDecideOptions) ([]int64, error) {
	if !opts.All {
		return opts.IDs, nil
	}
	if opts.Rule != "" {
		// A mistyped rule must not read as "nothing pending".
		rules, err := b.ScoreRules(opts.Ctx, "", true)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(rules, func(r score.Rule) bool { return r.Code == opts.Rule }) {
			return nil, errs.Invalidf("no score rule %q", opts.Rule).WithHint("kefu score rules")
		}
	}
	ps, err := b.ScorePendingList(opts.Ctx, opts.Staff, opts.Month, false)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, p := range ps {
		if opts.Rule == "" || p.Rule == opts.Rule {
			ids = append(ids, p.ID)
		}
	}
	return ids, nil
}

func scoreConfirmRun(opts *ScoreDecideOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	type confirmed struct {
		pending int64
		entry   persist.ScoreEntry
	}
	var done []confirmed
	err = svc.Batch(opts.Ctx, func(b *core.Service) error {
		ids, err := pendingChosen(b, opts)
		if err != nil {
			return err
		}
		for _, id := range ids {
			x, err := b.ScoreConfirm(opts.Ctx, opts.As, id, opts.Note)
			if err != nil {
				return bulkErr("pending entry", id, len(ids), err)
			}
			done = append(done, confirmed{id, x})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if opts.All && len(done) == 0 {
		opts.IO.Info("no pending entries match")
		return nil
	}
	for _, d := range done {
		x := d.entry
		opts.IO.Info("pending entry %d confirmed as entry %d: %s %s %s", d.pending, x.ID, x.Staff, x.Points.Signed(), x.Rule)
		fmt.Fprintf(opts.IO.Out, "%d\n", x.ID)
	}
	if len(done) > 1 {
		opts.IO.Info("%d entries confirmed", len(done))
	}
	return nil
}

// NewCmdScoreDismiss builds kefu score dismiss; runF replaces scoreDismissRun in tests.
func NewCmdScoreDismiss(app *App, runF func(*ScoreDecideOptions) error) *cobra.Command {
	opts := &ScoreDecideOptions{}
	cmd := scoreDecideCmd(app, opts, "dismiss ID... --reason TEXT | --all [--month M] [--rule R] [--staff NAME] --reason TEXT",
		"Dismiss proposed entries, all or none (supervisor; not one's own): they never count",
		"  kefu score dismiss 3 --reason \"已提前报备\" --as 陈静\n  kefu score dismiss --all --rule slow-reply --staff 张伟 --reason \"系统故障\" --as 陈静",
		func() error { return runWith(opts, runF, scoreDismissRun) })
	cmd.Flags().StringVar(&opts.Note, "reason", "", "why it does not count (required)")
	return cmd
}

func scoreDismissRun(opts *ScoreDecideOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	var done []persist.ScorePending
	err = svc.Batch(opts.Ctx, func(b *core.Service) error {
		ids, err := pendingChosen(b, opts)
		if err != nil {
			return err
		}
		for _, id := range ids {
			p, err := b.ScoreDismiss(opts.Ctx, opts.As, id, opts.Note)
			if err != nil {
				return bulkErr("pending entry", id, len(ids), err)
			}
			done = append(done, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if opts.All && len(done) == 0 {
		opts.IO.Info("no pending entries match")
		return nil
	}
	for _, p := range done {
		opts.IO.Info("pending entry %d dismissed: %s %s %s", p.ID, p.Staff, p.Points.Signed(), p.Rule)
	}
	if len(done) > 1 {
		opts.IO.Info("%d entries dismissed", len(done))
	}
	return nil
}
