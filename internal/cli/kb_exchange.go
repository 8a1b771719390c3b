package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
)

// kb export and kb import: the knowledge base as JSON lines or a folder of Markdown files with
// a front-matter header, so a team brings in its FAQ document and takes its articles out.

// formatMD is kb export's folder of Markdown files (formatJSONL is import.go's).
const formatMD = "md"

// KBExportOptions are kefu kb export's inputs.
type KBExportOptions struct {
	CmdEnv
	Format string
	Out    string
}

// NewCmdKBExport builds kefu kb export; runF replaces kbExportRun in tests.
func NewCmdKBExport(app *App, runF func(*KBExportOptions) error) *cobra.Command {
	opts := &KBExportOptions{}
	cmd := &cobra.Command{
		Use:   "export [--format jsonl|md] [--out PATH]",
		Short: "Write the articles (latest versions) as JSON lines or Markdown files",
		Long: `Write every article that is not retired, as its latest version: --format jsonl (the default)
prints one JSON object per line (or writes --out FILE); --format md writes one Markdown file
per article, article-ID.md with a front-matter header (title, category, tags, public, and
for the reader id, status and version), into --out DIR, which must be new or empty.
kb import reads both back.`,
		Example: `  kefu kb export > kb.jsonl
  kefu kb export --format md --out faq`,
		Args: args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, formatJSONL, formatMD)
			if err != nil {
				return err
			}
			if format == formatMD && opts.Out == "" {
				return usageErr(cmd, "kb export --format md writes a folder: give --out DIR")
			}
			opts.Format, opts.CmdEnv = format, app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbExportRun)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to FILE (jsonl) or into DIR (md)")
	return cmd
}

func kbExportRun(opts *KBExportOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	docs, err := svc.KBExport(opts.Ctx)
	if err != nil {
		return err
	}
	if opts.Format == formatMD {
		return exportMarkdown(opts, docs)
	}
	var b bytes.Buffer
	for _, d := range docs {
		line, err := d.JSONLine()
		if err != nil {
			return errs.Wrap(err, "encoding article %d", d.ID)
		}
		b.Write(line)
	}
	if opts.Out == "" {
		_, err := opts.IO.Out.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(opts.Out, b.Bytes(), 0o644); err != nil {
		return errs.Wrap(err, "writing %s", opts.Out)
	}
	opts.IO.Info("exported %d article%s to %s", len(docs), plural(len(docs)), opts.Out)
	return nil
}

func exportMarkdown(opts *KBExportOptions, docs []kb.Doc) error {
	entries, err := os.ReadDir(opts.Out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return errs.Wrap(err, "creating %s", opts.Out)
		}
	case err != nil:
		return errs.Invalidf("cannot export to %s: %v", opts.Out, errors.Unwrap(err))
	case len(entries) > 0:
		return errs.Invalidf("%s is not empty: export Markdown into a new or empty directory", opts.Out)
	}
	for _, d := range docs {
		b, err := d.Markdown()
		if err != nil {
			return errs.Wrap(err, "encoding article %d", d.ID)
		}
		path := filepath.Join(opts.Out, fmt.Sprintf("article-%d.md", d.ID))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return errs.Wrap(err, "writing %s", path)
		}
	}
	opts.IO.Info("exported %d article%s to %s", len(docs), plural(len(docs)), opts.Out)
	return nil
}

// KBImportOptions are kefu kb import's inputs.
type KBImportOptions struct {
	CmdEnv
	Path        string
	NewCategory bool
}

// NewCmdKBImport builds kefu kb import; runF replaces kbImportRun in tests.
func NewCmdKBImport(app *App, runF func(*KBImportOptions) error) *cobra.Command {
	opts := &KBImportOptions{}
	cmd := &cobra.Command{
		Use:   "import PATH [--new-category]",
		Short: "Add articles from JSON lines or a folder of Markdown files, all or none",
		Long: `Add articles as new drafts by you: PATH is a JSON-lines file (- for stdin; one object per
line with title, category, tags, public and body, as kb export writes), or a folder of .md
files each starting with a front-matter header between --- lines (title, category, tags,
public) followed by the Markdown body. Everything is checked as kb add checks it; one bad
line or file and nothing is imported, and the error names it. Categories no article uses
yet need --new-category. A supervisor approves the imported drafts (kb approve).`,
		Example: `  kefu kb import faq/ --new-category --as 张伟
  kefu kb import kb.jsonl --as 张伟`,
		Args: args(1, "the PATH of a JSON-lines file or a folder of Markdown files"),
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.Path, opts.CmdEnv = a[0], app.cmdEnv(cmd.Context())
			return runWith(opts, runF, kbImportRun)
		},
	}
	cmd.Flags().BoolVar(&opts.NewCategory, "new-category", false, "allow categories no article uses yet")
	return cmd
}

func kbImportRun(opts *KBImportOptions) error {
	var rows []core.KBImportRow
	var err error
	info, statErr := os.Stat(opts.Path)
	switch {
	case opts.Path == "-":
		rows, err = readJSONLines(opts.IO.In, "standard input")
	case statErr != nil && errors.Is(statErr, fs.ErrNotExist):
		return errs.Invalidf("%s does not exist", opts.Path)
	case statErr != nil:
		return errs.Wrap(statErr, "reading %s", opts.Path)
	case info.IsDir():
		rows, err = readMarkdownDir(opts.Path)
	default:
		f, ferr := os.Open(opts.Path)
		if ferr != nil {
			return errs.Wrap(ferr, "reading %s", opts.Path)
		}
		defer f.Close()
		rows, err = readJSONLines(f, opts.Path)
	}
	if err != nil {
		return err
	}
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	n, err := svc.KBImport(opts.Ctx, opts.As, rows, opts.NewCategory)
	if err != nil {
		return err
	}
	opts.IO.Info("imported %d article%s as drafts: a supervisor approves them with kefu kb approve ID", n, plural(n))
	return nil
}

// readJSONLines reads one article per non-empty line, each named by its line number.
func readJSONLines(r io.Reader, name string) ([]core.KBImportRow, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 2*kb.MaxBody)
	var rows []core.KBImportRow
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		d, err := kb.ParseJSONLine(text)
		rows = append(rows, core.KBImportRow{Where: fmt.Sprintf("line %d", line), Doc: d, Err: err})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, errs.Invalidf("%s: line %d is longer than %d bytes", name, len(rows)+1, 2*kb.MaxBody)
		}
		return nil, errs.Wrap(err, "reading %s", name)
	}
	return rows, nil
}

// readMarkdownDir reads the folder's .md files in name order, each named by its path.
func readMarkdownDir(dir string) ([]core.KBImportRow, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errs.Wrap(err, "reading %s", dir)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".md") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var rows []core.KBImportRow
	for _, n := range names {
		path := filepath.Join(dir, n)
		b, err := readFileLimited(nil, path, 2*kb.MaxBody, "article file")
		if err != nil {
			rows = append(rows, core.KBImportRow{Where: path, Err: err})
			continue
		}
		d, err := kb.ParseMarkdown(b)
		rows = append(rows, core.KBImportRow{Where: path, Doc: d, Err: err})
	}
	return rows, nil
}
