package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/rota"
)

// leaveView is a spell of leave in JSON.
type leaveView struct {
	ID    int64  `json:"id"`
	Staff string `json:"staff"`
	From  string `json:"from"`
	To    string `json:"to"`
	Days  int    `json:"days"`
	Kind  string `json:"kind"`
	Note  string `json:"note"`
}

func viewLeave(l rota.Leave) leaveView {
	return leaveView{ID: l.ID, Staff: l.Staff, From: l.From.String(), To: l.To.String(), Days: l.Days(), Kind: string(l.Kind), Note: l.Note}
}

func newStaffLeaveCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "leave",
		Short: "Record leave and rest days (supervisor); on those days no notes or summaries are owed",
		Long: `Leave and rest days take a staff member off the rota: they owe no handover notes, no weekly
summary for a week they are entirely off, get no proposals for them, and get no new tickets.
Kinds: annual, sick, personal, compensatory, rest (年假 病假 事假 调休 休息).`,
		Example: `  kefu staff leave add 张伟 --from 2026-11-09 --to 2026-11-13 --kind annual --as 陈静
  kefu staff leave add 张伟 --from 2026-11-08 --kind 休息 --as 陈静
  kefu staff leave list --month 2026-11
  kefu staff leave remove 3 --as 陈静`,
	}
	cmd.AddCommand(NewCmdStaffLeaveAdd(app, nil), NewCmdStaffLeaveList(app, nil), NewCmdStaffLeaveRemove(app, nil))
	return cmd
}

// StaffLeaveAddOptions are kefu staff leave add's inputs.
type StaffLeaveAddOptions struct {
	CmdEnv
	core.LeaveAddOptions
}

// NewCmdStaffLeaveAdd builds kefu staff leave add; runF replaces staffLeaveAddRun in tests.
func NewCmdStaffLeaveAdd(app *App, runF func(*StaffLeaveAddOptions) error) *cobra.Command {
	opts := &StaffLeaveAddOptions{}
	cmd := &cobra.Command{
		Use:     "add NAME --from DATE [--to DATE] --kind KIND [--note TEXT]",
		Short:   "Record leave or a rest day (supervisor); overlapping leave is refused",
		Example: "  kefu staff leave add 张伟 --from 2026-11-09 --to 2026-11-13 --kind 年假 --as 陈静",
		Args:    args(1, "the staff member's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.LeaveAddOptions.Kind == "" {
				return usageErr(cmd, "staff leave add needs --kind annual, sick, personal, compensatory or rest")
			}
			opts.LeaveAddOptions.Staff = a[0]
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, staffLeaveAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.LeaveAddOptions.From, "from", "", "first day off (YYYY-MM-DD, today, tomorrow)")
	f.StringVar(&opts.LeaveAddOptions.To, "to", "", "last day off (default: --from)")
	f.StringVar(&opts.LeaveAddOptions.Kind, "kind", "", "annual, sick, personal, compensatory or rest (年假 病假 事假 调休 休息)")
	f.StringVar(&opts.LeaveAddOptions.Note, "note", "", "a note")
	return cmd
}

func staffLeaveAddRun(opts *StaffLeaveAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.StaffLeaveAdd(opts.Ctx, opts.As, opts.LeaveAddOptions)
	if err != nil {
		return err
	}
	l := r.Leave
	opts.IO.Line("%d", l.ID)
	opts.IO.Info("leave %d: %s %s from %s to %s (%d day%s)", l.ID, l.Staff, l.Kind, l.From, l.To, l.Days(), plural(l.Days()))
	for _, w := range r.Warnings {
		opts.IO.Info("warning: %s", w)
	}
	return nil
}

// StaffLeaveListOptions are kefu staff leave list's inputs.
type StaffLeaveListOptions struct {
	CmdEnv

	Format   string
	StaffRef string
	Month    string
}

// NewCmdStaffLeaveList builds kefu staff leave list; runF replaces staffLeaveListRun in tests.
func NewCmdStaffLeaveList(app *App, runF func(*StaffLeaveListOptions) error) *cobra.Command {
	opts := &StaffLeaveListOptions{}
	cmd := &cobra.Command{
		Use:     "list [NAME] [--month YYYY-MM]",
		Short:   "List leave and rest days",
		Example: "  kefu staff leave list\n  kefu staff leave list 张伟 --month 2026-11 --format json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			if len(a) == 1 {
				opts.StaffRef = a[0]
			}
			return runWith(opts, runF, staffLeaveListRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "only leave overlapping this month")
	return cmd
}

func staffLeaveListRun(opts *StaffLeaveListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ls, err := svc.StaffLeaveList(opts.Ctx, opts.StaffRef, opts.Month)
	if err != nil {
		return err
	}
	views := []leaveView{}
	g := render.Grid{Header: []string{"id", "staff", "from", "to", "days", "kind", "note"}, Free: []string{"note"}}
	for _, l := range ls {
		v := viewLeave(l)
		views = append(views, v)
		g.Add(itoa(v.ID), v.Staff, v.From, v.To, itoa(int64(v.Days)), v.Kind, v.Note)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// StaffLeaveRemoveOptions are kefu staff leave remove's inputs.
type StaffLeaveRemoveOptions struct {
	CmdEnv

	ID int64
}

// NewCmdStaffLeaveRemove builds kefu staff leave remove; runF replaces staffLeaveRemoveRun in tests.
func NewCmdStaffLeaveRemove(app *App, runF func(*StaffLeaveRemoveOptions) error) *cobra.Command {
	opts := &StaffLeaveRemoveOptions{}
	cmd := &cobra.Command{
		Use:     "remove ID",
		Short:   "Remove a spell of leave (supervisor); the history keeps it",
		Example: "  kefu staff leave remove 3 --as 陈静",
		Args:    args(1, "a leave ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := entryID(i18n.Key("a leave"), a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.ID = id
			return runWith(opts, runF, staffLeaveRemoveRun)
		},
	}
	return cmd
}

func staffLeaveRemoveRun(opts *StaffLeaveRemoveOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	l, err := svc.StaffLeaveRemove(opts.Ctx, opts.As, opts.ID)
	if err != nil {
		return err
	}
	opts.IO.Info("removed leave %d: %s %s from %s to %s", l.ID, l.Staff, l.Kind, l.From, l.To)
	return nil
}

// StaffSwapOptions are kefu staff swap's inputs.
type StaffSwapOptions struct {
	CmdEnv

	Staff  string
	Other  string
	Date   string
	Reason string
}

// NewCmdStaffSwap builds kefu staff swap; runF replaces staffSwapRun in tests.
func NewCmdStaffSwap(app *App, runF func(*StaffSwapOptions) error) *cobra.Command {
	opts := &StaffSwapOptions{}
	cmd := &cobra.Command{
		Use:   "swap A B --date DATE [--reason TEXT]",
		Short: "Exchange two staff members' shifts on a date (换班, supervisor)",
		Long: `On the date A works B's shift and B works A's: handover notes and auto-assignment follow.
Both must be on duty that day on different shifts.`,
		Example: "  kefu staff swap 张伟 李娜 --date 2026-11-05 --reason 家中有事 --as 陈静",
		Args:    args(2, "two staff NAMEs"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Staff = a[0]
			opts.Other = a[1]
			return runWith(opts, runF, staffSwapRun)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the day of the swap (required)")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why")
	return cmd
}

func staffSwapRun(opts *StaffSwapOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.StaffSwap(opts.Ctx, opts.As, opts.Staff, opts.Other, opts.Date, opts.Reason)
	if err != nil {
		return err
	}
	opts.IO.Info("swap %d on %s: %s works the %s shift, %s the %s shift", s.ID, s.Date, s.AName, s.BShift, s.BName, s.AShift)
	return nil
}

func newRotaCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rota",
		Short: "Who works which shift each day (排班)",
	}
	cmd.AddCommand(NewCmdRotaShow(app, nil))
	return cmd
}

// rotaDayView is one day of the rota in JSON.
type rotaDayView struct {
	Date    string              `json:"date"`
	Weekday string              `json:"weekday"`
	Workday bool                `json:"workday"`
	Shifts  map[string][]string `json:"shifts"`
	Off     []string            `json:"off"`
	Empty   []string            `json:"empty_shifts"`
}

// RotaShowOptions are kefu rota show's inputs.
type RotaShowOptions struct {
	CmdEnv

	Format string
	Week   string
	Month  string
	Team   string
}

// NewCmdRotaShow builds kefu rota show; runF replaces rotaShowRun in tests.
func NewCmdRotaShow(app *App, runF func(*RotaShowOptions) error) *cobra.Command {
	opts := &RotaShowOptions{}
	cmd := &cobra.Command{
		Use:   "show [--week W | --month M] [--team T]",
		Short: "Lay out who works which shift each day, and the shifts nobody covers",
		Long: `Each day of the week (default: this week) or month: the agents on each shift (a * marks a
swapped shift), who is off and why (rest day of their pattern, leave), and a flag where a
shift someone usually works has nobody on a day the desk is open.`,
		Example: "  kefu rota show\n  kefu rota show --week next-week --team 售后\n  kefu rota show --month 2026-11 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, rotaShowRun)
		},
	}
	cmd.Flags().StringVar(&opts.Week, "week", "", "YYYY-Www, a date in the week, this-week (default), last-week or next-week")
	cmd.Flags().StringVar(&opts.Month, "month", "", "YYYY-MM, this-month, last-month or next-month")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team")
	return cmd
}

func rotaShowRun(opts *RotaShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	v, err := svc.RotaShow(opts.Ctx, opts.Week, opts.Month, opts.Team)
	if err != nil {
		return err
	}
	if v.CalendarWarning != "" {
		opts.IO.Info("kefu: warning: %s", v.CalendarWarning)
	}
	views := []rotaDayView{}
	g := render.Grid{Header: []string{"date", "weekday"}, Free: []string{"off", "flag"}, Optional: []string{"weekday"}}
	for _, s := range v.Shifts {
		g.Header = append(g.Header, i18n.Sprintf("%s shift", s))
		g.Free = append(g.Free, i18n.Sprintf("%s shift", s))
	}
	g.Header = append(g.Header, "off", "flag")
	for _, d := range v.Days {
		dv := rotaDayView{Date: d.Date.String(), Weekday: strings.ToLower(d.Date.Weekday().String()[:3]), Workday: d.Workday,
			Shifts: map[string][]string{}, Off: d.Off, Empty: d.Empty}
		row := []string{dv.Date, dv.Weekday}
		for _, s := range v.Shifts {
			dv.Shifts[s] = append([]string{}, d.Shifts[s]...)
			row = append(row, strings.Join(d.Shifts[s], "、"))
		}
		if dv.Off == nil {
			dv.Off = []string{}
		}
		if dv.Empty == nil {
			dv.Empty = []string{}
		}
		flag := ""
		if len(d.Empty) > 0 {
			flag = i18n.Sprintf("nobody on %s", strings.Join(d.Empty, ", "))
		}
		row = append(row, strings.Join(d.Off, "、"), flag)
		views = append(views, dv)
		g.Add(row...)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}
