// Package demo fills a database with a team and a month of realistic work through the same use
// cases the commands run, in one transaction: deterministic for a seed.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/when"
)

// Options choose the month and the seed.
type Options struct {
	Month when.Month
	Seed  uint64
	// PerDay is the mean number of contacts on a working day (weekends and holidays get fewer).
	PerDay int
}

// Team is the demo department.
var (
	Manager     = "王芳"
	Supervisors = []struct{ Name, Shift string }{{"欧阳娜娜", "day"}, {"David Chen", "night"}}
	Agents      = []struct{ Name, Team, Shift string }{
		{"张伟", "售后", "day"}, {"李娜", "售后", "day"}, {"Emma Wang", "售后", "night"}, {"赵磊", "售后", "day"},
		{"陈静", "售前", "day"}, {"Tom Li", "售前", "night"}, {"孙悦", "售前", "day"}, {"周杰", "售前", "day"},
	}
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"}
	givennames = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"}
	categories = map[string][]string{
		"inquiry":   {"物流", "退款", "售后", "产品咨询", "账户", "发票", "优惠活动"},
		"complaint": {"物流延误", "商品质量", "服务态度", "退款进度", "虚假宣传"},
		"presale":   {"尺码", "库存", "价格", "优惠活动", "材质"},
	}
	subjects = map[string][]string{
		"物流": {"快递三天未更新", "申请改地址", "包裹显示签收但未收到"}, "退款": {"申请退款未到账", "退款金额不对", "退货退款流程"},
		"售后": {"商品有划痕", "需要换货", "保修怎么申请"}, "产品咨询": {"这款支持快充吗", "颜色和图片不一样吗", "使用说明"},
		"账户": {"登录不了", "修改绑定手机", "积分不见了"}, "发票": {"开具增值税发票", "发票抬头错了"}, "优惠活动": {"优惠券用不了", "满减规则"},
		"物流延误": {"承诺次日达却五天未到", "快递员不送货上门"}, "商品质量": {"收到的商品是坏的", "使用一周就坏了"},
		"服务态度": {"客服回复敷衍", "快递员态度恶劣"}, "退款进度": {"退款两周仍未到账"}, "虚假宣传": {"页面宣传与实物不符"},
		"尺码": {"身高170穿多大", "偏大还是偏小"}, "库存": {"什么时候补货", "还有蓝色吗"}, "价格": {"能便宜点吗", "会降价吗"},
		"材质": {"是纯棉的吗", "有没有异味"},
	}
	suggestionCats = []string{"product", "service", "process", "other"}
	suggestionSubj = []string{"希望增加夜间配送", "建议App支持发票下载", "希望客服电话延长服务时间", "建议包装更环保", "希望增加会员积分兑换"}
	departments    = []string{"产品部", "物流部", "运营部", "技术部"}
	channels       = []string{"phone", "email", "chat", "social", "app", "visit"}
	channelWeights = []int{20, 10, 45, 12, 10, 3}
	// hourWeights is when contacts arrive, by local hour: a morning and an evening peak.
	hourWeights = []int{1, 0, 0, 0, 0, 0, 1, 2, 5, 9, 12, 12, 8, 9, 11, 11, 10, 8, 7, 8, 9, 8, 5, 2}
)

type action struct {
	at  time.Time
	seq int
	run func(ctx context.Context, s *core.Service) error
}

// plan collects actions by time; they run in order with the clock set to each one's time.
type plan struct {
	actions []action
	end     time.Time
}

func (p *plan) add(at time.Time, run func(ctx context.Context, s *core.Service) error) {
	if at.Before(p.end) {
		p.actions = append(p.actions, action{at: at, seq: len(p.actions), run: run})
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// Result says what the demo made.
type Result struct {
	Month   when.Month
	Tickets int
	Actions int
	Now     time.Time
}

// Generate creates the team and the month's work in db through svc; clock is advanced to each
// action's time. The whole month is one transaction: wholly present or wholly absent.
func Generate(ctx context.Context, svc *core.Service, setNow func(time.Time), o Options) (Result, error) {
	res := Result{Month: o.Month}
	if o.PerDay <= 0 {
		o.PerDay = 140
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x6b656675))
	cal, err := svc.Calendar(ctx)
	if err != nil {
		return res, err
	}
	loc := cal.Location()
	start, end := o.Month.Start(loc), o.Month.End(loc)
	// The report is read the next morning.
	res.Now = end.Add(9 * time.Hour)
	p := &plan{end: res.Now}
	err = svc.Batch(ctx, func(s *core.Service) error {
		// The team starts with the month, so nothing is owed from before it.
		setNow(start)
		if err := team(ctx, s, o.Month, loc); err != nil {
			return err
		}
		customers := make([]string, 300)
		for i := range customers {
			name := pick(r, surnames) + pick(r, givennames)
			c, err := s.CustomerAdd(ctx, Manager, core.CustomerAddOptions{Name: name, Phone: fmt.Sprintf("13%d%08d", 5+r.IntN(5), r.IntN(1e8))})
			if err != nil {
				return err
			}
			customers[i] = fmt.Sprint(c.ID)
		}
		for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
			n := o.PerDay * 4 / 10
			if cal.IsWorkday(calendar.DateOf(d, loc)) {
				n = o.PerDay
			}
			n += r.IntN(n/5+1) - n/10
			for i := 0; i < n; i++ {
				at := d.Add(time.Duration(weighted(r, hourWeights))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
				planTicket(p, r, cal, at, pick(r, customers))
				res.Tickets++
			}
		}
		planQA(p, r, end)
		planRoutine(p, r, cal, start, end)
		sort.Slice(p.actions, func(i, j int) bool {
			if !p.actions[i].at.Equal(p.actions[j].at) {
				return p.actions[i].at.Before(p.actions[j].at)
			}
			return p.actions[i].seq < p.actions[j].seq
		})
		for _, a := range p.actions {
			setNow(a.at)
			if err := a.run(ctx, s); err != nil && !expected(err) {
				return fmt.Errorf("demo action at %s: %w", a.at.Format(time.RFC3339), err)
			}
		}
		res.Actions = len(p.actions)
		setNow(res.Now)
		return nil
	})
	return res, err
}

// expected are refusals a simulated day may meet (a ticket already closed, a plan missing):
// the demo, like a team, carries on.
func expected(err error) bool { return errs.KindOf(err) != errs.Internal }

func team(ctx context.Context, s *core.Service, m when.Month, loc *time.Location) error {
	for _, sp := range Supervisors {
		if _, err := s.StaffAdd(ctx, Manager, core.StaffAddOptions{Name: sp.Name, Role: "supervisor", Shift: sp.Shift, Hired: "2024-03-01"}); err != nil {
			return err
		}
	}
	for i, a := range Agents {
		hired := "2025-06-01"
		if i == len(Agents)-1 {
			hired = m.Prev().Start(loc).AddDate(0, 0, 14).Format("2006-01-02") // on probation
		}
		if _, err := s.StaffAdd(ctx, Manager, core.StaffAddOptions{Name: a.Name, Role: "agent", Team: a.Team, Shift: a.Shift, Hired: hired}); err != nil {
			return err
		}
	}
	return nil
}
