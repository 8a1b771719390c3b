package score

import (
	"strings"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/money"
)

// Fen is money in fen (1/100 yuan), exactly: kefu's one money type.
type Fen = money.Fen

// Yuan builds whole yuan: Yuan(300) is 300.00.
func Yuan(n int64) Fen { return money.Yuan(n) }

// ParseYuan reads a non-negative amount in yuan with at most two decimals ("30", "12.5",
// "12.50"), as fen.
func ParseYuan(s string) (Fen, error) {
	f, err := money.Parse(s)
	if err != nil || f < 0 {
		return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 30 or 12.50", s)
	}
	return f, nil
}

// mulDiv is a×b÷d rounded half away from zero; a×b stays far inside int64 for any sheet.
func mulDiv(a, b, d int64) int64 {
	n := a * b
	q, r := n/d, n%d
	if r < 0 {
		r = -r
	}
	if 2*r >= d {
		if n < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// Percent is a percentage in hundredths: 7000 is 70%, 150 is 1.5%.
type Percent int64

// ParsePercent reads "70%", "70", "1.5%" (at most two decimals, 0 to 100).
func ParsePercent(s string) (Percent, error) {
	v := strings.TrimSuffix(strings.TrimSpace(s), "%")
	f, err := money.Parse(v) // the same fixed-point shape: digits, two decimals
	if err != nil || f < 0 || f > 10000 {
		return 0, errs.Invalidf("invalid percentage %q: use 0%% to 100%% with at most two decimals, e.g. 1.5%%", s)
	}
	return Percent(f), nil
}

// String prints the percentage: "70%", "1.5%".
func (p Percent) String() string {
	s := Fen(p).String()
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// MarshalJSON writes the percentage as a number of percent (1.5 for 1.5%).
func (p Percent) MarshalJSON() ([]byte, error) {
	return []byte(strings.TrimSuffix(p.String(), "%")), nil
}

// UnmarshalJSON reads a number of percent.
func (p *Percent) UnmarshalJSON(b []byte) error {
	v, err := ParsePercent(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
