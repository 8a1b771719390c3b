package audit

import "testing"

// TestTypedPayloadsEncodeAsBefore encodes each typed payload and the map the action built
// before it had a type (copied from the old code): the bytes must be the same, or every signed
// history and its MAC head would change.
func TestTypedPayloadsEncodeAsBefore(t *testing.T) {
	was := "4bh"
	exam := "85"
	cases := []struct {
		action string
		typed  any
		old    map[string]any
	}{
		{"staff added", StaffAdded{Name: "李娜", Role: "agent", Team: "售后", Shift: "day", Hired: "2026-03-02", WorkPattern: "mon-sat"},
			map[string]any{"name": "李娜", "role": "agent", "team": "售后", "shift": "day", "hired": "2026-03-02", "work_pattern": "mon-sat"}},
		{"staff added, nothing optional", StaffAdded{Name: "王芳", Role: "manager"},
			map[string]any{"name": "王芳", "role": "manager", "team": "", "shift": "", "hired": "", "work_pattern": ""}},
		{"staff deactivated", StaffDeactivated{Name: "李娜", Reassigned: 3, Changes: map[string]SortedChange{"active": {Old: true, New: false}}},
			map[string]any{"name": "李娜", "reassigned": 3, "changes": map[string]any{"active": map[string]any{"old": true, "new": false}}}},
		{"staff reactivated", StaffChanged{Name: "李娜", Changes: map[string]SortedChange{"active": {Old: false, New: true}}},
			map[string]any{"name": "李娜", "changes": map[string]any{"active": map[string]any{"old": false, "new": true}}}},
		{"staff edited", StaffChanged{Name: "张伟 <x>", Changes: map[string]SortedChange{"team": {Old: "", New: "售前"}, "role": {Old: "agent", New: "lead"}, "hired": {Old: "", New: "2026-01-05"}}},
			map[string]any{"name": "张伟 <x>", "changes": map[string]any{"team": map[string]any{"old": "", "new": "售前"}, "role": map[string]any{"old": "agent", "new": "lead"},
				"hired": map[string]any{"old": "", "new": "2026-01-05"}}}},
		{"leave added", StaffLeave{Staff: "李娜", From: "2026-03-02", To: "2026-03-04", Kind: "annual", Note: "回老家"},
			map[string]any{"staff": "李娜", "from": "2026-03-02", "to": "2026-03-04", "kind": "annual", "note": "回老家"}},
		{"swap", StaffSwapped{Date: "2026-03-05", A: "李娜", AShift: SortedChange{Old: "day", New: "night"}, B: "张伟", BShift: SortedChange{Old: "night", New: "day"}, Reason: "看病"},
			map[string]any{"date": "2026-03-05", "a": "李娜", "a_shift": map[string]any{"old": "day", "new": "night"},
				"b": "张伟", "b_shift": map[string]any{"old": "night", "new": "day"}, "reason": "看病"}},
		{"handover written", HandoverWritten{Shift: "night", Date: "2026-03-05", OpenItems: 2},
			map[string]any{"shift": "night", "date": "2026-03-05", "open_items": 2}},
		{"handover amended", HandoverAmended{Shift: "night", Date: "2026-03-05", OpenItems: 0, Revision: 1},
			map[string]any{"shift": "night", "date": "2026-03-05", "open_items": 0, "revision": 1}},
		{"handover acknowledged", HandoverAcknowledged{Shift: "day", Date: "2026-03-05", Author: "王芳"},
			map[string]any{"shift": "day", "date": "2026-03-05", "author": "王芳"}},
		{"summary written", SummaryWritten{Week: "2026-W10", Chars: 212},
			map[string]any{"week": "2026-W10", "chars": 212}},
		{"summary amended", SummaryAmended{Week: "2026-W10", Chars: 230, Changes: map[string]SortedChange{"text": {Old: "本周\n退款", New: "本周 & 下周"}}},
			map[string]any{"week": "2026-W10", "chars": 230, "changes": map[string]any{"text": map[string]any{"old": "本周\n退款", "new": "本周 & 下周"}}}},
		{"score entry added", ScoreEntryAdded{Staff: "李娜", Rule: "slow-reply", Points: "-2", Reason: "首响超时", Ticket: 17, At: "2026-03-02T01:30:00Z"},
			map[string]any{"staff": "李娜", "rule": "slow-reply", "points": "-2", "reason": "首响超时", "ticket": int64(17), "at": "2026-03-02T01:30:00Z"}},
		{"score entry added, no ticket", ScoreEntryAdded{Staff: "李娜", Rule: "exam", Points: "+1.5", Reason: "考试", At: "2026-03-02T01:30:00Z"},
			map[string]any{"staff": "李娜", "rule": "exam", "points": "+1.5", "reason": "考试", "ticket": nil, "at": "2026-03-02T01:30:00Z"}},
		{"score entry reverted", ScoreEntryReverted{Reverts: 9, Staff: "李娜", Rule: "slow-reply", Points: "+2", Reason: "申诉成立", Cause: "appeal 3"},
			map[string]any{"reverts": int64(9), "staff": "李娜", "rule": "slow-reply", "points": "+2", "reason": "申诉成立", "cause": "appeal 3"}},
		{"appeal filed", ScoreAppealFiled{Entry: 9, Staff: "李娜", Rule: "slow-reply", Reason: "系统故障"},
			map[string]any{"entry": int64(9), "staff": "李娜", "rule": "slow-reply", "reason": "系统故障"}},
		{"appeal upheld", ScoreAppealDecided{Entry: 9, Staff: "李娜", Reason: "不成立"},
			map[string]any{"entry": int64(9), "staff": "李娜", "reason": "不成立", "reversal": nil}},
		{"appeal granted", ScoreAppealDecided{Entry: 9, Staff: "李娜", Reason: "成立", Reversal: 12},
			map[string]any{"entry": int64(9), "staff": "李娜", "reason": "成立", "reversal": int64(12)}},
		{"month reopened", ScoreMonthReopened{Month: "2026-02", Reason: "补录"},
			map[string]any{"month": "2026-02", "reason": "补录"}},
		{"pending proposed", ScorePendingProposed{Staff: "李娜", Rule: "slow-reply", Points: "-2", Reason: "r", Ticket: 4, At: "2026-03-02T01:30:00Z", Key: "breach:4:first_response"},
			map[string]any{"staff": "李娜", "rule": "slow-reply", "points": "-2", "reason": "r", "ticket": int64(4), "at": "2026-03-02T01:30:00Z", "key": "breach:4:first_response"}},
		{"pending confirmed", ScorePendingConfirmed{Entry: 5, Staff: "李娜", Rule: "slow-reply", Points: "-2", Note: ""},
			map[string]any{"entry": int64(5), "staff": "李娜", "rule": "slow-reply", "points": "-2", "note": ""}},
		{"pending dismissed", ScorePendingDismissed{Staff: "李娜", Rule: "slow-reply", Reason: "客户原因"},
			map[string]any{"staff": "李娜", "rule": "slow-reply", "reason": "客户原因"}},
		{"customer added", CustomerAdded{Name: "张三"}, map[string]any{"name": "张三"}},
		{"customer disclosed", CustomerDisclosed{Fields: []string{"phone", "email", "im"}}, map[string]any{"fields": []string{"phone", "email", "im"}}},
		{"customer forgotten", CustomerForgotten{Reason: "本人要求", TicketsScrubbed: 2, MessagesScrubbed: 5, EventsRedacted: 7},
			map[string]any{"reason": "本人要求", "tickets_scrubbed": 2, "messages_scrubbed": 5, "events_redacted": 7}},
		{"policy set", PolicySet{Key: "calendar.hours", Old: "08:30-24:00", New: "09:00-21:00"},
			map[string]any{"key": "calendar.hours", "old": "08:30-24:00", "new": "09:00-21:00"}},
		{"window set, new row", PolicyWindowSet{Window: "complaint first_response", New: "2bh"},
			map[string]any{"window": "complaint first_response", "new": "2bh", "old": nil}},
		{"window set, changed row", PolicyWindowSet{Window: "complaint first_response", New: "2bh", Old: &was},
			map[string]any{"window": "complaint first_response", "new": "2bh", "old": "4bh"}},
		{"window unset", PolicyWindowUnset{Window: "complaint first_response", Old: "4bh"},
			map[string]any{"window": "complaint first_response", "old": "4bh"}},
		{"policy import", PolicyImported{Changes: []string{`a: "1" → "2"`}, Windows: 12, Kinds: 4},
			map[string]any{"changes": []string{`a: "1" → "2"`}, "windows": 12, "kinds": 4}},
		{"policy import, no change", PolicyImported{Windows: 12, Kinds: 4},
			map[string]any{"changes": []string(nil), "windows": 12, "kinds": 4}},
		{"kind removed", PolicyKindRemoved{Kind: "refund"}, map[string]any{"kind": "refund"}},
		{"holiday added", PolicyDay{Date: "2026-10-08", Note: "公司团建"}, map[string]any{"date": "2026-10-08", "note": "公司团建"}},
		{"calendar import", PolicyCalendarImported{File: "cn-2026.json", Days: 40, First: "2026-01-01", Last: "2026-12-31"},
			map[string]any{"file": "cn-2026.json", "days": 40, "first": "2026-01-01", "last": "2026-12-31"}},
		{"month closed", ScoreMonthClosed{Month: "2026-02", Rows: 8, OpenAppeals: 0},
			map[string]any{"month": "2026-02", "rows": 8, "open_appeals": 0}},
		{"month force-closed", ScoreMonthForceClosed{Month: "2026-02", Rows: 8, OpenAppeals: 1, Forced: true, LeftOpen: []string{"appeal 3"}},
			map[string]any{"month": "2026-02", "rows": 8, "open_appeals": 1, "forced": true, "left_open": []string{"appeal 3"}}},
		{"month force-closed, nothing open", ScoreMonthForceClosed{Month: "2026-02", Rows: 8, Forced: true},
			map[string]any{"month": "2026-02", "rows": 8, "open_appeals": 0, "forced": true, "left_open": []string(nil)}},
		{"rule retired", ScoreRuleRetired{Code: "slow-reply"}, map[string]any{"code": "slow-reply"}},
		{"qa checked", QAChecked{Correct: true, Note: "", Agent: "李娜"},
			map[string]any{"correct": true, "note": "", "agent": "李娜"}},
		{"qa amended", QAChecked{Correct: false, Note: "答错", Agent: "李娜", Old: &QAVerdict{Correct: true, Note: "ok", Checker: "王芳"}},
			map[string]any{"correct": false, "note": "答错", "agent": "李娜", "old": map[string]any{"correct": true, "note": "ok", "checker": "王芳"}}},
		{"key exported", AuditKeyExported{Database: "3f2a"}, map[string]any{"database": "3f2a"}},
		{"policy init", PolicyInit{Timezone: "Asia/Shanghai", Region: "cn"}, map[string]any{"timezone": "Asia/Shanghai", "region": "cn"}},
		{"first manager added", StaffAddedAtInit{Name: "王芳", Role: "manager"}, map[string]any{"name": "王芳", "role": "manager"}},
		{"ticket reassigned", TicketReassigned{Reason: "李娜 deactivated", Changes: map[string]SortedChange{"assignee": {Old: "李娜", New: "张伟"}}},
			map[string]any{"reason": "李娜 deactivated", "changes": map[string]any{"assignee": map[string]any{"old": "李娜", "new": "张伟"}}}},
		{"rule added", ScoreRuleAdded{Code: "late", Class: "light", Points: "-1..-3", Fine: "0", Ladder: "", Description: "迟到", DescriptionZH: "迟到", OncePerMonth: true, Eligibility: "all"},
			map[string]any{"class": "light", "points": "-1..-3", "fine": "0", "ladder": "", "description": "迟到", "description_zh": "迟到",
				"once_per_month": true, "eligibility": "all", "code": "late"}},
		{"ticket opened", TicketOpened{Changes: map[string]Change{"subject": {Old: nil, New: "退款 <慢>"}, "csat": {Old: nil, New: nil}}, Customer: "陈先生", OpenedAt: "2026-03-02T01:30:00Z"},
			map[string]any{"changes": map[string]any{"subject": Change{Old: nil, New: "退款 <慢>"}, "csat": Change{Old: nil, New: nil}}, "customer": "陈先生", "opened_at": "2026-03-02T01:30:00Z"}},
		{"ticket assigned by rule", TicketByRule{Rule: "round-robin", Changes: map[string]Change{"assignee": {Old: nil, New: "李娜"}}},
			map[string]any{"rule": "round-robin", "changes": map[string]any{"assignee": Change{Old: nil, New: "李娜"}}}},
		{"complaint verdict", ComplaintVerdictRecorded{Ticket: 5, Staff: "李娜", Valid: true, Argument: false, Reason: "态度差", At: "2026-03-02T01:30:00Z"},
			map[string]any{"ticket": int64(5), "staff": "李娜", "valid": true, "argument": false, "reason": "态度差", "at": "2026-03-02T01:30:00Z"}},
		{"fund spent", FundSpent{Amount: "120.50", Reason: "团建 & 奖励", At: "2026-03-02T01:30:00Z"},
			map[string]any{"amount": "120.50", "reason": "团建 & 奖励", "at": "2026-03-02T01:30:00Z"}},
		{"ticket imported", TicketImported{Changes: map[string]Change{"subject": {Old: nil, New: "退货"}}, Customer: "客户\t甲", Row: 17, Source: "导出<1>.jsonl"},
			map[string]any{"changes": map[string]any{"subject": Change{Old: nil, New: "退货"}}, "customer": "客户\t甲", "row": 17, "source": "导出<1>.jsonl"}},
		{"policy kind added", PolicyKindAdded{Kind: "退款", Windows: map[string]string{"first_response": "2h0m0s", "resolution": "72h0m0s"}},
			map[string]any{"kind": "退款", "first_response": "2h0m0s", "resolution": "72h0m0s"}},
		{"policy kind added, no windows", PolicyKindAdded{Kind: "vip"},
			map[string]any{"kind": "vip"}},
		{"rule changed", ScoreRuleChanged{Code: "late", Changes: map[string]Change{"points": {Old: "-1", New: "-2"}, "once_per_month": {Old: false, New: true}}},
			map[string]any{"code": "late", "changes": map[string]any{"points": Change{Old: "-1", New: "-2"}, "once_per_month": Change{Old: false, New: true}}}},
		{"exam recorded", ScoreExamRecorded{Staff: "李娜", Month: "2026-03", Score: "92.5", Rule: "exam-good"},
			map[string]any{"staff": "李娜", "month": "2026-03", "score": "92.5", "rule": "exam-good"}},
		{"exam amended", ScoreExamRecorded{Staff: "李娜", Month: "2026-03", Score: "92.5", Rule: "", Old: &exam},
			map[string]any{"staff": "李娜", "month": "2026-03", "score": "92.5", "rule": "", "old": "85"}},
		{"db restored", DBRestored{From: "/备份/kefu <1>.db", Tickets: 1200, Events: 9000},
			map[string]any{"from": "/备份/kefu <1>.db", "tickets": int64(1200), "events": int64(9000)}},
		{"audit adopted", AuditAdopted{Database: "kefu.db", EventsSigned: 30, RowsRecorded: 4},
			map[string]any{"database": "kefu.db", "events_signed": 30, "rows_recorded": 4}},
		{"ticket closed by remind", TicketByRule{Rule: "ticket.autoclose_after 72h0m0s", Changes: map[string]Change{"status": {Old: "resolved", New: "closed"}, "closed_at": {Old: nil, New: "2026-03-05T01:00:00Z"}}},
			map[string]any{"changes": map[string]any{"status": Change{Old: "resolved", New: "closed"}, "closed_at": Change{Old: nil, New: "2026-03-05T01:00:00Z"}}, "rule": "ticket.autoclose_after 72h0m0s"}},
		{"ticket edited", &TicketChanged{Changes: map[string]Change{"priority": {Old: "normal", New: "high"}, "status": {Old: "open", New: "resolved"}}},
			map[string]any{"changes": map[string]any{"priority": Change{Old: "normal", New: "high"}, "status": Change{Old: "open", New: "resolved"}}}},
		{"ticket edited, a duty removed", &TicketChanged{Changes: map[string]Change{"kind": {Old: "complaint", New: "inquiry"}}, Reason: "误判"},
			map[string]any{"changes": map[string]any{"kind": Change{Old: "complaint", New: "inquiry"}}, "reason": "误判"}},
		{"ticket changed, nothing changed", &TicketChanged{Changes: map[string]Change{}},
			map[string]any{"changes": map[string]any{}}},
		{"ticket replied", &TicketReplied{MessageID: 41, At: "2026-03-02T01:30:00Z", Changes: map[string]Change{"first_response_at": {Old: nil, New: "2026-03-02T01:30:00Z"}}},
			map[string]any{"message_id": int64(41), "at": "2026-03-02T01:30:00Z", "changes": map[string]any{"first_response_at": Change{Old: nil, New: "2026-03-02T01:30:00Z"}}}},
		{"ticket replied, not mailed", &TicketReplied{MessageID: 41, At: "2026-03-02T01:30:00Z", Changes: map[string]Change{}, Mail: "not sent (--no-send)"},
			map[string]any{"message_id": int64(41), "at": "2026-03-02T01:30:00Z", "changes": map[string]any{}, "mail": "not sent (--no-send)"}},
		{"ticket replied, mailed", &TicketReplied{MessageID: 41, At: "2026-03-02T01:30:00Z", Changes: map[string]Change{}, MailID: 7},
			map[string]any{"message_id": int64(41), "at": "2026-03-02T01:30:00Z", "changes": map[string]any{}, "mail_id": int64(7)}},
		{"ticket noted", &TicketNoted{MessageID: 42, Changes: map[string]Change{}},
			map[string]any{"message_id": int64(42), "changes": map[string]any{}}},
		{"ticket pending", &TicketPending{Reason: "等客户", RemainingSeconds: 3600, Changes: map[string]Change{"status": {Old: "open", New: "pending"}}},
			map[string]any{"reason": "等客户", "remaining_seconds": int64(3600), "changes": map[string]any{"status": Change{Old: "open", New: "pending"}}}},
		{"ticket resolved", &TicketResolved{Resolution: "已退款", Changes: map[string]Change{"resolved_at": {Old: nil, New: "2026-03-02T01:30:00Z"}}},
			map[string]any{"resolution": "已退款", "changes": map[string]any{"resolved_at": Change{Old: nil, New: "2026-03-02T01:30:00Z"}}}},
		{"ticket reopened", &TicketReasoned{Reason: "", Changes: map[string]Change{"status": {Old: "closed", New: "reopened"}}},
			map[string]any{"reason": "", "changes": map[string]any{"status": Change{Old: "closed", New: "reopened"}}}},
		{"ticket rated", &TicketRated{Comment: "", Changes: map[string]Change{"csat": {Old: nil, New: 5}}},
			map[string]any{"comment": "", "changes": map[string]any{"csat": Change{Old: nil, New: 5}}}},
		{"complaint escalated", &TicketEscalated{Reason: "客户投诉升级", Changes: map[string]Change{"escalated_to": {Old: nil, New: "王芳"}}},
			map[string]any{"reason": "客户投诉升级", "changes": map[string]any{"escalated_to": Change{Old: nil, New: "王芳"}}}},
		{"complaint escalated late", &TicketEscalated{Reason: "x", LateSeconds: new(int64), Changes: map[string]Change{}},
			map[string]any{"reason": "x", "late_seconds": int64(0), "changes": map[string]any{}}},
		{"complaint followed up", &TicketFollowedUp{Comment: "满意", Result: "satisfied", Changes: map[string]Change{}},
			map[string]any{"comment": "满意", "result": "satisfied", "changes": map[string]any{}}},
		{"suggestion forwarded", &TicketSuggestion{Note: "转产品部", Changes: map[string]Change{"forwarded_to": {Old: nil, New: "产品部"}}},
			map[string]any{"note": "转产品部", "changes": map[string]any{"forwarded_to": Change{Old: nil, New: "产品部"}}}},
		{"ticket acknowledged by mail", &TicketReplied{Changes: map[string]Change{}, MessageID: 3, At: "2026-03-02T01:30:00Z", Acknowledgement: true},
			map[string]any{"changes": map[string]any{}, "message_id": int64(3), "at": "2026-03-02T01:30:00Z", "acknowledgement": true}},
		{"ticket reopened by mail", &TicketMailAnswered{Reason: "the customer answered by email", MailID: 8, Changes: map[string]Change{"status": {Old: "resolved", New: "reopened"}}},
			map[string]any{"reason": "the customer answered by email", "mail_id": int64(8), "changes": map[string]any{"status": Change{Old: "resolved", New: "reopened"}}}},
		{"mail received", MailReceived{TicketID: 4, Direction: "in", Role: "opened", MsgID: "<a@b>", Size: 1200,
			Attachments: []MailAttachment{{Name: "发票.pdf", Type: "application/pdf", Size: 900, Stored: true}}, HTMLOnly: true, Notes: []string{"attachment dropped"}},
			map[string]any{"ticket_id": int64(4), "direction": "in", "role": "opened", "msgid": "<a@b>", "size": 1200,
				"attachments": []map[string]any{{"name": "发票.pdf", "type": "application/pdf", "size": int64(900), "stored": true}}, "html_only": true, "notes": []string{"attachment dropped"}}},
		{"mail received, plain", MailReceived{TicketID: 4, Direction: "in", Role: "answer", MsgID: "<a@b>", Size: 10, Attachments: []MailAttachment{}, Notes: []string{}},
			map[string]any{"ticket_id": int64(4), "direction": "in", "role": "answer", "msgid": "<a@b>", "size": 10, "attachments": []map[string]any{}}},
		{"mail queued", MailQueued{TicketID: 4, Direction: "out", Role: "reply", MsgID: "<k@x>", InReplyTo: "<a@b>", MessageID: 12},
			map[string]any{"ticket_id": int64(4), "direction": "out", "role": "reply", "msgid": "<k@x>", "in_reply_to": "<a@b>", "message_id": int64(12)}},
		{"mail sent", MailSent{TicketID: 4, Via: "smtp", MsgID: "<k@x>"},
			map[string]any{"ticket_id": int64(4), "via": "smtp", "msgid": "<k@x>"}},
		{"mail send failed", MailSendFailed{TicketID: 4, Via: "smtp", Error: "dial: refused <x>"},
			map[string]any{"ticket_id": int64(4), "via": "smtp", "error": "dial: refused <x>"}},
	}
	for _, c := range cases {
		got, err := EncodePayload(c.typed)
		if err != nil {
			t.Fatal(err)
		}
		want, err := EncodePayload(c.old)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s:\n typed %s\n   old %s", c.action, got, want)
		}
	}
	// The two change shapes differ, which is why each action keeps its own.
	a, _ := EncodePayload(map[string]any{"c": Change{Old: 1, New: 2}})
	b, _ := EncodePayload(map[string]any{"c": SortedChange{Old: 1, New: 2}})
	if a != `{"c":{"old":1,"new":2}}` || b != `{"c":{"new":2,"old":1}}` {
		t.Errorf("change shapes: %s, %s", a, b)
	}
	var nilMap map[string]any
	if got, _ := EncodePayload(nilMap); got != "{}" {
		t.Errorf("a nil map encodes as %s, want {}", got)
	}
}
