package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/core"
)

// planRoutine adds the team's routine around the tickets: handover notes at the end of each
// shift (some forgotten) acknowledged by the next shift, weekly summaries, the supervisors'
// score entries and skills exams, and the cron job's daily remind run whose proposals the
// supervisors confirm or dismiss.
func planRoutine(p *plan, r *rand.Rand, cal *calendar.Calendar, start, end time.Time) {
	loc := cal.Location()
	slowConfirmed := map[string]bool{} // one slow reply a month is held against an agent
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		day := calendar.DateOf(d, loc)
		// Cron: remind every morning at 08:45 (auto-close, proposals for missed first
		// responses and handovers).
		p.add(d.Add(8*time.Hour+45*time.Minute), func(ctx context.Context, s *core.Service) error {
			_, err := s.Remind(ctx, core.RemindOptions{})
			return err
		})
		if !cal.IsWorkday(day) {
			continue
		}
		planHandovers(p, r, cal, d, day)
		// Supervisors decide the pending proposals at the end of the day: missed handovers and
		// summaries are confirmed; most slow replies turn out to have had a reason.
		p.add(d.Add(17*time.Hour), func(ctx context.Context, s *core.Service) error {
			pending, err := s.ScorePendingList(ctx, "", "", true)
			if err != nil {
				return err
			}
			for i, pe := range pending {
				sup := Supervisors[i%2].Name
				if pe.Staff == sup {
					sup = Supervisors[(i+1)%2].Name
				}
				if pe.Rule == "slow-reply" && slowConfirmed[pe.Staff] {
					_, err = s.ScoreDismiss(ctx, sup, pe.ID, "高峰排队，非客服个人原因")
				} else {
					_, err = s.ScoreConfirm(ctx, sup, pe.ID, "")
					slowConfirmed[pe.Staff] = slowConfirmed[pe.Staff] || pe.Rule == "slow-reply"
				}
				if err != nil && !expected(err) {
					return err
				}
			}
			return nil
		})
		if d.Weekday() == time.Friday {
			for _, a := range Agents {
				if r.IntN(100) < 92 {
					name := a.Name
					text := summaryText(r, name)
					p.add(d.Add(17*time.Hour+time.Duration(r.IntN(50))*time.Minute), func(ctx context.Context, s *core.Service) error {
						_, err := s.SummaryAdd(ctx, name, core.SummaryAddOptions{Text: text})
						return err
					})
				}
			}
		}
	}
	planScores(p, r, start, end)
}

func planHandovers(p *plan, r *rand.Rand, cal *calendar.Calendar, d time.Time, day calendar.Date) {
	for _, a := range Agents {
		if r.IntN(100) < 3 {
			continue // forgotten: remind notices and proposes handover-missing
		}
		name, shift := a.Name, a.Shift
		at := d.Add(17*time.Hour + 35*time.Minute + time.Duration(r.IntN(25))*time.Minute)
		if shift == "night" {
			at = d.Add(23*time.Hour + 40*time.Minute + time.Duration(r.IntN(19))*time.Minute)
		}
		var id int64
		p.add(at, func(ctx context.Context, s *core.Service) error {
			h, err := s.HandoverAdd(ctx, name, core.HandoverAddOptions{Shift: shift, Date: day.String(), Text: pick(r, handoverTexts)})
			id = h.Note.ID
			return err
		})
		// The next shift acknowledges: the night shift that evening, the day shift next morning.
		ackAt := at.Add(20 * time.Minute)
		acker := otherShiftAgent(a.Team, shift)
		if shift == "night" {
			ackAt = cal.NextOpening(at.Add(time.Hour)).Add(10 * time.Minute)
		}
		p.add(ackAt, func(ctx context.Context, s *core.Service) error {
			if id == 0 {
				return nil
			}
			_, err := s.HandoverAck(ctx, acker, id)
			return err
		})
	}
}

func otherShiftAgent(team, shift string) string {
	for _, a := range Agents {
		if a.Team == team && a.Shift != shift {
			return a.Name
		}
	}
	return Agents[0].Name
}

var handoverTexts = []string{
	"今日咨询以物流为主，两单退款待财务确认，已在工单中备注。",
	"客户刘先生的换货需明早回电确认地址。系统无异常。",
	"Evening quiet; one complaint escalated to the supervisor, plan pending.",
	"优惠券问题集中出现，已反馈运营部，等待回复。",
}

func summaryText(r *rand.Rand, name string) string {
	parts := []string{
		"本周共处理客户咨询和投诉若干，重点跟进了物流延误与退款进度类问题，平均首次响应时间较上周有所缩短。",
		"与运营部沟通了优惠券无法使用的问题，已提交复现步骤，预计下周修复。对两位不满意客户进行了回访，其中一位已表示满意。",
		"下周计划：整理常见问题话术，协助新同事熟悉售后流程，继续跟进未结工单，争取在时限内全部处理完毕。",
		"Also reviewed the handover notes and closed stale tickets; no open items are overdue at the end of the week.",
	}
	r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	return fmt.Sprintf("%s 周报：%s", name, strings.Join(parts, ""))
}

// planScores has the supervisors record a few entries per agent through the month and the
// skills exam at its end.
func planScores(p *plan, r *rand.Rand, start, end time.Time) {
	type entry struct{ rule, points, reason string }
	entries := []entry{
		{"cover-shift", "", "临时顶班"}, {"extra-task", "", "协助整理知识库"}, {"language", "", "通话中用语不规范"},
		{"late-early", "-3", "迟到15分钟"}, {"data-entry-error", "", "订单号录入错误"}, {"chatter", "-1", "工作时间闲聊"},
		{"discretion", "2", "主动帮助新同事"}, {"idea-adopted", "", "提出的话术优化被采纳"},
	}
	days := int(end.Sub(start).Hours() / 24)
	for i, a := range Agents {
		n := 1 + r.IntN(3)
		for k := 0; k < n; k++ {
			e := entries[r.IntN(len(entries))]
			at := start.AddDate(0, 0, 1+r.IntN(max(days-3, 1))).Add(16 * time.Hour)
			sup, staff := Supervisors[i%2].Name, a.Name
			p.add(at, func(ctx context.Context, s *core.Service) error {
				_, err := s.ScoreAdd(ctx, sup, core.ScoreAddOptions{Staff: staff, Rule: e.rule, Points: e.points, Reason: e.reason})
				return err
			})
		}
		exam := fmt.Sprint(55 + r.IntN(46))
		staff := a.Name
		p.add(end.Add(-26*time.Hour), func(ctx context.Context, s *core.Service) error {
			_, err := s.ScoreExam(ctx, Supervisors[0].Name, staff, exam, "", false)
			return err
		})
	}
}
