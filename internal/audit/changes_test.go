package audit

import "testing"

func TestDecodeChanges(t *testing.T) {
	ch, err := DecodeChanges(`{"changes":{"status":{"new":"pending","old":"open"}},"note":"x"}`)
	if err != nil || len(ch) != 1 || ch["status"].New != "pending" || ch["status"].Old != "open" {
		t.Errorf("DecodeChanges = %v, %v", ch, err)
	}
	if ch, err := DecodeChanges(`{"name":"刘洋"}`); err != nil || len(ch) != 0 {
		t.Errorf("a payload without changes: %v, %v", ch, err)
	}
	if _, err := DecodeChanges(`{"changes":`); err == nil {
		t.Error("a cut payload decoded")
	}
}

func TestChangeOf(t *testing.T) {
	p, err := DecodePayload(`{"changes":{"assignee":{"old":"李娜","new":null}},"reason":"x"}`)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := ChangeOf(p, "assignee"); !ok || c.Old != "李娜" || c.New != nil {
		t.Errorf("assignee: %v %v", c, ok)
	}
	if _, ok := ChangeOf(p, "status"); ok {
		t.Error("status is not among the changes")
	}
	if _, ok := ChangeOf(map[string]any{"changes": "x"}, "assignee"); ok {
		t.Error("a payload whose changes are not an object has none")
	}
}
