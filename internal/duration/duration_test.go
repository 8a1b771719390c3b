package duration

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
	}{
		{"30s", Duration{30, Second}},
		{"15m", Duration{15, Minute}},
		{"4h", Duration{4, Hour}},
		{"3d", Duration{3, Day}},
		{"30bm", Duration{30, BizMinute}},
		{"4bh", Duration{4, BizHour}},
		{"2bd", Duration{2, BizDay}},
		{"0bd", Duration{0, BizDay}},
		{"0s", Duration{0, Second}},
		{"  72h\t", Duration{72, Hour}},
		{"4 bh", Duration{4, BizHour}},
		{"007m", Duration{7, Minute}},
		{"36525d", Duration{36525, Day}},
		{"36525bd", Duration{36525, BizDay}},
		{"876600h", Duration{876600, Hour}},
		{"3155760000s", Duration{3155760000, Second}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, msg string
	}{
		{"", `invalid duration "": use a number and a unit: s, m, h, d (calendar) or bm, bh, bd (business), e.g. 30s, 4h, 2bd`},
		{"   ", `invalid duration "   ": use a number and a unit`},
		{"5xd", `invalid duration "5xd": use a number and a unit: s, m, h, d (calendar) or bm, bh, bd (business), e.g. 30s, 4h, 2bd`},
		{"5", `invalid duration "5": use a number and a unit`},
		{"h", `invalid duration "h": use a number and a unit`},
		{"bd2", `invalid duration "bd2": use a number and a unit`},
		{"5 m s", `invalid duration "5 m s"`},
		{"4hh", `invalid duration "4hh"`},
		{"5w", `invalid duration "5w"`},
		{"2BD", `invalid duration "2BD": use a number and a unit`},
		{"1M", `invalid duration "1M": use a number and a unit`},
		{"+5m", `invalid duration "+5m": use a number and a unit`},
		{"-5m", `invalid duration "-5m": a duration cannot be negative`},
		{"-0s", `invalid duration "-0s": a duration cannot be negative`},
		{"1.5h", `invalid duration "1.5h": use a whole number of a smaller unit, e.g. 90m rather than 1.5h`},
		{"1,5h", `invalid duration "1,5h": use a whole number`},
		{"36526d", `invalid duration "36526d": at most 100 years (36525d)`},
		{"876601bh", `invalid duration "876601bh": at most 100 years (876600bh)`},
		{"99999999999999999999999s", `invalid duration "99999999999999999999999s": at most 100 years (3155760000s)`},
		{"４h", `invalid duration "４h"`}, // full-width digit
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error %q", tt.in, tt.msg)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.msg) {
			t.Errorf("Parse(%q) error = %q, want prefix %q", tt.in, err, tt.msg)
		}
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("Parse(%q) error kind = %v, want Invalid", tt.in, errs.KindOf(err))
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	for u := Second; u < numUnits; u++ {
		for _, n := range []int64{0, 1, 59, 1000, u.Max()} {
			d := Duration{n, u}
			got, err := Parse(d.String())
			if err != nil || got != d {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", d.String(), got, err, d)
			}
		}
	}
	if got := (Duration{2, BizDay}).String(); got != "2bd" {
		t.Errorf("String = %q, want 2bd", got)
	}
	if got := Unit(42).String(); got != "Unit(42)" {
		t.Errorf("Unit(42).String() = %q", got)
	}
}

func TestIsBusinessAndCalendar(t *testing.T) {
	tests := []struct {
		d        Duration
		business bool
		calendar time.Duration
	}{
		{Duration{30, Second}, false, 30 * time.Second},
		{Duration{15, Minute}, false, 15 * time.Minute},
		{Duration{4, Hour}, false, 4 * time.Hour},
		{Duration{3, Day}, false, 72 * time.Hour},
		{Duration{30, BizMinute}, true, 0},
		{Duration{4, BizHour}, true, 0},
		{Duration{2, BizDay}, true, 0},
		{Duration{36525, Day}, false, 36525 * 24 * time.Hour},
		{Duration{1, Unit(99)}, false, 0},
	}
	for _, tt := range tests {
		if got := tt.d.IsBusiness(); got != tt.business {
			t.Errorf("%v.IsBusiness() = %v, want %v", tt.d, got, tt.business)
		}
		if got := tt.d.Calendar(); got != tt.calendar {
			t.Errorf("%v.Calendar() = %v, want %v", tt.d, got, tt.calendar)
		}
	}
}

func TestText(t *testing.T) {
	type window struct {
		Within Duration `json:"within"`
	}
	b, err := json.Marshal(window{Duration{2, BizDay}})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"within":"2bd"}` {
		t.Errorf("json = %s", b)
	}
	var w window
	if err := json.Unmarshal([]byte(`{"within":"4bh"}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.Within != (Duration{4, BizHour}) {
		t.Errorf("unmarshalled %+v", w.Within)
	}
	if err := json.Unmarshal([]byte(`{"within":"4x"}`), &w); err == nil || !strings.Contains(err.Error(), `invalid duration "4x"`) {
		t.Errorf("unmarshal 4x: %v", err)
	}
}

func TestFormatSpan(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{999 * time.Millisecond, "0s"},
		{45 * time.Second, "45s"},
		{59*time.Second + 999*time.Millisecond, "59s"},
		{35 * time.Minute, "35m"},
		{35*time.Minute + 20*time.Second, "35m20s"},
		{2*time.Hour + 10*time.Minute, "2h10m"},
		{2*time.Hour + 10*time.Minute + 59*time.Second, "2h10m"},
		{2 * time.Hour, "2h"},
		{2*time.Hour + 5*time.Second, "2h"},
		{76 * time.Hour, "3d4h"},
		{72*time.Hour + 5*time.Minute, "3d"},
		{-(2*time.Hour + 10*time.Minute), "2h10m"},
		{-45 * time.Second, "45s"},
		{math.MaxInt64, "106751d23h"},
		{math.MinInt64, "106751d23h"},
	}
	for _, tt := range tests {
		if got := FormatSpan(tt.in); got != tt.want {
			t.Errorf("FormatSpan(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"30s", "15m", "4h", "3d", "30bm", "4bh", "2bd", "0bd", " 7 bh ", "5xd", "-5m", "1.5h",
		"", "36525d", "36526d", "99999999999999999999bm", "4hh", "\u00a04h\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "invalid duration ") {
				t.Fatalf("Parse(%q) error %q does not start with 'invalid duration'", s, err)
			}
			return
		}
		if d.N < 0 || d.N > d.Unit.Max() || d.Unit >= numUnits {
			t.Fatalf("Parse(%q) = %+v out of range", s, d)
		}
		back, err := Parse(d.String())
		if err != nil || back != d {
			t.Fatalf("Parse(%q) = %+v; Parse(String()) = %+v, %v", s, d, back, err)
		}
		if !d.IsBusiness() && d.Calendar() < 0 {
			t.Fatalf("Parse(%q).Calendar() = %v", s, d.Calendar())
		}
	})
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{"30s", "4bh", "2bd", "15m"}
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatSpan(b *testing.B) {
	for b.Loop() {
		_ = FormatSpan(76*time.Hour + 10*time.Minute)
	}
}

func TestNominalSeconds(t *testing.T) {
	for in, want := range map[string]int64{"30s": 30, "15m": 900, "4h": 14400, "3d": 259200, "30bm": 1800, "4bh": 14400, "2bd": 172800} {
		d, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.NominalSeconds(); got != want {
			t.Errorf("%s.NominalSeconds() = %d, want %d", in, got, want)
		}
	}
}
