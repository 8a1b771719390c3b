package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/training"
)

// Training (培训): kefu training add|attend|result|list.

func newTrainingCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "training",
		Short: "Training sessions (培训): attendance, assessment results, who is missing",
		Long: `A training session has a topic, a day, a trainer and who must attend (a team, or all).
A supervisor records attendance and assessment results (0-100). A result is also the month's
skills exam: it proposes full marks +5 or below 60 −10 as a pending score entry for a
supervisor to confirm; a later result in the same month amends that proposal.`,
		Example: `  kefu training add 退款流程 --date 2026-03-05 --trainer 陈静 --required-for all
  kefu training attend 1 张伟 李娜
  kefu training result 1 张伟 100
  kefu training list --missing`,
	}
	cmd.AddCommand(NewCmdTrainingAdd(app, nil), NewCmdTrainingAttend(app, nil), NewCmdTrainingResult(app, nil), NewCmdTrainingList(app, nil))
	return cmd
}

func trainingID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Invalidf("%q is not a training id (a positive number)", s)
	}
	return id, nil
}

// TrainingAddOptions are kefu training add's inputs.
type TrainingAddOptions struct {
	CmdEnv

	Topic       string
	Date        string
	Trainer     string
	RequiredFor string
}

// NewCmdTrainingAdd builds kefu training add; runF replaces trainingAddRun in tests.
func NewCmdTrainingAdd(app *App, runF func(*TrainingAddOptions) error) *cobra.Command {
	opts := &TrainingAddOptions{}
	cmd := &cobra.Command{
		Use:     "add TOPIC --date YYYY-MM-DD --trainer NAME --required-for TEAM|all",
		Short:   "Record a training session (supervisor)",
		Example: "  kefu training add 退款流程 --date 2026-03-05 --trainer 陈静 --required-for all\n  kefu training add 投诉处理话术 --trainer 外部讲师 --required-for 售后",
		Args:    args(1, "a TOPIC"),
		RunE: func(cmd *cobra.Command, a []string) error {
			if opts.Trainer == "" {
				return usageErr(cmd, "training add needs --trainer NAME")
			}
			opts.CmdEnv, opts.Topic = app.cmdEnv(cmd.Context()), a[0]
			return runWith(opts, runF, trainingAddRun)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the session's day (default today)")
	cmd.Flags().StringVar(&opts.Trainer, "trainer", "", "who gives the training")
	cmd.Flags().StringVar(&opts.RequiredFor, "required-for", "", "the team that must attend, or all")
	return cmd
}

func trainingAddRun(opts *TrainingAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	s, err := svc.TrainingAdd(opts.Ctx, opts.As, opts.Topic, opts.Date, opts.Trainer, opts.RequiredFor)
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.Out, s.ID)
	opts.IO.Info("training %d added: %s on %s, required for %s", s.ID, s.Topic, s.Day, s.RequiredFor)
	return nil
}

// TrainingAttendOptions are kefu training attend's inputs.
type TrainingAttendOptions struct {
	CmdEnv

	ID    int64
	Names []string
}

// NewCmdTrainingAttend builds kefu training attend; runF replaces trainingAttendRun in tests.
func NewCmdTrainingAttend(app *App, runF func(*TrainingAttendOptions) error) *cobra.Command {
	opts := &TrainingAttendOptions{}
	return &cobra.Command{
		Use:     "attend ID NAME...",
		Short:   "Record who attended a session, all or none (supervisor)",
		Example: "  kefu training attend 1 张伟 李娜",
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) < 2 {
				return usageErr(cmd, "training attend takes a training ID and staff NAMEs (got %d argument%s)", len(a), plural(len(a)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := trainingID(a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.ID, opts.Names = app.cmdEnv(cmd.Context()), id, a[1:]
			return runWith(opts, runF, trainingAttendRun)
		},
	}
}

func trainingAttendRun(opts *TrainingAttendOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.TrainingAttend(opts.Ctx, opts.As, opts.ID, opts.Names)
	if err != nil {
		return err
	}
	if len(r.Recorded) > 0 {
		opts.IO.Info("training %d: attendance recorded for %s", r.Session.ID, strings.Join(r.Recorded, ", "))
	}
	if len(r.Already) > 0 {
		opts.IO.Info("training %d: already recorded for %s", r.Session.ID, strings.Join(r.Already, ", "))
	}
	return nil
}

// TrainingResultOptions are kefu training result's inputs.
type TrainingResultOptions struct {
	CmdEnv

	ID    int64
	Name  string
	Score string
}

// NewCmdTrainingResult builds kefu training result; runF replaces trainingResultRun in tests.
func NewCmdTrainingResult(app *App, runF func(*TrainingResultOptions) error) *cobra.Command {
	opts := &TrainingResultOptions{}
	return &cobra.Command{
		Use:   "result ID NAME SCORE",
		Short: "Record an assessment result 0-100 (supervisor); proposes the month's exam entry",
		Long: `The result is also the month's skills exam (the session's month): full marks propose
exam-full (+5), a score below score.exam_pass (60) proposes exam-below-60 (−10), as pending
entries a supervisor confirms (kefu score pending). A person has one exam a month: a later
result in the month, here or by kefu score exam, replaces it and amends the proposal.`,
		Example: "  kefu training result 1 张伟 100\n  kefu training result 1 李娜 55.5",
		Args:    args(3, "a training ID, a staff NAME and a SCORE"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := trainingID(a[0])
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.ID, opts.Name, opts.Score = app.cmdEnv(cmd.Context()), id, a[1], a[2]
			return runWith(opts, runF, trainingResultRun)
		},
	}
}

func trainingResultRun(opts *TrainingResultOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	r, err := svc.TrainingResult(opts.Ctx, opts.As, opts.ID, opts.Name, opts.Score)
	if err != nil {
		return err
	}
	if r.Amended {
		opts.IO.Info("training %d: %s scored %s; %s's exam of %s amended from %s", r.Session.ID, r.Staff, r.Score.Short(), r.Staff, r.Month, r.Old.Short())
	} else {
		opts.IO.Info("training %d: %s scored %s (exam of %s)", r.Session.ID, r.Staff, r.Score.Short(), r.Month)
	}
	if r.Reverted != 0 {
		opts.IO.Info("entry %d reverted", r.Reverted)
	}
	if r.Dismissed != 0 {
		opts.IO.Info("pending entry %d dismissed: the new score earns no exam rule", r.Dismissed)
	}
	if r.PendingID != 0 {
		opts.IO.Info("pending entry %d: %s %s %s (%s) awaits a supervisor: kefu score confirm %d", r.PendingID, r.Staff, r.Points.Signed(), r.Rule, r.Month, r.PendingID)
	}
	return nil
}

// TrainingListOptions are kefu training list's inputs.
type TrainingListOptions struct {
	CmdEnv

	Missing bool
	Format  string
}

// NewCmdTrainingList builds kefu training list; runF replaces trainingListRun in tests.
func NewCmdTrainingList(app *App, runF func(*TrainingListOptions) error) *cobra.Command {
	opts := &TrainingListOptions{}
	cmd := &cobra.Command{
		Use:     "list [--missing] [--format table|json|csv]",
		Short:   "List training sessions, or who has not attended required training",
		Example: "  kefu training list\n  kefu training list --missing",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, trainingListRun)
		},
	}
	cmd.Flags().BoolVar(&opts.Missing, "missing", false, "who has not attended a required session held so far")
	return cmd
}

type trainingView struct {
	ID          int64              `json:"id"`
	Date        string             `json:"date"`
	Topic       string             `json:"topic"`
	Trainer     string             `json:"trainer"`
	RequiredFor string             `json:"required_for"`
	Required    int                `json:"required"`
	Attended    []string           `json:"attended"`
	Results     []trainingScoreRow `json:"results"`
	Average     *string            `json:"average_score"`
}

type trainingScoreRow struct {
	Staff string `json:"staff"`
	Score string `json:"score"`
}

type trainingMissingView struct {
	Training int64  `json:"training"`
	Date     string `json:"date"`
	Topic    string `json:"topic"`
	Staff    string `json:"staff"`
	Team     string `json:"team"`
}

func trainingListRun(opts *TrainingListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.Missing {
		ms, err := svc.TrainingMissing(opts.Ctx)
		if err != nil {
			return err
		}
		v := []trainingMissingView{}
		g := render.Grid{Header: []string{"training", "date", "topic", "staff", "team"}, Free: []string{"topic"}, Optional: []string{"team"}}
		for _, m := range ms {
			v = append(v, trainingMissingView{Training: m.Session.ID, Date: m.Session.Day, Topic: m.Session.Topic, Staff: m.Person.Name, Team: m.Person.Team})
			g.Add(itoa(m.Session.ID), m.Session.Day, m.Session.Topic, m.Person.Name, m.Person.Team)
		}
		if opts.Format == render.Table && len(ms) == 0 {
			opts.IO.Info("everyone attended the required training")
			return nil
		}
		return render.Write(opts.IO.Out, opts.Format, v, g)
	}
	ss, people, err := svc.Trainings(opts.Ctx)
	if err != nil {
		return err
	}
	v := []trainingView{}
	g := render.Grid{Header: []string{"id", "date", "topic", "trainer", "required for", "attended", "average"},
		Free: []string{"topic", "trainer"}, Optional: []string{"trainer", "average"}}
	for _, s := range ss {
		tv := trainingView{ID: s.ID, Date: s.Day, Topic: s.Topic, Trainer: s.Trainer, RequiredFor: s.RequiredFor,
			Required: s.Required(people), Attended: append([]string{}, s.Attended...), Results: []trainingScoreRow{}}
		for _, r := range s.Results {
			tv.Results = append(tv.Results, trainingScoreRow{Staff: r.Staff, Score: r.Score.Short()})
		}
		avg := ""
		if a, ok := training.Average(s.Results); ok {
			avg = a.Short()
			tv.Average = &avg
		}
		v = append(v, tv)
		g.Add(itoa(s.ID), s.Day, s.Topic, s.Trainer, s.RequiredFor, fmt.Sprintf("%d/%d", len(s.Attended), tv.Required), avg)
	}
	if opts.Format == render.Table && len(ss) == 0 {
		opts.IO.Info("no training sessions")
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, v, g)
}
