package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/remind"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// kefu me: the acting person's desk (issue 16 item 8).

// MeOptions are kefu me's inputs.
type MeOptions struct {
	CmdEnv
	Format string // table (text sections) or json
}

// NewCmdMe builds kefu me; runF replaces meRun in tests.
func NewCmdMe(app *App, runF func(*MeOptions) error) *cobra.Command {
	opts := &MeOptions{}
	return &cobra.Command{
		Use:   "me",
		Short: "Your desk: your open tickets, what is due soon, your handover note, your month's score",
		Long: `kefu me shows the acting person (--as NAME or KEFU_USER) what is theirs: the active tickets
assigned to them, the next due first; what they should act on before the end of today's service
day or within the next 4 business hours, whichever is later (remind's items naming them); the
handover notes their shifts of today still owe; and their score for the month so far. It only
reads: remind's chores (closing tickets, proposing score entries) are left to remind.`,
		Example: `  kefu me --as 张伟
  KEFU_USER=张伟 kefu me --format json`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, meRun)
		},
	}
}

// meView is kefu me in JSON.
type meView struct {
	Staff    string            `json:"staff"`
	Role     string            `json:"role"`
	Team     string            `json:"team"`
	Now      string            `json:"now"`
	Horizon  string            `json:"horizon"`
	Open     []ticketView      `json:"open_tickets"`
	Todo     []remind.ItemView `json:"todo"`
	Handover []meHandover      `json:"handover_due"`
	Month    string            `json:"month"`
	Score    *score.Row        `json:"score"`
}

type meHandover struct {
	Shift string  `json:"shift"`
	Date  string  `json:"date"`
	Ends  *string `json:"ends"`
	Due   *string `json:"due"`
}

func meRun(opts *MeOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	w, err := svc.Me(opts.Ctx, opts.As)
	if err != nil {
		return err
	}
	loc := w.Loc
	if opts.Format == render.JSON {
		v := meView{Staff: w.Staff.Name, Role: string(w.Staff.Role), Team: w.Staff.Team, Now: w.Now.In(loc).Format(time.RFC3339),
			Horizon: w.Horizon.In(loc).Format(time.RFC3339), Open: []ticketView{}, Todo: remind.JSON(w.Todo).Items,
			Handover: []meHandover{}, Month: w.Month.String(), Score: w.Score}
		for _, t := range w.Open {
			v.Open = append(v.Open, viewTicket(t, loc, w.Now))
		}
		for _, o := range w.Handover {
			v.Handover = append(v.Handover, meHandover{Shift: o.Shift.Name, Date: o.Shift.Date.String(), Ends: jsonTime(o.Ended, loc), Due: jsonTime(o.Due, loc)})
		}
		return render.WriteJSON(opts.IO.Out, v)
	}
	return meText(opts.IO, w)
}

// meText prints the desk as text sections.
func meText(io IOStreams, w core.MyWork) error {
	loc := w.Loc
	head := w.Staff.Name + " (" + string(w.Staff.Role)
	if w.Staff.Team != "" {
		head += ", " + w.Staff.Team
	}
	io.Line("%s) · %s (%s)", head, w.Now.In(loc).Format("2006-01-02 15:04"), loc)

	io.Line("")
	if len(w.Open) == 0 {
		io.Line("Open tickets: none")
	} else {
		io.Line("Open tickets: %d", len(w.Open))
		g := render.Grid{Header: []string{"id", "kind", "status", "subject", "customer", "due"}, Free: []string{"subject", "customer"}}
		for _, t := range w.Open {
			g.Add(itoa(t.ID), t.Kind, string(t.Status), t.Subject, t.Customer, relative(t, w.Now))
		}
		if err := render.WriteTable(io.Out, g); err != nil {
			return err
		}
	}

	io.Line("")
	if len(w.Todo.Items) == 0 {
		io.Line("To do by %s: nothing", w.Horizon.In(loc).Format("2006-01-02 15:04"))
	} else {
		io.Line("To do by %s: %d", w.Horizon.In(loc).Format("2006-01-02 15:04"), len(w.Todo.Items))
		for _, it := range w.Todo.Items {
			io.Line("  %s", todoLine(it, w.Now, loc))
		}
	}

	io.Line("")
	if len(w.Handover) == 0 {
		io.Line("Handover: nothing owed today")
	}
	for _, o := range w.Handover {
		verb := "ends"
		if !o.Ended.After(w.Now) {
			verb = "ended"
		}
		io.Line("Handover: %s %s %s; note due %s", o.Shift, verb, o.Ended.In(loc).Format("2006-01-02 15:04"), o.Due.In(loc).Format("2006-01-02 15:04"))
	}

	if w.Score == nil {
		io.Line("Score %s: no appraisal row", w.Month)
		return nil
	}
	r := w.Score
	io.Line("Score %s so far: %s, grade %s; entries %d, pending %d, open appeals %d", w.Month, r.Total, r.Grade,
		r.Entries, r.Pending, r.Appeals)
	return nil
}

// todoLine is one item of the to-do list: "overdue 2h29m  #1 first response: 催发货".
func todoLine(it remind.Item, now time.Time, loc *time.Location) string {
	var when string
	switch {
	case it.Due.IsZero():
		when = "waiting since " + it.Since.In(loc).Format("01-02 15:04")
	case it.Due.Before(now):
		when = "overdue " + duration.FormatSpan(now.Sub(it.Due))
	default:
		when = "due in " + duration.FormatSpan(it.Due.Sub(now))
	}
	parts := []string{when}
	if it.Ref != "" {
		parts = append(parts, it.Ref)
	}
	line := strings.Join(parts, "  ") + "  " + remind.Label(it.Kind) + ": " + it.Subject
	if it.Note != "" {
		line += " (" + it.Note + ")"
	}
	return line
}
