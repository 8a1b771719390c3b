package core

import (
	"errors"
	"strings"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/money"
)

// MaxYuan is the largest amount one ticket may carry (a hundred million yuan). It keeps every
// money sum kefu computes exact in 64-bit integers: 900 million tickets at MaxYuan (in fen) are
// still below 2^63, so SQLite's sum() and Go's arithmetic cannot overflow (a sum of larger
// amounts once made report monthly fail).
const MaxYuan = 100_000_000

// ParseYuan reads a ticket's amount of money in yuan with at most two decimals ("299",
// "299.5", "299.00") as whole fen, exactly (money.Parse), never negative and at most MaxYuan.
func ParseYuan(s string) (int64, error) {
	f, err := money.Parse(s)
	if errors.Is(err, money.ErrRange) || err == nil && f > money.Yuan(MaxYuan) {
		return 0, errs.Invalidf("amount %q is over the limit of %d yuan for one ticket (so that every total stays exact)", strings.TrimSpace(s), MaxYuan)
	}
	if err != nil || strings.HasPrefix(strings.TrimSpace(s), "-") {
		return 0, errs.Invalidf("invalid amount %q: use yuan with at most two decimals, e.g. 299.00", strings.TrimSpace(s))
	}
	return int64(f), nil
}

// FormatYuan prints fen as yuan with two decimals.
func FormatYuan(fen int64) string { return money.Fen(fen).String() }
