package cli

import (
	"context"
	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/staff"
)

func newStaffCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "staff",
		Short: "Add, list, show, edit, deactivate and reactivate staff",
		Example: `  kefu staff add 张伟 --role agent --team 售后 --shift day --hired 2026-01-05
  kefu staff list
  kefu staff edit 张伟 --shift night --pattern mon-sat
  kefu staff deactivate 张伟
  kefu staff reactivate 张伟`,
	}
	cmd.AddCommand(NewCmdStaffAdd(app, nil), NewCmdStaffList(app, nil), NewCmdStaffShow(app, nil), NewCmdStaffEdit(app, nil),
		NewCmdStaffDeactivate(app, nil), NewCmdStaffReactivate(app, nil), newStaffLeaveCmd(app), NewCmdStaffSwap(app, nil))
	return cmd
}

// staffView is a staff member in JSON.
type staffView struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Team   string `json:"team"`
	Shift  string `json:"shift"`
	Hired  string `json:"hired"`
	Active bool   `json:"active"`
	// WorkPattern: team, weekly days (mon-sat) or a rotation (6on1off@2026-11-02).
	WorkPattern string `json:"work_pattern"`
}

func viewStaff(s staff.Staff) staffView {
	return staffView{ID: s.ID, Name: s.Name, Role: string(s.Role), Team: s.Team, Shift: s.Shift, Hired: s.Hired, Active: s.Active, WorkPattern: s.WorkPattern}
}

func staffGrid(ss []staffView) render.Grid {
	g := render.Grid{Header: []string{"id", "name", "role", "team", "shift", "hired", "active"}}
	for _, s := range ss {
		g.Add(itoa(s.ID), s.Name, s.Role, s.Team, s.Shift, s.Hired, yesNo(s.Active))
	}
	return g
}

// StaffAddOptions are kefu staff add's inputs.
type StaffAddOptions struct {
	CmdEnv
	core.StaffAddOptions
}

// NewCmdStaffAdd builds kefu staff add; runF replaces staffAddRun in tests.
func NewCmdStaffAdd(app *App, runF func(*StaffAddOptions) error) *cobra.Command {
	opts := &StaffAddOptions{}
	cmd := &cobra.Command{
		Use:   "add NAME --role agent|supervisor|manager [--team T] [--shift day|night] [--hired DATE] [--pattern P]",
		Short: "Add a staff member (supervisor for agents, manager for supervisors and managers)",
		Example: `  kefu staff add 张伟 --role agent --team 售后 --hired 2026-01-05
  kefu staff add "Li Na" --role supervisor --shift night
  kefu staff add 赵敏 --role agent --shift night --pattern 6on1off@2026-11-02`,
		Args: args(1, "the staff member's NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.StaffAddOptions.Role == "" {
				return usageErr(cmd, "staff add needs --role agent, supervisor or manager")
			}
			opts.StaffAddOptions.Name = a[0]
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, staffAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.StaffAddOptions.Role, "role", "", "agent, supervisor or manager")
	f.StringVar(&opts.StaffAddOptions.Team, "team", "", "team name")
	f.StringVar(&opts.StaffAddOptions.Shift, "shift", "day", "day or night")
	f.StringVar(&opts.StaffAddOptions.Hired, "hired", "", "hire date YYYY-MM-DD (no pay float in that month and the next)")
	f.StringVar(&opts.StaffAddOptions.Pattern, "pattern", "", "work pattern: team (default), weekly days like mon-sat, or a rotation like 6on1off@2026-11-02")
	return cmd
}

func staffAddRun(opts *StaffAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.StaffAdd(opts.Ctx, opts.As, opts.StaffAddOptions)
	if err != nil {
		return err
	}
	opts.IO.Info("added %s %s (id %d)", i18n.T(string(s.Role)), s.Name, s.ID)
	if opts.StaffAddOptions.Pattern != "" && s.Role == "agent" {
		return staffPatternWarnings(opts.Ctx, opts.IO, svc, s.Name)
	}
	return nil
}

// StaffListOptions are kefu staff list's inputs.
type StaffListOptions struct {
	CmdEnv
	persist.StaffFilter

	Format string
}

// NewCmdStaffList builds kefu staff list; runF replaces staffListRun in tests.
func NewCmdStaffList(app *App, runF func(*StaffListOptions) error) *cobra.Command {
	opts := &StaffListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--team T] [--role R] [--all]",
		Short:   "List active staff (--all adds inactive ones)",
		Example: "  kefu staff list\n  kefu staff list --team 售后 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, staffListRun)
		},
	}
	cmd.Flags().StringVar(&opts.StaffFilter.Team, "team", "", "only this team")
	cmd.Flags().StringVar(&opts.StaffFilter.Role, "role", "", "only this role")
	cmd.Flags().BoolVar(&opts.StaffFilter.IncludeOff, "all", false, "include inactive staff")
	return cmd
}

func staffListRun(opts *StaffListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ss, err := svc.StaffList(opts.Ctx, opts.StaffFilter)
	if err != nil {
		return err
	}
	views := make([]staffView, len(ss))
	for i, s := range ss {
		views[i] = viewStaff(s)
	}
	return render.Write(opts.IO.Out, opts.Format, views, staffGrid(views))
}

// StaffShowOptions are kefu staff show's inputs.
type StaffShowOptions struct {
	CmdEnv

	Format string
	Staff  string
}

// NewCmdStaffShow builds kefu staff show; runF replaces staffShowRun in tests.
func NewCmdStaffShow(app *App, runF func(*StaffShowOptions) error) *cobra.Command {
	opts := &StaffShowOptions{}
	cmd := &cobra.Command{
		Use:     "show NAME|ID",
		Short:   "Show one staff member",
		Example: "  kefu staff show 张伟",
		Args:    args(1, "a NAME or ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Staff = a[0]
			return runWith(opts, runF, staffShowRun)
		},
	}
	return cmd
}

func staffShowRun(opts *StaffShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.StaffShow(opts.Ctx, opts.Staff)
	if err != nil {
		return err
	}
	v := viewStaff(s)
	g := staffGrid([]staffView{v})
	g.Header = append(g.Header, "pattern")
	g.Free = []string{"pattern"}
	g.Rows[0] = append(g.Rows[0], v.WorkPattern)
	return render.Write(opts.IO.Out, opts.Format, v, g)
}

// StaffDeactivateOptions are kefu staff deactivate's inputs.
type StaffDeactivateOptions struct {
	CmdEnv

	Staff    string
	Reassign string
}

// NewCmdStaffDeactivate builds kefu staff deactivate; runF replaces staffDeactivateRun in tests.
func NewCmdStaffDeactivate(app *App, runF func(*StaffDeactivateOptions) error) *cobra.Command {
	opts := &StaffDeactivateOptions{}
	cmd := &cobra.Command{
		Use:     "deactivate NAME [--reassign-to OTHER]",
		Short:   "Switch a staff member off; they can no longer act (supervisor)",
		Long:    "A staff member holding open tickets is deactivated only with --reassign-to, which hands them all to OTHER.",
		Example: "  kefu staff deactivate 张伟 --reassign-to 李娜",
		Args:    args(1, "a NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Staff = a[0]
			return runWith(opts, runF, staffDeactivateRun)
		},
	}
	cmd.Flags().StringVar(&opts.Reassign, "reassign-to", "", "hand the staff member's open tickets to OTHER")
	return cmd
}

func staffDeactivateRun(opts *StaffDeactivateOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, moved, err := svc.StaffDeactivate(opts.Ctx, opts.As, opts.Staff, opts.Reassign)
	if err != nil {
		return err
	}
	if moved > 0 {
		opts.IO.Info("%d open ticket%s reassigned to %s", moved, plural(moved), opts.Reassign)
	}
	opts.IO.Info("%s is now inactive", s.Name)
	return nil
}

// StaffEditOptions are kefu staff edit's inputs.
type StaffEditOptions struct {
	CmdEnv

	Staff   string
	Role    string
	Team    string
	Shift   string
	Hired   string
	Pattern string
	Edit    core.StaffEditOptions // only the flags given
}

// NewCmdStaffEdit builds kefu staff edit; runF replaces staffEditRun in tests.
func NewCmdStaffEdit(app *App, runF func(*StaffEditOptions) error) *cobra.Command {
	opts := &StaffEditOptions{}
	cmd := &cobra.Command{
		Use:   "edit NAME [--role R] [--team T] [--shift day|night] [--hired DATE] [--pattern P]",
		Short: "Change a staff member's team, shift, hire date, work pattern or role (supervisor for agents; manager for supervisors, managers and roles)",
		Long: `Each change is recorded in the history with the old and new value.
A supervisor edits agents; editing a supervisor or manager, and any change of role, needs a manager.
The last active manager cannot be demoted. --pattern is the work pattern: team (the team calendar),
weekly days (mon-sat, mon,wed,fri) or a rotation of days on and off from a start date (6on1off@2026-11-02).`,
		Example: `  kefu staff edit 张伟 --shift night --team 售后
  kefu staff edit 张伟 --pattern 6on1off@2026-11-02
  kefu staff edit 陈静 --role supervisor --as 王芳`,
		Args: args(1, "a NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			var o core.StaffEditOptions
			flags := cmd.Flags()
			for name, dst := range map[string]**string{"role": &o.Role, "team": &o.Team, "shift": &o.Shift, "hired": &o.Hired, "pattern": &o.Pattern} {
				if flags.Changed(name) {
					v, _ := flags.GetString(name)
					*dst = &v
				}
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Staff = a[0]
			opts.Edit = o
			return runWith(opts, runF, staffEditRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Role, "role", "", "agent, supervisor or manager (manager only)")
	f.StringVar(&opts.Team, "team", "", "team name")
	f.StringVar(&opts.Shift, "shift", "", "day or night")
	f.StringVar(&opts.Hired, "hired", "", "hire date YYYY-MM-DD")
	f.StringVar(&opts.Pattern, "pattern", "", "team, weekly days like mon-sat, or a rotation like 6on1off@2026-11-02")
	return cmd
}

func staffEditRun(opts *StaffEditOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.StaffEdit(opts.Ctx, opts.As, opts.Staff, opts.Edit)
	if err != nil {
		return err
	}
	opts.IO.Info("updated %s %s (id %d)", i18n.T(string(s.Role)), s.Name, s.ID)
	if (opts.Edit.Pattern != nil || opts.Edit.Shift != nil) && s.Role == "agent" {
		return staffPatternWarnings(opts.Ctx, opts.IO, svc, s.Name)
	}
	return nil
}

// StaffReactivateOptions are kefu staff reactivate's inputs.
type StaffReactivateOptions struct {
	CmdEnv

	Staff string
}

// NewCmdStaffReactivate builds kefu staff reactivate; runF replaces staffReactivateRun in tests.
func NewCmdStaffReactivate(app *App, runF func(*StaffReactivateOptions) error) *cobra.Command {
	opts := &StaffReactivateOptions{}
	cmd := &cobra.Command{
		Use:     "reactivate NAME",
		Short:   "Switch an inactive staff member back on (supervisor for agents, manager for supervisors and managers)",
		Example: "  kefu staff reactivate 赵敏",
		Args:    args(1, "a NAME"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Staff = a[0]
			return runWith(opts, runF, staffReactivateRun)
		},
	}
	return cmd
}

func staffReactivateRun(opts *StaffReactivateOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.StaffReactivate(opts.Ctx, opts.As, opts.Staff)
	if err != nil {
		return err
	}
	opts.IO.Info("%s is active again", s.Name)
	return nil
}

// staffPatternWarnings warns when someone's work pattern leaves their shift in their team with
// nobody on duty on a day of the coming week: the change stands, the lead is told.
func staffPatternWarnings(ctx context.Context, streams IOStreams, svc *core.Service, name string) error {
	warnings, err := svc.PatternWarnings(ctx, name)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		streams.Info("warning: %s", w)
	}
	return nil
}
