package cli

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kefu/kefu/internal/i18n"
)

// TestEveryMessageIsTranslated is the extractor: it collects every English text kefu prints
// — the help of every command and flag in the cobra tree, and the literal format strings the
// code passes to errs.*, Info, Line, i18n.T/Sprintf and table headers (found with go/ast in
// internal/**) — and fails listing each one the zh-CN catalog lacks. With
// KEFU_I18N_MISSING=DIR it also writes the missing keys as JSON objects to fill in, one file
// per catalog area (see area).
func TestEveryMessageIsTranslated(t *testing.T) {
	msgs, err := i18n.Messages(i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{} // key → where it was found
	for k, where := range helpKeys() {
		keys[k] = where
	}
	for k, where := range sourceKeys(t, filepath.Join("..", "..", "internal")) {
		if _, ok := keys[k]; !ok {
			keys[k] = where
		}
	}
	var missing []string
	for k := range keys {
		if _, ok := msgs[k]; !ok {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) == 0 {
		return
	}
	if dir := os.Getenv("KEFU_I18N_MISSING"); dir != "" {
		skeletons := map[string]map[string]string{}
		for _, k := range missing {
			a := area(keys[k])
			if skeletons[a] == nil {
				skeletons[a] = map[string]string{}
			}
			skeletons[a][k] = ""
		}
		for a, skeleton := range skeletons {
			data, _ := json.MarshalIndent(skeleton, "", "  ")
			if err := os.WriteFile(filepath.Join(dir, a+".json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, k := range missing {
		t.Errorf("no zh-CN translation (%s): %q", keys[k], k)
	}
	t.Errorf("%d of %d messages lack a zh-CN translation in internal/i18n/catalog/zh-CN/*.json", len(missing), len(keys))
}

// area is the catalog file a message found at where belongs in: help.json for the command
// tree's help, cli.json for the commands' own words, core.json and store.json for those
// packages' errors, domain.json for the pure domain packages.
func area(where string) string {
	switch {
	case !strings.Contains(where, ".go:"):
		return "help"
	case strings.Contains(where, "internal/cli/"):
		return "cli"
	case strings.Contains(where, "internal/core/"):
		return "core"
	case strings.Contains(where, "internal/store/"):
		return "store"
	}
	return "domain"
}

// helpKeys are the help texts of the command tree, including cobra's own commands and words.
func helpKeys() map[string]string {
	app := &App{Getenv: func(string) string { return "" }}
	root := newRootCmd(app)
	localize(root, i18n.English)
	keys := map[string]string{}
	add := func(s, where string) {
		if hasWords(s) {
			keys[s] = where
		}
	}
	walk(root, func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		where := "help of " + c.CommandPath()
		add(c.Short, where)
		add(c.Long, where)
		add(c.Example, where)
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Name == "help" && f.Usage == "help for "+c.Name() {
					return
				}
				add(f.Usage, where+" --"+f.Name)
			})
		}
	})
	add("help for %s", "help flag")
	for _, w := range templateWords {
		add(w, "usage template")
	}
	for _, m := range cobraMessages() {
		add(m.format, "cobra's parse errors")
	}
	return keys
}

// sourceKeys scans Go files for literal messages: the format of errs.E/Invalidf/NotFoundf/
// Conflictf/Forbiddenf/Wrap, usageErr, Info/Line/info, i18n.T/Sprintf/Key and p.T/Sprintf, the
// cells of a Header: []string{...} or an append to .Header, and settings' Help: lines.
func sourceKeys(t *testing.T, dir string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "mailtest") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		add := func(e ast.Expr) {
			if s, ok := literal(e); ok && hasWords(s) {
				if _, seen := keys[s]; !seen {
					keys[s] = fset.Position(e.Pos()).String()
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if i := formatArg(n); i >= 0 && i < len(n.Args) {
					add(n.Args[i])
				}
			case *ast.KeyValueExpr:
				// A policy setting's help line, printed by policy show.
				if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "Help" || id.Name == "TargetHelp") {
					add(n.Value)
				}
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Header" {
					if cl, ok := n.Value.(*ast.CompositeLit); ok {
						for _, e := range cl.Elts {
							add(e)
						}
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" && i < len(n.Rhs) {
						if call, ok := n.Rhs[i].(*ast.CallExpr); ok {
							for _, a := range call.Args {
								add(a)
							}
						}
						if cl, ok := n.Rhs[i].(*ast.CompositeLit); ok {
							for _, e := range cl.Elts {
								add(e)
							}
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// formatArg is the index of the message argument of a call that prints a message, or -1.
func formatArg(call *ast.CallExpr) int {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		switch fn.Name {
		case "usageErr", "bars":
			return 1
		case "line":
			return 0
		}
	case *ast.SelectorExpr:
		x, _ := fn.X.(*ast.Ident)
		name := fn.Sel.Name
		if x != nil && x.Name == "errs" {
			switch name {
			case "E", "Wrap":
				return 1
			case "Invalidf", "NotFoundf", "Conflictf", "Forbiddenf", "Word":
				return 0
			}
			return -1
		}
		switch name {
		case "Info", "Line", "info":
			return 0
		case "WithHint":
			// A hint that is only a command line ("kefu score rules") reads the same in
			// every language; one with words around the command needs a translation.
			if len(call.Args) > 0 {
				if s, ok := literal(call.Args[0]); ok && bareCommand(s) {
					return -1
				}
			}
			return 0
		case "T", "Sprintf", "Key":
			if x != nil && (x.Name == "i18n" || x.Name == "p") {
				return 0
			}
		}
	}
	return -1
}

// literal evaluates a string literal or a sum of them.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// hasWords reports whether s has a letter outside its fmt verbs: "%s: %v" needs no translation.
func hasWords(s string) bool {
	skip := false
	for _, r := range s {
		switch {
		case r == '%':
			skip = true
		case skip && unicode.IsLetter(r):
			skip = false
		case !skip && unicode.IsLetter(r):
			return true
		}
	}
	return false
}

// bareCommand reports whether a hint is a command line and nothing else: it starts with kefu
// (or the command's path, %s) and has no words around it — no parenthesis, comma, semicolon or
// lower-case word after the command's own words, flags and upper-case placeholders.
func bareCommand(s string) bool {
	if !strings.HasPrefix(s, "kefu ") && !strings.HasPrefix(s, "%s ") && !strings.HasPrefix(s, "mv ") {
		return false
	}
	return !strings.ContainsAny(s, "(),;") && !strings.Contains(s, " for ") && !strings.Contains(s, " to ") &&
		!strings.Contains(s, " again") && !strings.Contains(s, " or ")
}
