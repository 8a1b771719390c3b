package core_test

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/report"
)

// The KPI formulas of product.md ("Reports"), checked through the service on datasets of one
// or two tickets, so each expected figure can be read off the test. The team is newTeam's:
// manager 王芳, supervisor 陈静, day agents 张伟 and 李娜, night agent 赵敏, customer 刘洋.

// rptClock sets the clock to a Shanghai wall time, "2026-03-02 10:00" or "2026-03-02 10:00:20".
func rptClock(t *testing.T, tm *team, wall string) {
	t.Helper()
	layout := "2006-01-02 15:04"
	if len(wall) > len(layout) {
		layout += ":05"
	}
	v, err := time.ParseInLocation(layout, wall, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	tm.s.Clock = clock.Fixed(v)
}

// rptOpen opens a ticket for 刘洋 as `as`, assigned to them, at the current clock.
func rptOpen(t *testing.T, tm *team, as, kind, channel string, mod func(*core.TicketOpenOptions)) int64 {
	t.Helper()
	o := core.TicketOpenOptions{Subject: "快递三天未更新", Kind: kind, Channel: channel, Customer: "刘洋", Assignee: as}
	if mod != nil {
		mod(&o)
	}
	tk, _, err := tm.s.TicketOpen(tm.ctx, as, o)
	if err != nil {
		t.Fatalf("TicketOpen(%+v): %v", o, err)
	}
	return tk.ID
}

// rptDone fails the test on a use case's error: rptDone(t)(tm.s.TicketReply(...)).
func rptDone(t *testing.T) func(any, error) {
	return func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// rptAgent is a named agent's row of a monthly report.
func rptAgent(t *testing.T, r report.Monthly, name string) report.Agent {
	t.Helper()
	for _, a := range r.Agents {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s is not among the agents of %s", name, r.Period.Label)
	return report.Agent{}
}

func rptMonthly(t *testing.T, tm *team, month string) report.Monthly {
	t.Helper()
	r, err := tm.s.ReportMonthly(tm.ctx, month, "")
	if err != nil {
		t.Fatalf("ReportMonthly(%q): %v", month, err)
	}
	return r
}

// wantRate checks a rate's numerator and denominator, and that its value is n/d, or absent
// when d is 0.
func wantRate(t *testing.T, what string, r report.Rate, n, d int) {
	t.Helper()
	if r.N != n || r.D != d {
		t.Errorf("%s = %d/%d, want %d/%d", what, r.N, r.D, n, d)
	}
	switch {
	case d == 0 && r.Value != nil:
		t.Errorf("%s has the value %v with nothing counted; want none (no data)", what, *r.Value)
	case d > 0 && r.Value == nil:
		t.Errorf("%s has no value, want %d/%d", what, n, d)
	case d > 0 && math.Abs(*r.Value-float64(n)/float64(d)) > 1e-12:
		t.Errorf("%s = %v, want %v", what, *r.Value, float64(n)/float64(d))
	}
}

func wantFloat(t *testing.T, what string, got *float64, want *float64) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Errorf("%s = %v, want no data", what, *got)
	case want != nil && got == nil:
		t.Errorf("%s = no data, want %v", what, *want)
	case want != nil && math.Abs(*got-*want) > 1e-9:
		t.Errorf("%s = %v, want %v", what, *got, *want)
	}
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

func TestReportEmptyPeriods(t *testing.T) {
	tm := newTeam(t)
	r := rptMonthly(t, tm, "2026-02")
	if r.Period.Start != "2026-02-01T00:00:00+08:00" || r.Period.End != "2026-03-01T00:00:00+08:00" || r.Period.Timezone != "Asia/Shanghai" {
		t.Errorf("period = %+v", r.Period)
	}
	if r.Volume.Total != 0 || len(r.Volume.ByKind) != 0 || len(r.HotTopics) != 0 {
		t.Errorf("volume = %+v", r.Volume)
	}
	if len(r.Volume.Daily) != 28 {
		t.Errorf("daily volume has %d days, want 28", len(r.Volume.Daily))
	}
	for name, rate := range map[string]report.Rate{
		"first response":      r.FirstResponse.Compliance.Rate,
		"resolution":          r.Resolution.Compliance.Rate,
		"escalation":          r.Complaints.Escalation.Rate,
		"follow-up":           r.Complaints.FollowUp.Rate,
		"complaint satisfied": r.Complaints.Satisfied,
		"complaint reopened":  r.Complaints.Reopened,
		"forward":             r.Suggestions.Forward.Rate,
		"CSAT":                r.CSAT.Rate,
		"accuracy":            r.Accuracy.Rate,
		"reply rate":          r.ReplyRate.Rate,
	} {
		wantRate(t, name, rate, 0, 0)
	}
	wantFloat(t, "NPS", r.NPS.Score, nil)
	for k, d := range r.Previous.Deltas {
		if k == "volume" || k == "complaints" {
			wantFloat(t, "delta "+k, d, fp(0))
		} else {
			wantFloat(t, "delta "+k, d, nil)
		}
	}
	if r.TargetsMissed == nil || len(r.TargetsMissed) != 0 {
		t.Errorf("targets missed = %#v, want an empty list", r.TargetsMissed)
	}
	// Active agents are listed with nothing to show; the supervisor, who did no work, is not.
	var names []string
	for _, a := range r.Agents {
		names = append(names, a.Name)
		wantRate(t, a.Name+"'s CSAT", a.CSAT, 0, 0)
	}
	if strings.Join(names, ",") != "张伟,李娜,赵敏" {
		t.Errorf("agents = %v, want 张伟, 李娜, 赵敏", names)
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("an empty month does not encode: %v", err)
	}
	if strings.Contains(string(js), "NaN") || !strings.Contains(string(js), `"rate":null`) {
		t.Errorf("JSON of an empty month: %s", js)
	}

	w, err := tm.s.ReportWeekly(tm.ctx, "2026-W06", "")
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, s := range w.SLA {
		targets = append(targets, s.Target)
		wantRate(t, "weekly "+s.Target, s.Rate, 0, 0)
	}
	if strings.Join(targets, ",") != "first_response,plan,resolution,escalation,followup,forward" {
		t.Errorf("weekly SLA targets = %v", targets)
	}
	d, err := tm.s.ReportDaily(tm.ctx, "2026-02-02", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Opened != 0 || len(d.Agents) != 3 {
		t.Errorf("empty day: opened %d, %d agents", d.Opened, len(d.Agents))
	}
}

// One rated ticket: CSAT is 100% for a 4 or 5 and 0% below; NPS is +100 for a 9 or 10, 0 for
// a 7 or 8, −100 for 0 to 6. A rating that gives only one of the two leaves the other empty.
func TestReportSingleRating(t *testing.T) {
	tests := []struct {
		csat, nps         *int
		wantCSAT, wantNPS *float64
	}{
		{ip(5), ip(10), fp(1), fp(100)},
		{ip(4), ip(9), fp(1), fp(100)},
		{ip(3), ip(8), fp(0), fp(0)},
		{ip(1), ip(7), fp(0), fp(0)},
		{ip(5), ip(6), fp(1), fp(-100)},
		{ip(2), ip(0), fp(0), fp(-100)},
		{nil, ip(9), nil, fp(100)},
		{ip(3), nil, fp(0), nil},
	}
	for _, tt := range tests {
		tm := newTeam(t)
		id := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
		rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
		rptDone(t)(tm.s.TicketRate(tm.ctx, "张伟", id, core.TicketRateOptions{CSAT: tt.csat, NPS: tt.nps}))
		r := rptMonthly(t, tm, "2026-03")
		name := func(p *int) string {
			if p == nil {
				return "-"
			}
			return strconv.Itoa(*p)
		}
		what := "csat " + name(tt.csat) + " nps " + name(tt.nps)
		wantFloat(t, what+": CSAT", r.CSAT.Value, tt.wantCSAT)
		wantFloat(t, what+": NPS", r.NPS.Score, tt.wantNPS)
		wantFloat(t, what+": KPI csat_pct", r.KPIs.CSATPct, scaled(tt.wantCSAT, 100))
		// The agent's own CSAT is the same single rating.
		wantFloat(t, what+": 张伟's CSAT", rptAgent(t, r, "张伟").CSAT.Value, tt.wantCSAT)
	}
}

func scaled(p *float64, k float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p * k
	return &v
}

// NPS over several answers: % of 9–10 minus % of 0–6; passives (7–8) count in the
// denominator only.
func TestReportNPSMix(t *testing.T) {
	tm := newTeam(t)
	for _, n := range []int{10, 9, 8, 7, 6, 3, 10} {
		id := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
		rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
		rptDone(t)(tm.s.TicketRate(tm.ctx, "张伟", id, core.TicketRateOptions{NPS: ip(n)}))
	}
	r := rptMonthly(t, tm, "2026-03")
	if r.NPS.Promoters != 3 || r.NPS.Passives != 2 || r.NPS.Detractors != 2 || r.NPS.Responses != 7 {
		t.Errorf("NPS counts = %+v", r.NPS)
	}
	wantFloat(t, "NPS", r.NPS.Score, fp(100.0/7))
	wantRate(t, "CSAT", r.CSAT.Rate, 0, 0)
}

// Ratings count in the period they are given, whenever the ticket was opened.
func TestReportRatingsCountWhenGiven(t *testing.T) {
	tm := newTeam(t)
	rptClock(t, tm, "2026-02-27 10:00")
	id := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
	rptClock(t, tm, "2026-03-02 10:00")
	rptDone(t)(tm.s.TicketRate(tm.ctx, "张伟", id, core.TicketRateOptions{CSAT: ip(4)}))
	wantRate(t, "March CSAT", rptMonthly(t, tm, "2026-03").CSAT.Rate, 1, 1)
	wantRate(t, "February CSAT", rptMonthly(t, tm, "2026-02").CSAT.Rate, 0, 0)
}

// A customer may give CSAT and NPS at different times (an NPS survey often comes back days
// later): each score counts in the period it was given.
func TestReportRatingGivenInParts(t *testing.T) {
	tm := newTeam(t)
	rptClock(t, tm, "2026-02-27 10:00")
	id := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
	rptDone(t)(tm.s.TicketRate(tm.ctx, "张伟", id, core.TicketRateOptions{CSAT: ip(5)}))
	rptClock(t, tm, "2026-03-02 10:00")
	rptDone(t)(tm.s.TicketRate(tm.ctx, "张伟", id, core.TicketRateOptions{NPS: ip(9)}))

	feb, mar := rptMonthly(t, tm, "2026-02"), rptMonthly(t, tm, "2026-03")
	wantRate(t, "February CSAT (given 27 February)", feb.CSAT.Rate, 1, 1)
	wantRate(t, "March CSAT", mar.CSAT.Rate, 0, 0)
	if feb.NPS.Responses != 0 || mar.NPS.Responses != 1 {
		t.Errorf("NPS responses: February %d, March %d; want 0 and 1 (given 2 March)", feb.NPS.Responses, mar.NPS.Responses)
	}
}

// SLA compliance counts the tickets whose due time falls in the period and is not after now.
func TestReportSLADueTimesUpToNow(t *testing.T) {
	tm := newTeam(t)
	// Monday 10:00, two emails: first response due 14:00 (4h), resolution due the close of
	// Wednesday (2bd).
	rptClock(t, tm, "2026-03-02 10:00")
	early := rptOpen(t, tm, "张伟", "inquiry", "email", nil)
	late := rptOpen(t, tm, "李娜", "inquiry", "email", nil)

	// At noon nothing is due yet: no data, not 0%.
	rptClock(t, tm, "2026-03-02 12:00")
	r := rptMonthly(t, tm, "2026-03")
	wantRate(t, "first response at noon", r.FirstResponse.Compliance.Rate, 0, 0)
	wantRate(t, "resolution at noon", r.Resolution.Compliance.Rate, 0, 0)
	wantFloat(t, "first_response_pct at noon", r.KPIs.FirstResponsePct, nil)
	if len(r.TargetsMissed) != 1 || r.TargetsMissed[0].KPI != "reply_pct" {
		// Only the reply rate (0 of 2 so far) has data to miss a target with.
		t.Errorf("targets missed at noon = %+v", r.TargetsMissed)
	}

	rptClock(t, tm, "2026-03-02 13:59")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", early, "您好", ""))
	// At 14:30 both are due: one answered in time, one not answered.
	rptClock(t, tm, "2026-03-02 14:30")
	wantRate(t, "first response at 14:30", rptMonthly(t, tm, "2026-03").FirstResponse.Compliance.Rate, 1, 2)
	// An answer after the due time does not make it in time.
	rptDone(t)(tm.s.TicketReply(tm.ctx, "李娜", late, "您好", ""))
	r = rptMonthly(t, tm, "2026-03")
	wantRate(t, "first response after the late answer", r.FirstResponse.Compliance.Rate, 1, 2)
	wantFloat(t, "first_response_pct", r.KPIs.FirstResponsePct, fp(50))
	wantRate(t, "resolution on Monday", r.Resolution.Compliance.Rate, 0, 0)
	// The agents' own first-response compliance.
	wantRate(t, "张伟's first response", rptAgent(t, r, "张伟").FirstResponse, 1, 1)
	wantRate(t, "李娜's first response", rptAgent(t, r, "李娜").FirstResponse, 0, 1)

	// Thursday: the resolutions were due at the close of Wednesday; one was resolved.
	rptClock(t, tm, "2026-03-04 18:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", early, "", ""))
	rptClock(t, tm, "2026-03-05 09:00")
	wantRate(t, "resolution on Thursday", rptMonthly(t, tm, "2026-03").Resolution.Compliance.Rate, 1, 2)
	w, err := tm.s.ReportWeekly(tm.ctx, "2026-W10", "")
	if err != nil {
		t.Fatal(err)
	}
	wantRate(t, "weekly first response", w.SLA[0].Rate, 1, 2)
	wantRate(t, "weekly resolution", w.SLA[2].Rate, 1, 2)
}

// A due time belongs to the period it falls in, not to the one the ticket was opened in.
func TestReportSLAByDueTime(t *testing.T) {
	tm := newTeam(t)
	// Friday 27 February 10:00: an email inquiry. First response due 14:00 that day;
	// resolution 2bd: Saturday 28th (a working Saturday, 调休) and Monday 2 March, so due at
	// the close of Monday.
	rptClock(t, tm, "2026-02-27 10:00")
	id := rptOpen(t, tm, "张伟", "inquiry", "email", nil)
	rptClock(t, tm, "2026-02-27 11:00")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", id, "您好", ""))
	rptClock(t, tm, "2026-03-02 12:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
	rptClock(t, tm, "2026-03-03 09:00")
	feb, mar := rptMonthly(t, tm, "2026-02"), rptMonthly(t, tm, "2026-03")
	wantRate(t, "February first response", feb.FirstResponse.Compliance.Rate, 1, 1)
	wantRate(t, "February resolution", feb.Resolution.Compliance.Rate, 0, 0)
	wantRate(t, "March first response", mar.FirstResponse.Compliance.Rate, 0, 0)
	wantRate(t, "March resolution", mar.Resolution.Compliance.Rate, 1, 1)
	if feb.Volume.Total != 1 || mar.Volume.Total != 0 {
		t.Errorf("volume: February %d, March %d; want 1 and 0", feb.Volume.Total, mar.Volume.Total)
	}
}

// First-response time per channel, in the unit of the window each ticket kept: social 1bh and
// email 4bh are business time; mean, median and p90 by nearest rank.
func TestReportFirstResponseTimes(t *testing.T) {
	tm := newTeam(t)
	// Monday 23:30, social, answered Tuesday 08:50: 30 minutes of service that night and 20
	// the next morning (service hours 08:30–24:00) = 50 business minutes, though 9h20m passed.
	rptClock(t, tm, "2026-03-02 23:30")
	night := rptOpen(t, tm, "赵敏", "inquiry", "social", nil)
	// Monday 22:00, email (4bh), answered Tuesday 09:00: 2h that night and 30 minutes the next
	// morning of service time, though 11 hours passed.
	rptClock(t, tm, "2026-03-02 22:00")
	email := rptOpen(t, tm, "赵敏", "inquiry", "email", func(o *core.TicketOpenOptions) { o.At = "2026-03-02 22:00" })
	rptClock(t, tm, "2026-03-03 08:50")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "赵敏", night, "您好", ""))
	rptClock(t, tm, "2026-03-03 09:00")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "赵敏", email, "您好", ""))
	// Tuesday: social at 14:00 answered 15:30 (5400s), at 17:00 answered 17:10 (600s).
	rptClock(t, tm, "2026-03-03 14:00")
	a := rptOpen(t, tm, "张伟", "inquiry", "social", nil)
	rptClock(t, tm, "2026-03-03 15:30")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", a, "您好", ""))
	rptClock(t, tm, "2026-03-03 17:00")
	b := rptOpen(t, tm, "张伟", "inquiry", "social", nil)
	rptClock(t, tm, "2026-03-03 17:10")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", b, "您好", ""))
	// An unanswered chat has no response time.
	rptOpen(t, tm, "张伟", "inquiry", "chat", nil)

	r := rptMonthly(t, tm, "2026-03")
	byChannel := map[string]report.ChannelResponse{}
	for _, c := range r.FirstResponse.ByChannel {
		byChannel[c.Channel] = c
	}
	if len(byChannel) != 2 {
		t.Errorf("channels with response times = %+v, want social and email", r.FirstResponse.ByChannel)
	}
	check := func(ch string, business bool, answered int, median, p90 int64) {
		t.Helper()
		c, ok := byChannel[ch]
		if !ok {
			t.Fatalf("no %s response times", ch)
		}
		if c.BusinessTime != business || c.Answered != answered {
			t.Errorf("%s: business %v, answered %d; want %v, %d", ch, c.BusinessTime, c.Answered, business, answered)
		}
		if c.MedianSeconds == nil || *c.MedianSeconds != median || c.P90Seconds == nil || *c.P90Seconds != p90 {
			t.Errorf("%s: median %v p90 %v; want %d and %d", ch, deref64(c.MedianSeconds), deref64(c.P90Seconds), median, p90)
		}
	}
	// Social: 600, 3000, 5400 → median 3000 (rank 2 of 3), p90 5400 (rank 3).
	check("social", true, 3, 3000, 5400)
	// Email: a single answer is its own median and p90.
	check("email", true, 1, 9000, 9000)
	if m := byChannel["social"].MeanSeconds; m == nil || *m != (600+3000+5400)/3 {
		t.Errorf("social mean = %v, want %d", deref64(m), (600+3000+5400)/3)
	}
	if !strings.Contains(r.FirstResponse.Definition, "business time") {
		t.Errorf("definition %q does not say which time is counted", r.FirstResponse.Definition)
	}
	// The mean over every answer: (3000 + 9000 + 5400 + 600) / 4 = 4500 seconds; a target of
	// 1h is missed, one of 2h is not.
	if m := r.KPIs.FirstResponseMeanSeconds; m == nil || *m != 4500 {
		t.Fatalf("mean first response = %v, want 4500", deref64(m))
	}
	for _, tc := range []struct {
		target string
		missed bool
	}{{"1h", true}, {"2h", false}} {
		if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "target.first_response_mean", tc.target); err != nil {
			t.Fatal(err)
		}
		missed := false
		for _, m := range rptMonthly(t, tm, "2026-03").TargetsMissed {
			missed = missed || m.KPI == "first_response_mean_seconds"
		}
		if missed != tc.missed {
			t.Errorf("target.first_response_mean %s: missed %v, want %v", tc.target, missed, tc.missed)
		}
	}
}

func deref64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Complaints: satisfied % counts the follow-ups made in the period (whenever the complaint
// was opened); reopened % counts the complaints opened in the period reopened at least once.
func TestReportComplaints(t *testing.T) {
	tm := newTeam(t)
	// Thursday 26 February: a simple complaint, resolved Friday; its follow-up (1bd) is due by
	// the close of Saturday 28th, a working Saturday, and made on Monday 2 March: late, in March.
	rptClock(t, tm, "2026-02-26 10:00")
	feb := rptOpen(t, tm, "张伟", "complaint", "phone", nil)
	rptClock(t, tm, "2026-02-27 10:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", feb, "已换货", ""))
	rptClock(t, tm, "2026-03-02 10:00")
	rptDone(t)(tm.s.ComplaintFollowup(tm.ctx, "张伟", feb, true, ""))

	// Monday 2 March: a complex complaint, escalated in time (window 2h), resolved, found
	// unsatisfying (it reopens), re-planned, resolved again and then satisfying.
	rptClock(t, tm, "2026-03-02 11:00")
	mar := rptOpen(t, tm, "李娜", "complaint", "phone", func(o *core.TicketOpenOptions) { o.Severity = "complex" })
	rptClock(t, tm, "2026-03-02 12:30")
	rptDone(t)(tm.s.ComplaintEscalate(tm.ctx, "李娜", mar, "陈静", "客户要求主管处理"))
	rptDone(t)(tm.s.ComplaintPlan(tm.ctx, "陈静", mar, "致电道歉"))
	rptClock(t, tm, "2026-03-02 14:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "陈静", mar, "已致歉", ""))
	rptClock(t, tm, "2026-03-02 15:00")
	rptDone(t)(tm.s.ComplaintFollowup(tm.ctx, "陈静", mar, false, "补偿不够"))
	rptDone(t)(tm.s.ComplaintPlan(tm.ctx, "陈静", mar, "全额退款"))
	rptClock(t, tm, "2026-03-02 16:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "陈静", mar, "已退款", ""))
	rptClock(t, tm, "2026-03-02 17:00")
	rptDone(t)(tm.s.ComplaintFollowup(tm.ctx, "陈静", mar, true, ""))

	rptClock(t, tm, "2026-03-04 09:00")
	r := rptMonthly(t, tm, "2026-03")
	c := r.Complaints
	if c.Opened != 1 || c.Complex != 1 || c.Simple != 0 || c.Escalated != 1 {
		t.Errorf("March complaints = %+v", c)
	}
	// Satisfaction per complaint followed up in March, the last follow-up deciding: February's
	// (satisfied) and March's (unsatisfied, then satisfied).
	wantRate(t, "March satisfied", c.Satisfied, 2, 2)
	wantRate(t, "March reopened", c.Reopened, 1, 1)
	wantRate(t, "March escalation", c.Escalation.Rate, 1, 1)
	// Follow-ups due in March by now: March's second (due the close of Tuesday, done Monday).
	// February's was due at the close of Saturday 28 February (a working day, 调休), 24:00:
	// that due time belongs to February, where it was missed.
	wantRate(t, "March follow-up", c.FollowUp.Rate, 1, 1)

	f := rptMonthly(t, tm, "2026-02").Complaints
	if f.Opened != 1 || f.Simple != 1 {
		t.Errorf("February complaints = %+v", f)
	}
	wantRate(t, "February satisfied", f.Satisfied, 0, 0)
	wantRate(t, "February reopened", f.Reopened, 0, 1)
	wantRate(t, "February follow-up", f.FollowUp.Rate, 0, 1)

	// The same month read from March's report as the previous one.
	wantFloat(t, "previous complaint_satisfied_pct", r.Previous.KPIs.ComplaintSatisfiedPct, nil)
	wantFloat(t, "delta complaint_satisfied_pct", r.Previous.Deltas["complaint_satisfied_pct"], nil)
	wantFloat(t, "delta complaint_reopened_pct", r.Previous.Deltas["complaint_reopened_pct"], fp(100))
}

// Reply rate: tickets opened in the period with a reply ÷ tickets opened, suggestions excluded.
func TestReportReplyRate(t *testing.T) {
	tm := newTeam(t)
	one := rptOpen(t, tm, "张伟", "inquiry", "email", nil)
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", one, "您好", ""))
	wantRate(t, "one ticket replied to", rptMonthly(t, tm, "2026-03").ReplyRate.Rate, 1, 1)

	rptOpen(t, tm, "张伟", "inquiry", "email", nil)
	wantRate(t, "one of two replied to", rptMonthly(t, tm, "2026-03").ReplyRate.Rate, 1, 2)

	// A suggestion is passed on, not answered: it counts in neither.
	rptOpen(t, tm, "张伟", "suggestion", "app", func(o *core.TicketOpenOptions) { o.Category = "service" })
	r := rptMonthly(t, tm, "2026-03")
	wantRate(t, "with a suggestion", r.ReplyRate.Rate, 1, 2)
	if r.Volume.Total != 3 || r.Suggestions.Opened != 1 {
		t.Errorf("volume %d, suggestions %d; want 3 and 1", r.Volume.Total, r.Suggestions.Opened)
	}
}

// Answer accuracy: checks marked correct ÷ checks made in the period.
func TestReportAccuracy(t *testing.T) {
	for _, correct := range []bool{true, false} {
		tm := newTeam(t)
		id := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
		rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "", ""))
		rptDone(t)(tm.s.QAMark(tm.ctx, "陈静", id, correct, "", false))
		n := 0
		if correct {
			n = 1
		}
		r := rptMonthly(t, tm, "2026-03")
		wantRate(t, "accuracy", r.Accuracy.Rate, n, 1)
		wantRate(t, "张伟's accuracy", rptAgent(t, r, "张伟").Accuracy, n, 1)
		wantRate(t, "February accuracy", rptMonthly(t, tm, "2026-02").Accuracy.Rate, 0, 0)
	}
}

// The change against the previous month, and targets: a KPI below its target is missed; one
// at its target, or with no data, is not.
func TestReportPreviousMonthAndTargets(t *testing.T) {
	tm := newTeam(t)
	rptClock(t, tm, "2026-02-26 10:00")
	a := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", a, "您好", ""))
	rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptClock(t, tm, "2026-03-02 10:00")
	b := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", b, "您好", ""))
	if _, _, err := tm.s.PolicySet(tm.ctx, "王芳", "target.reply_pct", "100"); err != nil {
		t.Fatal(err)
	}

	r := rptMonthly(t, tm, "2026-03")
	wantFloat(t, "reply_pct", r.KPIs.ReplyPct, fp(100))
	wantFloat(t, "previous reply_pct", r.Previous.KPIs.ReplyPct, fp(50))
	wantFloat(t, "delta reply_pct", r.Previous.Deltas["reply_pct"], fp(50))
	wantFloat(t, "delta volume", r.Previous.Deltas["volume"], fp(-1))
	wantFloat(t, "delta csat_pct", r.Previous.Deltas["csat_pct"], nil)
	if r.Previous.Period.Label != "2026-02" {
		t.Errorf("previous period = %+v", r.Previous.Period)
	}
	for _, m := range r.TargetsMissed {
		if m.KPI == "reply_pct" || m.KPI == "csat_pct" || m.KPI == "accuracy_pct" {
			t.Errorf("March misses %s at %v against %v", m.KPI, m.Actual, m.Target)
		}
	}
	feb := rptMonthly(t, tm, "2026-02")
	var missed []string
	for _, m := range feb.TargetsMissed {
		missed = append(missed, m.KPI)
		if m.KPI == "reply_pct" && (m.Actual != 50 || m.Target != 100) {
			t.Errorf("February reply_pct miss = %+v", m)
		}
	}
	if !strings.Contains(strings.Join(missed, ","), "reply_pct") {
		t.Errorf("February's targets missed = %v, want reply_pct among them", missed)
	}
}

// Periods are cut in the team's zone: a ticket opened at 00:30 on 1 March in Shanghai
// (16:30 UTC on 28 February) is March's, day 1 March's and week 9's.
func TestReportPeriodsInTeamZone(t *testing.T) {
	tm := newTeam(t)
	id := rptOpen(t, tm, "张伟", "inquiry", "chat", func(o *core.TicketOpenOptions) { o.At = "2026-02-28T16:30:00Z" })
	if got := tm.ticket(t, id).OpenedAt.In(shanghai).Format("2006-01-02 15:04"); got != "2026-03-01 00:30" {
		t.Fatalf("opened at %s", got)
	}
	if n := rptMonthly(t, tm, "2026-03").Volume.Total; n != 1 {
		t.Errorf("March volume = %d, want 1", n)
	}
	feb := rptMonthly(t, tm, "2026-02")
	if feb.Volume.Total != 0 {
		t.Errorf("February volume = %d, want 0", feb.Volume.Total)
	}
	for _, d := range feb.Volume.Daily {
		if d.N != 0 {
			t.Errorf("February day %s has %d tickets", d.Key, d.N)
		}
	}
	mar := rptMonthly(t, tm, "2026-03")
	if len(mar.Volume.Daily) != 31 || mar.Volume.Daily[0] != (report.Count{Key: "2026-03-01", N: 1}) {
		t.Errorf("March daily volume starts %+v", mar.Volume.Daily[:1])
	}
	for date, want := range map[string]int{"2026-03-01": 1, "2026-02-28": 0} {
		d, err := tm.s.ReportDaily(tm.ctx, date, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Opened != want {
			t.Errorf("daily %s opened = %d, want %d", date, d.Opened, want)
		}
	}
	for week, want := range map[string]int{"2026-W09": 1, "2026-W10": 0} {
		w, err := tm.s.ReportWeekly(tm.ctx, week, "")
		if err != nil {
			t.Fatal(err)
		}
		if w.Volume.Total != want {
			t.Errorf("weekly %s volume = %d, want %d", week, w.Volume.Total, want)
		}
	}
}

// Contacts: the distinct tickets an agent opened or replied to that day, by channel.
func TestReportDailyContacts(t *testing.T) {
	tm := newTeam(t)
	rptClock(t, tm, "2026-03-02 10:00")
	chat := rptOpen(t, tm, "张伟", "inquiry", "chat", nil)
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", chat, "您好", ""))
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", chat, "还在吗", ""))
	rptDone(t)(tm.s.TicketReply(tm.ctx, "李娜", chat, "我来跟进", ""))
	email := rptOpen(t, tm, "张伟", "inquiry", "email", nil)
	rptClock(t, tm, "2026-03-03 10:00")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", email, "您好", ""))

	day := func(date string) map[string]report.DailyAgent {
		t.Helper()
		d, err := tm.s.ReportDaily(tm.ctx, date, "")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]report.DailyAgent{}
		for _, a := range d.Agents {
			out[a.Name] = a
		}
		return out
	}
	mon := day("2026-03-02")
	if z := mon["张伟"]; z.Contacts != 2 || z.ByChannel["chat"] != 1 || z.ByChannel["email"] != 1 || z.Replies != 2 || z.OpenAtEnd != 2 {
		t.Errorf("张伟 on Monday = %+v; want 2 contacts (chat 1, email 1), 2 replies, 2 open", z)
	}
	if l := mon["李娜"]; l.Contacts != 1 || l.ByChannel["chat"] != 1 || l.Replies != 1 || l.OpenAtEnd != 0 {
		t.Errorf("李娜 on Monday = %+v; want 1 contact (chat), 1 reply, none open", l)
	}
	tue := day("2026-03-03")
	if z := tue["张伟"]; z.Contacts != 1 || z.ByChannel["email"] != 1 || z.Replies != 1 {
		t.Errorf("张伟 on Tuesday = %+v; want 1 contact (email), 1 reply", z)
	}
	// Handed to 李娜 on Wednesday: Monday still shows it open with 张伟, Wednesday with 李娜.
	rptClock(t, tm, "2026-03-04 10:00")
	rptDone(t)(tm.s.TicketAssign(tm.ctx, "陈静", email, "李娜"))
	if z, l := day("2026-03-02")["张伟"], day("2026-03-02")["李娜"]; z.OpenAtEnd != 2 || l.OpenAtEnd != 0 {
		t.Errorf("Monday after the reassignment: 张伟 open %d, 李娜 open %d; want 2 and 0", z.OpenAtEnd, l.OpenAtEnd)
	}
	if z, l := day("2026-03-04")["张伟"], day("2026-03-04")["李娜"]; z.OpenAtEnd != 1 || l.OpenAtEnd != 1 {
		t.Errorf("Wednesday: 张伟 open %d, 李娜 open %d; want 1 and 1", z.OpenAtEnd, l.OpenAtEnd)
	}
}

// The daily report of a past day shows that day as it was: a ticket resolved that day and
// reopened later was not open at the end of it; one closed since was open then; resolving a
// complaint is handling it on the day it was resolved, even if it was resolved again later.
func TestReportDailyPastDayAsItWas(t *testing.T) {
	tm := newTeam(t)
	// Monday: 李娜 takes down a complaint for 张伟.
	rptClock(t, tm, "2026-03-02 10:00")
	id := rptOpen(t, tm, "李娜", "complaint", "phone", func(o *core.TicketOpenOptions) { o.Assignee = "张伟" })
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", id, "您好", ""))
	// Tuesday: 张伟 resolves it.
	rptClock(t, tm, "2026-03-03 10:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "已换货", ""))
	// Wednesday: the customer is not satisfied; it reopens with a new plan; Thursday it is
	// resolved again.
	rptClock(t, tm, "2026-03-04 10:00")
	rptDone(t)(tm.s.ComplaintFollowup(tm.ctx, "张伟", id, false, "不满意"))
	rptDone(t)(tm.s.ComplaintPlan(tm.ctx, "陈静", id, "全额退款"))
	rptClock(t, tm, "2026-03-05 10:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "张伟", id, "已退款", ""))

	// 李娜's inquiry of Monday is still open at the end of Monday; it is resolved on Tuesday
	// and closed on Wednesday.
	rptClock(t, tm, "2026-03-02 11:00")
	inq := rptOpen(t, tm, "李娜", "inquiry", "chat", nil)
	rptClock(t, tm, "2026-03-03 11:00")
	rptDone(t)(tm.s.TicketResolve(tm.ctx, "李娜", inq, "", ""))
	rptClock(t, tm, "2026-03-04 11:00")
	rptDone(t)(tm.s.TicketClose(tm.ctx, "李娜", inq))

	rptClock(t, tm, "2026-03-06 09:00")
	mon, err := tm.s.ReportDaily(tm.ctx, "2026-03-02", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range mon.Agents {
		if a.Name == "李娜" && a.OpenAtEnd != 1 {
			t.Errorf("ticket %d was open at the end of Monday (resolved Tuesday, closed Wednesday): 李娜's open at end = %d, want 1", inq, a.OpenAtEnd)
		}
	}
	d, err := tm.s.ReportDaily(tm.ctx, "2026-03-03", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Agents {
		if a.Name != "张伟" {
			continue
		}
		if a.ComplaintsHandled != 1 {
			t.Errorf("张伟 resolved complaint %d on Tuesday: complaints handled = %d, want 1", id, a.ComplaintsHandled)
		}
		if a.OpenAtEnd != 0 {
			t.Errorf("complaint %d was resolved at the end of Tuesday: 张伟's open at end = %d, want 0", id, a.OpenAtEnd)
		}
		return
	}
	t.Errorf("张伟 is not in the daily report: %+v", d.Agents)
}

// Credit goes to who did the work: the agent who answered an escalated complaint keeps the
// first response; a reassigned inquiry answered late is charged to its holder when the due time
// passed; a breach of a ticket nobody held goes to the row unassigned.
func TestReportCredit(t *testing.T) {
	tm := newTeam(t)
	// Monday 09:00: 张伟 answers a complex complaint by phone at once, then escalates it to 陈静.
	rptClock(t, tm, "2026-03-02 09:00")
	c := rptOpen(t, tm, "张伟", "complaint", "phone", func(o *core.TicketOpenOptions) { o.Severity = "complex" })
	rptDone(t)(tm.s.TicketReply(tm.ctx, "张伟", c, "非常抱歉", ""))
	rptDone(t)(tm.s.ComplaintEscalate(tm.ctx, "张伟", c, "陈静", "客户要求主管处理"))
	// 09:00: a chat inquiry for 李娜 (due 09:00:30); at 09:05 it is handed to 赵敏, who answers
	// at 09:10: late, charged to 李娜, who held it at 09:00:30.
	inq := rptOpen(t, tm, "李娜", "inquiry", "chat", nil)
	rptClock(t, tm, "2026-03-02 09:05")
	rptDone(t)(tm.s.TicketAssign(tm.ctx, "陈静", inq, "赵敏"))
	rptClock(t, tm, "2026-03-02 09:10")
	rptDone(t)(tm.s.TicketReply(tm.ctx, "赵敏", inq, "您好", ""))
	// 09:10: a phone inquiry nobody holds, never answered.
	if _, _, err := tm.s.TicketOpen(tm.ctx, "陈静", core.TicketOpenOptions{Subject: "无人接听", Kind: "inquiry", Channel: "phone", Customer: "刘洋"}); err != nil {
		t.Fatal(err)
	}

	rptClock(t, tm, "2026-03-31 12:00")
	r := rptMonthly(t, tm, "2026-03")
	wantRate(t, "张伟's first response", rptAgent(t, r, "张伟").FirstResponse, 1, 1)
	wantRate(t, "陈静's first response", rptAgent(t, r, "陈静").FirstResponse, 0, 0)
	wantRate(t, "李娜's first response", rptAgent(t, r, "李娜").FirstResponse, 0, 1)
	wantRate(t, "赵敏's first response", rptAgent(t, r, "赵敏").FirstResponse, 0, 0)
	wantRate(t, "unassigned first response", rptAgent(t, r, "unassigned").FirstResponse, 0, 1)
	// The escalation was 张伟's, in time; it does not count for the supervisor who received it.
	wantRate(t, "张伟's escalation", rptAgent(t, r, "张伟").Escalation, 1, 1)
	wantRate(t, "陈静's escalation", rptAgent(t, r, "陈静").Escalation, 0, 0)
	if !strings.Contains(r.AgentsDefinition, "charged to whoever held the ticket") {
		t.Errorf("agents definition %q does not say how credit is given", r.AgentsDefinition)
	}
}
