package cli

import (
	"time"

	"github.com/kefu/kefu/internal/calendar"
)

// clockTime prints an instant in the team's zone for tables: "2026-03-02 09:00". Midnight
// prints as 24:00 of the day it closes, "2026-11-30 24:00": a due time at the close of service
// belongs to that day (JSON keeps RFC 3339, the next day's 00:00).
func clockTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return calendar.FormatDue(t, loc, "2006-01-02")
}

// jsonTime is an instant for JSON: RFC 3339 with the team's offset, or null.
func jsonTime(t time.Time, loc *time.Location) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(loc).Format(time.RFC3339)
	return &s
}
