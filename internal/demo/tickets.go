package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/core"
)

func secs(r *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(lo+r.IntN(hi-lo+1)) * time.Second
}

// agentFor picks an agent of the team whose shift covers the hour (night staff before 08:30).
func agentFor(r *rand.Rand, team string, at time.Time, loc *time.Location) string {
	h := at.In(loc).Hour()*60 + at.In(loc).Minute()
	shift := "day"
	if h >= 17*60+30 || h < 8*60+30 {
		shift = "night"
	}
	var names []string
	for _, a := range Agents {
		if a.Team == team && a.Shift == shift {
			names = append(names, a.Name)
		}
	}
	if len(names) == 0 {
		for _, a := range Agents {
			if a.Team == team {
				names = append(names, a.Name)
			}
		}
	}
	return pick(r, names)
}

func supervisorFor(at time.Time, loc *time.Location) string {
	if h := at.In(loc).Hour(); h >= 17 || h < 8 {
		return Supervisors[1].Name
	}
	return Supervisors[0].Name
}

// replyDelay is how long the first reply takes on a channel; about one in ten is late.
func replyDelay(r *rand.Rand, channel string) time.Duration {
	late := r.IntN(10) == 0
	switch channel {
	case "chat":
		if late {
			return secs(r, 31, 300)
		}
		return secs(r, 5, 29)
	case "phone":
		if late {
			return secs(r, 61, 240)
		}
		return secs(r, 0, 59)
	case "social":
		if late {
			return secs(r, 3700, 4*3600)
		}
		return secs(r, 300, 3000)
	case "visit":
		return secs(r, 60, 900)
	default: // email, app
		if late {
			return secs(r, 4*3600+60, 9*3600)
		}
		return secs(r, 600, 3*3600)
	}
}

// workTime moves an instant at night to the next morning: people answer email in the morning.
func workTime(cal *calendar.Calendar, t time.Time) time.Time {
	return cal.NextOpening(t)
}

func planTicket(p *plan, r *rand.Rand, cal *calendar.Calendar, at time.Time, customer string) {
	loc := cal.Location()
	kinds := []string{"inquiry", "complaint", "suggestion", "presale"}
	kind := kinds[weighted(r, []int{58, 10, 5, 27})]
	channel := channels[weighted(r, channelWeights)]
	team := "售后"
	if kind == "presale" {
		team, channel = "售前", pick(r, []string{"chat", "chat", "chat", "app", "phone"})
	}
	o := core.TicketOpenOptions{Kind: kind, Channel: channel, Customer: customer}
	o.Priority = []string{"urgent", "high", "normal", "low"}[weighted(r, []int{4, 10, 76, 10})]
	switch kind {
	case "suggestion":
		o.Category = pick(r, suggestionCats)
		o.Subject = pick(r, suggestionSubj)
	default:
		o.Category = pick(r, categories[kind])
		o.Subject = pick(r, subjects[o.Category])
	}
	if kind == "complaint" && r.IntN(10) < 3 {
		o.Severity = "complex"
	}
	owner := agentFor(r, team, at, loc)
	o.Assignee = owner
	var id int64
	p.add(at, func(ctx context.Context, s *core.Service) error {
		tk, _, err := s.TicketOpen(ctx, owner, o)
		id = tk.ID
		return err
	})
	replyAt := at.Add(replyDelay(r, channel))
	if channel == "email" || channel == "app" || channel == "social" {
		replyAt = workTime(cal, replyAt)
	}
	replier := owner
	p.add(replyAt, func(ctx context.Context, s *core.Service) error {
		_, err := s.TicketReply(ctx, replier, id, pick(r, []string{"您好，已收到您的问题，正在为您处理。", "您好，已为您查询，请稍候。", "Thanks, we are on it."}), "")
		return err
	})
	resolveAt := replyAt
	switch kind {
	case "inquiry":
		if r.IntN(10) < 6 {
			resolveAt = replyAt.Add(secs(r, 60, 900)) // answered on first contact
		} else {
			resolveAt = workTime(cal, replyAt.Add(secs(r, 3600, 4*86400)))
		}
		if r.IntN(20) == 0 {
			p.add(replyAt.Add(10*time.Minute), func(ctx context.Context, s *core.Service) error {
				_, err := s.TicketPending(ctx, replier, id, "等待客户提供订单截图")
				return err
			})
			resumeAt := workTime(cal, replyAt.Add(secs(r, 3*3600, 2*86400)))
			p.add(resumeAt, func(ctx context.Context, s *core.Service) error {
				_, err := s.TicketResume(ctx, replier, id)
				return err
			})
			if resolveAt.Before(resumeAt) {
				resolveAt = resumeAt.Add(secs(r, 600, 6*3600))
			}
		}
	case "complaint":
		resolveAt = planComplaint(p, r, cal, o, &id, &owner, at, replyAt)
	case "suggestion":
		forwardAt := workTime(cal, at.Add(secs(r, 3600, 8*86400)))
		p.add(forwardAt, func(ctx context.Context, s *core.Service) error {
			_, err := s.SuggestionForward(ctx, owner, id, pick(r, departments), "")
			return err
		})
		if r.IntN(2) == 0 {
			p.add(forwardAt.Add(secs(r, 86400, 8*86400)), func(ctx context.Context, s *core.Service) error {
				_, err := s.SuggestionOutcome(ctx, owner, id, pick(r, []string{"adopted", "declined", "in-progress"}), "")
				return err
			})
		}
		return
	case "presale":
		resolveAt = replyAt.Add(secs(r, 300, 2400))
		converted := r.IntN(100) < 55+10*len(owner)%20
		amount := fmt.Sprintf("%d.%02d", 49+r.IntN(950), r.IntN(100))
		p.add(resolveAt, func(ctx context.Context, s *core.Service) error {
			ro := core.ResolveOptions{Converted: &converted}
			if converted {
				ro.Amount = amount
			}
			_, err := s.TicketResolveWith(ctx, owner, id, ro)
			return err
		})
		planAfter(p, r, cal, &id, &owner, resolveAt, false)
		return
	}
	if kind != "complaint" {
		p.add(resolveAt, func(ctx context.Context, s *core.Service) error {
			_, err := s.TicketResolve(ctx, owner, id, "已解决", "")
			return err
		})
	}
	planAfter(p, r, cal, &id, &owner, resolveAt, kind == "inquiry")
}

// planComplaint escalates complex complaints (some late), has the supervisor plan, resolves,
// and follows up; an unsatisfied customer gets a revised plan and a second resolution.
func planComplaint(p *plan, r *rand.Rand, cal *calendar.Calendar, o core.TicketOpenOptions, id *int64, owner *string, at, replyAt time.Time) time.Time {
	loc := cal.Location()
	sup := supervisorFor(at, loc)
	resolveAt := workTime(cal, replyAt.Add(secs(r, 4*3600, 3*86400)))
	if o.Severity == "complex" {
		escAt := at.Add(secs(r, 1800, 2*3600-60))
		if r.IntN(5) == 0 {
			escAt = at.Add(secs(r, 2*3600+60, 5*3600)) // late
		}
		p.add(escAt, func(ctx context.Context, s *core.Service) error {
			_, err := s.ComplaintEscalate(ctx, *owner, *id, sup, "复杂投诉，需主管处理")
			*owner = sup
			return err
		})
		p.add(escAt.Add(20*time.Minute), func(ctx context.Context, s *core.Service) error {
			_, err := s.ComplaintPlan(ctx, sup, *id, "致电客户致歉，补偿优惠券并跟进处理结果")
			return err
		})
		resolveAt = workTime(cal, escAt.Add(secs(r, 86400, 5*86400)))
	}
	p.add(resolveAt, func(ctx context.Context, s *core.Service) error {
		_, err := s.TicketResolve(ctx, *owner, *id, "已处理并回访", "")
		return err
	})
	followAt := workTime(cal, resolveAt.Add(secs(r, 3600, 30*3600)))
	satisfied := r.IntN(100) < 80
	p.add(followAt, func(ctx context.Context, s *core.Service) error {
		_, err := s.ComplaintFollowup(ctx, *owner, *id, satisfied, "")
		return err
	})
	if !satisfied {
		p.add(followAt.Add(time.Hour), func(ctx context.Context, s *core.Service) error {
			_, err := s.ComplaintPlan(ctx, sup, *id, "升级补偿方案：全额退款")
			return err
		})
		again := workTime(cal, followAt.Add(secs(r, 3*3600, 2*86400)))
		p.add(again, func(ctx context.Context, s *core.Service) error {
			_, err := s.TicketResolve(ctx, *owner, *id, "全额退款", "")
			return err
		})
		p.add(workTime(cal, again.Add(secs(r, 3600, 20*3600))), func(ctx context.Context, s *core.Service) error {
			_, err := s.ComplaintFollowup(ctx, *owner, *id, true, "")
			return err
		})
	}
	return resolveAt
}

// planAfter rates, reopens or closes a resolved ticket.
func planAfter(p *plan, r *rand.Rand, cal *calendar.Calendar, id *int64, owner *string, resolvedAt time.Time, mayReopen bool) {
	if r.IntN(100) < 45 {
		csat := []int{5, 4, 3, 2, 1}[weighted(r, []int{55, 25, 10, 5, 5})]
		nps := 10 - weighted(r, []int{30, 22, 15, 10, 8, 5, 4, 2, 2, 1, 1})
		p.add(resolvedAt.Add(secs(r, 300, 86400)), func(ctx context.Context, s *core.Service) error {
			_, err := s.TicketRate(ctx, *owner, *id, core.TicketRateOptions{CSAT: &csat, NPS: &nps})
			return err
		})
	}
	if mayReopen && r.IntN(50) == 0 {
		reopenAt := workTime(cal, resolvedAt.Add(secs(r, 86400, 3*86400)))
		p.add(reopenAt, func(ctx context.Context, s *core.Service) error {
			_, err := s.TicketReopen(ctx, *owner, *id, "客户反馈问题仍未解决")
			return err
		})
		p.add(workTime(cal, reopenAt.Add(secs(r, 3600, 86400))), func(ctx context.Context, s *core.Service) error {
			_, err := s.TicketResolve(ctx, *owner, *id, "再次处理完成", "")
			return err
		})
		return
	}
	p.add(resolvedAt.Add(secs(r, 3*86400, 7*86400)), func(ctx context.Context, s *core.Service) error {
		_, err := s.TicketClose(ctx, *owner, *id)
		return err
	})
}

// planQA has the day supervisor check a sample of the month's resolved tickets near its end.
func planQA(p *plan, r *rand.Rand, end time.Time) {
	at := end.Add(-30 * time.Hour)
	seed := r.Uint64()
	p.add(at, func(ctx context.Context, s *core.Service) error {
		smp, err := s.QASampleTickets(ctx, core.QASampleOptions{N: 80, Seed: &seed})
		if err != nil {
			return err
		}
		for i, t := range smp.Tickets {
			checker := Supervisors[0].Name
			if t.Assignee == checker {
				checker = Supervisors[1].Name
			}
			if _, err := s.QAMark(ctx, checker, t.ID, i%13 != 0, "", false); err != nil && !expected(err) {
				return err
			}
		}
		return nil
	})
}
