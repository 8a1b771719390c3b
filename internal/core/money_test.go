package core_test

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
)

// 900 million tickets at the largest amount still sum within int64: no total can overflow.
func TestMaxYuanSums(t *testing.T) {
	maxFen := big.NewInt(core.MaxYuan * 100)
	total := new(big.Int).Mul(maxFen, big.NewInt(900_000_000))
	if total.Cmp(big.NewInt(math.MaxInt64)) >= 0 {
		t.Errorf("%d yuan × 9e8 tickets = %v fen, over int64's limit", core.MaxYuan, total)
	}
	if _, err := core.ParseYuan("100000000.01"); err == nil || !strings.Contains(err.Error(), "over the limit of 100000000 yuan") {
		t.Errorf("an amount over the limit: %v", err)
	}
}

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{
		"299": 29900, "299.5": 29950, "299.00": 29900, "0.01": 1, "0": 0, " 12.30 ": 1230, "007.5": 750,
		"100000000": 10000000000, "100000000.00": 10000000000,
	} {
		got, err := core.ParseYuan(in)
		if err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d fen", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "1.", ".5", "1.234", "-1", "+1", "1e3", "0x10", "1_000", "1,5", "1.-5", "1.+5", "1000000000001", "100000000.01", "100000001", "99999999999999999999", "１２", "1 .5", "NaN", "Inf"} {
		if got, err := core.ParseYuan(in); errs.ExitCode(err) != errs.ExitInvalid {
			t.Errorf("ParseYuan(%q) = %d, %v; want a usage error", in, got, err)
		}
	}
}

// FuzzParseYuan checks ParseYuan against exact rational arithmetic: an accepted amount is the
// input times 100, to the fen, and prints back to the same amount.
func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"299", "299.5", "299.00", "0.01", " 7 ", "1.234", "-1", "+1", "1e3", "1_000", "1000000000000", "1000000000000.99", "1.-5", ".5", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := core.ParseYuan(s)
		if err != nil {
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("ParseYuan(%q): %v is not a usage error", s, err)
			}
			return
		}
		if fen < 0 {
			t.Fatalf("ParseYuan(%q) = %d: amounts are never negative", s, fen)
		}
		exact, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			t.Fatalf("ParseYuan(%q) = %d, but %q is not a number", s, fen, s)
		}
		if want := exact.Mul(exact, big.NewRat(100, 1)); !want.IsInt() || want.Num().Int64() != fen {
			t.Fatalf("ParseYuan(%q) = %d fen, want %v", s, fen, want)
		}
		if back, err := core.ParseYuan(core.FormatYuan(fen)); err != nil || back != fen {
			t.Fatalf("ParseYuan(%q) = %d, printed %s, reads back as %d, %v", s, fen, core.FormatYuan(fen), back, err)
		}
	})
}
