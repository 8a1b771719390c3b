package money

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Fen{
		"0": 0, "30": 3000, "12.5": 1250, "12.50": 1250, " 299.00 ": 29900, "-120.5": -12050,
		"0.01": 1, "9999999999.99": 999999999999,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]error{
		"": ErrSyntax, ".5": ErrSyntax, "5.": ErrSyntax, "1.234": ErrSyntax, "+5": ErrSyntax,
		"1e3": ErrSyntax, "１２": ErrSyntax, "--1": ErrSyntax, "12,50": ErrSyntax,
		"10000000000": ErrRange, "99999999999999999999": ErrRange,
	} {
		if got, err := Parse(in); !errors.Is(err, want) {
			t.Errorf("Parse(%q) = %d, %v; want %v", in, got, err, want)
		}
	}
}

func TestString(t *testing.T) {
	for f, want := range map[Fen]string{0: "0.00", 1: "0.01", 30000: "300.00", -12050: "-120.50"} {
		if got := f.String(); got != want {
			t.Errorf("Fen(%d).String() = %q, want %q", f, got, want)
		}
	}
	if got := Fen(3000).Short(); got != "30" {
		t.Errorf("Short() = %q, want 30", got)
	}
}

// Whatever Parse accepts prints back to the same amount.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "12.5", "-3.07", "9999999999.99", "abc", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(v.String())
		if err != nil || back != v {
			t.Fatalf("Parse(%q) = %d prints %q, which reads back as %d, %v", s, v, v.String(), back, err)
		}
	})
}
