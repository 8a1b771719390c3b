package cli

import (
	"strings"
	"testing"
)

func TestCheckConfig(t *testing.T) {
	tests := []struct {
		name, yaml, want string // want: "" for accepted, else a substring of the error
	}{
		{"empty", "", ""},
		{"comments only", "# nothing\n", ""},
		{"flat", "db: team.db\nuser: 王芳\nformat: JSON\nno-color: yes\nlang: zh_CN.UTF-8\n", ""},
		{"nested", "notify:\n  url: https://x\n  retries: 0\n  timeout: 3s\n  backoff: 1s\n  format: wecom\nmail:\n  smtp: smtps://h:465\ncsv:\n  bom: never\n", ""},
		{"dotted", "notify.retries: 10\ncsv.bom: always\n", ""},
		{"null value", "format:\n", ""},
		{"unknown top", "db: a\nformta: json\n", "config c.yaml line 2: unknown key formta; known keys: csv.bom, db, format"},
		{"unknown nested", "notify:\n  urll: x\n", "line 2: unknown key notify.urll"},
		{"unknown section", "colour:\n  mode: on\n", "line 1: unknown key colour"},
		{"bad format", "format: tabel\n", `line 1: format: "tabel" is not one of table, json`},
		{"bad lang", "\n\nlang: fr\n", `line 3: lang: unknown language "fr"`},
		{"bad retries", "notify:\n  retries: 11\n", `line 2: notify.retries: "11" is not a number from 0 to 10`},
		{"bad timeout", "notify.timeout: -1s\n", `notify.timeout: "-1s" is not a duration such as 10s`},
		{"bad bool", "no-color: maybe\n", `no-color: "maybe" is not true or false`},
		{"bad notify format", "notify.format: teams\n", `notify.format: "teams" is not one of dingtalk, wecom, slack, json`},
		{"list value", "user:\n  - a\n  - b\n", "line 2: user takes one value"},
		{"not a mapping", "- db: a\n", "line 1: expected keys and values"},
		{"broken yaml", "db: [a\n", "config file c.yaml: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkConfig("c.yaml", []byte(tt.yaml))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("accepted, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestPreScan(t *testing.T) {
	tests := []struct {
		args         []string
		config, lang string
	}{
		{[]string{"staff", "list"}, "", ""},
		{[]string{"--config", "a.yaml", "staff", "list", "--lang", "zh-CN"}, "a.yaml", "zh-CN"},
		{[]string{"staff", "list", "--config=b.yaml", "--lang=en"}, "b.yaml", "en"},
		// After --, words are arguments, not flags.
		{[]string{"ticket", "open", "--", "--lang", "zh"}, "", ""},
		// A flag without its value at the end is left to cobra to refuse.
		{[]string{"staff", "list", "--lang"}, "", ""},
	}
	for _, tt := range tests {
		config, lang := preScan(tt.args)
		if config != tt.config || lang != tt.lang {
			t.Errorf("preScan(%q) = %q, %q; want %q, %q", tt.args, config, lang, tt.config, tt.lang)
		}
	}
}

func FuzzCheckConfig(f *testing.F) {
	for _, s := range []string{"db: a\n", "notify:\n  retries: 3\n", "format: tabel\n", "- x\n", "a: [b\n", "lang: zh\ncsv:\n  bom: auto\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Never panics; an error always names the file.
		if err := checkConfig("c.yaml", []byte(s)); err != nil && !strings.Contains(err.Error(), "c.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
