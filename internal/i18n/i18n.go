// Package i18n chooses kefu's language (en or zh-CN) and translates what kefu prints.
//
// The English text in the code is the message key; the Chinese translations are data, one flat
// JSON object per area in catalog/zh-CN/*.json ({"English format": "中文格式"}, same fmt verbs).
// go generate turns them into sorted arrays (zh_catalog.go), so choosing Chinese costs a process
// nothing at start-up: a message is found by binary search when it is printed.
//
// A message is looked up in the catalog and then formatted by fmt, not by x/text's
// message.Printer: the latter groups digits by locale, which would print ticket 1234 as "1,234"
// and the year 2026 as "2,026" in either language.
package i18n

//go:generate go run gen.go

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"
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
	// keys and texts are the catalog, keys sorted, texts[i] translating keys[i]; empty for
	// English: the key is the text.
	keys, texts []string
}

// English prints the keys as they are.
var English = &Printer{lang: EN}

// Chinese prints the zh-CN catalog.
var chinese = &Printer{lang: ZH, keys: zhKeys[:], texts: zhTexts[:]}

// New returns the printer for lang (EN or ZH).
func New(lang string) (*Printer, error) {
	if lang != ZH {
		return English, nil
	}
	return chinese, nil
}

// Lang is the printer's language, EN or ZH.
func (p *Printer) Lang() string { return p.lang }

// Chinese reports whether p prints Chinese.
func (p *Printer) Chinese() bool { return p.lang == ZH }

// Lookup returns the translation of key and whether there is one.
func (p *Printer) Lookup(key string) (string, bool) {
	if p == nil || len(p.keys) == 0 || key == "" {
		return key, false
	}
	i := sort.SearchStrings(p.keys, key)
	if i == len(p.keys) || p.keys[i] != key {
		return key, false
	}
	return p.texts[i], true
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

// Message is one translation and the catalog file it comes from.
type Message struct {
	Text string
	File string
}

// Messages reads every catalog file of lang (for tests and tools; a running kefu uses
// zh_catalog.go). A key two files translate differently is an error, so two areas cannot
// silently disagree.
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
