package core_test

import (
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/handover"
)

func TestHandoverAddAmendAck(t *testing.T) {
	tm := newTeam(t)
	tk := tm.open(t, func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	tm.at(t, "2026-03-02 17:20")
	saved, err := tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "1号工单等财务回复"})
	if err != nil {
		t.Fatal(err)
	}
	n := saved.Note
	if saved.Amended || n.ID != 1 || n.Shift.String() != "day shift 2026-03-02" || n.Author != "张伟" {
		t.Fatalf("saved %+v", saved)
	}
	if len(n.OpenItems) != 1 || n.OpenItems[0].TicketID != tk.ID || n.OpenItems[0].Why != handover.WhyAssigned {
		t.Errorf("open items %+v", n.OpenItems)
	}

	// Acknowledgment: the next shift (night) only; never the author.
	_, err = tm.s.HandoverAck(tm.ctx, "张伟", n.ID)
	if !errs.Is(err, errs.Forbidden) {
		t.Errorf("self-ack: %v", err)
	}
	_, err = tm.s.HandoverAck(tm.ctx, "李娜", n.ID)
	if !errs.Is(err, errs.Forbidden) {
		t.Errorf("ack by the same shift: %v", err)
	}
	tm.at(t, "2026-03-02 17:40")
	acked, err := tm.s.HandoverAck(tm.ctx, "赵敏", n.ID)
	if err != nil || acked.AckedBy != "赵敏" || acked.AckedAt.IsZero() {
		t.Fatalf("ack by the night shift: %+v, %v", acked, err)
	}

	// A second note for the shift amends it, keeps the first version, and clears the ack.
	tm.at(t, "2026-03-02 17:50")
	saved, err = tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "1号工单等财务回复；补充"})
	if err != nil {
		t.Fatal(err)
	}
	if !saved.Amended || saved.AckCleared != "赵敏" || saved.Note.ID != n.ID || saved.Note.Revisions != 1 || !saved.Note.AckedAt.IsZero() {
		t.Errorf("amended %+v", saved)
	}
	ds, err := tm.s.HandoverShow(tm.ctx, core.HandoverShowOptions{ID: n.ID})
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.Note.Text != "1号工单等财务回复；补充" || len(d.Revisions) != 1 || d.Revisions[0].Text != "1号工单等财务回复" ||
		!d.Revisions[0].WrittenAt.Equal(n.WrittenAt) || d.Next.String() != "night shift 2026-03-02" || strings.Join(d.NextMembers, ",") != "赵敏" {
		t.Errorf("detail %+v", d)
	}
	var actions []string
	for _, e := range tm.events(t) {
		if e.Entity == "handover" {
			actions = append(actions, e.Actor+" "+e.Action)
		}
	}
	if got := strings.Join(actions, ", "); got != "张伟 written, 赵敏 acknowledged, 张伟 amended" {
		t.Errorf("history: %s", got)
	}
}

func TestHandoverShifts(t *testing.T) {
	tm := newTeam(t)
	// 赵敏 (night) writes after midnight: the note is for the night that ended.
	tm.at(t, "2026-03-03 00:15")
	saved, err := tm.s.HandoverAdd(tm.ctx, "赵敏", core.HandoverAddOptions{Text: "夜班无事"})
	if err != nil || saved.Note.Shift.String() != "night shift 2026-03-02" {
		t.Fatalf("night note: %+v, %v", saved.Note.Shift, err)
	}
	// Its next shift is Tuesday's day shift: a day agent acknowledges it.
	if _, err := tm.s.HandoverAck(tm.ctx, "李娜", saved.Note.ID); err != nil {
		t.Errorf("day agent acks the night note: %v", err)
	}
	// A shift that has not started cannot be handed over; an unknown shift is refused.
	_, err = tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "x", Date: "2026-03-03"})
	wantInvalid(t, err, "day shift 2026-03-03 has not started yet")
	_, err = tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "x", Shift: "evening"})
	wantInvalid(t, err, `unknown shift "evening"`)
	_, err = tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "  "})
	wantInvalid(t, err, "handover note must not be empty")
	// Anyone may write a note for another shift, e.g. covering for a colleague.
	saved, err = tm.s.HandoverAdd(tm.ctx, "张伟", core.HandoverAddOptions{Text: "代班", Shift: "night", Date: "2026-03-02"})
	if err != nil || saved.Note.Shift.String() != "night shift 2026-03-02" {
		t.Errorf("covering note: %+v, %v", saved.Note, err)
	}
	ns, err := tm.s.HandoverList(tm.ctx, core.HandoverListOptions{Shift: "night"})
	if err != nil || len(ns) != 2 {
		t.Errorf("list: %d notes, %v", len(ns), err)
	}
	if _, err := tm.s.HandoverShow(tm.ctx, core.HandoverShowOptions{Date: "2026-03-01"}); !errs.Is(err, errs.NotFound) {
		t.Errorf("show of a date without notes: %v", err)
	}
	ds, err := tm.s.HandoverShow(tm.ctx, core.HandoverShowOptions{Last: true})
	if err != nil || len(ds) != 2 {
		t.Errorf("show --last: %d notes, %v; want both notes of the night shift 2026-03-02", len(ds), err)
	}
}

func TestSummaries(t *testing.T) {
	tm := newTeam(t)
	long := strings.Repeat("本周处理退款工单。", 25) // 225 characters
	tm.at(t, "2026-03-06 16:00")
	saved, err := tm.s.SummaryAdd(tm.ctx, "张伟", core.SummaryAddOptions{Text: long})
	if err != nil || saved.Summary.Week != "2026-W10" || saved.Summary.Chars != 225 || saved.Short() || saved.Late() {
		t.Fatalf("summary: %+v short=%v late=%v, %v", saved.Summary, saved.Short(), saved.Late(), err)
	}
	// Spaces do not count.
	if n := core.SummaryChars(" 本周 \n 处理\t工单 "); n != 6 {
		t.Errorf("SummaryChars = %d, want 6", n)
	}
	saved, err = tm.s.SummaryAdd(tm.ctx, "李娜", core.SummaryAddOptions{Text: "太短了"})
	if err != nil || !saved.Short() {
		t.Fatalf("short summary: %+v, %v", saved, err)
	}
	l, err := tm.s.SummaryListWeek(tm.ctx, core.SummaryListOptions{Missing: true})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, m := range l.Missing {
		missing = append(missing, m.Staff)
	}
	// 赵敏 (no summary) and 李娜 (too short); supervisors owe none.
	if strings.Join(missing, ",") != "李娜,赵敏" || !l.Missing[0].Written || l.Missing[1].Written {
		t.Errorf("missing %+v", l.Missing)
	}
	// Rewriting after the due time makes it late, and long enough.
	tm.at(t, "2026-03-09 09:00")
	saved, err = tm.s.SummaryAdd(tm.ctx, "李娜", core.SummaryAddOptions{Week: "2026-W10", Text: long})
	if err != nil || !saved.Amended || !saved.Late() || saved.Short() {
		t.Errorf("rewrite: %+v late=%v, %v", saved, saved.Late(), err)
	}
	_, err = tm.s.SummaryAdd(tm.ctx, "李娜", core.SummaryAddOptions{Week: "2026-W12", Text: long})
	wantInvalid(t, err, "week 2026-W12 has not started yet")
}
