package ticket

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
)

// shanghai is the team's zone in every test here; 2026-03-02 is a Monday.
var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at parses a wall-clock time in Shanghai, "2026-03-02 09:00" or with seconds.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout = "2006-01-02 15:04:05"
	}
	v, err := time.ParseInLocation(layout, s, shanghai)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// testClock is the default policy's windows on product.md's default calendar: Asia/Shanghai,
// service 08:30-24:00, mainland China's working days.
func testClock(t *testing.T) Clock {
	t.Helper()
	cal, err := calendar.New(calendar.Config{Location: shanghai, Hours: calendar.Span{Open: 8*60 + 30, Close: 24 * 60}, Region: calendar.RegionCN})
	if err != nil {
		t.Fatal(err)
	}
	return Clock{Windows: policy.DefaultWindows(), Cal: cal}
}

// fmtTime prints a due time for failure messages; zero is "none".
func fmtTime(v time.Time) string {
	if v.IsZero() {
		return "none"
	}
	return v.In(shanghai).Format("2006-01-02 15:04:05 Mon")
}

func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.IsZero() != want.IsZero() {
		t.Errorf("%s = %s, want %s", what, fmtTime(got), fmtTime(want))
	}
}

func TestStartDefaultWindows(t *testing.T) {
	c := testClock(t)
	tests := []struct {
		name                      string
		kind, channel, priority   string
		severity                  string
		opened                    string
		firstResponse, resolution string // "" = no window
	}{
		// First response by channel (the regulations' inquiry windows); an inquiry is resolved
		// within 2bd: day 0 is Monday, due at the close of Wednesday, printed Thursday 00:00.
		{"chat 30s", "inquiry", "chat", "normal", "", "2026-03-02 09:00", "2026-03-02 09:00:30", "2026-03-05 00:00"},
		{"phone 1m", "inquiry", "phone", "normal", "", "2026-03-02 09:00", "2026-03-02 09:01", "2026-03-05 00:00"},
		{"email 4bh", "inquiry", "email", "normal", "", "2026-03-02 09:00", "2026-03-02 13:00", "2026-03-05 00:00"},
		{"app 4bh", "inquiry", "app", "normal", "", "2026-03-02 09:00", "2026-03-02 13:00", "2026-03-05 00:00"},
		{"visit 4bh", "inquiry", "visit", "normal", "", "2026-03-02 09:00", "2026-03-02 13:00", "2026-03-05 00:00"},
		// Email's 4bh is service time: an email at 22:00 is due the next morning, in hours.
		{"email 4bh at night", "inquiry", "email", "normal", "", "2026-03-02 22:00", "2026-03-03 10:30", "2026-03-05 00:00"},
		// social 1bh counts service time only.
		{"social 1bh in hours", "inquiry", "social", "normal", "", "2026-03-02 09:00", "2026-03-02 10:00", "2026-03-05 00:00"},
		{"social 1bh across the close", "inquiry", "social", "normal", "", "2026-03-02 23:30", "2026-03-03 09:00", "2026-03-05 00:00"},
		{"social 1bh on a Sunday", "inquiry", "social", "normal", "", "2026-03-01 20:00", "2026-03-02 09:30", "2026-03-05 00:00"},
		{"social 1bh before opening", "inquiry", "social", "normal", "", "2026-03-02 07:00", "2026-03-02 09:30", "2026-03-05 00:00"},
		// 调休: Saturday 2026-02-28 is an adjusted working day, so the clock runs on it: day 0 is
		// Saturday, then Monday and Tuesday; 2bd is the close of Tuesday.
		{"social 1bh on an adjusted Saturday", "inquiry", "social", "normal", "", "2026-02-28 10:00", "2026-02-28 11:00", "2026-03-04 00:00"},
		// 清明节: 2026-04-04..06 are holidays; a Friday opening's next working days are Tue, Wed.
		{"inquiry 2bd over a holiday", "inquiry", "email", "normal", "", "2026-04-03 15:00", "2026-04-03 19:00", "2026-04-09 00:00"},
		{"social 1bh on a holiday", "inquiry", "social", "normal", "", "2026-04-05 11:00", "2026-04-07 09:30", "2026-04-10 00:00"},
		// product.md's example: Friday 15:00 + 2bd is the close of Tuesday.
		{"inquiry 2bd from Friday", "inquiry", "email", "normal", "", "2026-03-06 15:00", "2026-03-06 19:00", "2026-03-11 00:00"},
		{"inquiry 2bd opened on Sunday", "inquiry", "email", "normal", "", "2026-03-01 20:00", "2026-03-02 12:30", "2026-03-05 00:00"},
		// Urgent rows are more specific than the channel rows.
		{"urgent email 15m, inquiry 1bd", "inquiry", "email", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-04 00:00"},
		{"urgent social 15m", "inquiry", "social", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-04 00:00"},
		{"urgent chat keeps 30s", "inquiry", "chat", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:00:30", "2026-03-04 00:00"},
		{"urgent phone keeps 1m", "inquiry", "phone", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:01", "2026-03-04 00:00"},
		{"urgent app 15m", "inquiry", "app", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-04 00:00"},
		{"urgent visit 15m", "inquiry", "visit", "urgent", "", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-04 00:00"},
		{"high priority is normal", "inquiry", "email", "high", "", "2026-03-02 09:00", "2026-03-02 13:00", "2026-03-05 00:00"},
		// Complaints have their own first response, 24h, whatever the channel; urgent ones by a
		// written channel 15m.
		{"simple complaint by email 24h, 72h", "complaint", "email", "normal", "simple", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-05 09:00"},
		{"simple complaint by phone", "complaint", "phone", "normal", "simple", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-05 09:00"},
		{"simple complaint by chat", "complaint", "chat", "normal", "simple", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-05 09:00"},
		{"complex complaint 5bd", "complaint", "phone", "normal", "complex", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-10 00:00"},
		{"urgent simple complaint by email 15m, 24h", "complaint", "email", "urgent", "simple", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-03 09:00"},
		{"urgent complaint by phone 24h", "complaint", "phone", "urgent", "simple", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-03 09:00"},
		{"urgent complaint by chat 24h", "complaint", "chat", "urgent", "simple", "2026-03-02 09:00", "2026-03-03 09:00", "2026-03-03 09:00"},
		{"urgent complex complaint 3bd", "complaint", "email", "urgent", "complex", "2026-03-02 09:00", "2026-03-02 09:15", "2026-03-06 00:00"},
		// Suggestions have neither a first-response nor a resolution window; pre-sale chats no
		// resolution window.
		{"suggestion by chat", "suggestion", "chat", "normal", "", "2026-03-02 09:00", "", ""},
		{"urgent suggestion by email", "suggestion", "email", "urgent", "", "2026-03-02 09:00", "", ""},
		{"presale chat", "presale", "chat", "normal", "", "2026-03-02 09:00", "2026-03-02 09:00:30", ""},
		{"presale email 4bh", "presale", "email", "normal", "", "2026-03-02 22:00", "2026-03-03 10:30", ""},
		// A team's own kind has only the rows the team adds (here first response 24h).
		{"custom kind by email", "filing", "email", "normal", "", "2026-03-02 09:00", "2026-03-03 09:00", ""},
		{"urgent custom kind by email", "filing", "email", "urgent", "", "2026-03-02 09:00", "2026-03-03 09:00", ""},
	}
	c.Windows = append(c.Windows, policy.Window{Kind: "filing", Target: policy.FirstResponse, Within: duration.Duration{N: 24, Unit: duration.Hour}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := &Ticket{Kind: tt.kind, Channel: tt.channel, Priority: tt.priority, Severity: tt.severity,
				Status: Open, OpenedAt: at(t, tt.opened), PausedBiz: 99, PausedCal: 99}
			c.Start(tk)
			var wantFR time.Time
			if tt.firstResponse != "" {
				wantFR = at(t, tt.firstResponse)
			}
			sameTime(t, "first response due", tk.FirstResponseDue, wantFR)
			var wantRes time.Time
			if tt.resolution != "" {
				wantRes = at(t, tt.resolution)
			}
			sameTime(t, "resolution due", tk.ResolutionDue, wantRes)
			sameTime(t, "resolution start", tk.ResolutionStart, tk.OpenedAt)
			if tk.PausedBiz != 0 || tk.PausedCal != 0 {
				t.Errorf("paused = %d biz, %d cal; a new ticket starts with none", tk.PausedBiz, tk.PausedCal)
			}
		})
	}
}

func TestDueOtherTargets(t *testing.T) {
	c := testClock(t)
	opened := at(t, "2026-03-02 09:00")
	complex := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "complex", OpenedAt: opened}
	sameTime(t, "complex complaint escalation (2h)", c.Due(complex, policy.Escalation, opened), at(t, "2026-03-02 11:00"))
	simple := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "simple", OpenedAt: opened}
	sameTime(t, "simple complaint escalation", c.Due(simple, policy.Escalation, opened), time.Time{})
	// Follow-up 1bd after a resolution on Friday afternoon: the close of Monday.
	sameTime(t, "complaint follow-up", c.Due(simple, policy.Followup, at(t, "2026-03-06 15:00")), at(t, "2026-03-10 00:00"))
	sugg := &Ticket{Kind: "suggestion", Channel: "email", Priority: "normal", OpenedAt: opened}
	sameTime(t, "suggestion forward (5bd)", c.Due(sugg, policy.Forward, opened), at(t, "2026-03-10 00:00"))
}

func TestPauseResume(t *testing.T) {
	c := testClock(t)
	tests := []struct {
		name                              string
		kind, channel, priority, severity string
		opened, paused, resumed           string
		due                               string        // before the pause
		remaining                         time.Duration // stored at the pause
		resumedDue                        string
	}{
		{
			// 2bd from Wednesday 10:00 is the close of Friday. Pending Friday 15:00 leaves 9 service
			// hours (15:00-24:00). Resumed Monday 20:00, the 9h count as business hours:
			// 20:00-24:00 is 4h, then 5h from Tuesday's 08:30 opening is 13:30.
			name: "bd window over a weekend", kind: "inquiry", channel: "email", priority: "normal",
			opened: "2026-03-04 10:00", paused: "2026-03-06 15:00", resumed: "2026-03-09 20:00",
			due: "2026-03-07 00:00", remaining: 9 * time.Hour, resumedDue: "2026-03-10 13:30",
		},
		{
			// Resumed on Sunday: the remaining 9h start at Monday's opening.
			name: "resumed on a non-working day", kind: "inquiry", channel: "email", priority: "normal",
			opened: "2026-03-04 10:00", paused: "2026-03-06 15:00", resumed: "2026-03-08 12:00",
			due: "2026-03-07 00:00", remaining: 9 * time.Hour, resumedDue: "2026-03-09 17:30",
		},
		{
			// 72h is calendar time: 48h are left at the pause, and count from the resume.
			name: "calendar window over a weekend", kind: "complaint", channel: "phone", priority: "normal", severity: "simple",
			opened: "2026-03-05 10:00", paused: "2026-03-06 10:00", resumed: "2026-03-09 10:00",
			due: "2026-03-08 10:00", remaining: 48 * time.Hour, resumedDue: "2026-03-11 10:00",
		},
		{
			// A complex complaint's 5bd (a business window) over 清明节 (Apr 4-6).
			name: "bd window over a holiday", kind: "complaint", channel: "phone", priority: "normal", severity: "complex",
			opened: "2026-04-01 09:00", paused: "2026-04-03 23:00", resumed: "2026-04-07 09:00",
			// day 0 Wed Apr 1; Thu 2, Fri 3, Tue 7, Wed 8, Thu 9: the close of Thursday Apr 9.
			// Left at the pause: Fri 23:00-24:00, then Tue, Wed and Thu's 15.5h each: 47.5h.
			due: "2026-04-10 00:00", remaining: 47*time.Hour + 30*time.Minute,
			// From Tue Apr 7 09:00: Tue 15h, Wed 15.5h, Thu 15.5h (46h), then Fri 08:30 + 1.5h.
			resumedDue: "2026-04-10 10:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := &Ticket{Kind: tt.kind, Channel: tt.channel, Priority: tt.priority, Severity: tt.severity,
				Status: Open, OpenedAt: at(t, tt.opened)}
			c.Start(tk)
			sameTime(t, "resolution due", tk.ResolutionDue, at(t, tt.due))

			tk.Status = Pending
			c.Pause(tk, at(t, tt.paused))
			sameTime(t, "pending since", tk.PendingSince, at(t, tt.paused))
			sameTime(t, "resolution due while pending", tk.ResolutionDue, time.Time{})
			if got := time.Duration(tk.ResolutionRemaining) * time.Second; got != tt.remaining {
				t.Errorf("remaining at the pause = %v, want %v", got, tt.remaining)
			}
			if o := tk.ResolutionOutcome(at(t, tt.resumed)); o.State != StatePaused || o.By != tt.remaining {
				t.Errorf("outcome while pending = %s %v, want paused %v", o.State, o.By, tt.remaining)
			}

			tk.Status = Open
			c.Resume(tk, at(t, tt.resumed))
			sameTime(t, "resolution due after resume", tk.ResolutionDue, at(t, tt.resumedDue))
			sameTime(t, "pending since after resume", tk.PendingSince, time.Time{})
			if tk.ResolutionRemaining != 0 {
				t.Errorf("remaining after resume = %d, want 0", tk.ResolutionRemaining)
			}
			// The first response never pauses.
			first := *tk
			c.Start(&first)
			sameTime(t, "first response due", tk.FirstResponseDue, first.FirstResponseDue)
		})
	}
}

func TestPauseTwiceAccumulates(t *testing.T) {
	c := testClock(t)
	// 2bd from Monday 09:00: the close of Wednesday. Two pending spells of 2 service hours
	// each push it 4 service hours into Thursday: 12:30.
	tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(tk)
	for _, spell := range [][2]string{{"2026-03-02 10:00", "2026-03-02 12:00"}, {"2026-03-03 23:00", "2026-03-04 09:30"}} {
		tk.Status = Pending
		c.Pause(tk, at(t, spell[0]))
		tk.Status = Open
		c.Resume(tk, at(t, spell[1]))
	}
	sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-05 12:30"))
	if tk.PausedBiz != 4*3600 {
		t.Errorf("paused_biz = %d, want %d", tk.PausedBiz, 4*3600)
	}
}

func TestResumeOverdueStaysOverdue(t *testing.T) {
	c := testClock(t)
	t.Run("calendar window", func(t *testing.T) {
		// 72h from Monday 09:00 is Thursday 09:00; pending at 12:00, 3h overdue.
		tk := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "simple", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		paused, resumed := at(t, "2026-03-05 12:00"), at(t, "2026-03-09 10:00")
		before := Judge(tk.ResolutionDue, time.Time{}, paused)
		tk.Status = Pending
		c.Pause(tk, paused)
		if tk.ResolutionRemaining != 0 {
			t.Errorf("remaining of an overdue ticket = %d, want 0", tk.ResolutionRemaining)
		}
		tk.Status = Open
		c.Resume(tk, resumed)
		after := Judge(tk.ResolutionDue, time.Time{}, resumed)
		if before.State != StateOverdue || after.State != StateOverdue || after.By != before.By || before.By != 3*time.Hour {
			t.Errorf("overdue %s %v at the pause, %s %v at the resume; want overdue 3h both", before.State, before.By, after.State, after.By)
		}
	})
	t.Run("business window", func(t *testing.T) {
		// 2bd from Monday 09:00 is Wednesday's close; pending Thursday 11:30, 3 service hours late.
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		paused, resumed := at(t, "2026-03-05 11:30"), at(t, "2026-03-06 10:00")
		lateBefore := c.Cal.BusinessSeconds(tk.ResolutionDue, paused)
		tk.Status = Pending
		c.Pause(tk, paused)
		tk.Status = Open
		c.Resume(tk, resumed)
		if !tk.ResolutionDue.Before(resumed) {
			t.Fatalf("resolution due %s after resume at %s: an overdue ticket must stay overdue", fmtTime(tk.ResolutionDue), fmtTime(resumed))
		}
		lateAfter := c.Cal.BusinessSeconds(tk.ResolutionDue, resumed)
		if lateBefore != 3*3600 || lateAfter != lateBefore {
			t.Errorf("late by %ds of service at the pause and %ds at the resume; want 10800 both", lateBefore, lateAfter)
		}
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-05 22:30"))
	})
}

func TestPauseWithoutWindow(t *testing.T) {
	c := testClock(t)
	tk := &Ticket{Kind: "suggestion", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(tk)
	tk.Status = Pending
	c.Pause(tk, at(t, "2026-03-02 10:00"))
	if tk.ResolutionRemaining != 0 || !tk.ResolutionDue.IsZero() {
		t.Errorf("pending suggestion: remaining %d, due %s; want 0, none", tk.ResolutionRemaining, fmtTime(tk.ResolutionDue))
	}
	tk.Status = Open
	c.Resume(tk, at(t, "2026-03-03 10:00"))
	sameTime(t, "resolution due", tk.ResolutionDue, time.Time{})
}

func TestRecompute(t *testing.T) {
	c := testClock(t)
	t.Run("priority while open", func(t *testing.T) {
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		tk.Priority = "urgent"
		c.Recompute(tk, at(t, "2026-03-02 09:05"))
		// Both count from the opening, not from the edit.
		sameTime(t, "first response due", tk.FirstResponseDue, at(t, "2026-03-02 09:15"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-04 00:00"))
	})
	t.Run("kind while open", func(t *testing.T) {
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		tk.Kind, tk.Severity = "complaint", "simple"
		c.Recompute(tk, at(t, "2026-03-02 10:00"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-05 09:00"))
		tk.Severity = "complex"
		c.Recompute(tk, at(t, "2026-03-02 10:00"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-10 00:00"))
		tk.Kind, tk.Severity = "suggestion", ""
		c.Recompute(tk, at(t, "2026-03-02 10:00"))
		sameTime(t, "resolution due", tk.ResolutionDue, time.Time{})
	})
	t.Run("after a pending spell keeps the paused time", func(t *testing.T) {
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-04 10:00")}
		c.Start(tk)
		tk.Status = Pending
		c.Pause(tk, at(t, "2026-03-06 15:00"))
		tk.Status = Open
		c.Resume(tk, at(t, "2026-03-09 20:00"))
		// Urgent: 1bd from Wednesday is Thursday's close, plus the 20.5 service hours spent
		// pending (Fri 15:00-24:00, Mon 08:30-20:00): 15.5h fill Friday, 5h more is Mon 13:30.
		tk.Priority = "urgent"
		c.Recompute(tk, at(t, "2026-03-09 21:00"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-09 13:30"))
	})
	t.Run("while pending recomputes the remaining time", func(t *testing.T) {
		// Urgent inquiry: 1bd from Wednesday 10:00 is Thursday's close; pending Thursday 20:00, 4h left.
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "urgent", Status: Open, OpenedAt: at(t, "2026-03-04 10:00")}
		c.Start(tk)
		sameTime(t, "urgent resolution due", tk.ResolutionDue, at(t, "2026-03-06 00:00"))
		tk.Status = Pending
		c.Pause(tk, at(t, "2026-03-05 20:00"))
		if tk.ResolutionRemaining != 4*3600 {
			t.Fatalf("remaining = %d, want %d", tk.ResolutionRemaining, 4*3600)
		}
		// Back to normal while pending: 2bd is Friday's close, 19.5 service hours after the pause.
		tk.Priority = "normal"
		c.Recompute(tk, at(t, "2026-03-07 10:00"))
		if tk.Status != Pending || !tk.ResolutionDue.IsZero() {
			t.Errorf("recompute while pending: status %s, due %s; the clock must stay stopped", tk.Status, fmtTime(tk.ResolutionDue))
		}
		if tk.ResolutionRemaining != 19*3600+1800 {
			t.Errorf("remaining = %d, want %d", tk.ResolutionRemaining, 19*3600+1800)
		}
		sameTime(t, "pending since", tk.PendingSince, at(t, "2026-03-05 20:00"))
		// Resumed Monday 09:00: 15h fill Monday, 4.5h more is Tuesday 13:00.
		tk.Status = Open
		c.Resume(tk, at(t, "2026-03-09 09:00"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-10 13:00"))
	})
	t.Run("while pending to a kind without a window", func(t *testing.T) {
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		tk.Status = Pending
		c.Pause(tk, at(t, "2026-03-02 10:00"))
		tk.Kind = "suggestion"
		c.Recompute(tk, at(t, "2026-03-02 11:00"))
		if tk.ResolutionRemaining != 0 || !tk.ResolutionDue.IsZero() {
			t.Errorf("remaining %d, due %s; want 0, none", tk.ResolutionRemaining, fmtTime(tk.ResolutionDue))
		}
	})
	t.Run("resolved keeps its resolution due", func(t *testing.T) {
		tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
		c.Start(tk)
		tk.Status, tk.ResolvedAt = Resolved, at(t, "2026-03-02 12:00")
		tk.Priority = "urgent"
		c.Recompute(tk, at(t, "2026-03-02 13:00"))
		sameTime(t, "first response due", tk.FirstResponseDue, at(t, "2026-03-02 09:15"))
		sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-05 00:00"))
	})
}

func TestReopen(t *testing.T) {
	c := testClock(t)
	tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(tk)
	tk.Status = Pending
	c.Pause(tk, at(t, "2026-03-02 10:00"))
	tk.Status = Open
	c.Resume(tk, at(t, "2026-03-03 10:00"))
	tk.Status, tk.ResolvedAt = Resolved, at(t, "2026-03-03 11:00")

	// Reopened Tuesday 2026-03-10 14:00: a full 2bd from then, the close of Thursday; the
	// earlier pending spell no longer counts.
	reopened := at(t, "2026-03-10 14:00")
	tk.Status, tk.ResolvedAt = Reopened, time.Time{}
	c.Reopen(tk, reopened)
	sameTime(t, "resolution start", tk.ResolutionStart, reopened)
	sameTime(t, "resolution due", tk.ResolutionDue, at(t, "2026-03-13 00:00"))
	if tk.PausedBiz != 0 || tk.PausedCal != 0 {
		t.Errorf("paused = %d biz, %d cal after reopen; want 0", tk.PausedBiz, tk.PausedCal)
	}
	sameTime(t, "first response due", tk.FirstResponseDue, at(t, "2026-03-02 13:00"))

	// A later edit counts from the reopening, not the first opening.
	tk.Priority = "urgent"
	c.Recompute(tk, at(t, "2026-03-10 15:00"))
	sameTime(t, "urgent resolution due", tk.ResolutionDue, at(t, "2026-03-12 00:00"))

	// A reopened calendar-window complaint gets a full 72h.
	cp := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "simple", Status: Closed, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(cp)
	cp.Status = Reopened
	c.Reopen(cp, at(t, "2026-03-06 17:00"))
	sameTime(t, "complaint resolution due", cp.ResolutionDue, at(t, "2026-03-09 17:00"))
}

func TestJudge(t *testing.T) {
	due := time.Date(2026, 3, 2, 13, 0, 0, 0, shanghai)
	var none time.Time
	tests := []struct {
		name    string
		due, at time.Time
		now     time.Time
		state   string
		by      time.Duration
		applies bool
	}{
		{"no window", none, none, due, StateNone, 0, false},
		{"no window even when done", none, due, due, StateNone, 0, false},
		{"done exactly at the due time is met", due, due, due.Add(time.Hour), StateMet, 0, true},
		{"done early", due, due.Add(-90 * time.Minute), due, StateMet, 90 * time.Minute, true},
		{"done a second late", due, due.Add(time.Second), due.Add(time.Hour), StateBreached, time.Second, true},
		{"done a nanosecond late", due, due.Add(time.Nanosecond), due, StateBreached, time.Nanosecond, true},
		{"not done, now is the due time", due, none, due, StateDue, 0, true},
		{"not done, due ahead", due, none, due.Add(-2*time.Hour - 10*time.Minute), StateDue, 2*time.Hour + 10*time.Minute, true},
		{"not done, a nanosecond past", due, none, due.Add(time.Nanosecond), StateOverdue, time.Nanosecond, true},
		{"not done, overdue", due, none, due.Add(35 * time.Minute), StateOverdue, 35 * time.Minute, true},
		{"met stays met long after", due, due.Add(-time.Minute), due.Add(1000 * time.Hour), StateMet, time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Judge(tt.due, tt.at, tt.now)
			if o.State != tt.state || o.By != tt.by || o.Applies != tt.applies {
				t.Errorf("Judge = %s by %v (applies %v), want %s by %v (applies %v)", o.State, o.By, o.Applies, tt.state, tt.by, tt.applies)
			}
			if !o.Due.Equal(tt.due) || !o.At.Equal(tt.at) {
				t.Errorf("Judge kept due %v at %v, want %v %v", o.Due, o.At, tt.due, tt.at)
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	c := testClock(t)
	tk := &Ticket{Kind: "inquiry", Channel: "email", Priority: "normal", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(tk)
	if o := tk.FirstResponse(at(t, "2026-03-02 13:00")); o.State != StateDue {
		t.Errorf("first response at its due time, no reply: %s, want due", o.State)
	}
	if o := tk.FirstResponse(at(t, "2026-03-02 13:00:01")); o.State != StateOverdue || o.By != time.Second {
		t.Errorf("first response a second after: %s %v, want overdue 1s", o.State, o.By)
	}
	tk.FirstResponseAt = at(t, "2026-03-02 13:00")
	if o := tk.FirstResponse(at(t, "2026-03-09 00:00")); o.State != StateMet {
		t.Errorf("reply exactly at the due time: %s, want met", o.State)
	}
	tk.Status, tk.ResolvedAt = Resolved, at(t, "2026-03-05 00:00")
	if o := tk.ResolutionOutcome(at(t, "2026-03-09 00:00")); o.State != StateMet {
		t.Errorf("resolved exactly at the due time: %s, want met", o.State)
	}
	tk.ResolvedAt = at(t, "2026-03-05 00:00:01")
	if o := tk.ResolutionOutcome(at(t, "2026-03-09 00:00")); o.State != StateBreached || o.By != time.Second {
		t.Errorf("resolved a second late: %s %v, want breached 1s", o.State, o.By)
	}
}

func TestNextDue(t *testing.T) {
	fr := time.Date(2026, 3, 2, 13, 0, 0, 0, shanghai)
	res := time.Date(2026, 3, 5, 0, 0, 0, 0, shanghai)
	replied := time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai)
	var none time.Time
	tests := []struct {
		name        string
		status      Status
		frDue, frAt time.Time
		resDue      time.Time
		want        time.Time
	}{
		{"open, no reply: the first response", Open, fr, none, res, fr},
		{"open, replied: the resolution", Open, fr, replied, res, res},
		{"open, resolution earlier than first response", Open, res, none, fr, fr},
		{"reopened, replied", Reopened, fr, replied, res, res},
		{"pending, no reply: the first response never pauses", Pending, fr, none, res, fr},
		{"pending, replied: nothing runs", Pending, fr, replied, none, none},
		{"suggestion replied: nothing owed", Open, fr, replied, none, none},
		{"no windows at all", Open, none, none, none, none},
		{"resolved owes nothing", Resolved, fr, none, res, none},
		{"closed owes nothing", Closed, fr, none, res, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := &Ticket{Status: tt.status, FirstResponseDue: tt.frDue, FirstResponseAt: tt.frAt, ResolutionDue: tt.resDue}
			sameTime(t, "NextDue", tk.NextDue(), tt.want)
		})
	}
}

func TestStatuses(t *testing.T) {
	active := map[Status]bool{Open: true, Pending: true, Reopened: true}
	working := map[Status]bool{Open: true, Reopened: true}
	for _, s := range Statuses {
		if s.Active() != active[s] {
			t.Errorf("%s.Active() = %v", s, s.Active())
		}
		if s.Working() != working[s] {
			t.Errorf("%s.Working() = %v", s, s.Working())
		}
	}
}

func TestTransitionGuards(t *testing.T) {
	guards := []struct {
		name    string
		allowed map[Status]bool
		check   func(*Ticket) error
	}{
		{"reply to", map[Status]bool{Open: true, Pending: true, Reopened: true, Resolved: true}, (*Ticket).CanReply},
		{"set pending", map[Status]bool{Open: true, Reopened: true}, (*Ticket).CanPend},
		{"resume", map[Status]bool{Pending: true}, (*Ticket).CanResume},
		{"resolve", map[Status]bool{Open: true, Pending: true, Reopened: true}, (*Ticket).CanResolve},
		{"close", map[Status]bool{Resolved: true}, (*Ticket).CanClose},
		{"reopen", map[Status]bool{Resolved: true, Closed: true}, (*Ticket).CanReopen},
		{"rate", map[Status]bool{Resolved: true, Closed: true}, (*Ticket).CanRate},
	}
	for _, g := range guards {
		for _, s := range Statuses {
			t.Run(g.name+"/"+string(s), func(t *testing.T) {
				err := g.check(&Ticket{ID: 42, Status: s})
				if g.allowed[s] {
					if err != nil {
						t.Errorf("refused: %v", err)
					}
					return
				}
				if err == nil {
					t.Fatalf("allowed; want refused")
				}
				want := "cannot " + g.name + " ticket 42: it is " + string(s)
				if err.Error() != want {
					t.Errorf("error %q, want %q", err, want)
				}
				if code := errs.ExitCode(err); code != errs.ExitInvalid {
					t.Errorf("exit code %d, want %d", code, errs.ExitInvalid)
				}
			})
		}
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name     string
		what, s  string
		max      int
		required bool
		wantErr  string // "" = valid
	}{
		{"Chinese subject", "subject", "申请退款未到账", MaxSubject, true, ""},
		{"empty subject", "subject", "", MaxSubject, true, "subject must not be empty"},
		{"blank subject", "subject", " \t ", MaxSubject, true, "subject must not be empty"},
		{"empty optional body", "body", "", MaxBody, false, ""},
		{"two-line subject", "subject", "a\nb", MaxSubject, true, "subject must be one line"},
		{"two-line body", "body", "a\nb", MaxBody, false, ""},
		{"invalid UTF-8", "subject", "退\xff款", MaxSubject, true, "subject is not valid UTF-8"},
		{"NUL", "body", "a\x00b", MaxBody, false, "body contains a NUL character"},
		{"body at the limit", "body", strings.Repeat("a", MaxBody), MaxBody, false, ""},
		{"body one byte over", "body", strings.Repeat("a", MaxBody+1), MaxBody, false, "body is 65537 bytes; the limit is 65536"},
		// The limit is in bytes: 200 bytes of subject hold 66 Chinese characters, not 200.
		{"subject over in bytes", "subject", strings.Repeat("退", 67), MaxSubject, true, "subject is 201 bytes; the limit is 200"},
		{"SQL text is just text", "subject", "'; DROP TABLE tickets; --", MaxSubject, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckText(tt.what, tt.s, tt.max, tt.required)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("accepted; want %q", tt.wantErr)
			case tt.wantErr != "" && err.Error() != tt.wantErr:
				t.Errorf("error %q, want %q", err, tt.wantErr)
			case err != nil && errs.ExitCode(err) != errs.ExitInvalid:
				t.Errorf("exit code %d, want 2", errs.ExitCode(err))
			}
		})
	}
}

func TestCheckChoice(t *testing.T) {
	if err := CheckChoice("channel", "email", policy.Channels); err != nil {
		t.Errorf("email refused: %v", err)
	}
	err := CheckChoice("channel", "fax", policy.Channels)
	want := `unknown channel "fax": use one of phone, email, chat, wechat, social, app, visit`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if err := CheckChoice("priority", "Urgent", policy.Priorities); err == nil {
		t.Errorf("Urgent accepted; choices are case-sensitive")
	}
}

// A complex complaint owes a handling plan (初步解决方案) within 48h; a simple one none; made
// complex later, the plan is due 48h from then.
func TestPlanDue(t *testing.T) {
	c := testClock(t)
	tk := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "complex", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.Start(tk)
	c.StartWorkflows(tk)
	sameTime(t, "plan due", tk.PlanDue, at(t, "2026-03-04 09:00"))
	if tk.PlanOutcome(at(t, "2026-03-04 09:01")).State != StateOverdue {
		t.Error("an unplanned complaint past its plan due time is not overdue")
	}
	simple := &Ticket{Kind: "complaint", Channel: "phone", Priority: "normal", Severity: "simple", Status: Open, OpenedAt: at(t, "2026-03-02 09:00")}
	c.StartWorkflows(simple)
	sameTime(t, "simple plan due", simple.PlanDue, time.Time{})
	simple.Severity = "complex"
	c.RecomputeEscalation(simple, at(t, "2026-03-02 10:00"))
	sameTime(t, "plan due after the change", simple.PlanDue, at(t, "2026-03-04 10:00"))
}
