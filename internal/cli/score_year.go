package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/score"
)

// score year: each month's total and grade, and the average.

// yearMonthView is one month of score year's JSON.
type yearMonthView struct {
	Month string        `json:"month"`
	Total *score.Points `json:"total"`
	Grade *string       `json:"grade"`
}

// yearView is one staff member's year in JSON.
type yearView struct {
	Staff        string          `json:"staff"`
	Team         string          `json:"team"`
	Months       []yearMonthView `json:"months"`
	Average      *score.Points   `json:"average"`
	AverageGrade string          `json:"average_grade"`
}

// ScoreYearOptions are kefu score year's inputs.
type ScoreYearOptions struct {
	CmdEnv

	Format string // table, json or csv
	Year   int    // 0 is this year
	Team   string
	All    bool // supervisors and managers too
}

// NewCmdScoreYear builds kefu score year; runF replaces scoreYearRun in tests.
func NewCmdScoreYear(app *App, runF func(*ScoreYearOptions) error) *cobra.Command {
	opts := &ScoreYearOptions{}
	cmd := &cobra.Command{
		Use:     "year [--year YYYY] [--team TEAM] [--all]",
		Short:   "Each month's total and grade per staff member, and the year's average",
		Example: "  kefu score year\n  kefu score year --year 2025 --format csv",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, scoreYearRun)
		},
	}
	cmd.Flags().IntVar(&opts.Year, "year", 0, "the year (default: this year)")
	cmd.Flags().StringVar(&opts.Team, "team", "", "only this team")
	cmd.Flags().BoolVar(&opts.All, "all", false, "add supervisors and managers")
	return cmd
}

func scoreYearRun(opts *ScoreYearOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	y, err := svc.ScoreYear(opts.Ctx, opts.Year, opts.Team, opts.All)
	if err != nil {
		return err
	}
	views := []yearView{}
	// CSV keeps numbers plain: each month's total and grade are two columns (2026-03,
	// 2026-03_grade); the table shows them in one cell, "82.0 B".
	csvCells := opts.Format == render.CSV
	g := render.Grid{Header: []string{"staff", "team"}, Optional: []string{"team"}}
	for _, m := range y.Months {
		g.Header = append(g.Header, m.String())
		if csvCells {
			g.Header = append(g.Header, m.String()+"_grade")
		}
	}
	g.Header = append(g.Header, "average")
	if csvCells {
		g.Header = append(g.Header, "average_grade")
	}
	for _, r := range y.Rows {
		v := yearView{Staff: r.Staff, Team: r.Team, Average: r.Average, AverageGrade: r.AverageGrade}
		row := []string{r.Staff, r.Team}
		for i, m := range y.Months {
			mv := yearMonthView{Month: m.String(), Total: r.Totals[i]}
			total, grade := "", ""
			if r.Totals[i] != nil {
				g := r.Grades[i]
				mv.Grade = &g
				total, grade = r.Totals[i].String(), g
			}
			v.Months = append(v.Months, mv)
			if csvCells {
				row = append(row, total, grade)
			} else {
				row = append(row, strings.TrimSpace(total+" "+grade))
			}
		}
		if csvCells {
			row = append(row, r.Average.String(), r.AverageGrade)
		} else {
			row = append(row, r.Average.String()+" "+r.AverageGrade)
		}
		views = append(views, v)
		g.Add(row...)
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}
