// Command gen makes the data of kefu's performance benchmark (bench/run), deterministic for a
// seed:
//
//	gen tickets -n 1000000 -now 2026-10-15T10:00:00+08:00 > tickets.csv
//	gen scores -db kefu.db -keys DIR -now 2026-10-15T10:00:00+08:00 -months 120
//
// tickets writes a CSV for kefu import tickets: a team of eight agents taking about 100,000
// contacts a year (so a million tickets are ten years of work), in business-hour patterns, with
// first responses (some late), resolutions, ratings, pre-sale outcomes and a small open backlog
// in the last days. scores records the points appraisal's entries for the last months through
// the same use cases kefu score add runs, in one transaction.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/store"
)

// Agents are the team bench/run creates; 售前 takes the pre-sale chats.
var Agents = []struct{ Name, Team string }{
	{"张伟", "售后"}, {"李娜", "售后"}, {"Emma Wang", "售后"}, {"赵磊", "售后"},
	{"陈静", "售前"}, {"Tom Li", "售前"}, {"孙悦", "售前"}, {"周杰", "售前"},
}

// Supervisor records the score entries.
const Supervisor = "欧阳娜娜"

var (
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
	bodies = []string{"订单 %s 已付款，麻烦尽快处理", "客户来电，订单号 %s", "您好，我的订单 %s 有问题", "%s 这单怎么还没有发货",
		"Order %s: customer asks for an update", "订单%s，客户情绪比较激动，请优先处理"}
	suggestionCats = []string{"product", "service", "process", "other"}
	suggestionSubj = []string{"希望增加夜间配送", "建议App支持发票下载", "希望客服电话延长服务时间", "建议包装更环保", "希望增加会员积分兑换"}
	channels       = []string{"phone", "email", "chat", "social", "app", "visit"}
	channelWeights = []int{20, 10, 45, 12, 10, 3}
	hourWeights    = []int{1, 0, 0, 0, 0, 0, 1, 2, 5, 9, 12, 12, 8, 9, 11, 11, 10, 8, 7, 8, 9, 8, 5, 2}
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gen tickets|scores [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "tickets":
		err = tickets(os.Args[2:])
	case "scores":
		err = scores(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: use tickets or scores", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

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

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func secs(r *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(lo+r.IntN(hi-lo+1)) * time.Second
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
	case "visit":
		return secs(r, 60, 900)
	default: // email, app, social
		if late {
			return secs(r, 4*3600+60, 9*3600)
		}
		return secs(r, 300, 3*3600)
	}
}

func tickets(args []string) error {
	fs := flag.NewFlagSet("tickets", flag.ContinueOnError)
	n := fs.Int("n", 100000, "tickets to write")
	perYear := fs.Int("per-year", 100000, "contacts a year: the span of time the tickets cover")
	seed := fs.Uint64("seed", 1, "random seed")
	nowFlag := fs.String("now", "2026-10-15T10:00:00+08:00", "the time the data ends (KEFU_NOW of the benchmark)")
	stale := fs.Int("stale", 0, "open tickets never answered, opened in the half year before the last week (a forgotten backlog: all overdue)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	now, err := time.Parse(time.RFC3339, *nowFlag)
	if err != nil {
		return err
	}
	if *n < 0 || *stale < 0 || *n+*stale == 0 {
		return fmt.Errorf("tickets: -n and -stale must not be negative, and one of them positive")
	}
	loc := now.Location()
	r := rand.New(rand.NewPCG(*seed, 0x6b656675))
	span := time.Duration(float64(*n) / float64(*perYear) * 365 * 24 * float64(time.Hour))
	start := now.Add(-span)
	customers := make([]string, max(*n/5, 10))
	for i := range customers {
		customers[i] = pick(r, surnames) + pick(r, givennames) + strconv.Itoa(1000+i)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	cw := csv.NewWriter(w)
	cw.Write([]string{"opened_at", "kind", "channel", "priority", "severity", "category", "subject", "body", "customer", "assignee",
		"order", "status", "first_response_at", "resolved_at", "closed_at", "csat", "nps", "converted", "amount"})
	kinds := []string{"inquiry", "complaint", "suggestion", "presale"}
	tf := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	step := time.Duration(0)
	if *n > 0 {
		step = span / time.Duration(*n)
	}
	for i := 0; i < *n; i++ {
		// Spread evenly over the span, moved to an hour the weights favour on that day.
		base := start.Add(time.Duration(i) * step).In(loc)
		day := time.Date(base.Year(), base.Month(), base.Day(), 0, 0, 0, 0, loc)
		at := day.Add(time.Duration(weighted(r, hourWeights))*time.Hour + secs(r, 0, 3599))
		if !at.Before(now) {
			at = now.Add(-secs(r, 60, 3600))
		}
		kind := kinds[weighted(r, []int{58, 10, 5, 27})]
		channel := channels[weighted(r, channelWeights)]
		agents := Agents[:4]
		if kind == "presale" {
			agents, channel = Agents[4:], pick(r, []string{"chat", "chat", "chat", "app", "phone"})
		}
		var category, subject, severity string
		if kind == "suggestion" {
			category, subject = pick(r, suggestionCats), pick(r, suggestionSubj)
		} else {
			category = pick(r, categories[kind])
			subject = pick(r, subjects[category])
		}
		if kind == "complaint" {
			severity = "simple"
			if r.IntN(10) < 3 {
				severity = "complex"
			}
		}
		order := fmt.Sprintf("%s-%03d", at.Format("20060102"), r.IntN(1000))
		body := fmt.Sprintf(pick(r, bodies), order)
		priority := []string{"urgent", "high", "normal", "low"}[weighted(r, []int{4, 10, 76, 10})]
		rec := []string{tf(at), kind, channel, priority, severity, category, subject, body, pick(r, customers), pick(r, agents).Name,
			order, "", "", "", "", "", "", "", ""}

		age := now.Sub(at)
		reply := at.Add(replyDelay(r, channel))
		resolve := reply.Add(secs(r, 60, 3*86400))
		if kind == "presale" {
			resolve = reply.Add(secs(r, 300, 2400))
		}
		status := "closed"
		switch {
		case age < 2*24*time.Hour && r.IntN(10) < 4:
			status = "open"
		case age < 7*24*time.Hour && r.IntN(10) < 6:
			status = "resolved"
		}
		if status != "open" && !resolve.Before(now) {
			status = "open"
		}
		if reply.Before(now) && (status != "open" || r.IntN(3) > 0) {
			rec[12] = tf(reply)
		}
		if status != "open" {
			rec[11], rec[13] = status, tf(resolve)
			if status == "closed" {
				closed := resolve.Add(secs(r, 3*86400, 7*86400))
				if !closed.Before(now) {
					closed = resolve
				}
				rec[14] = tf(closed)
			}
			if r.IntN(100) < 45 {
				rec[15] = strconv.Itoa([]int{5, 4, 3, 2, 1}[weighted(r, []int{55, 25, 10, 5, 5})])
				rec[16] = strconv.Itoa(10 - weighted(r, []int{30, 22, 15, 10, 8, 5, 4, 2, 2, 1, 1}))
			}
			if kind == "presale" {
				rec[17] = "false"
				if r.IntN(100) < 60 {
					rec[17], rec[18] = "true", fmt.Sprintf("%d.%02d", 49+r.IntN(950), r.IntN(100))
				}
			}
		} else {
			rec[11] = "open"
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	// The stale backlog: open, never answered, opened between 190 and 7 days ago.
	for i := 0; i < *stale; i++ {
		at := now.Add(-7*24*time.Hour - secs(r, 0, 183*86400))
		kind := kinds[weighted(r, []int{70, 20, 10, 0})]
		var category, subject string
		if kind == "suggestion" {
			category, subject = pick(r, suggestionCats), pick(r, suggestionSubj)
		} else {
			category = pick(r, categories[kind])
			subject = pick(r, subjects[category])
		}
		severity := ""
		if kind == "complaint" {
			severity = "simple"
		}
		order := fmt.Sprintf("%s-%03d", at.Format("20060102"), r.IntN(1000))
		rec := []string{tf(at), kind, pick(r, []string{"email", "app", "social"}), "normal", severity, category, subject,
			fmt.Sprintf(pick(r, bodies), order), pick(r, customers), pick(r, Agents[:4]).Name, order, "open", "", "", "", "", "", "", ""}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return w.Flush()
}

// scoreRules are the entries a month brings, by rule code and points ("" for a fixed rule).
var scoreRules = []struct{ code, points string }{
	{"language", ""}, {"late-early", "-3"}, {"slow-reply", ""}, {"data-entry-error", ""}, {"cover-shift", ""},
	{"extra-task", ""}, {"meeting-missed", ""}, {"untidy-desk", ""}, {"chatter", "-1"}, {"idea-adopted", ""},
}

func scores(args []string) error {
	fs := flag.NewFlagSet("scores", flag.ContinueOnError)
	dbPath := fs.String("db", "", "the benchmark database (after kefu init, staff add and import)")
	keys := fs.String("keys", "", "the directory of the database's audit key (kefu's XDG_CONFIG_HOME)")
	months := fs.Int("months", 12, "months of entries, ending with the current one")
	perMonth := fs.Int("per-month", 6, "entries per agent and month")
	seed := fs.Uint64("seed", 1, "random seed")
	nowFlag := fs.String("now", "2026-10-15T10:00:00+08:00", "the time the data ends (KEFU_NOW of the benchmark)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	now, err := time.Parse(time.RFC3339, *nowFlag)
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, _, err := store.OpenPersist(ctx, *dbPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	// Sign the entries' history with the key kefu uses for this database, as kefu would.
	if err := core.PrepareAudit(ctx, db, core.Keys{Dir: *keys}, now); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(*seed, 0x73636f72))
	s := core.New(db, clock.Fixed(now))
	loc := now.Location()
	n := 0
	err = s.Batch(ctx, func(s *core.Service) error {
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -(*months - 1), 0)
		for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
			days := m.AddDate(0, 1, 0).Sub(m)
			if end := now.Sub(m); end < days {
				days = end
			}
			for _, a := range Agents {
				for i := 0; i < *perMonth; i++ {
					rule := pick(r, scoreRules)
					at := m.Add(time.Duration(r.Int64N(int64(days))))
					_, err := s.ScoreAdd(ctx, Supervisor, core.ScoreAddOptions{Staff: a.Name, Rule: rule.code, Points: rule.points,
						Reason: "bench", At: at.Format(time.RFC3339)})
					if err != nil {
						return fmt.Errorf("score add %s %s at %s: %w", a.Name, rule.code, at.Format(time.RFC3339), err)
					}
					n++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d score entries\n", n)
	return nil
}
