package core

import (
	"context"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/when"
)

// period describes a report's span of service days: its label, its inclusive dates
// ("2026-11-02 – 2026-11-08") and its moments [start, end).
func (e *env) period(label string, sp calendar.DaySpan) report.Period {
	first, last := e.cal.ServiceDay(sp.Start), e.cal.ServiceDay(sp.End).AddDays(-1)
	dates := first.String()
	if last != first {
		dates += " – " + last.String()
	}
	return report.Period{Label: label, Dates: dates, Start: sp.Start.In(e.loc).Format(time.RFC3339), End: sp.End.In(e.loc).Format(time.RFC3339),
		Timezone: e.loc.String(), Team: e.team, CalendarWarning: e.cal.Beyond(sp.End.Add(-time.Millisecond))}
}

// serviceToday is the midnight of the service day now belongs to: this day, week and month
// are cut by service days (at 00:30 after a close at 01:00, "today" is still yesterday).
func (e *env) serviceToday() time.Time {
	return e.cal.ServiceDay(e.tx.Time()).Midnight(e.loc)
}

// days is the span of the service days whose dates run from the midnight from to the
// midnight to (exclusive), as when's months, weeks and days are cut.
func (e *env) days(from, to time.Time) calendar.DaySpan {
	return e.cal.Days(calendar.DateOf(from, e.loc), calendar.DateOf(to, e.loc).AddDays(-1))
}

// scopeTeam narrows a report to one team: its tickets and its staff.
func (e *env) scopeTeam(team string) error {
	if team == "" {
		return nil
	}
	staff, err := e.tx.ListStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return err
	}
	var teams []string
	for _, st := range staff {
		if st.Team == team {
			e.team = team
			return nil
		}
		if st.Team != "" && !slices.Contains(teams, st.Team) {
			teams = append(teams, st.Team)
		}
	}
	return errs.Invalidf("no staff belong to team %q; teams: %s", team, joinList(teams))
}

func (e *env) volume(o opened, from, to time.Time, daily bool) (report.Volume, error) {
	v := report.Volume{Total: o.total(), ByKind: o.by(groupKind, anyGroup), ByChannel: o.by(groupChannel, anyGroup),
		ByCategory: o.by(groupCategory, categorized)}
	var err error
	v.Daily = []report.Count{}
	if daily {
		err = e.serviceDays(from, to, func(d calendar.Date, sp calendar.DaySpan) error {
			n, err := e.tx.CountOpened(e.team, sp.Start, sp.End)
			v.Daily = append(v.Daily, report.Count{Key: d.String(), N: n})
			return err
		})
	}
	return v, err
}

// sla is a target's compliance over the due times of a span of service days (a due time at a
// day's 24:00 close belongs to that day).
func (e *env) sla(target string, sp calendar.DaySpan) (report.SLA, error) {
	due, met, err := e.tx.SLA(e.team, target, sp.DueStart, sp.DueEnd, e.tx.Time(), 0)
	return report.SLA{Target: target, Definition: report.DefSLA, Rate: report.NewRate(met, due)}, err
}

// firstResponse computes per-channel means, medians and p90s, streaming the period's answered
// tickets. Each time is measured in the unit of the window the ticket kept from its opening, so
// a later policy change never changes a past period; a ticket from before tickets kept their
// windows is measured by the inquiry row its channel has now.
func (e *env) firstResponse(sp calendar.DaySpan) (report.FirstResponse, error) {
	from, to := sp.Start, sp.End
	fr := report.FirstResponse{Definition: report.DefFirstResponse, ByChannel: []report.ChannelResponse{}}
	business := map[string]bool{}
	for _, ch := range policy.Channels {
		w, ok := policy.Match(e.policy.Windows, policy.Query{Kind: "inquiry", Target: policy.FirstResponse, Channel: ch, Priority: "normal"})
		business[ch] = ok && w.Within.IsBusiness()
	}
	type key struct {
		channel  string
		business bool
	}
	secs := map[key][]int64{}
	err := e.tx.ResponseTimes(e.team, from, to, func(r persist.ResponseTime) {
		biz := business[r.Channel]
		if r.Window != "" {
			d, err := duration.Parse(r.Window)
			biz = err == nil && d.IsBusiness()
		}
		var s int64
		if biz {
			s = e.cal.BusinessSeconds(r.OpenedAt, r.FirstResponseAt)
		} else if d := r.FirstResponseAt.Sub(r.OpenedAt); d > 0 {
			s = int64(d / time.Second)
		}
		k := key{r.Channel, biz}
		secs[k] = append(secs[k], s)
	})
	if err != nil {
		return fr, err
	}
	var all, n int64
	for _, v := range secs {
		for _, x := range v {
			all += x
			n++
		}
	}
	if n > 0 {
		mean := all / n
		fr.MeanSeconds = &mean
	}
	for _, ch := range policy.Channels {
		for _, biz := range []bool{true, false} {
			v := secs[key{ch, biz}]
			if len(v) == 0 {
				continue
			}
			var sum int64
			for _, x := range v {
				sum += x
			}
			mean := sum / int64(len(v))
			fr.ByChannel = append(fr.ByChannel, report.ChannelResponse{Channel: ch, BusinessTime: biz, Answered: len(v),
				MeanSeconds: &mean, MedianSeconds: report.Percentile(v, 50), P90Seconds: report.Percentile(v, 90)})
		}
	}
	return fr, nil
}

func (e *env) suggestions(o opened, sp calendar.DaySpan) (report.Suggestions, error) {
	st := o.suggestions()
	fw, err := e.sla(policy.Forward, sp)
	cats := []report.SuggestionCategory{}
	for _, c := range st.ByCategory {
		cats = append(cats, report.SuggestionCategory{Category: c.Category, N: c.N, Forwarded: c.Forwarded})
	}
	return report.Suggestions{Opened: st.Opened, Forwarded: st.Forwarded, Forward: fw, Adopted: st.Adopted,
		Declined: st.Declined, InProgress: st.InProgress, ByCategory: cats}, err
}

// monthly computes everything of the month but the comparison with the previous one.
// monthly computes the month's report; without full, only what its KPIs need (the previous
// month of a report is compared by its KPIs alone).
func (e *env) monthly(m when.Month, full bool) (report.Monthly, error) {
	sp := e.days(m.Start(e.loc), m.End(e.loc))
	from, to := sp.Start, sp.End
	r := report.Monthly{Period: e.period(m.String(), sp), TargetsMissed: []report.TargetMiss{}}
	o, err := e.opened(from, to)
	if err != nil {
		return r, err
	}
	due, err := e.dueCounts(sp, full)
	if err != nil {
		return r, err
	}
	if !full {
		r.Volume.Total = o.total()
	} else if r.Volume, err = e.volume(o, from, to, true); err == nil {
		r.HotTopics = r.Volume.ByCategory
		if len(r.HotTopics) > 5 {
			r.HotTopics = r.HotTopics[:5]
		}
		r.FirstResponse, err = e.firstResponse(sp)
	}
	if err != nil {
		return r, err
	}
	r.FirstResponse.Compliance = due[policy.FirstResponse].sla(policy.FirstResponse, report.DefSLA)
	r.Resolution.Compliance = due[policy.Resolution].sla(policy.Resolution, report.DefSLA)
	cs := o.complaints()
	if cs.FollowedUp, cs.Satisfied, cs.Unsatisfied, err = e.tx.FollowUps(e.team, from, to); err != nil {
		return r, err
	}
	r.Complaints = report.Complaints{Opened: cs.Opened, Simple: cs.Simple, Complex: cs.Complex, Escalated: cs.Escalated,
		Satisfied: report.NewRate(cs.Satisfied, cs.FollowedUp), Reopened: report.NewRate(cs.Reopened, cs.Opened),
		Definition: report.DefSatisfied + "; " + report.DefReopened}
	r.Complaints.Escalation = due[policy.Escalation].sla(policy.Escalation, report.DefSLA)
	if r.Complaints.FollowUp, err = e.sla(policy.Followup, sp); err != nil {
		return r, err
	}
	r.Complaints.ResolvedSimple = due[policy.Resolution].complaints(policy.Resolution, "simple")
	r.Complaints.ResolvedComplex = due[policy.Resolution].complaints(policy.Resolution, "complex")
	if full {
		r.Complaints.Types = o.complaintTypes()
		if r.Suggestions, err = e.suggestions(o, sp); err != nil {
			return r, err
		}
	}
	if full {
		r.Knowledge, err = e.knowledge(sp)
	} else {
		n, answered := o.kbAnswered()
		r.Knowledge = report.Knowledge{Inquiries: n, Unanswered: n - answered}
	}
	if err != nil {
		return r, err
	}
	csatN, csatGood, npsN, prom, det, err := e.tx.Ratings(e.team, from, to)
	if err != nil {
		return r, err
	}
	r.CSAT = report.Metric{Definition: report.DefCSAT, Rate: report.NewRate(csatGood, csatN)}
	r.NPS = report.NPSMetric{Definition: report.DefNPS, NPS: report.NewNPS(prom, det, npsN)}
	correct, checked, err := e.tx.Accuracy(e.team, from, to)
	if err != nil {
		return r, err
	}
	r.Accuracy = report.Metric{Definition: report.DefAccuracy, Rate: report.NewRate(correct, checked)}
	replied, written := o.replyRate()
	r.ReplyRate = report.Metric{Definition: report.DefReplyRate, Rate: report.NewRate(replied, written)}
	if full {
		r.AgentsDefinition = report.DefCredit
		if r.Agents, err = e.agents(sp, m, due); err != nil {
			return r, err
		}
	}
	r.KPIs = report.KPIs{Volume: r.Volume.Total, FirstResponsePct: r.FirstResponse.Compliance.Pct(),
		ResolutionPct: r.Resolution.Compliance.Pct(), ReplyPct: r.ReplyRate.Pct(), CSATPct: r.CSAT.Pct(), NPS: r.NPS.Score,
		AccuracyPct: r.Accuracy.Pct(), ComplaintSatisfiedPct: r.Complaints.Satisfied.Pct(),
		ComplaintReopenedPct: r.Complaints.Reopened.Pct(), Complaints: r.Complaints.Opened,
		FirstResponseMeanSeconds: r.FirstResponse.MeanSeconds, KBAnsweredPct: r.Knowledge.AnsweredPct()}
	return r, nil
}

// agents lists every active staff member and anyone who worked in the period, with their
// figures and, when the points appraisal provides one, their score sheet.
func (e *env) agents(sp calendar.DaySpan, m when.Month, due map[string]dueCounts) ([]report.Agent, error) {
	stats, err := e.tx.AgentStatsFor(sp.Start, sp.End)
	if err != nil {
		return nil, err
	}
	sheet, err := e.sheetRows(m)
	if err != nil {
		return nil, err
	}
	active := map[int64]bool{}
	staff, err := e.tx.ListStaff(persist.StaffFilter{})
	if err != nil {
		return nil, err
	}
	for _, s := range staff {
		active[s.ID] = true
	}
	credit := map[string]map[string]*[2]int{} // target → name → met, charged
	for _, target := range creditTargets {
		credit[target] = map[string]*[2]int{}
		for _, c := range due[target] {
			n := credit[target][c.By]
			if n == nil {
				n = &[2]int{}
				credit[target][c.By] = n
			}
			n[0] += c.Met
			n[1] += c.Missed
		}
	}
	rate := func(target, name string) report.Rate {
		n := credit[target][name]
		if n == nil {
			return report.NewRate(0, 0)
		}
		return report.NewRate(n[0], n[0]+n[1])
	}
	credited := func(name string) bool {
		return credit[policy.FirstResponse][name] != nil || credit[policy.Resolution][name] != nil
	}
	out := []report.Agent{}
	for _, a := range stats {
		if e.team != "" && a.Team != e.team {
			continue
		}
		worked := a.Opened+a.Assigned+a.Resolved+a.Replies+a.Checked > 0 || credited(a.Name)
		if !worked && (!active[a.StaffID] || a.Role != "agent") {
			continue
		}
		row := report.Agent{Name: a.Name, Team: a.Team, Role: a.Role, Opened: a.Opened, Assigned: a.Assigned, Resolved: a.Resolved,
			Replies: a.Replies, FirstResponse: rate(policy.FirstResponse, a.Name), Resolution: rate(policy.Resolution, a.Name),
			Escalation: rate(policy.Escalation, a.Name),
			CSAT:       report.NewRate(a.CSATGood, a.CSATN),
			Accuracy:   report.NewRate(a.Correct, a.Checked), Conversion: report.NewRate(a.Converted, a.PresaleResolved),
			Sales: FormatYuan(a.SalesFen), SuggestionsCollected: a.SuggestionsOpened, Flags: []string{}}
		if sr, ok := sheet[a.StaffID]; ok {
			row.ScoreTotal, row.Grade, row.PayFloat, row.Flags = &sr.total, &sr.grade, &sr.pay, sr.flags
		}
		out = append(out, row)
	}
	// First responses kefu sent itself (a mail acknowledgement that counts) are nobody's work.
	if credited(persist.SystemCredit) {
		out = append(out, report.Agent{Name: persist.SystemCredit, Role: "", FirstResponse: rate(policy.FirstResponse, persist.SystemCredit),
			Resolution: report.NewRate(0, 0), Escalation: report.NewRate(0, 0), CSAT: report.NewRate(0, 0), Accuracy: report.NewRate(0, 0),
			Conversion: report.NewRate(0, 0), Sales: "0.00", Flags: []string{}})
	}
	// Breaches of tickets nobody held are charged to a row of their own.
	if credited("") {
		out = append(out, report.Agent{Name: "unassigned", Role: "", FirstResponse: rate(policy.FirstResponse, ""),
			Resolution: rate(policy.Resolution, ""), Escalation: rate(policy.Escalation, ""), CSAT: report.NewRate(0, 0), Accuracy: report.NewRate(0, 0),
			Conversion: report.NewRate(0, 0), Sales: "0.00", Flags: []string{}})
	}
	return out, nil
}

// sheetRow is what the monthly report shows of a staff member's score sheet.
type sheetRow struct {
	total, grade, pay string
	flags             []string
}

// ReportMonthly builds the monthly report with the comparison to the previous month and the
// targets missed.
func (s *Service) ReportMonthly(ctx context.Context, month, team string) (report.Monthly, error) {
	var r report.Monthly
	err := s.read(ctx, func(e *env) error {
		if err := e.scopeTeam(team); err != nil {
			return err
		}
		m := when.MonthOf(e.serviceToday(), e.loc)
		if month != "" {
			var err error
			if m, err = e.parseMonth(month); err != nil {
				return err
			}
		}
		var err error
		if r, err = e.monthly(m, true); err != nil {
			return err
		}
		prev, err := e.monthly(m.Prev(), false)
		if err != nil {
			return err
		}
		r.Previous = report.Previous{Period: prev.Period, KPIs: prev.KPIs, Deltas: report.Deltas(r.KPIs, prev.KPIs)}
		if r.Targets, r.TargetsMissed, err = e.targetsMissed(r.KPIs); err != nil {
			return err
		}
		r.Training, r.TemplatesUsed, err = e.monthlyTraining(m)
		return err
	})
	return r, err
}

// targetsMissed reads the target of every KPI of the catalog that has one set in the policy:
// a percentage, or for a mean time a ceiling in seconds (business units count nominally).
func (e *env) targetsMissed(k report.KPIs) (map[string]float64, []report.TargetMiss, error) {
	vals, err := e.values()
	if err != nil {
		return nil, nil, err
	}
	targets := map[string]float64{}
	for _, kpi := range report.Catalog {
		if kpi.Target == "" {
			continue
		}
		if kpi.Unit == report.UnitSeconds {
			if d, ok := vals.TimeTargets[kpi.Target]; ok {
				targets[kpi.Key] = float64(d.NominalSeconds())
			}
			continue
		}
		if target, ok := vals.Targets[kpi.Target]; ok {
			targets[kpi.Key] = target
		}
	}
	return targets, report.CheckTargets(k, targets), nil
}
