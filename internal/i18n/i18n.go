// Package i18n chooses kefu's language (en or zh-CN) and translates what kefu prints.
//
// The English text in the code is the message key; the Chinese translations are data, one flat
// JSON object per area in catalog/zh-CN/*.json ({"English format": "中文格式"}, same fmt verbs).
// They are loaded into a golang.org/x/text/message/catalog Builder only when Chinese is chosen.
//
// A message is looked up in the catalog and then formatted by fmt, not by message.Printer: the
// latter groups digits by locale, which would print ticket 1234 as "1,234" and the year 2026 as
// "2,026" in either language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// The languages kefu speaks.
const (
	EN = "en"
	ZH = "zh-CN"
)

// Langs lists the accepted values of the lang setting.
var Langs = []string{EN, ZH}

//go:embed catalog/zh-CN/*.json
var files embed.FS

// Parse reads a language setting or a locale name: "zh-CN", "zh", "zh_CN.UTF-8", "zh-Hans" are
// Chinese; "en", "en-US", "en_GB.UTF-8", "C" and "POSIX" are English. Anything else is refused.
func Parse(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-"):
		return ZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || s == "c" || s == "posix":
		return EN, true
	}
	return "", false
}

// FromLocale is the language the environment's locale asks for: the first non-empty of
// LC_ALL, LC_MESSAGES and LANG; zh* is Chinese, anything else (or nothing) English.
func FromLocale(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return ZH
			}
			return EN
		}
	}
	return EN
}

// Printer translates and formats messages in one language.
type Printer struct {
	lang string
	tag  language.Tag
	cat  *catalog.Builder // nil for English: the key is the text
}

// English prints the keys as they are.
var English = &Printer{lang: EN, tag: language.English}

// New returns the printer for lang (EN or ZH); the Chinese catalog is loaded on first use.
func New(lang string) (*Printer, error) {
	if lang != ZH {
		return English, nil
	}
	cat, err := zhCatalog()
	if err != nil {
		return nil, err
	}
	return &Printer{lang: ZH, tag: language.SimplifiedChinese, cat: cat}, nil
}

// Lang is the printer's language, EN or ZH.
func (p *Printer) Lang() string { return p.lang }

// Chinese reports whether p prints Chinese.
func (p *Printer) Chinese() bool { return p.lang == ZH }

// Lookup returns the translation of key and whether there is one.
func (p *Printer) Lookup(key string) (string, bool) {
	if p == nil || p.cat == nil || key == "" {
		return key, false
	}
	var r raw
	if err := p.cat.Context(p.tag, &r).Execute(key); err != nil {
		return key, false
	}
	return r.b.String(), true
}

// T translates a fixed text (a header, a label, a help text); without a translation it is the
// key itself.
func (p *Printer) T(key string) string {
	s, _ := p.Lookup(key)
	return s
}

// Sprintf formats the translation of format with args.
func (p *Printer) Sprintf(format string, args ...any) string {
	return fmt.Sprintf(p.T(format), args...)
}

// raw receives a catalog message's text unformatted (catmsg.Renderer).
type raw struct{ b strings.Builder }

func (r *raw) Render(s string)     { r.b.WriteString(strings.ReplaceAll(s, dollarBrace, "${")) }
func (r *raw) Arg(int) interface{} { return nil }

// dollarBrace stands for "${" inside the catalog (a private-use character and a brace).
const dollarBrace = "\ue000{"

var (
	zhOnce sync.Once
	zhCat  *catalog.Builder
	zhErr  error
)

func zhCatalog() (*catalog.Builder, error) {
	zhOnce.Do(func() {
		msgs, err := Messages(ZH)
		if err != nil {
			zhErr = err
			return
		}
		b := catalog.NewBuilder(catalog.Fallback(language.English))
		for k, v := range msgs {
			// catalog strings substitute ${name}; kefu's texts mean it literally (shell).
			text := strings.ReplaceAll(v.Text, "${", dollarBrace)
			if err := b.SetString(language.SimplifiedChinese, k, text); err != nil {
				zhErr = fmt.Errorf("i18n: %s: %q: %w", v.File, k, err)
				return
			}
		}
		zhCat = b
	})
	return zhCat, zhErr
}

// Message is one translation and the catalog file it comes from.
type Message struct {
	Text string
	File string
}

// Messages reads every catalog file of lang. A key two files translate differently is an
// error, so two areas cannot silently disagree.
func Messages(lang string) (map[string]Message, error) {
	dir := path.Join("catalog", lang)
	names, err := fs.Glob(files, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := map[string]Message{}
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range m {
			if prev, ok := out[k]; ok {
				if prev.Text == v {
					continue // two areas print the same words the same way
				}
				return nil, fmt.Errorf("i18n: %q is translated differently in %s and %s", k, prev.File, name)
			}
			out[k] = Message{Text: v, File: path.Base(name)}
		}
	}
	return out, nil
}

// The process's printer: kefu runs one command in one language, chosen before the command tree
// is built. Packages that print text (render, remind, report) ask for it here.
var current atomic.Pointer[Printer]

// Use makes p the process's printer.
func Use(p *Printer) { current.Store(p) }

// Current is the process's printer (English until Use is called).
func Current() *Printer {
	if p := current.Load(); p != nil {
		return p
	}
	return English
}

// T translates key with the process's printer.
func T(key string) string { return Current().T(key) }

// Sprintf formats the translation of format with the process's printer.
func Sprintf(format string, args ...any) string { return Current().Sprintf(format, args...) }

// Key marks s as a message key where it is written (a table of labels) without translating it
// there: the extractor test finds it, and whoever prints it calls T.
func Key(s string) string { return s }
