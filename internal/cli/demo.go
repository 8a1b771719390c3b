package cli

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/demo"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/when"
)

// DemoOptions are kefu demo's inputs. The demo builds its own database with its own clock, so
// the app hands it Open (which points the app at that database and clock) and Release.
type DemoOptions struct {
	CmdEnv
	Format string
	Month  string
	Seed   uint64
	PerDay int
	// DBPath is the --db typed for this run ("": a temporary database removed afterwards).
	DBPath string
	Now    clock.Clock
	// Open creates the database at path, its events timed by c; ephemeral gives it a throwaway
	// audit key (no key file for a database that is gone afterwards).
	Open    func(ctx context.Context, path string, c clock.Clock, ephemeral bool) (*core.Service, error)
	Release func()
}

// NewCmdDemo builds kefu demo; runF replaces demoRun in tests.
func NewCmdDemo(app *App, runF func(*DemoOptions) error) *cobra.Command {
	opts := &DemoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [--db PATH] [--month YYYY-MM] [--seed N]",
		Short: "Create a sample team and a month of work, then print the monthly report",
		Long: `demo creates a department (a manager, two supervisors, eight agents with Chinese and English
names) and a month of realistic work: several thousand tickets across kinds and channels arriving
in business-hour patterns, some breaches, escalations, follow-ups, ratings and quality checks.
It runs the same use cases as the commands, in one transaction, deterministic for a seed.
Without --db it uses a temporary database that is removed afterwards; with --db the database
must not exist yet, and is kept for you to explore (kefu --db PATH ticket list ...).
The month defaults to the previous one.`,
		Example: `  kefu demo
  kefu demo --db demo.db --month 2026-03 --seed 7
  kefu --db demo.db report monthly --month 2026-03 --format xlsx --out 2026-03.xlsx`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.Markdown)
			if err != nil {
				return err
			}
			if opts.Now, err = app.Clock(); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format, opts.DBPath = format, ""
			// Only a --db typed for this run is used: a configured database is real work.
			if app.dbOnCommandLine {
				opts.DBPath = app.DBPath
			}
			opts.Open = func(ctx context.Context, path string, c clock.Clock, ephemeral bool) (*core.Service, error) {
				if ephemeral {
					app.ephemeralKey = audit.NewKey()
				}
				app.clock, app.DBPath = c, path
				return app.open(ctx, true)
			}
			opts.Release = app.close
			return runWith(opts, runF, demoRun)
		},
	}
	cmd.Flags().StringVar(&opts.Month, "month", "", "the month to simulate (default: the previous month)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed: the same seed makes the same month")
	cmd.Flags().IntVar(&opts.PerDay, "per-day", 100, "mean contacts on a working day")
	return cmd
}

func demoRun(opts *DemoOptions) error {
	ctx := opts.Ctx
	path := opts.DBPath
	final := "" // with --db: where the finished database goes
	ephemeral := path == ""
	if ephemeral {
		dir, err := os.MkdirTemp("", "kefu-demo-")
		if err != nil {
			return errs.Wrap(err, "creating a temporary directory")
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	} else if _, err := os.Stat(path); err == nil {
		return errs.Invalidf("%s already exists; demo writes only into a new database", path)
	} else {
		// All or nothing: the month is built in a temporary file beside the target and
		// renamed into place when complete, so a killed run leaves no half database to
		// block the next one (whose start removes what the killed run left).
		final = path
		if path, err = demoTempPath(final); err != nil {
			return err
		}
		defer removeDBFiles(path)
	}
	now := opts.Now()
	m := when.MonthOf(now, time.Local).Prev()
	if opts.Month != "" {
		var err error
		if m, err = when.ParseMonth(opts.Month); err != nil {
			return err
		}
	}
	current := now
	svc, err := opts.Open(ctx, path, clock.Clock(func() time.Time { return current }), ephemeral)
	if err != nil {
		return err
	}
	current = m.Start(time.UTC).Add(-30 * 24 * time.Hour)
	if _, err := svc.Init(ctx, core.InitOptions{Manager: demo.Manager, TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		return err
	}
	opts.IO.Info("generating %s (seed %d) ...", m, opts.Seed)
	res, err := demo.Generate(ctx, svc, func(t time.Time) { current = t }, demo.Options{Month: m, Seed: opts.Seed, PerDay: opts.PerDay})
	if err != nil {
		return err
	}
	shown := path
	if final != "" {
		shown = final
	}
	opts.IO.Info("%d tickets, %d actions in %s", res.Tickets, res.Actions, shown)
	if !ephemeral {
		opts.IO.Info("explore it: kefu --db %s report monthly --month %s (set KEFU_NOW=%s to see it as of the report)", shown, m, res.Now.Format(time.RFC3339))
	}
	r, err := svc.ReportMonthly(ctx, m.String(), "")
	if err != nil {
		return err
	}
	if final != "" {
		opts.Release()
		// A hard link fails if the target appeared meanwhile: nothing is ever overwritten.
		if err := os.Link(path, final); err != nil {
			return errs.Wrap(err, "placing the demo database at %s", final)
		}
	}
	switch opts.Format {
	case render.JSON:
		return render.WriteJSON(opts.IO.Out, r)
	case render.Markdown:
		return writeMonthlyMD(opts.IO.Out, r)
	}
	return writeMonthlyTable(opts.IO.Out, r)
}

// demoTempPath is a fresh temporary database name beside target; temporary databases a killed
// earlier demo left for the same target are removed first.
func demoTempPath(target string) (string, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	prefix := "." + base + ".kefu-tmp-"
	if stale, _ := filepath.Glob(filepath.Join(dir, prefix+"*")); len(stale) > 0 {
		for _, s := range stale {
			os.Remove(s)
		}
	}
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return "", errs.Wrap(err, "creating the demo database beside %s", target)
	}
	name := f.Name()
	f.Close()
	// Opening the store creates the file itself and refuses one that exists.
	if err := os.Remove(name); err != nil {
		return "", errs.Wrap(err, "creating the demo database beside %s", target)
	}
	return name, nil
}

// removeDBFiles removes a database file and its journal files.
func removeDBFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}
