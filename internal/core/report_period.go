package core

import (
	"context"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/when"
)

// ReportWeekly builds the weekly report of an ISO week.
func (s *Service) ReportWeekly(ctx context.Context, week, team string) (report.Weekly, error) {
	var r report.Weekly
	err := s.read(ctx, func(e *env) error {
		if err := e.scopeTeam(team); err != nil {
			return err
		}
		w := when.WeekOf(e.serviceToday(), e.loc)
		if week != "" {
			var err error
			if w, err = e.parseWeek(week); err != nil {
				return err
			}
		}
		sp := e.days(w.Start(e.loc), w.End(e.loc))
		from, to := sp.Start, sp.End
		r.Period = e.period(w.String(), sp)
		o, err := e.opened(from, to)
		if err != nil {
			return err
		}
		if r.Volume, err = e.volume(o, from, to, true); err != nil {
			return err
		}
		r.HotTopics = r.Volume.ByCategory
		if len(r.HotTopics) > 5 {
			r.HotTopics = r.HotTopics[:5]
		}
		r.ComplaintTypes = o.complaintTypes()
		if r.Suggestions, err = e.suggestions(o, sp); err != nil {
			return err
		}
		if r.Knowledge, err = e.knowledge(sp); err != nil {
			return err
		}
		for _, t := range policy.Targets {
			sla, err := e.sla(t, sp)
			if err != nil {
				return err
			}
			r.SLA = append(r.SLA, sla)
		}
		return nil
	})
	return r, err
}

// ReportDaily builds the daily report: each agent's contacts by channel, replies, complaints
// handled and tickets open at the end of the day.
func (s *Service) ReportDaily(ctx context.Context, date, team string) (report.Daily, error) {
	var r report.Daily
	err := s.read(ctx, func(e *env) error {
		if err := e.scopeTeam(team); err != nil {
			return err
		}
		day := e.cal.ServiceDay(e.tx.Time()) // today is the service day now belongs to
		if date != "" {
			d, err := e.parseDate(date)
			if err != nil {
				return err
			}
			day = calendar.DateOf(d, e.loc)
		}
		sp := e.cal.Days(day, day)
		from, to := sp.Start, sp.End
		r.Period = e.period(day.String(), sp)
		r.Definition = report.DefContacts
		var err error
		if r.Opened, err = e.tx.CountOpened(e.team, from, to); err != nil {
			return err
		}
		contacts, err := e.tx.Contacts(from, to)
		if err != nil {
			return err
		}
		work, err := e.tx.DailyWork(from, to)
		if err != nil {
			return err
		}
		staff, err := e.tx.ListStaff(persist.StaffFilter{IncludeOff: true})
		if err != nil {
			return err
		}
		byChannel := map[int64]map[string]int{}
		for _, c := range contacts {
			if byChannel[c.StaffID] == nil {
				byChannel[c.StaffID] = map[string]int{}
			}
			byChannel[c.StaffID][c.Channel] += c.Contacts
		}
		r.Agents = []report.DailyAgent{}
		for _, st := range staff {
			if e.team != "" && st.Team != e.team {
				continue
			}
			w := work[st.ID]
			chans := byChannel[st.ID]
			total := 0
			for _, n := range chans {
				total += n
			}
			if total+w.Replies+w.ComplaintsHandled+w.OpenAtEnd == 0 && (!st.Active || st.Role != "agent") {
				continue
			}
			if chans == nil {
				chans = map[string]int{}
			}
			r.Agents = append(r.Agents, report.DailyAgent{Name: st.Name, Team: st.Team, Contacts: total, ByChannel: chans,
				Replies: w.Replies, ComplaintsHandled: w.ComplaintsHandled, OpenAtEnd: w.OpenAtEnd})
		}
		return nil
	})
	return r, err
}
