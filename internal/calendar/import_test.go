package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestParseOfficialDays(t *testing.T) {
	csvFile := "name,date,day\n春节,2028-01-26,off\n春节,2028-01-29,work\n"
	days, err := ParseOfficialDays("2028.csv", []byte(csvFile))
	if err != nil || len(days) != 2 || days[0] != (OfficialDay{Date{2028, 1, 26}, "春节", false}) || !days[1].Working {
		t.Fatalf("ParseOfficialDays(csv) = %+v, %v", days, err)
	}
	yamlFile := "- {name: 元旦, date: 2028-01-01, day: off}\n- name: 春节\n  date: 2028-01-29\n  day: work\n"
	days, err = ParseOfficialDays("2028.yaml", []byte(yamlFile))
	if err != nil || len(days) != 2 || days[1] != (OfficialDay{Date{2028, 1, 29}, "春节", true}) {
		t.Fatalf("ParseOfficialDays(yaml) = %+v, %v", days, err)
	}
	for _, tc := range []struct{ name, file, err string }{
		{"x.csv", "春节,2028-02-30,off\n", `x.csv line 1: "2028-02-30" is not a date`},
		{"x.csv", "春节,2028-01-26,off\n春节,2028-01-26,work\n", "x.csv line 2: 2028-01-26 is listed twice (also line 1)"},
		{"x.csv", "春节,2028-01-26,maybe\n", `x.csv line 1: day "maybe": use off`},
		{"x.csv", "春节,2028-01-26\n", "x.csv line 1: write name,date,off|work"},
		{"x.csv", "", "x.csv: no days"},
		{"x.yaml", "- {name: 春节, date: 2028-13-01, day: off}\n", `x.yaml line 1: "2028-13-01" is not a date`},
		{"x.yaml", "name: 春节\n", "x.yaml line 1: write a list"},
	} {
		if _, err := ParseOfficialDays(tc.name, []byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParseOfficialDays(%s, %q) error %v, want %q", tc.name, tc.file, err, tc.err)
		}
	}
}

// Imported days beat the built-in data and extend its horizon; Beyond warns past it.
func TestImportedDays(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	cn := mustNew(t, Config{Location: shanghai})
	end, _ := cn.OfficialDataEnd()
	next := end.Y + 1
	cny := Date{next, time.February, 3} // a date in the year after the data, a weekday or not
	if w := cn.Beyond(cny.Midnight(shanghai).Add(10 * time.Hour)); !strings.Contains(w, "beyond the official holiday data for cn, which ends "+end.String()) {
		t.Errorf("Beyond = %q", w)
	}
	imp := mustNew(t, Config{Location: shanghai, Imported: []OfficialDay{{cny, "春节", false}}})
	if got, _ := imp.OfficialDataEnd(); got != (Date{next, time.December, 31}) {
		t.Errorf("data end with an import = %s", got)
	}
	if w := imp.Beyond(cny.Midnight(shanghai).Add(10 * time.Hour)); w != "" {
		t.Errorf("Beyond after import = %q", w)
	}
	if info := imp.Day(cny); info.Working || info.Name != "春节" || !info.Imported || info.Kind != Holiday {
		t.Errorf("imported day = %+v", info)
	}
	// An import also beats the built-in data inside its years.
	builtin := Date{2026, time.October, 1} // National Day
	over := mustNew(t, Config{Location: shanghai, Imported: []OfficialDay{{builtin, "国庆节", true}}})
	if !over.IsWorkday(builtin) || !over.Day(builtin).Imported {
		t.Errorf("imported working day did not beat the built-in holiday: %+v", over.Day(builtin))
	}
}
