package score

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// Fen is money in fen (1/100 yuan), exactly.
type Fen int64

// Yuan builds whole yuan: Yuan(300) is 300.00.
func Yuan(n int64) Fen { return Fen(n * 100) }

// ParseYuan reads a non-negative amount in yuan with at most two decimals ("30", "12.5",
// "12.50"), as fen.
func ParseYuan(s string) (Fen, error) {
	f, err := parseSignedYuan(s)
	if err != nil || f < 0 {
		return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 30 or 12.50", s)
	}
	return f, nil
}

func parseSignedYuan(s string) (Fen, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 10 || len(frac) > 2 || (dot && frac == "") || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("invalid amount %q", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	c, _ := strconv.ParseInt(frac, 10, 64)
	f := Fen(w*100 + c)
	if neg {
		f = -f
	}
	return f, nil
}

// String prints yuan with two decimals: "300.00", "-120.50".
func (f Fen) String() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return fmt.Sprintf("%s%d.%02d", sign, f/100, f%100)
}

// Short prints yuan without a zero fraction ("30", "12.50"): the form policy values take.
func (f Fen) Short() string {
	if f%100 == 0 {
		return strconv.FormatInt(int64(f/100), 10)
	}
	return f.String()
}

// MarshalJSON writes money as a string of yuan with two decimals ("300.00"), like ticket amounts.
func (f Fen) MarshalJSON() ([]byte, error) { return []byte(`"` + f.String() + `"`), nil }

// UnmarshalJSON reads money written by MarshalJSON.
func (f *Fen) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("money must be a string of yuan: %s", b)
	}
	v, err := parseSignedYuan(s)
	if err != nil {
		return err
	}
	*f = v
	return nil
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
	f, err := parseSignedYuan(v) // the same fixed-point shape: digits, two decimals
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
