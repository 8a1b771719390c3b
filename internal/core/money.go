package core

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// MaxYuan is the largest amount one ticket may carry (a hundred million yuan). It keeps every
// money sum kefu computes exact in 64-bit integers: 900 million tickets at MaxYuan (in fen) are
// still below 2^63, so SQLite's sum() and Go's arithmetic cannot overflow (a sum of larger
// amounts once made report monthly fail).
const MaxYuan = 100_000_000

// ParseYuan reads an amount of money in yuan with at most two decimals ("299", "299.5",
// "299.00") as whole fen, exactly: money never passes through a binary float.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasDot && frac == "") || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") {
		return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 299.00", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 299.00", s)
	}
	if w > MaxYuan || (w == MaxYuan && strings.Trim(frac, "0") != "") {
		return 0, errs.Invalidf("amount %q is over the limit of %d yuan for one ticket (so that every total stays exact)", s, MaxYuan)
	}
	f := int64(0)
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil || strings.ContainsAny(frac, "+-") {
			return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 299.00", s)
		}
	}
	return w*100 + f, nil
}

// FormatYuan prints fen as yuan with two decimals.
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
