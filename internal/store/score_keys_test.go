package store

import (
	"fmt"
	"testing"
)

func TestScorePendingKeys(t *testing.T) {
	db := scoreDB(t)
	update(t, db, func(tx *Tx) error {
		// More keys than one statement binds, proposed and not.
		var keys []string
		for i := range 1200 {
			k := fmt.Sprintf("remind:first_response:%d", i)
			keys = append(keys, k)
			if i%7 != 0 {
				continue
			}
			p := ScorePending{StaffID: 2, Rule: "slow-reply", Points: -50, At: now, Key: k}
			if created, err := tx.InsertScorePending(&p, 0); err != nil || !created {
				t.Fatalf("proposing %s: %v %v", k, created, err)
			}
		}
		got, err := tx.ScorePendingKeys(keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 172 {
			t.Errorf("%d keys proposed, want 172", len(got))
		}
		for i, k := range keys {
			if got[k] != (i%7 == 0) {
				t.Errorf("%s: proposed %v", k, got[k])
			}
		}
		if got, err := tx.ScorePendingKeys(nil); err != nil || len(got) != 0 {
			t.Errorf("no keys: %v %v", got, err)
		}
		return nil
	})
}
