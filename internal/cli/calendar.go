package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/when"
)

func newCalendarCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "The business calendar: working days, holidays, due times",
		Long: `Working days follow calendar.region: cn is Monday–Friday minus mainland China's public
holidays plus its adjusted working weekends (调休); none is calendar.workweek. Teams add their
own holidays and working days. Service hours are calendar.hours (per weekday: calendar.hours.mon ...).

The horizon: kefu's built-in official data for cn ends on December 31 of its last year (%s
for this kefu). Beyond it working days are Monday–Friday plus team days, and every due time,
calendar view, report or remind that touches such a date warns on stderr (JSON:
calendar_warning). When the State Council publishes the next year, a manager loads it with
kefu calendar import FILE; imported days beat the built-in data.`,
		Example: `  kefu calendar show --month 2026-10
  kefu calendar due "2026-09-30 15:00" 1bd
  kefu calendar holiday add 2026-12-24 --note 年会
  kefu calendar import holidays-2028.csv`,
	}
	// The built-in data's end costs a walk over every year's holidays: compute it only when
	// this command's help is shown, not whenever the command tree is built.
	long := cmd.Long
	cmd.Long = ""
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == cmd && c.Long == "" {
			c.Long = fmt.Sprintf(long, builtinEnd())
		}
		c.Root().HelpFunc()(c, args)
	})
	cmd.AddCommand(NewCmdCalendarShow(app, nil), NewCmdCalendarDue(app, nil),
		newCalendarDayCmd(app, false), newCalendarDayCmd(app, true), NewCmdCalendarImport(app, nil))
	return cmd
}

// builtinEnd names the last date of the built-in official data, for help.
func builtinEnd() string {
	if end, ok := calendar.BuiltinDataEnd(); ok {
		return end.String()
	}
	return "none"
}

func dayKindName(k calendar.DayKind) string {
	switch k {
	case calendar.Workday:
		return "workday"
	case calendar.Weekend:
		return "weekend"
	case calendar.Holiday:
		return "holiday"
	case calendar.AdjustedWorkday:
		return "adjusted workday"
	case calendar.TeamHoliday:
		return "team holiday"
	case calendar.TeamWorkday:
		return "team workday"
	}
	return "?"
}

// calendarDayView is one day of calendar show's JSON.
type calendarDayView struct {
	Date    string `json:"date"`
	Weekday string `json:"weekday"`
	Kind    string `json:"kind"`
	Working bool   `json:"working"`
	Hours   string `json:"hours"`
	Name    string `json:"name"`
	// Imported says the official day comes from kefu calendar import.
	Imported bool `json:"imported"`
}

// CalendarShowOptions are kefu calendar show's inputs.
type CalendarShowOptions struct {
	CmdEnv

	Format string
	Month  string
}

// NewCmdCalendarShow builds kefu calendar show; runF replaces calendarShowRun in tests.
func NewCmdCalendarShow(app *App, runF func(*CalendarShowOptions) error) *cobra.Command {
	opts := &CalendarShowOptions{}
	cmd := &cobra.Command{
		Use:     "show [--month YYYY-MM]",
		Short:   "Show a month's working days, holidays and adjusted workdays",
		Example: "  kefu calendar show\n  kefu calendar show --month 2026-10 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, calendarShowRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month to show (default: this month)")
	return cmd
}

func calendarShowRun(opts *CalendarShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	cal, err := svc.Calendar(opts.Ctx)
	if err != nil {
		return err
	}
	m := when.MonthOf(svc.Now(), cal.Location())
	if opts.Month != "" {
		if m, err = when.ParseMonth(opts.Month); err != nil {
			return err
		}
	}
	days := cal.Month(m.Year, m.Month)
	views := make([]calendarDayView, 0, len(days))
	g := render.Grid{Header: []string{"date", "weekday", "kind", "service hours", "name"}, Free: []string{"name"}}
	working := 0
	for _, d := range days {
		v := calendarDayView{Date: d.Date.String(), Weekday: weekdayShort[d.Date.Weekday()], Kind: dayKindName(d.Kind), Working: d.Working, Name: d.Name, Imported: d.Imported}
		if d.Working {
			v.Hours = d.Hours.String()
			working++
		}
		views = append(views, v)
		name := v.Name
		if d.Imported {
			name = i18n.Sprintf("%s (imported)", name)
		}
		// The JSON keeps the English code (Mon); the table shows the reader's word (周一).
		g.Add(v.Date, i18n.T(v.Weekday), v.Kind, v.Hours, name)
	}
	if w := cal.Beyond(days[len(days)-1].Date.Midnight(cal.Location())); w != "" {
		opts.IO.Info("kefu: warning: %s", w)
	} else if w := cal.DataWarning(svc.Now()); w != "" {
		opts.IO.Info("warning: %s", w)
	}
	if err := render.Write(opts.IO.Out, opts.Format, views, g); err != nil {
		return err
	}
	if opts.Format == render.Table {
		opts.IO.Line("%s: %d working days of %d (time zone %s)", m, working, len(days), cal.Location())
	}
	return nil
}

// weekdayShort are calendar show's weekday codes as message keys, translated in its table.
var weekdayShort = [7]string{i18n.Key("Sun"), i18n.Key("Mon"), i18n.Key("Tue"), i18n.Key("Wed"), i18n.Key("Thu"), i18n.Key("Fri"), i18n.Key("Sat")}

// dueView is calendar due's JSON.
type dueView struct {
	Start           *string `json:"start"`
	Duration        string  `json:"duration"`
	Due             *string `json:"due"`
	CalendarWarning string  `json:"calendar_warning,omitempty"`
}

// CalendarDueOptions are kefu calendar due's inputs.
type CalendarDueOptions struct {
	CmdEnv

	Format   string
	Start    string
	Duration duration.Duration
}

// NewCmdCalendarDue builds kefu calendar due; runF replaces calendarDueRun in tests.
func NewCmdCalendarDue(app *App, runF func(*CalendarDueOptions) error) *cobra.Command {
	opts := &CalendarDueOptions{}
	cmd := &cobra.Command{
		Use:   "due START DURATION",
		Short: "Compute a due time on the business calendar",
		Long: `Print when something started at START is due after DURATION, as RFC 3339 with the team's
offset. START is RFC 3339, "YYYY-MM-DD HH:MM" or HH:MM (today) in the team's zone, or "now".
DURATION is 30s, 15m, 4h, 3d (calendar time) or 30bm, 4bh, 2bd (business time).`,
		Example: `  kefu calendar due "2026-09-30 15:00" 1bd
  kefu calendar due now 4bh
  kefu calendar due 2026-03-06T15:00:00+08:00 2bd --format json`,
		Args: args(2, "START and DURATION"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			d, err := duration.Parse(a[1])
			if err != nil {
				return errs.Invalidf("%v", err)
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			opts.Duration = d
			opts.Start = a[0]
			return runWith(opts, runF, calendarDueRun)
		},
	}
	return cmd
}

func calendarDueRun(opts *CalendarDueOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	cal, err := svc.Calendar(opts.Ctx)
	if err != nil {
		return err
	}
	start := svc.Now()
	if opts.Start != "now" {
		if start, err = when.ParseTime(opts.Start, cal.Location(), svc.Now()); err != nil {
			return err
		}
	}
	due := cal.Due(start, opts.Duration)
	warning := cal.Beyond(start, due)
	if warning != "" {
		opts.IO.Info("kefu: warning: %s", warning)
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, dueView{Start: jsonTime(start, cal.Location()), Duration: opts.Duration.String(), Due: jsonTime(due, cal.Location()), CalendarWarning: warning})
	}
	opts.IO.Line("%s", due.In(cal.Location()).Format(time.RFC3339))
	return nil
}

// newCalendarDayCmd builds "calendar holiday" (working false) or "calendar workday".
// CalendarDayOptions are the inputs of kefu calendar holiday|workday add|rm.
type CalendarDayOptions struct {
	CmdEnv

	Date    calendar.Date
	Working bool // a team working day, not a holiday
	Remove  bool
	Note    string
}

func newCalendarDayCmd(app *App, working bool) *cobra.Command {
	noun, what := "holiday", "a team holiday (a day off)"
	if working {
		noun, what = "workday", "a team working day (e.g. a weekend the team works)"
	}
	cmd := &cobra.Command{
		Use:     noun,
		Short:   fmt.Sprintf("Add or remove %s", what),
		Example: fmt.Sprintf("  kefu calendar %s add 2026-12-26 --note 年会\n  kefu calendar %s rm 2026-12-26", noun, noun),
	}
	cmd.AddCommand(NewCmdCalendarDay(app, working, false, nil), NewCmdCalendarDay(app, working, true, nil))
	return cmd
}

// NewCmdCalendarDay builds kefu calendar holiday|workday add|rm (working picks the noun, remove
// the verb); runF replaces calendarDayRun in tests.
func NewCmdCalendarDay(app *App, working, remove bool, runF func(*CalendarDayOptions) error) *cobra.Command {
	noun, what := "holiday", "a team holiday (a day off)"
	if working {
		noun, what = "workday", "a team working day (e.g. a weekend the team works)"
	}
	opts := &CalendarDayOptions{Working: working, Remove: remove}
	cmd := &cobra.Command{Use: "add DATE [--note TEXT]", Short: "Add " + what + " (manager)", Args: args(1, "a DATE (YYYY-MM-DD)"),
		Example: fmt.Sprintf("  kefu calendar %s add 2026-12-26 --note 年会", noun)}
	if remove {
		cmd = &cobra.Command{Use: "rm DATE", Short: "Remove " + what + " (manager)", Args: args(1, "a DATE (YYYY-MM-DD)"),
			Example: fmt.Sprintf("  kefu calendar %s rm 2026-12-26", noun)}
	}
	cmd.RunE = func(cmd *cobra.Command, a []string) error {
		d, err := calendar.ParseUserDate(a[0])
		if err != nil {
			return errs.Invalidf("%v", err)
		}
		opts.CmdEnv, opts.Date = app.cmdEnv(cmd.Context()), d
		return runWith(opts, runF, calendarDayRun)
	}
	if !remove {
		cmd.Flags().StringVar(&opts.Note, "note", "", "why")
	}
	return cmd
}

func calendarDayRun(opts *CalendarDayOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if err := svc.CalendarDay(opts.Ctx, opts.As, opts.Date, opts.Working, opts.Remove, opts.Note); err != nil {
		return err
	}
	noun := "holiday"
	if opts.Working {
		noun = "workday"
	}
	if opts.Remove {
		opts.IO.Info("%s is no longer a team %s", opts.Date, i18n.T(noun))
	} else {
		opts.IO.Info("%s is now a team %s", opts.Date, i18n.T(noun))
	}
	return nil
}

// CalendarImportOptions are kefu calendar import's inputs.
type CalendarImportOptions struct {
	CmdEnv

	File string
	Data []byte
}

// NewCmdCalendarImport builds kefu calendar import; runF replaces calendarImportRun in tests.
func NewCmdCalendarImport(app *App, runF func(*CalendarImportOptions) error) *cobra.Command {
	opts := &CalendarImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Load a year's official holidays and adjusted working days (manager)",
		Long: `Load official days as the State Council publishes them, one a row: a name, a date and off
(a holiday) or work (an adjusted working day, 调休). FILE is CSV (name,date,day; a header row is
allowed) or, named *.yaml, a YAML list of {name, date, day}. Imported days beat the built-in
data and are shown as imported by calendar show; the official data then reaches the end of the
last year imported. A bad date or a day listed twice is refused, naming the line.`,
		Example: `  kefu calendar import holidays-2028.csv --as 王芳
  printf '元旦,2028-01-01,off\n春节,2028-01-26,off\n' > 2028.csv && kefu calendar import 2028.csv`,
		Args: args(1, "a FILE (CSV or YAML)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			data, err := os.ReadFile(a[0])
			if err != nil {
				return errs.Invalidf("cannot read %s: %v", a[0], err)
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Data = data
			opts.File = a[0]
			return runWith(opts, runF, calendarImportRun)
		},
	}
	return cmd
}

func calendarImportRun(opts *CalendarImportOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	days, end, err := svc.CalendarImport(opts.Ctx, opts.As, filepath.Base(opts.File), opts.Data)
	if err != nil {
		return err
	}
	opts.IO.Info("imported %d official days from %s (%s to %s); official data now ends %s", len(days), opts.File, days[0].Date, days[len(days)-1].Date, end)
	return nil
}
