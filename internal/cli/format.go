package cli

import (
	"time"
)

// clockTime prints an instant in the team's zone for tables: "2026-03-02 09:00".
// A close of service at 24:00 is midnight of the next day and prints as such.
func clockTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// jsonTime is an instant for JSON: RFC 3339 with the team's offset, or null.
func jsonTime(t time.Time, loc *time.Location) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(loc).Format(time.RFC3339)
	return &s
}
