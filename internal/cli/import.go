package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
)

// The formats of kefu import and export.
const (
	formatCSV   = "csv"
	formatJSONL = "jsonl"
)

func newImportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Bring tickets in from a spreadsheet or another helpdesk",
		Example: `  kefu import tickets tickets.csv --as 王芳
  kefu import tickets export.jsonl --skip-bad --as 王芳`,
	}
	cmd.AddCommand(NewCmdImportTickets(app, nil))
	return cmd
}

func newExportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write tickets out as CSV or JSON lines",
		Example: `  kefu export tickets > tickets.csv
  kefu export tickets --format jsonl --since 2026-01-01 --out 2026.jsonl`,
	}
	cmd.AddCommand(NewCmdExportTickets(app, nil))
	return cmd
}

// importSummary is import tickets' JSON.
type importSummary struct {
	File      string       `json:"file"`
	Rows      int          `json:"rows"`
	Imported  int          `json:"imported"`
	Customers int          `json:"customers_added"`
	Bad       int          `json:"bad_rows"`
	Skipped   []skippedRow `json:"skipped"`
	DryRun    bool         `json:"dry_run"`
	Seconds   float64      `json:"seconds"`
}

type skippedRow struct {
	Row   int    `json:"row"`
	Error string `json:"error"`
}

// ImportTicketsOptions are kefu import tickets's inputs; ImportOptions.Format is the file's.
type ImportTicketsOptions struct {
	CmdEnv
	core.ImportOptions
	Output string // table (confirmations only) or json (the summary on stdout)
	Path   string
	// Progress is a progress bar over the file on a terminal, nil elsewhere.
	Progress func(f *os.File, what string) *progressbar.ProgressBar
}

// NewCmdImportTickets builds kefu import tickets; runF replaces importTicketsRun in tests.
func NewCmdImportTickets(app *App, runF func(*ImportTicketsOptions) error) *cobra.Command {
	opts := &ImportTicketsOptions{}
	cmd := &cobra.Command{
		Use:   "tickets FILE.csv|FILE.xlsx|FILE.jsonl [--skip-bad] [--dry-run]",
		Short: "Import tickets from CSV or Excel (a header row names the columns) or JSON lines",
		Long: `Import tickets from a CSV file or an Excel workbook (.xlsx: its first sheet, or --sheet NAME)
whose first row names the columns, or from JSON lines (one object a line), named as the
ticket's JSON keys (kefu ticket list --format json):

  required  opened_at, kind, channel, subject
  optional  priority, severity, category, body, customer, assignee, team, order, status,
            first_response_at, resolved_at, closed_at, resolution, csat, nps, rating_comment,
            converted, amount (pre-sale chats), phone (a new customer's)

Columns may also have their Chinese names (工单号, 类型, 渠道, 主题, 内容, 分类, 客户, 电话,
受理时间, 状态, 优先级, 复杂度, 坐席 or 负责人, 订单号, 解决时间 ...); --map 列名=KEY names the
key of any other column, --map 列名=- skips it. Kinds, channels, priorities, severities and
statuses may be Chinese too (咨询 微信 紧急 复杂 已解决). A CSV file may be UTF-8 (with or without a byte order
mark) or GBK/GB18030, as Excel on Chinese Windows saves it: detected, or set with --encoding.

Times are RFC 3339, "2026-03-02 09:15", "2026/3/2 9:15", 2026-03-02, 2026/3/2, 2026年3月2日 or
an Excel date number (46083.39), in the team's zone. Due times are computed from the
policy as ticket open computes them. status is open, resolved (needs resolved_at) or closed
(closed_at defaults to resolved_at); left empty it follows from the times given. A customer is
found by name (or id) and created when new, with the row's phone; an assignee must be staff.
Keys kefu computes (id, the due times ...) are accepted and ignored, so an export imports as it
is. A finished ticket
owes no escalation or forwarding, and a closed one no satisfaction follow-up: the file cannot
say whether they happened.

Everything is one transaction: a bad row (they are numbered as a spreadsheet shows them, the
header being row 1) imports nothing, and neither does an interrupted import. --skip-bad imports
the good rows and lists the bad ones on stderr; --dry-run checks every row and imports nothing.
Each ticket's history starts with an "imported" event by the acting user, a supervisor.`,
		Example: `  kefu import tickets tickets.csv --as 王芳
  kefu import tickets 工单.xlsx --sheet 十一月 --map 来电号码=phone --as 王芳
  kefu import tickets 导出.csv --encoding gbk --map 备注=- --as 王芳
  kefu import tickets helpdesk.jsonl --dry-run --as 王芳
  kefu import tickets tickets.csv --skip-bad --as 王芳 2> skipped.txt`,
		Args: args(1, "a FILE (.csv, .xlsx or .jsonl)"),
		RunE: func(cmd *cobra.Command, a []string) error {
			// --format json prints the summary; --format csv or jsonl names the file's format.
			out, err := app.format(cmd, render.Table, render.JSON)
			if err != nil {
				if app.Format != formatCSV && app.Format != formatJSONL && app.Format != core.ImportXLSX {
					return err
				}
				out = render.Table
			}
			if opts.Format, err = app.importFormat(a[0]); err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Output, opts.Path, opts.Progress = out, a[0], app.progress
			return runWith(opts, runF, importTicketsRun)
		},
	}
	cmd.Flags().BoolVar(&opts.SkipBad, "skip-bad", false, "import the good rows; list the bad ones on stderr")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check every row, list the bad ones, import nothing")
	addImportSheetFlags(cmd, &opts.ImportOptions)
	return cmd
}

func importTicketsRun(opts *ImportTicketsOptions) error {
	path, o := opts.Path, opts.ImportOptions
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return errs.Invalidf("%s does not exist", path)
	}
	if err != nil {
		return errs.Wrap(err, "opening %s", path)
	}
	defer f.Close()
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	o.Source = filepath.Base(path)
	var r io.Reader = f
	var bar *progressbar.ProgressBar
	if opts.Progress != nil {
		bar = opts.Progress(f, "importing "+o.Source)
	}
	if bar != nil {
		pr := progressbar.NewReader(f, bar)
		r = &pr
	}
	start := time.Now()
	res, err := svc.ImportTickets(opts.Ctx, opts.As, r, o)
	if bar != nil {
		bar.Clear()
	}
	sum := importSummary{File: path, Rows: res.Rows, Imported: res.Imported, Customers: res.Customers, Bad: res.BadCount,
		Skipped: []skippedRow{}, DryRun: o.DryRun, Seconds: time.Since(start).Round(time.Millisecond).Seconds()}
	if err != nil {
		return err
	}
	for _, b := range res.Bad {
		sum.Skipped = append(sum.Skipped, skippedRow{Row: b.Row, Error: b.String()})
	}
	for _, b := range res.Bad {
		// The row's error in the reader's language (the JSON summary keeps English).
		why := render.Escape(errs.Text(b.Err, i18n.Sprintf))
		if o.DryRun {
			opts.IO.Info("bad row %d: %s", b.Row, why)
		} else {
			opts.IO.Info("skipped row %d: %s", b.Row, why)
		}
	}
	if n := res.BadCount - len(res.Bad); n > 0 {
		opts.IO.Info("... and %d more bad rows", n)
	}
	if opts.Output == render.JSON {
		if err := render.WriteJSON(opts.IO.Out, sum); err != nil {
			return err
		}
	}
	if o.DryRun {
		opts.IO.Info("dry run: %d of %d rows would import (%d customer%s added); nothing was imported", res.Imported, res.Rows, res.Customers, plural(res.Customers))
		if res.BadCount > 0 {
			return errs.Invalidf("%d of %d rows are bad", res.BadCount, res.Rows)
		}
		return nil
	}
	opts.IO.Info("imported %d ticket%s from %s (%d customer%s added, %d row%s skipped) in %s", res.Imported, plural(res.Imported), o.Source,
		res.Customers, plural(res.Customers), res.BadCount, plural(res.BadCount), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// importFormat is the file's format: --format csv or jsonl, or its extension.
func (a *App) importFormat(path string) (string, error) {
	if a.formatStrict && (a.Format == formatCSV || a.Format == formatJSONL || a.Format == core.ImportXLSX) {
		return a.Format, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return formatCSV, nil
	case ".xlsx", ".xlsm":
		return core.ImportXLSX, nil
	case ".jsonl", ".ndjson":
		return formatJSONL, nil
	}
	if strings.EqualFold(filepath.Ext(path), ".xls") {
		return "", errs.Invalidf("%s is an old Excel workbook (.xls): save it as .xlsx (Excel workbook) or CSV and import that", path)
	}
	return "", errs.Invalidf("cannot tell the format of %s: name it .csv, .xlsx or .jsonl, or pass --format csv, xlsx or jsonl", path)
}

// progress returns a progress bar over f's bytes on stderr, or nil when stderr is not a
// terminal (a pipe, a log file, a test): progress is for people watching.
func (a *App) progress(f *os.File, what string) *progressbar.ProgressBar {
	se, ok := a.rawStderr.(*os.File)
	if !ok || !term.IsTerminal(int(se.Fd())) {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return progressbar.NewOptions64(fi.Size(),
		progressbar.OptionSetWriter(se),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionEnableColorCodes(false))
}

// ExportTicketsOptions are kefu export tickets's inputs.
type ExportTicketsOptions struct {
	CmdEnv
	core.ExportOptions

	Format  string
	OutPath string
	BOM     bool // CSV starts with a UTF-8 BOM (csv.bom; by default on files, not on stdout)
}

// NewCmdExportTickets builds kefu export tickets; runF replaces exportTicketsRun in tests.
func NewCmdExportTickets(app *App, runF func(*ExportTicketsOptions) error) *cobra.Command {
	opts := &ExportTicketsOptions{}
	cmd := &cobra.Command{
		Use:   "tickets [--format csv|jsonl] [--since T] [--until T] [--out FILE]",
		Short: "Write tickets as CSV (default) or JSON lines, streaming",
		Long: `Write every ticket (or those opened in --since/--until) in id order, as CSV with a header row or
as JSON lines, with the columns kefu import tickets reads, plus the id and the due times kefu
computed. Customers appear by name only: phone numbers and emails never leave the database this
way. Tickets stream out one at a time, so a million of them take little memory.`,
		Example: `  kefu export tickets > tickets.csv
  kefu export tickets --format jsonl --since 2026-01-01 --until 2026-04-01 --out q1.jsonl`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, formatCSV, formatJSONL)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			if opts.BOM, err = app.csvBOM(opts.OutPath != ""); err != nil {
				return err
			}
			return runWith(opts, runF, exportTicketsRun)
		},
	}
	cmd.Flags().StringVar(&opts.ExportOptions.Since, "since", "", "only tickets opened at or after this time or date")
	cmd.Flags().StringVar(&opts.ExportOptions.Until, "until", "", "only tickets opened before this time or date")
	cmd.Flags().StringVar(&opts.OutPath, "out", "", "write to FILE (created readable by you only) instead of stdout")
	return cmd
}

func exportTicketsRun(opts *ExportTicketsOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	n := 0
	export := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		jsonl := opts.Format == formatJSONL
		if !jsonl {
			if opts.BOM {
				bw.WriteString(render.BOM) // Excel on Chinese Windows reads the file as UTF-8
			}
			bw.Write(render.AppendCSV(nil, core.ExportColumns)) // an error stays for Flush
		}
		var err error
		if n, err = exportBatches(opts.Ctx, svc, opts.ExportOptions, jsonl, bw); err != nil {
			return err
		}
		return errs.Wrap(bw.Flush(), "writing the export")
	}
	if opts.OutPath == "" {
		return export(opts.IO.Out)
	}
	// A temporary file beside the target, renamed when complete: a failed export leaves
	// the earlier file as it was.
	if err := render.WriteFileAtomic(opts.OutPath, 0o600, export); err != nil {
		return err
	}
	opts.IO.Info("exported %d tickets to %s", n, opts.OutPath)
	return nil
}

// exportJSONL writes one JSON object a line, keys in ExportColumns order.
func exportJSONL(w io.Writer) func([]any) error {
	var line []byte
	return func(vals []any) error {
		line = append(line[:0], '{')
		for i, v := range vals {
			if i > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendQuote(line, core.ExportColumns[i])
			line = append(line, ':')
			b, err := jsonValue(v)
			if err != nil {
				return errs.Wrap(err, "writing the export")
			}
			line = append(line, b...)
		}
		line = append(line, '}', '\n')
		_, err := w.Write(line)
		return errs.Wrap(err, "writing the export")
	}
}

func jsonValue(v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return []byte("null"), nil
	case *int:
		if x == nil {
			return []byte("null"), nil
		}
		return strconv.AppendInt(nil, int64(*x), 10), nil
	case *bool:
		if x == nil {
			return []byte("null"), nil
		}
		return strconv.AppendBool(nil, *x), nil
	case string:
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(x); err != nil {
			return nil, err
		}
		return render.EscapeJSON([]byte(strings.TrimSuffix(b.String(), "\n"))), nil
	}
	return json.Marshal(v)
}
