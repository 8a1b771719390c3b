package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want Span
	}{
		{"08:30-24:00", Span{510, 1440}},
		{"08:30-17:30", Span{510, 1050}},
		{"17:30-24:00", Span{1050, 1440}},
		{"00:00-24:00", Span{0, 1440}},
		{"00:00-00:01", Span{0, 1}},
		{"8:30-9:05", Span{510, 545}},
		{" 08:30 - 24:00 ", Span{510, 1440}},
		{"08:30–24:00", Span{510, 1440}}, // en dash, as product.md writes it
		{"23:59-24:00", Span{1439, 1440}},
		// Past midnight: the span belongs to the day it starts.
		{"16:00-01:00", Span{960, 1500}},
		{"18:00-08:00", Span{1080, 1920}},
		{"22:00-00:00", Span{1320, 1440}},
		{"00:30-00:00", Span{30, 1440}},
	}
	for _, tt := range tests {
		got, err := ParseSpan(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSpan(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSpanErrors(t *testing.T) {
	tests := []struct{ in, err string }{
		{"25:00-08:00", `invalid service hours "25:00-08:00": 25:00 is not a time of day (00:00 to 24:00)`},
		{"08:00-24:30", `24:30 is not a time of day`},
		{"08:00-08:00", `invalid service hours "08:00-08:00": the opening and closing times are the same`},
		{"00:00-00:00", `the opening and closing times are the same`},
		{"24:00-24:00", `service cannot open at 24:00; use 00:00`},
		{"08:60-17:00", `invalid service hours "08:60-17:00": minutes run from 00 to 59`},
		{"08:30", `invalid service hours "08:30": write HH:MM-HH:MM, e.g. 08:30-24:00`},
		{"", `write HH:MM-HH:MM`},
		{"0830-1730", `write HH:MM-HH:MM`},
		{"08:3-17:30", `write HH:MM-HH:MM`},
		{"008:30-17:30", `write HH:MM-HH:MM`},
		{"08:30-17:30-18:00", `write HH:MM-HH:MM`},
		{"-8:30-17:30", `write HH:MM-HH:MM`},
		{"a8:30-17:30", `write HH:MM-HH:MM`},
		{"８:30-17:30", `write HH:MM-HH:MM`},
	}
	for _, tt := range tests {
		got, err := ParseSpan(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseSpan(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
		}
	}
}

func TestSpanString(t *testing.T) {
	for _, s := range []string{"08:30-24:00", "00:00-00:01", "09:05-17:45", "16:00-01:00"} {
		sp, err := ParseSpan(s)
		if err != nil {
			t.Fatal(err)
		}
		if sp.String() != s {
			t.Errorf("String() = %q, want %q", sp.String(), s)
		}
		var back Span
		if err := back.UnmarshalText([]byte(s)); err != nil || back != sp {
			t.Errorf("UnmarshalText(%q) = %v, %v", s, back, err)
		}
	}
	if got := (Span{-1, 6000}).String(); got != "??:??-??:??" {
		t.Errorf("String of a nonsense span = %q", got)
	}
}

func FuzzParseSpan(f *testing.F) {
	for _, s := range []string{"08:30-24:00", "8:30-9:05", "25:00-08:00", "18:00-08:00", "08:60-09:00",
		"24:00-24:00", "08:30–24:00", " 00:00 - 24:00 ", "-", ":-:", "1:00-1:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpan(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "invalid service hours ") {
				t.Fatalf("ParseSpan(%q) error %q", s, err)
			}
			return
		}
		if !sp.Valid() {
			t.Fatalf("ParseSpan(%q) = %+v, not valid", s, sp)
		}
		back, err := ParseSpan(sp.String())
		if err != nil || back != sp {
			t.Fatalf("ParseSpan(%q) = %v; ParseSpan(String()) = %v, %v", s, sp, back, err)
		}
	})
}

func TestParseWorkweek(t *testing.T) {
	const (
		su = time.Sunday
		mo = time.Monday
		tu = time.Tuesday
		we = time.Wednesday
		th = time.Thursday
		fr = time.Friday
		sa = time.Saturday
	)
	week := func(days ...time.Weekday) [7]bool {
		var w [7]bool
		for _, d := range days {
			w[d] = true
		}
		return w
	}
	tests := []struct {
		in     string
		want   [7]bool
		format string
	}{
		{"mon-fri", week(mo, tu, we, th, fr), "mon-fri"},
		{"mon-sun", week(mo, tu, we, th, fr, sa, su), "mon-sun"},
		{"mon,wed,fri", week(mo, we, fr), "mon,wed,fri"},
		{"mon-fri,sun", week(mo, tu, we, th, fr, su), "mon-fri,sun"},
		{"Mon - Fri , SUN", week(mo, tu, we, th, fr, su), "mon-fri,sun"},
		{"monday-friday", week(mo, tu, we, th, fr), "mon-fri"},
		{"fri-mon", week(fr, sa, su, mo), "mon,fri-sun"},
		{"sat", week(sa), "sat"},
		{"sat,sun", week(sa, su), "sat,sun"},
		{"mon-tue", week(mo, tu), "mon,tue"},
		{"wed-wed", week(we), "wed"},
		{"sun-sat", week(mo, tu, we, th, fr, sa, su), "mon-sun"},
		{"mon,mon-wed", week(mo, tu, we), "mon-wed"},
	}
	for _, tt := range tests {
		got, err := ParseWorkweek(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseWorkweek(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		if f := FormatWorkweek(got); f != tt.format {
			t.Errorf("FormatWorkweek(%q) = %q, want %q", tt.in, f, tt.format)
		}
	}
	for _, in := range []string{"", "  ", "mon-", "-fri", "mon,,fri", "mon-fri-sat", "weekdays", "mo-fr", "mon;fri", "mon,"} {
		if got, err := ParseWorkweek(in); err == nil || !strings.HasPrefix(err.Error(), "invalid workweek ") {
			t.Errorf("ParseWorkweek(%q) = %v, %v; want an error", in, got, err)
		}
	}
}

// TestFormatWorkweekRoundTrip tries every one of the 127 non-empty workweeks.
func TestFormatWorkweekRoundTrip(t *testing.T) {
	for bits := 1; bits < 1<<7; bits++ {
		var w [7]bool
		for d := range w {
			w[d] = bits&(1<<d) != 0
		}
		s := FormatWorkweek(w)
		back, err := ParseWorkweek(s)
		if err != nil || back != w {
			t.Errorf("ParseWorkweek(FormatWorkweek(%v) = %q) = %v, %v", w, s, back, err)
		}
	}
}
