package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
)

// addKBMoreCommands adds kb's publishing and exchange verbs.
func addKBMoreCommands(app *App, kbCmd *cobra.Command) {
	kbCmd.AddCommand(NewCmdKBPublish(app, nil), NewCmdKBExport(app, nil), NewCmdKBImport(app, nil))
}

// KBPublishOptions are kefu kb publish's inputs.
type KBPublishOptions struct {
	CmdEnv
	Out   string
	Force bool
	Lang  string // zh-CN or en: the team's language
}

// NewCmdKBPublish builds kefu kb publish; runF replaces kbPublishRun in tests.
func NewCmdKBPublish(app *App, runF func(*KBPublishOptions) error) *cobra.Command {
	opts := &KBPublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish --out DIR [--force]",
		Short: "Write the FAQ site: the approved public articles as static pages",
		Long: `Write a static help site of the public articles, each as last approved (a newer draft is not
shown; drafts, internal and retired articles never are): index.html lists them by category
and has a search box that works opened from disk or from any static web host (the index is
embedded in the page; two-character Chinese words work), and a/ID.html is one article. The
pages are in the team's language (config lang, KEFU_LANG or the locale), fit a phone, load
nothing from elsewhere and name no staff or customer. Article text is escaped; raw HTML in a
body is dropped. Publishing again into the same DIR replaces what kefu wrote there; a DIR
that is not empty and was not written by kefu is refused unless --force.`,
		Example: `  kefu kb publish --out site
  KEFU_LANG=en kefu kb publish --out /var/www/faq --force`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Out == "" {
				return usageErr(cmd, "kb publish needs --out DIR")
			}
			opts.Lang, opts.CmdEnv = app.reportLang(), app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbPublishRun)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "the directory to write the site in")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a non-empty directory kefu did not create")
	return cmd
}

func kbPublishRun(opts *KBPublishOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	arts, err := svc.KBPublishable(opts.Ctx)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	files, err := kb.Site(arts, opts.Lang, func(p kb.Published) string { return p.Version.ApprovedAt.In(loc).Format("2006-01-02") })
	if err != nil {
		return errs.Wrap(err, "rendering the site")
	}
	if err := prepareSiteDir(opts.Out, opts.Force); err != nil {
		return err
	}
	var names []string
	for name, content := range files {
		path := filepath.Join(opts.Out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return errs.Wrap(err, "creating %s", filepath.Dir(path))
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return errs.Wrap(err, "writing %s", path)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	marker := "# written by kefu kb publish; kefu replaces these files when it publishes again\n" + strings.Join(names, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(opts.Out, kb.SiteMarker), []byte(marker), 0o644); err != nil {
		return errs.Wrap(err, "writing %s", kb.SiteMarker)
	}
	opts.IO.Info("published %d article%s to %s: open %s", len(arts), plural(len(arts)), opts.Out, filepath.Join(opts.Out, "index.html"))
	return nil
}

// prepareSiteDir makes dir ready for a site: created when missing; emptied of the files an
// earlier publish listed in its marker; refused when it holds other things, unless force.
func prepareSiteDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return errs.Wrap(os.MkdirAll(dir, 0o755), "creating %s", dir)
	}
	if err != nil {
		return errs.Invalidf("cannot publish to %s: %v", dir, errors.Unwrap(err))
	}
	marker, err := os.ReadFile(filepath.Join(dir, kb.SiteMarker))
	if errors.Is(err, fs.ErrNotExist) {
		if len(entries) > 0 && !force {
			return errs.Invalidf("%s is not empty and kefu did not publish there: choose a new or empty directory, or add --force to write into it", dir)
		}
		return nil
	}
	if err != nil {
		return errs.Wrap(err, "reading %s", kb.SiteMarker)
	}
	for _, name := range strings.Split(string(marker), "\n") {
		if name == "" || strings.HasPrefix(name, "#") || !filepath.IsLocal(filepath.FromSlash(name)) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return errs.Wrap(err, "removing the old %s", name)
		}
	}
	return nil
}
