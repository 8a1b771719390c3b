package search

import (
	"strings"
	"testing"
)

func TestSplitAndAny(t *testing.T) {
	got := Split("申请退款, 退款未到 a")
	if strings.Join(got, " ") != "申请 请退 退款 款未 未到" {
		t.Errorf("Split = %v", got)
	}
	if Any([]string{"退款", "到账"}) != `"退款" OR "到账"` {
		t.Errorf("Any = %s", Any([]string{"退款", "到账"}))
	}
	if len(Split("a 款")) != 0 {
		t.Error("single characters made grams")
	}
}
