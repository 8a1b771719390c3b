package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/when"
)

func newCalendarCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "The business calendar: working days, holidays, due times",
		Long: `Working days follow calendar.region: cn is Monday–Friday minus mainland China's public
holidays plus its adjusted working weekends (调休); none is calendar.workweek. Teams add their
own holidays and working days. Service hours are calendar.hours (per weekday: calendar.hours.mon ...).`,
		Example: `  kefu calendar show --month 2026-10
  kefu calendar due "2026-09-30 15:00" 1bd
  kefu calendar holiday add 2026-12-24 --note 年会`,
	}
	cmd.AddCommand(newCalendarShowCmd(app), newCalendarDueCmd(app),
		newCalendarDayCmd(app, false), newCalendarDayCmd(app, true))
	return cmd
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
}

func newCalendarShowCmd(app *App) *cobra.Command {
	var month string
	cmd := &cobra.Command{
		Use:     "show [--month YYYY-MM]",
		Short:   "Show a month's working days, holidays and adjusted workdays",
		Example: "  kefu calendar show\n  kefu calendar show --month 2026-10 --format json",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, svc, err := app.begin(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			cal, err := svc.Calendar(cmd.Context())
			if err != nil {
				return err
			}
			m := when.MonthOf(svc.Now(), cal.Location())
			if month != "" {
				if m, err = when.ParseMonth(month); err != nil {
					return err
				}
			}
			days := cal.Month(m.Year, m.Month)
			views := make([]calendarDayView, 0, len(days))
			g := render.Grid{Header: []string{"date", "day", "kind", "service hours", "name"}}
			working := 0
			for _, d := range days {
				v := calendarDayView{Date: d.Date.String(), Weekday: d.Date.Weekday().String()[:3], Kind: dayKindName(d.Kind), Working: d.Working, Name: d.Name}
				if d.Working {
					v.Hours = d.Hours.String()
					working++
				}
				views = append(views, v)
				g.Add(v.Date, v.Weekday, v.Kind, v.Hours, v.Name)
			}
			if w := cal.DataWarning(svc.Now()); w != "" {
				app.info("warning: %s", w)
			}
			if err := render.Write(app.Stdout, format, views, g); err != nil {
				return err
			}
			if format == render.Table {
				app.out("%s: %d working days of %d (time zone %s)", m, working, len(days), cal.Location())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month to show (default: this month)")
	return cmd
}

// dueView is calendar due's JSON.
type dueView struct {
	Start    *string `json:"start"`
	Duration string  `json:"duration"`
	Due      *string `json:"due"`
}

func newCalendarDueCmd(app *App) *cobra.Command {
	return &cobra.Command{
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
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			cal, err := svc.Calendar(cmd.Context())
			if err != nil {
				return err
			}
			start := svc.Now()
			if a[0] != "now" {
				if start, err = when.ParseTime(a[0], cal.Location(), svc.Now()); err != nil {
					return err
				}
			}
			due := cal.Due(start, d)
			if format == render.JSON {
				return render.WriteJSON(app.Stdout, dueView{Start: jsonTime(start, cal.Location()), Duration: d.String(), Due: jsonTime(due, cal.Location())})
			}
			app.out("%s", due.In(cal.Location()).Format(time.RFC3339))
			return nil
		},
	}
}

// newCalendarDayCmd builds "calendar holiday" (working false) or "calendar workday".
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
	var note string
	run := func(remove bool) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, a []string) error {
			d, err := calendar.ParseUserDate(a[0])
			if err != nil {
				return errs.Invalidf("%v", err)
			}
			svc, err := app.service(cmd.Context())
			if err != nil {
				return err
			}
			if err := svc.CalendarDay(cmd.Context(), app.As, d, working, remove, note); err != nil {
				return err
			}
			if remove {
				app.info("%s is no longer a team %s", d, noun)
			} else {
				app.info("%s is now a team %s", d, noun)
			}
			return nil
		}
	}
	add := &cobra.Command{Use: "add DATE [--note TEXT]", Short: "Add " + what + " (manager)", Args: args(1, "a DATE (YYYY-MM-DD)"), RunE: run(false),
		Example: fmt.Sprintf("  kefu calendar %s add 2026-12-26 --note 年会", noun)}
	add.Flags().StringVar(&note, "note", "", "why")
	rm := &cobra.Command{Use: "rm DATE", Short: "Remove " + what + " (manager)", Args: args(1, "a DATE (YYYY-MM-DD)"), RunE: run(true),
		Example: fmt.Sprintf("  kefu calendar %s rm 2026-12-26", noun)}
	cmd.AddCommand(add, rm)
	return cmd
}
