package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
	"github.com/kefu/kefu/internal/render"
)

func newKBCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kb",
		Short: "Knowledge base (知识库): write, approve, search and publish answers",
		Long: `Articles are Markdown answers to customers' questions, in categories, with tags. Every edit
of the title or body is a new version; a supervisor or manager other than its author approves
a version before customers see it, and customers keep seeing the last approved version while
a newer draft waits. Public approved articles can be published as a static FAQ site.`,
		Example: `  kefu kb add 退款多久到账 --category 售后 --new-category --tag 退款 --public --file refund.md --as 张伟
  kefu kb approve 1 --as 陈静
  kefu kb search 退款`,
	}
	cmd.AddCommand(NewCmdKBAdd(app, nil), NewCmdKBEdit(app, nil), NewCmdKBShow(app, nil), NewCmdKBList(app, nil),
		NewCmdKBSearch(app, nil), NewCmdKBApprove(app, nil), NewCmdKBRetire(app, nil), NewCmdKBDiff(app, nil))
	addKBMoreCommands(app, cmd)
	return cmd
}

// articleID parses an article id (a positive number, optionally #N).
func articleID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Invalidf("%q is not an article id (a positive number)", s)
	}
	return id, nil
}

// readArticleBody reads an article body from --body, --file (- for stdin), piped stdin or, on a
// terminal, the editor. ok is false when no body was given and none can be asked for.
func (a *App) readArticleBody(cmd *cobra.Command, body, file string, required bool) (text string, ok bool, err error) {
	bodySet := cmd.Flags().Changed("body")
	if bodySet && file != "" {
		return "", false, usageErr(cmd, "give the article body with --body or --file, not both")
	}
	var b []byte
	switch {
	case bodySet:
		return body, true, nil
	case file != "":
		b, err = readFileLimited(a, file, kb.MaxBody, "the article body --file")
	case a.StdinPiped:
		b, err = readLimited(a.Stdin, kb.MaxBody, "the article body (standard input)")
	case a.IsTerminal && required:
		text, err = a.editText("article body")
		return text, err == nil, err
	case required:
		return "", false, usageErr(cmd, "%s needs the article body: --body TEXT, --file FILE, or piped stdin", cmd.CommandPath())
	default:
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if file == "" && strings.TrimSpace(string(b)) == "" {
		// An empty pipe is most likely no pipe at all (cron, a script): no body given.
		if required {
			return "", false, usageErr(cmd, "%s needs the article body: --body TEXT, --file FILE, or piped stdin", cmd.CommandPath())
		}
		return "", false, nil
	}
	return strings.TrimRight(string(b), "\n") + "\n", true, nil
}

// articleView is an article in JSON.
type articleView struct {
	ID        int64    `json:"id"`
	Title     string   `json:"title"`
	Category  string   `json:"category"`
	Tags      []string `json:"tags"`
	Public    bool     `json:"public"`
	Status    string   `json:"status"`
	Author    string   `json:"author"`
	Version   int      `json:"version"`
	Approved  int      `json:"approved_version"`
	CreatedAt *string  `json:"created_at"`
	UpdatedAt *string  `json:"updated_at"`
	RetiredAt *string  `json:"retired_at"`
}

func viewArticle(a kb.Article, loc *time.Location) articleView {
	return articleView{ID: a.ID, Title: a.Title, Category: a.Category, Tags: a.Tags, Public: a.Public, Status: a.Status(),
		Author: a.Author, Version: a.Version, Approved: a.Approved, CreatedAt: jsonTime(a.CreatedAt, loc),
		UpdatedAt: jsonTime(a.UpdatedAt, loc), RetiredAt: jsonTime(a.RetiredAt, loc)}
}

// versionView is an article version in JSON.
type versionView struct {
	Version    int     `json:"version"`
	Title      string  `json:"title"`
	Body       string  `json:"body,omitempty"`
	Author     string  `json:"author"`
	At         *string `json:"at"`
	ApprovedBy string  `json:"approved_by"`
	ApprovedAt *string `json:"approved_at"`
}

func viewVersion(v kb.Version, withBody bool, loc *time.Location) versionView {
	out := versionView{Version: v.Number, Title: v.Title, Author: v.Author, At: jsonTime(v.At, loc),
		ApprovedBy: v.ApprovedBy, ApprovedAt: jsonTime(v.ApprovedAt, loc)}
	if withBody {
		out.Body = v.Body
	}
	return out
}

func publicText(public bool) string {
	if public {
		return "public"
	}
	return "internal"
}

// KBAddOptions are kefu kb add's inputs.
type KBAddOptions struct {
	CmdEnv
	core.KBAddOptions
	Format string
}

// NewCmdKBAdd builds kefu kb add; runF replaces kbAddRun in tests.
func NewCmdKBAdd(app *App, runF func(*KBAddOptions) error) *cobra.Command {
	opts := &KBAddOptions{}
	var body, file string
	cmd := &cobra.Command{
		Use:   "add TITLE --category C [--tag T] [--public] [--body TEXT | --file F]",
		Short: "Write a new article (a draft until a supervisor approves it)",
		Long: `Write a new article. The Markdown body is --body TEXT, --file FILE (- for stdin), piped
stdin, or, on a terminal, your editor; at most 256 KiB. The category must be one an article
already uses, unless --new-category starts it. --public lets the published FAQ site show the
article once approved. Prints the article's id.`,
		Example: `  kefu kb add 退款多久到账 --category 售后 --new-category --tag 退款 --public --file refund.md --as 张伟
  echo '发票在订单页下载。' | kefu kb add 如何开发票 --category 售后 --tag 发票 --as 李娜`,
		Args: args(1, "the TITLE (quote it)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.Category == "" {
				return usageErr(cmd, "kb add needs --category")
			}
			opts.Title = a[0]
			if opts.Body, _, err = app.readArticleBody(cmd, body, file, true); err != nil {
				return err
			}
			opts.CmdEnv, opts.Format = app.cmdEnv(cmd.Context()), format
			return runWith(opts, runF, kbAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Category, "category", "", "the article's category")
	f.BoolVar(&opts.NewCategory, "new-category", false, "allow a category no article uses yet")
	f.StringArrayVar(&opts.Tags, "tag", nil, "a tag (repeat, or separate with commas)")
	f.BoolVar(&opts.Public, "public", false, "show the article on the published FAQ site once approved")
	f.StringVar(&body, "body", "", "the Markdown body")
	f.StringVar(&file, "file", "", "read the Markdown body from FILE (- for stdin)")
	return cmd
}

func kbAddRun(opts *KBAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	a, err := svc.KBAdd(opts.Ctx, opts.As, opts.KBAddOptions)
	if err != nil {
		return err
	}
	opts.IO.Info("article %d added as a draft in %s (%s): a supervisor approves it with kefu kb approve %d", a.ID, a.Category, publicText(a.Public), a.ID)
	if opts.Format == render.JSON {
		loc, err := svc.Location(opts.Ctx)
		if err != nil {
			return err
		}
		return render.WriteJSON(opts.IO.Out, viewArticle(a, loc))
	}
	opts.IO.Line("%d", a.ID)
	return nil
}

// KBEditOptions are kefu kb edit's inputs.
type KBEditOptions struct {
	CmdEnv
	core.KBEditOptions
}

// NewCmdKBEdit builds kefu kb edit; runF replaces kbEditRun in tests.
func NewCmdKBEdit(app *App, runF func(*KBEditOptions) error) *cobra.Command {
	opts := &KBEditOptions{}
	var title, body, file, category string
	var tags []string
	var public, private bool
	cmd := &cobra.Command{
		Use:   "edit ID [--title T] [--body TEXT | --file F] [--category C] [--tag T] [--public | --private]",
		Short: "Change an article: a new title or body is a new draft version",
		Long: `Change an article. A new title or body (--body, --file, or piped stdin) is a new version:
a draft that needs approval again, while customers keep seeing the last approved version.
--category, --tag (replaces all tags; --tag '' clears them), --public and --private change
the article itself.`,
		Example: `  kefu kb edit 1 --file refund-v2.md --as 李娜
  kefu kb edit 1 --tag 退款 --tag 支付 --private --as 张伟`,
		Args: args(1, "the article ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			opts.ID = id
			f := cmd.Flags()
			if f.Changed("title") {
				opts.Title = &title
			}
			text, ok, err := app.readArticleBody(cmd, body, file, false)
			if err != nil {
				return err
			}
			if ok {
				opts.Body = &text
			}
			if f.Changed("category") {
				opts.Category = &category
			}
			if f.Changed("tag") {
				opts.Tags = &tags
			}
			if public && private {
				return usageErr(cmd, "give --public or --private, not both")
			}
			if public || private {
				opts.Public = &public
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbEditRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&title, "title", "", "a new title")
	f.StringVar(&body, "body", "", "a new Markdown body")
	f.StringVar(&file, "file", "", "read the new Markdown body from FILE (- for stdin)")
	f.StringVar(&category, "category", "", "move the article to this category")
	f.BoolVar(&opts.NewCategory, "new-category", false, "allow a category no article uses yet")
	f.StringArrayVar(&tags, "tag", nil, "the article's tags (repeat; replaces the old ones)")
	f.BoolVar(&public, "public", false, "show the article on the published FAQ site once approved")
	f.BoolVar(&private, "private", false, "keep the article for staff only")
	return cmd
}

func kbEditRun(opts *KBEditOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	out, err := svc.KBEdit(opts.Ctx, opts.As, opts.KBEditOptions)
	if err != nil {
		return err
	}
	a := out.Article
	if out.NewVersion && a.Approved > 0 {
		opts.IO.Info("article %d: version %d is a draft awaiting approval; customers still see version %d", a.ID, a.Version, a.Approved)
	} else if out.NewVersion {
		opts.IO.Info("article %d: version %d is a draft awaiting approval", a.ID, a.Version)
	} else {
		opts.IO.Info("article %d changed: %s, %s, tags %s", a.ID, a.Category, publicText(a.Public), tagText(a.Tags))
	}
	return nil
}

func tagText(tags []string) string {
	if len(tags) == 0 {
		return "-"
	}
	return strings.Join(tags, ", ")
}

// KBIDOptions are the inputs of the kb verbs that take one article id.
type KBIDOptions struct {
	CmdEnv
	ID     int64
	Format string
}

// NewCmdKBApprove builds kefu kb approve; runF replaces kbApproveRun in tests.
func NewCmdKBApprove(app *App, runF func(*KBIDOptions) error) *cobra.Command {
	opts := &KBIDOptions{}
	return &cobra.Command{
		Use:   "approve ID",
		Short: "Approve an article's latest version (supervisor or manager, not its author)",
		Long: `Approve the latest version of an article: from now on customers see it (if the article is
public). A supervisor or manager approves; never the author of that version.`,
		Example: `  kefu kb approve 1 --as 陈静`,
		Args:    args(1, "the article ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			opts.ID, opts.CmdEnv = id, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbApproveRun)
		},
	}
}

func kbApproveRun(opts *KBIDOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	a, err := svc.KBApprove(opts.Ctx, opts.As, opts.ID)
	if err != nil {
		return err
	}
	opts.IO.Info("article %d version %d approved (%s)", a.ID, a.Approved, publicText(a.Public))
	return nil
}

// NewCmdKBRetire builds kefu kb retire; runF replaces kbRetireRun in tests.
func NewCmdKBRetire(app *App, runF func(*KBIDOptions) error) *cobra.Command {
	opts := &KBIDOptions{}
	return &cobra.Command{
		Use:   "retire ID",
		Short: "Retire an article: no longer found by search nor published",
		Long: `Retire an article that no longer holds: staff search no longer finds it and the published
site drops it; its versions stay in the history. Retiring an approved article, or another's
draft, is a supervisor's or manager's act; authors may retire their own unapproved drafts.`,
		Example: `  kefu kb retire 3 --as 陈静`,
		Args:    args(1, "the article ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			opts.ID, opts.CmdEnv = id, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbRetireRun)
		},
	}
}

func kbRetireRun(opts *KBIDOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	a, err := svc.KBRetire(opts.Ctx, opts.As, opts.ID)
	if err != nil {
		return err
	}
	opts.IO.Info("article %d retired", a.ID)
	return nil
}

// KBShowOptions are kefu kb show's inputs.
type KBShowOptions struct {
	CmdEnv
	ID      int64
	Version int
	Format  string
}

// kbShowView is kb show's JSON.
type kbShowView struct {
	articleView
	Shown    versionView   `json:"shown"`
	Versions []versionView `json:"versions"`
}

// NewCmdKBShow builds kefu kb show; runF replaces kbShowRun in tests.
func NewCmdKBShow(app *App, runF func(*KBShowOptions) error) *cobra.Command {
	opts := &KBShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID [--version N]",
		Short: "Show an article (its latest version, or --version N) and its versions",
		Example: `  kefu kb show 1
  kefu kb show 1 --version 1 --format json`,
		Args: args(1, "the article ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			if opts.Version < 0 {
				return usageErr(cmd, "--version must be a positive number")
			}
			opts.ID, opts.Format, opts.CmdEnv = id, format, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbShowRun)
		},
	}
	cmd.Flags().IntVar(&opts.Version, "version", 0, "show version N (default: the latest)")
	return cmd
}

func kbShowRun(opts *KBShowOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	d, err := svc.KBShow(opts.Ctx, opts.ID, opts.Version)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	a, v := d.Article, d.Version
	if opts.Format == render.JSON {
		view := kbShowView{articleView: viewArticle(a, loc), Shown: viewVersion(v, true, loc), Versions: []versionView{}}
		for _, each := range d.Versions {
			view.Versions = append(view.Versions, viewVersion(each, false, loc))
		}
		return render.WriteJSON(opts.IO.Out, view)
	}
	opts.IO.Line("article %d · %s · %s", a.ID, v.Title, a.Status())
	opts.IO.Line("category: %s · tags: %s · %s", a.Category, tagText(a.Tags), publicText(a.Public))
	opts.IO.Line("version %d of %d · written by %s %s", v.Number, a.Version, v.Author, clockTime(v.At, loc))
	switch {
	case a.Approved == 0:
		opts.IO.Line("customers see: nothing yet (no version approved)")
	default:
		opts.IO.Line("customers see: version %d", a.Approved)
	}
	opts.IO.Line("")
	opts.IO.Line("%s", strings.TrimRight(v.Body, "\n"))
	opts.IO.Line("")
	opts.IO.Line("versions:")
	for _, each := range d.Versions {
		state := "draft"
		if each.ApprovedBy != "" {
			state = "approved by " + each.ApprovedBy + " " + clockTime(each.ApprovedAt, loc)
		}
		opts.IO.Line("  %d  %s  %s  %s · %s", each.Number, clockTime(each.At, loc), each.Author, each.Title, state)
	}
	return nil
}

// KBListOptions are kefu kb list's inputs.
type KBListOptions struct {
	CmdEnv
	core.KBListOptions
	Format string
}

// NewCmdKBList builds kefu kb list; runF replaces kbListRun in tests.
func NewCmdKBList(app *App, runF func(*KBListOptions) error) *cobra.Command {
	opts := &KBListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--category C] [--tag T] [--public] [--status S]",
		Short: "List articles (not retired ones unless --status retired)",
		Example: `  kefu kb list
  kefu kb list --category 售后 --tag 退款
  kefu kb list --status changed --format json`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.Format, opts.CmdEnv = format, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbListRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Category, "category", "", "only this category")
	f.StringVar(&opts.Tag, "tag", "", "only articles with this tag")
	f.BoolVar(&opts.Public, "public", false, "only public articles")
	f.StringVar(&opts.Status, "status", "", "only draft, approved, changed (approved with a newer draft) or retired")
	return cmd
}

func kbListRun(opts *KBListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	list, err := svc.KBList(opts.Ctx, opts.KBListOptions)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	views := []articleView{}
	g := render.Grid{Header: []string{"id", "title", "category", "tags", "status", "public", "version"},
		Free: []string{"title", "tags"}, Optional: []string{"version", "tags", "public"}}
	for _, a := range list {
		views = append(views, viewArticle(a, loc))
		tags := tagText(a.Tags)
		if opts.Format == render.CSV {
			tags = strings.Join(a.Tags, ", ")
		}
		g.Add(itoa(a.ID), a.Title, a.Category, tags, a.Status(), yesNo(a.Public), strconv.Itoa(a.Version))
	}
	if opts.Format == render.Table && len(views) == 0 {
		opts.IO.Info("no articles")
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// KBSearchOptions are kefu kb search's inputs.
type KBSearchOptions struct {
	CmdEnv
	Query  string
	Format string
}

// kbHitView is a search hit in JSON.
type kbHitView struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Status   string `json:"status"`
	InTitle  bool   `json:"in_title"`
	Line     string `json:"line"`
}

// NewCmdKBSearch builds kefu kb search; runF replaces kbSearchRun in tests.
func NewCmdKBSearch(app *App, runF func(*KBSearchOptions) error) *cobra.Command {
	opts := &KBSearchOptions{}
	cmd := &cobra.Command{
		Use:   "search WORDS...",
		Short: "Find articles holding every word (two-character Chinese words too)",
		Long: `Find the articles (drafts included, retired ones not) whose latest title or body holds every
word; words of two or more characters, Chinese ones too (退款), are found through an index.
Title hits come first. Each hit prints the line that matched, with the words marked 【like this】.`,
		Example: `  kefu kb search 退款
  kefu kb search 发票 抬头 --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			opts.Query, opts.Format, opts.CmdEnv = strings.Join(a, " "), format, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbSearchRun)
		},
	}
	return cmd
}

func kbSearchRun(opts *KBSearchOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	hits, err := svc.KBSearch(opts.Ctx, opts.Query)
	if err != nil {
		return err
	}
	views := []kbHitView{}
	g := render.Grid{Header: []string{"id", "title", "category", "status", "line"}, Free: []string{"line", "title"}, Optional: []string{"status", "category"}}
	for _, h := range hits {
		a := h.Article
		views = append(views, kbHitView{ID: a.ID, Title: a.Title, Category: a.Category, Status: a.Status(), InTitle: h.InTitle > 0, Line: h.Line})
		g.Add(itoa(a.ID), a.Title, a.Category, a.Status(), h.Line)
	}
	if opts.Format == render.Table && len(views) == 0 {
		opts.IO.Info("no article matches %q", opts.Query)
		return nil
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// KBDiffOptions are kefu kb diff's inputs.
type KBDiffOptions struct {
	CmdEnv
	ID       int64
	From, To int
	Format   string
}

type diffLineView struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type kbDiffView struct {
	ID    int64          `json:"id"`
	From  int            `json:"from"`
	To    int            `json:"to"`
	Title []diffLineView `json:"title"`
	Body  []diffLineView `json:"body"`
}

func viewDiff(lines []kb.DiffLine) []diffLineView {
	out := []diffLineView{}
	for _, l := range lines {
		out = append(out, diffLineView{Op: string(l.Op), Text: l.Text})
	}
	return out
}

// NewCmdKBDiff builds kefu kb diff; runF replaces kbDiffRun in tests.
func NewCmdKBDiff(app *App, runF func(*KBDiffOptions) error) *cobra.Command {
	opts := &KBDiffOptions{}
	cmd := &cobra.Command{
		Use:   "diff ID [--from N] [--to M]",
		Short: "Compare two versions of an article, line by line",
		Long: `Compare two versions of an article. By default the latest version is compared with the one
customers see (the last approved), or with the version before it. Lines only in the old
version start with "-", lines only in the new one with "+".`,
		Example: `  kefu kb diff 1
  kefu kb diff 1 --from 1 --to 3`,
		Args: args(1, "the article ID"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			if opts.From < 0 || opts.To < 0 {
				return usageErr(cmd, "--from and --to are version numbers (1, 2, ...)")
			}
			opts.ID, opts.Format, opts.CmdEnv = id, format, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbDiffRun)
		},
	}
	cmd.Flags().IntVar(&opts.From, "from", 0, "the old version (default: the approved one, or the one before the latest)")
	cmd.Flags().IntVar(&opts.To, "to", 0, "the new version (default: the latest)")
	return cmd
}

func kbDiffRun(opts *KBDiffOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	d, err := svc.KBDiffVersions(opts.Ctx, opts.ID, opts.From, opts.To)
	if err != nil {
		return err
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, kbDiffView{ID: d.Article.ID, From: d.From.Number, To: d.To.Number, Title: viewDiff(d.Title), Body: viewDiff(d.Body)})
	}
	opts.IO.Line("--- article %d version %d", d.Article.ID, d.From.Number)
	opts.IO.Line("+++ article %d version %d", d.Article.ID, d.To.Number)
	if kb.Changed(d.Title) {
		opts.IO.Line("title:")
		for _, l := range d.Title {
			opts.IO.Line("%c %s", l.Op, l.Text)
		}
		opts.IO.Line("body:")
	}
	if !kb.Changed(d.Body) {
		opts.IO.Line("  (body unchanged)")
		return nil
	}
	for _, l := range d.Body {
		opts.IO.Line("%s", strings.TrimRight(string(l.Op)+" "+l.Text, " "))
	}
	return nil
}
