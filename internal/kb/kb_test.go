package kb

import (
	"strings"
	"testing"
)

func TestRankPutsTitleHitsFirstAndMarksTheLine(t *testing.T) {
	cands := []Candidate{
		{Article: Article{ID: 1}, Title: "如何修改地址", Body: "发货前可修改。\n如需退款请先取消订单。"},
		{Article: Article{ID: 2}, Title: "退款多久到账", Body: "三个工作日。"},
		{Article: Article{ID: 3}, Title: "发票", Body: "与此无关"},
	}
	hits := Rank(Words("退款"), cands)
	if len(hits) != 2 {
		t.Fatalf("got %d hits, want 2: %+v", len(hits), hits)
	}
	if hits[0].Article.ID != 2 || hits[0].InTitle != 1 || hits[0].Line != "【退款】多久到账" {
		t.Errorf("first hit = %+v, want article 2 by its title", hits[0])
	}
	if hits[1].Article.ID != 1 || hits[1].InTitle != 0 || hits[1].Line != "如需【退款】请先取消订单。" {
		t.Errorf("second hit = %+v, want article 1 by its body line", hits[1])
	}
}

func TestRankNeedsEveryWord(t *testing.T) {
	cands := []Candidate{{Article: Article{ID: 1}, Title: "退款", Body: "发票"}, {Article: Article{ID: 2}, Title: "退款", Body: "地址"}}
	hits := Rank(Words("退款 发票"), cands)
	if len(hits) != 1 || hits[0].Article.ID != 1 {
		t.Errorf("hits = %+v, want only article 1", hits)
	}
}

func TestMark(t *testing.T) {
	for _, c := range []struct{ line, q, want string }{
		{"申请退款未到账", "退款", "申请【退款】未到账"},
		{"Refund the REFUND", "refund", "【Refund】 the 【REFUND】"},
		{"退款退款", "款退", "退【款退】款"},
		{"abc", "x", "abc"},
	} {
		if got := Mark(c.line, Words(c.q)); got != c.want {
			t.Errorf("Mark(%q, %q) = %q, want %q", c.line, c.q, got, c.want)
		}
	}
}

func TestMatchLineCutsALongLineBeforeTheMatch(t *testing.T) {
	line := MatchLine("标题", strings.Repeat("一", 30)+"退款", Words("退款"))
	if !strings.HasPrefix(line, "…") || !strings.HasSuffix(line, "【退款】") {
		t.Errorf("line = %q", line)
	}
}

func TestDiff(t *testing.T) {
	d := Diff("a\nb\nc", "a\nx\nc\nd")
	var got []string
	for _, l := range d {
		got = append(got, string(l.Op)+l.Text)
	}
	want := " a,-b,+x, c,+d"
	if strings.Join(got, ",") != want {
		t.Errorf("diff = %q, want %q", strings.Join(got, ","), want)
	}
	if Changed(Diff("a", "a")) {
		t.Error("equal texts reported changed")
	}
}

func TestChecks(t *testing.T) {
	if CheckTitle("  ") == nil || CheckTitle("a\nb") == nil || CheckTitle(strings.Repeat("字", MaxTitle+1)) == nil {
		t.Error("bad titles accepted")
	}
	if CheckTitle("退款多久到账") != nil {
		t.Error("good title refused")
	}
	if CheckBody(strings.Repeat("a", MaxBody+1)) == nil || CheckBody("\n") == nil || CheckBody("\xff") == nil {
		t.Error("bad bodies accepted")
	}
	if CheckBody(strings.Repeat("a", MaxBody)) != nil {
		t.Error("a body of exactly 256 KiB refused")
	}
	tags, err := CleanTags([]string{"退款, 支付", "退款", ""})
	if err != nil || strings.Join(tags, "|") != "支付|退款" {
		t.Errorf("CleanTags = %v, %v", tags, err)
	}
	if _, err := CleanTags([]string{"a\tb"}); err == nil {
		t.Error("a tag with a tab accepted")
	}
}

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		a    Article
		want string
	}{
		{Article{Version: 1}, StatusDraft},
		{Article{Version: 2, Approved: 2}, StatusApproved},
		{Article{Version: 3, Approved: 2}, StatusChanged},
	} {
		if got := c.a.Status(); got != c.want {
			t.Errorf("%+v: status %s, want %s", c.a, got, c.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []Candidate{
		{Article: Article{ID: 1, Category: "物流"}, Title: "快递多久到", Body: "退款另见。"},
		{Article: Article{ID: 2, Category: "售后"}, Title: "退款多久到账", Body: "三个工作日。"},
		{Article: Article{ID: 3, Category: "售后"}, Title: "发票", Body: "申请退款后发票作废。"},
		{Article: Article{ID: 4, Category: "物流"}, Title: "地址", Body: "无关"},
		{Article: Article{ID: 5, Category: "售后"}, Title: "退货", Body: "申请退款"},
	}
	got := Suggest([]string{"申请", "请退", "退款", "未到", "到账"}, "售后", cands, 3)
	var ids []int64
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	// 2: 退款 and 到账 in the title (4); 3 and 5: 申请, 请退, 退款 in the body (3), 3 first by id; 1 (1) is cut.
	if len(ids) != 3 || ids[0] != 2 || ids[1] != 3 || ids[2] != 5 {
		t.Errorf("Suggest = %v, want [2 3 5]", ids)
	}
	if len(Suggest([]string{"退款"}, "", cands[3:4], 3)) != 0 {
		t.Error("an article sharing nothing was suggested")
	}
}
