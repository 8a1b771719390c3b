package staff

import (
	"strings"
	"testing"
)

func TestParsePattern(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "team",
		"team":               "team",
		"mon-sat":            "mon-sat",
		"MON-FRI":            "mon-fri",
		"mon,wed,fri":        "mon,wed,fri",
		"fri,mon-wed":        "mon-wed,fri",
		"sat-tue":            "mon-tue,sat-sun",
		"mon-sun":            "mon-sun",
		"6on1off@2026-11-02": "6on1off@2026-11-02",
		"4on2off@2026-01-05": "4on2off@2026-01-05",
	} {
		got, err := ParsePattern(in)
		if err != nil || got != want {
			t.Errorf("ParsePattern(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParsePatternRefused(t *testing.T) {
	for in, msg := range map[string]string{
		"weekdays":            "use team",
		"mon-xyz":             "use team",
		"6on1off":             "start date",
		"0on1off@2026-11-02":  "days on must be",
		"6on1off@2026-13-02":  "YYYY-MM-DD",
		"6on1off@1999-12-31":  "between 2000 and 2100",
		"6on1offx@2026-11-02": "use team",
	} {
		_, err := ParsePattern(in)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParsePattern(%q) = %v; want an error saying %q", in, err, msg)
		}
	}
}

func TestNameKey(t *testing.T) {
	same := [][2]string{
		{"José", "Jose\u0301"},
		{"Ｗａｎｇ", "Wang"},
		{"张伟", "张伟"},
		{"ｶﾅ", "カナ"},
	}
	for _, p := range same {
		if !SameName(p[0], p[1]) {
			t.Errorf("%q and %q should be the same name", p[0], p[1])
		}
	}
	if SameName("Wang", "Wong") || SameName("张伟", "张玮") {
		t.Error("different names compared equal")
	}
	if NormName("Jose\u0301") != "José" {
		t.Errorf("NormName does not compose: %q", NormName("Jose\u0301"))
	}
}
