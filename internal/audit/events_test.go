package audit

import "testing"

// TestTypedPayloadsEncodeAsBefore encodes each typed payload and the map the action built
// before it had a type (copied from the old code): the bytes must be the same, or every signed
// history and its MAC head would change.
func TestTypedPayloadsEncodeAsBefore(t *testing.T) {
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
