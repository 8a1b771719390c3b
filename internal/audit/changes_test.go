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
