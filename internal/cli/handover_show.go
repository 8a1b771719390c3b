package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

// handover show: notes (by id, the last, or a day and shift) with their items, acknowledgment and
// history.

// HandoverShowOptions are kefu handover show's inputs.
type HandoverShowOptions struct {
	CmdEnv
	core.HandoverShowOptions

	Format string
}

// NewCmdHandoverShow builds kefu handover show; runF replaces handoverShowRun in tests.
func NewCmdHandoverShow(app *App, runF func(*HandoverShowOptions) error) *cobra.Command {
	opts := &HandoverShowOptions{}
	cmd := &cobra.Command{
		Use:   "show [ID] [--last | --date D [--shift S] | --id N]",
		Short: "Show handover notes with their open items, acknowledgment and history",
		Long: `Show one note (ID or --id), the notes of a shift (--date, optionally --shift), or by default
(--last) the notes of the latest shift that has any. With --format json one note is an object and
a shift's notes an array.`,
		Example: `  kefu handover show --last
  kefu handover show --date 2026-03-02 --shift day
  kefu handover show 12 --format json`,
		Args: optionalArg("at most one handover ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if len(a) == 1 {
				if opts.HandoverShowOptions.ID != 0 {
					return usageErr(cmd, "give the note's ID or --id, not both")
				}
				if opts.HandoverShowOptions.ID, err = handoverID(a[0]); err != nil {
					return err
				}
			}
			chosen := 0
			for _, set := range []bool{opts.HandoverShowOptions.ID != 0, opts.HandoverShowOptions.Date != "", opts.HandoverShowOptions.Last} {
				if set {
					chosen++
				}
			}
			if chosen > 1 {
				return usageErr(cmd, "use one of ID, --date or --last")
			}
			if opts.HandoverShowOptions.Shift != "" && opts.HandoverShowOptions.ID != 0 {
				return usageErr(cmd, "--shift goes with --date or --last, not with an ID")
			}
			if opts.HandoverShowOptions.Shift != "" {
				if err := handover.Valid(opts.HandoverShowOptions.Shift); err != nil {
					return err
				}
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, handoverShowRun)
		},
	}
	f := cmd.Flags()
	f.Int64Var(&opts.HandoverShowOptions.ID, "id", 0, "the note with this id")
	f.StringVar(&opts.HandoverShowOptions.Date, "date", "", "the notes of the shifts of this date: YYYY-MM-DD, today or yesterday")
	f.StringVar(&opts.HandoverShowOptions.Shift, "shift", "", "with --date or --last: only this shift")
	f.BoolVar(&opts.HandoverShowOptions.Last, "last", false, "the notes of the latest shift with notes (the default)")
	return cmd
}

func handoverShowRun(opts *HandoverShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ds, err := svc.HandoverShow(opts.Ctx, opts.HandoverShowOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		views := make([]handoverDetailView, len(ds))
		for i, d := range ds {
			views[i] = viewHandoverDetail(d, loc)
		}
		if opts.HandoverShowOptions.ID != 0 {
			return render.WriteJSON(opts.IO.Out, views[0])
		}
		return render.WriteJSON(opts.IO.Out, views)
	}
	for i, d := range ds {
		if i > 0 {
			opts.IO.Line("")
		}
		if err := printHandover(opts.IO.Out, d, loc); err != nil {
			return err
		}
	}
	return nil
}

// optionalArg allows zero or one positional argument, naming what the one is.
func optionalArg(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if len(a) > 1 {
			return usageErr(cmd, "%s takes %s (got %d arguments)", cmd.CommandPath(), what, len(a))
		}
		return nil
	}
}

func handoverID(s string) (int64, error) {
	id, err := ticketID(s)
	if err != nil {
		return 0, errs.Invalidf("%q is not a handover id (a positive number)", s)
	}
	return id, nil
}

func printHandover(w io.Writer, d core.HandoverDetail, loc *time.Location) error {
	n := d.Note
	line := func(k, v string) {
		fmt.Fprintf(w, "%s %s\n", padLabel(i18n.Sprintf("%s:", i18n.T(k)), 13), render.Escape(v))
	}
	fmt.Fprintf(w, i18n.T("Handover %d · %s · %s\n"), n.ID, n.Shift, render.Escape(n.Author))
	line("Written", clockTime(n.WrittenAt, loc))
	if !n.AmendedAt.IsZero() {
		line("Amended", i18n.Sprintf("%s (%d earlier version%s)", clockTime(n.AmendedAt, loc), n.Revisions, plural(n.Revisions)))
	}
	if n.AckedAt.IsZero() {
		who := i18n.T("nobody works it")
		if len(d.NextMembers) > 0 {
			who = strings.Join(d.NextMembers, ", ")
		}
		line("Acknowledged", i18n.Sprintf("not yet; by the %s (%s)", d.Next, who))
	} else {
		line("Acknowledged", i18n.Sprintf("%s at %s", n.AckedBy, clockTime(n.AckedAt, loc)))
	}
	fmt.Fprintf(w, "\n%s\n", render.Escape(n.Text))
	if len(n.OpenItems) == 0 {
		fmt.Fprintln(w, i18n.T("\nOpen items: none"))
	} else {
		fmt.Fprintln(w, i18n.T("\nOpen items:"))
		if err := render.WriteTable(w, handoverItemsGrid(n.OpenItems, loc)); err != nil {
			return err
		}
	}
	for i, r := range d.Revisions {
		fmt.Fprintf(w, i18n.T("\nEarlier version %d (written %s, replaced %s):\n%s\n"), i+1, clockTime(r.WrittenAt, loc), clockTime(r.ReplacedAt, loc), render.Escape(r.Text))
	}
	return nil
}

func handoverItemsGrid(items []handover.Item, loc *time.Location) render.Grid {
	g := render.Grid{Header: []string{"ticket", "kind", "status", "subject", "assignee", "due", "why"},
		Free: []string{"subject", "why"}, Optional: []string{"kind", "status"}}
	for _, it := range items {
		g.Add(itoa(it.TicketID), it.Kind, it.Status, it.Subject, it.Assignee, clockTime(it.Due, loc), i18n.T(it.Why))
	}
	return g
}
