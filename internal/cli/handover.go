package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

func newHandoverCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "handover",
		Short: "Shift handover notes (交接班): write, show, list, acknowledge",
		Long: `At the end of each shift every agent of that shift writes a handover note. kefu adds the
shift's open items to it: the author's tickets still open, complaints awaiting the author's
action, and the tickets of the author's team due during the next shift. One note per author per
shift: writing again amends it, and the earlier version is kept. A member of the next shift
acknowledges it (the day shift hands over to the same day's night shift, the night shift to the
next working day's day shift). Shift hours are policy calendar.shift.day and calendar.shift.night.`,
		Example: `  kefu handover add "3号工单等客户回电，已约明早10点" --as 张伟
  kefu handover show --last
  kefu handover ack 12 --as 赵敏
  kefu handover list --since 2026-03-01`,
	}
	cmd.AddCommand(NewCmdHandoverAdd(app, nil), NewCmdHandoverShow(app, nil), NewCmdHandoverList(app, nil), NewCmdHandoverAck(app, nil))
	return cmd
}

// handoverItemView is an open item in JSON.
type handoverItemView struct {
	TicketID int64   `json:"ticket_id"`
	Kind     string  `json:"kind"`
	Subject  string  `json:"subject"`
	Status   string  `json:"status"`
	Assignee *string `json:"assignee"`
	Due      *string `json:"due"`
	Why      string  `json:"why"`
}

// handoverView is a note in JSON.
type handoverView struct {
	ID        int64              `json:"id"`
	Author    string             `json:"author"`
	Shift     string             `json:"shift"`
	Date      string             `json:"date"`
	Text      string             `json:"text"`
	OpenItems []handoverItemView `json:"open_items"`
	AckedBy   *string            `json:"acked_by"`
	AckedAt   *string            `json:"acked_at"`
	WrittenAt *string            `json:"written_at"`
	AmendedAt *string            `json:"amended_at"`
	Revisions int                `json:"revisions"`
}

type handoverRevisionView struct {
	Text       string             `json:"text"`
	OpenItems  []handoverItemView `json:"open_items"`
	WrittenAt  *string            `json:"written_at"`
	ReplacedAt *string            `json:"replaced_at"`
}

// handoverDetailView is handover show's JSON: the note, the shift that acknowledges it and the
// versions amendments replaced.
type handoverDetailView struct {
	handoverView
	NextShift   string                 `json:"next_shift"`
	NextDate    string                 `json:"next_date"`
	NextMembers []string               `json:"next_members"`
	History     []handoverRevisionView `json:"history"`
}

func viewItems(items []handover.Item, loc *time.Location) []handoverItemView {
	out := make([]handoverItemView, len(items))
	for i, it := range items {
		out[i] = handoverItemView{TicketID: it.TicketID, Kind: it.Kind, Subject: it.Subject, Status: it.Status,
			Assignee: strPtr(it.Assignee), Due: jsonTime(it.Due, loc), Why: it.Why}
	}
	return out
}

func viewHandover(n handover.Note, loc *time.Location) handoverView {
	return handoverView{ID: n.ID, Author: n.Author, Shift: n.Shift.Name, Date: n.Shift.Date.String(), Text: n.Text,
		OpenItems: viewItems(n.OpenItems, loc), AckedBy: strPtr(n.AckedBy), AckedAt: jsonTime(n.AckedAt, loc),
		WrittenAt: jsonTime(n.WrittenAt, loc), AmendedAt: jsonTime(n.AmendedAt, loc), Revisions: n.Revisions}
}

func viewHandoverDetail(d core.HandoverDetail, loc *time.Location) handoverDetailView {
	v := handoverDetailView{handoverView: viewHandover(d.Note, loc), NextShift: d.Next.Name, NextDate: d.Next.Date.String(),
		NextMembers: append([]string{}, d.NextMembers...), History: []handoverRevisionView{}}
	for _, r := range d.Revisions {
		v.History = append(v.History, handoverRevisionView{Text: r.Text, OpenItems: viewItems(r.OpenItems, loc),
			WrittenAt: jsonTime(r.WrittenAt, loc), ReplacedAt: jsonTime(r.ReplacedAt, loc)})
	}
	return v
}

// readText takes a note's text from the TEXT argument, --file (- for stdin), piped stdin or,
// on a terminal, the user's editor.
func (a *App) readText(cmd *cobra.Command, args []string, file, what string) (string, error) {
	if len(args) == 1 && file != "" {
		return "", usageErr(cmd, "give the %s as TEXT or with --file, not both", i18n.T(what))
	}
	if len(args) == 1 {
		return args[0], nil
	}
	var b []byte
	var err error
	switch {
	case file != "":
		b, err = readFileLimited(a, file, limitNote, "the "+what+" --file")
	case a.StdinPiped:
		b, err = readLimited(a.Stdin, limitNote, "the "+what+" (standard input)")
	case a.IsTerminal:
		return a.editText(what)
	default:
		return "", usageErr(cmd, "%s needs the %s: TEXT, --file FILE, or piped stdin", cmd.CommandPath(), i18n.T(what))
	}
	if err != nil {
		return "", err
	}
	text := strings.TrimRight(string(b), "\n")
	if file == "" && strings.TrimSpace(text) == "" {
		// An empty pipe is most likely no pipe at all (cron, a script): say what to give.
		return "", usageErr(cmd, "%s needs the %s: TEXT, --file FILE, or piped stdin", cmd.CommandPath(), i18n.T(what))
	}
	return text, nil
}

// editText opens $VISUAL or $EDITOR (default vi) on a file for the user to write the text in;
// lines starting with # are dropped, and an empty text cancels.
func (a *App) editText(what string) (string, error) {
	editor := a.Getenv("VISUAL")
	if editor == "" {
		editor = a.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	f, err := os.CreateTemp("", "kefu-*.txt")
	if err != nil {
		return "", errs.Wrap(err, "creating a file to edit the %s in", i18n.T(what))
	}
	path := f.Name()
	defer os.Remove(path)
	fmt.Fprintf(f, i18n.T("\n# Write the %s above. Lines starting with # are ignored; an empty text cancels.\n"), i18n.T(what))
	if strings.Contains(what, "handover") {
		f.WriteString(i18n.T("# kefu lists the shift's open items itself.\n"))
	}
	f.Close()
	// The editor needs the real terminal, not the command's streams.
	ed := exec.Command("sh", "-c", editor+` "$1"`, "editor", path)
	ed.Stdin, ed.Stdout, ed.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := ed.Run(); err != nil {
		return "", errs.Wrap(err, "running the editor %q (set VISUAL or EDITOR)", editor)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", errs.Wrap(err, "reading the %s back from the editor", i18n.T(what))
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	if text == "" {
		return "", errs.Invalidf("the %s is empty: nothing saved", i18n.T(what))
	}
	return text, nil
}

// HandoverAddOptions are kefu handover add's inputs.
type HandoverAddOptions struct {
	CmdEnv
	core.HandoverAddOptions

	Format string
	File   string
}

// NewCmdHandoverAdd builds kefu handover add; runF replaces handoverAddRun in tests.
func NewCmdHandoverAdd(app *App, runF func(*HandoverAddOptions) error) *cobra.Command {
	opts := &HandoverAddOptions{}
	cmd := &cobra.Command{
		Use:   "add [TEXT] [--shift day|night] [--date YYYY-MM-DD] [--file F]",
		Short: "Write (or amend) your handover note for a shift, with its open items listed",
		Long: `Write your handover note for a shift. The text is TEXT, --file FILE (- for stdin), piped
stdin, or, on a terminal, your editor ($VISUAL or $EDITOR). The shift is your own (staff --shift)
unless --shift says otherwise; the date is that shift's latest date that has started (a night
note written after midnight is for the previous night) unless --date says otherwise. kefu lists
the open items. Writing again for the same shift amends the note; the earlier version is kept,
and the next shift must acknowledge the new one. Prints the note's id.`,
		Example: `  kefu handover add "3号工单等客户回电，已约明早10点" --as 张伟
  kefu handover add --file note.txt --shift night --date 2026-03-02 --as 赵敏
  echo "无遗留问题" | kefu handover add --as 李娜`,
		Args: optionalArg("the note as one TEXT argument (quote it)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			format, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				return err
			}
			if opts.HandoverAddOptions.Text, err = app.readText(cmd, a, opts.File, i18n.Key("handover note")); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, handoverAddRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.HandoverAddOptions.Shift, "shift", "", "day or night (default: your shift)")
	f.StringVar(&opts.HandoverAddOptions.Date, "date", "", "the shift's date: YYYY-MM-DD, today or yesterday (default: its latest date that has started)")
	f.StringVar(&opts.File, "file", "", "read the note from FILE (- for stdin)")
	return cmd
}

func handoverAddRun(opts *HandoverAddOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	saved, err := svc.HandoverAdd(opts.Ctx, opts.As, opts.HandoverAddOptions)
	if err != nil {
		return err
	}
	n := saved.Note
	items := i18n.Sprintf("%d open item%s", len(n.OpenItems), plural(len(n.OpenItems)))
	if saved.Amended {
		opts.IO.Info("handover %d amended: %s by %s, %s (%d earlier version%s kept)", n.ID, n.Shift, n.Author, items, n.Revisions, plural(n.Revisions))
		if saved.AckCleared != "" {
			opts.IO.Info("%s had acknowledged the earlier version; the next shift must acknowledge it again", saved.AckCleared)
		}
	} else {
		opts.IO.Info("handover %d written: %s by %s, %s", n.ID, n.Shift, n.Author, items)
	}
	if opts.Format == render.JSON {
		loc, err := svc.Location(opts.Ctx)
		if err != nil {
			return err
		}
		return render.WriteJSON(opts.IO.Out, viewHandover(n, loc))
	}
	opts.IO.Line("%d", n.ID)
	return nil
}

// HandoverListOptions are kefu handover list's inputs.
type HandoverListOptions struct {
	CmdEnv
	core.HandoverListOptions

	Format string
}

// NewCmdHandoverList builds kefu handover list; runF replaces handoverListRun in tests.
func NewCmdHandoverList(app *App, runF func(*HandoverListOptions) error) *cobra.Command {
	opts := &HandoverListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--since YYYY-MM-DD] [--shift S] [--author NAME]",
		Short: "List handover notes, newest shift first",
		Example: `  kefu handover list
  kefu handover list --since 2026-03-01 --shift night --format json`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV)
			if err != nil {
				return err
			}
			if opts.HandoverListOptions.Limit < 0 {
				return usageErr(cmd, "--limit must be positive")
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, handoverListRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.HandoverListOptions.Since, "since", "", "shifts on or after this date, YYYY-MM-DD")
	f.StringVar(&opts.HandoverListOptions.Shift, "shift", "", "only day or night")
	f.StringVar(&opts.HandoverListOptions.Author, "author", "", "only this author's notes")
	f.IntVar(&opts.HandoverListOptions.Limit, "limit", 100, "at most N notes (0: all)")
	return cmd
}

func handoverListRun(opts *HandoverListOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ns, total, err := svc.HandoverPage(opts.Ctx, opts.HandoverListOptions)
	if err != nil {
		return err
	}
	limitNotice(opts.IO, len(ns), total, "handover notes")
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.Format == render.Table && len(ns) == 0 {
		opts.IO.Info("no handover notes match")
		return nil
	}
	views := make([]handoverView, len(ns))
	g := render.Grid{Header: []string{"id", "date", "shift", "author", "items", "acked by", "note"}, Free: []string{"note"}, Optional: []string{"acked by"}}
	for i, n := range ns {
		views[i] = viewHandover(n, loc)
		g.Add(itoa(n.ID), n.Shift.Date.String(), n.Shift.Name, n.Author, fmt.Sprint(len(n.OpenItems)), n.AckedBy, strings.Join(strings.Fields(n.Text), " "))
	}
	if opts.Format == render.CSV {
		g = render.Grid{Header: []string{"id", "date", "shift", "author", "open_items", "acked_by", "acked_at", "written_at", "text"}}
		for _, v := range views {
			g.Add(itoa(v.ID), v.Date, v.Shift, v.Author, fmt.Sprint(len(v.OpenItems)), deref(v.AckedBy), deref(v.AckedAt), deref(v.WrittenAt), v.Text)
		}
	}
	return render.Write(opts.IO.Out, opts.Format, views, g)
}

// HandoverAckOptions are kefu handover ack's inputs.
type HandoverAckOptions struct {
	CmdEnv

	ID  int64
	IDs []int64 // every note given, ID the first; all acknowledged in one transaction or none
}

// NewCmdHandoverAck builds kefu handover ack; runF replaces handoverAckRun in tests.
func NewCmdHandoverAck(app *App, runF func(*HandoverAckOptions) error) *cobra.Command {
	opts := &HandoverAckOptions{}
	cmd := &cobra.Command{
		Use:     "ack ID...",
		Short:   "Acknowledge handover notes, all or none (a member of the next shift; not its author)",
		Example: "  kefu handover ack 12 --as 赵敏\n  kefu handover ack 12 13 --as 赵敏",
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				return usageErr(cmd, "handover ack takes one or more handover IDs (got none)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			ids, err := parseIDs(a, handoverID)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.ID, opts.IDs = ids[0], ids
			return runWith(opts, runF, handoverAckRun)
		},
	}
	return cmd
}

func handoverAckRun(opts *HandoverAckOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	ids := opts.IDs
	if len(ids) == 0 {
		ids = []int64{opts.ID}
	}
	var done []handover.Note
	err = eachInOne(svc, opts.CmdEnv, "handover", ids, func(b *core.Service, id int64) error {
		n, err := b.HandoverAck(opts.Ctx, opts.As, id)
		done = append(done, n)
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range done {
		opts.IO.Info("handover %d (%s by %s) acknowledged by %s", n.ID, n.Shift, n.Author, n.AckedBy)
	}
	return nil
}
