package core_test

import (
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/kb"
)

func kbAdd(t *testing.T, tm *team, as, title, body string, public bool) int64 {
	t.Helper()
	a, err := tm.s.KBAdd(tm.ctx, as, core.KBAddOptions{Title: title, Body: body, Category: "售后", NewCategory: true, Public: public})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// The site publishes exactly the approved public articles that are not retired, each as its
// last approved version; drafts, internal, retired and newer drafts stay out.
func TestKBPublishableIsWhatCustomersMaySee(t *testing.T) {
	tm := newTeam(t)
	approvedPublic := kbAdd(t, tm, "张伟", "退款多久到账", "三个工作日。", true)
	approvedPrivate := kbAdd(t, tm, "张伟", "内部审批流程", "主管审批。", false)
	draftPublic := kbAdd(t, tm, "张伟", "草稿", "未审核。", true)
	changed := kbAdd(t, tm, "张伟", "修改地址", "发货前可改。", true)
	retired := kbAdd(t, tm, "张伟", "旧规则", "已作废。", true)
	for _, id := range []int64{approvedPublic, approvedPrivate, changed, retired} {
		if _, err := tm.s.KBApprove(tm.ctx, "陈静", id); err != nil {
			t.Fatal(err)
		}
	}
	newBody := "新正文，尚未审核。"
	if _, err := tm.s.KBEdit(tm.ctx, "李娜", core.KBEditOptions{ID: changed, Body: &newBody}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.s.KBRetire(tm.ctx, "陈静", retired); err != nil {
		t.Fatal(err)
	}
	pub, err := tm.s.KBPublishable(tm.ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]kb.Published{}
	for _, p := range pub {
		got[p.Article.ID] = p
	}
	if len(got) != 2 {
		t.Fatalf("published %d articles, want 2: %+v", len(got), pub)
	}
	if _, ok := got[approvedPublic]; !ok {
		t.Error("the approved public article is missing")
	}
	if p := got[changed]; p.Version.Number != 1 || p.Version.Body != "发货前可改。" {
		t.Errorf("the changed article shows version %d %q, want the approved version 1", p.Version.Number, p.Version.Body)
	}
	for _, id := range []int64{approvedPrivate, draftPublic, retired} {
		if _, ok := got[id]; ok {
			t.Errorf("article %d is published", id)
		}
	}
	files, err := kb.Site(pub, "zh-CN", func(kb.Published) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	index := string(files["index.html"])
	for _, hidden := range []string{"内部审批流程", "草稿", "旧规则", "新正文", "张伟", "陈静", "李娜"} {
		for name, b := range files {
			if strings.Contains(string(b), hidden) {
				t.Errorf("%s shows %q", name, hidden)
			}
		}
	}
	if !strings.Contains(index, "退款多久到账") || !strings.Contains(index, "修改地址") {
		t.Error("the index misses a published article")
	}
}

func TestKBApprovalRules(t *testing.T) {
	tm := newTeam(t)
	id := kbAdd(t, tm, "陈静", "退款", "三个工作日。", true)
	if _, err := tm.s.KBApprove(tm.ctx, "张伟", id); !errs.Is(err, errs.Forbidden) {
		t.Errorf("an agent approved: %v", err)
	}
	if _, err := tm.s.KBApprove(tm.ctx, "陈静", id); !errs.Is(err, errs.Forbidden) {
		t.Errorf("the author approved her own version: %v", err)
	}
	a, err := tm.s.KBApprove(tm.ctx, "王芳", id)
	if err != nil || a.Status() != kb.StatusApproved {
		t.Fatalf("the manager's approval: %v, %s", err, a.Status())
	}
	title := "退款多久到账"
	ed, err := tm.s.KBEdit(tm.ctx, "张伟", core.KBEditOptions{ID: id, Title: &title})
	if err != nil || !ed.NewVersion || ed.Article.Status() != kb.StatusChanged || ed.Article.Approved != 1 {
		t.Fatalf("edit of an approved article: %v, %+v", err, ed)
	}
	// 陈静 wrote version 1, not version 2: she may approve it now.
	if a, err = tm.s.KBApprove(tm.ctx, "陈静", id); err != nil || a.Approved != 2 {
		t.Errorf("approving version 2: %v, approved %d", err, a.Approved)
	}
	if _, err := tm.s.KBRetire(tm.ctx, "张伟", id); !errs.Is(err, errs.Forbidden) {
		t.Errorf("an agent retired an approved article: %v", err)
	}
}
