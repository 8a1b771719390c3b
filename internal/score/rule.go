package score

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// Class is the weight class of a rule.
type Class string

// The classes of product.md's catalog, and the supervisor's discretion.
const (
	Bonus     Class = "bonus"
	Light     Class = "light"
	Medium    Class = "medium"
	Severe    Class = "severe"
	Dismissal Class = "dismissal" // a flag for review, no points
	// Discretion is the class of the one built-in rule "discretion": −5..+5 net per month.
	Discretion Class = "discretion"
	// Fine is money without points (罚款): the rule's fine or its ladder's, into the fund.
	Fine Class = "fine"
)

// Classes lists the classes a team may give its rules, in display order.
var Classes = []Class{Bonus, Light, Medium, Severe, Dismissal, Fine}

// ParseClass validates a class name a person typed.
func ParseClass(s string) (Class, error) {
	c := Class(ClassNames.Normalize(strings.ToLower(strings.TrimSpace(s))))
	if slices.Contains(Classes, c) {
		return c, nil
	}
	return "", errs.Invalidf("unknown class %q: use bonus, light, medium, severe, dismissal or fine", s)
}

// rank orders classes for listing.
func (c Class) rank() int {
	if c == Discretion {
		return len(Classes)
	}
	return slices.Index(Classes, c)
}

// Sanction is a consequence a repeat ladder attaches to an occurrence.
type Sanction string

// The sanctions, mildest first.
const (
	Warning         Sanction = "warning"
	Demerit         Sanction = "demerit"
	WithholdPay     Sanction = "withhold-pay"
	DismissalReview Sanction = "dismissal-review"
)

// Sanctions lists the sanctions, mildest first.
var Sanctions = []Sanction{Warning, Demerit, WithholdPay, DismissalReview}

// Step is what the nth occurrence of a rule in a month carries: its own points (nil: the
// entry's), a fine and a sanction.
type Step struct {
	Points   *Points
	Fine     Fen
	Sanction Sanction
}

// Ladder is a rule's repeat ladder: step i applies to the (i+1)th occurrence in a month;
// occurrences beyond the last step take the last step.
type Ladder []Step

// ParseLadder reads a ladder: steps separated by commas, each step parts joined by "+":
// fine=YUAN, points=N, a sanction (warning, demerit, withhold-pay, dismissal-review), or none.
// Example: "fine=30,fine=50,fine=80,withhold-pay,dismissal-review".
func ParseLadder(s string) (Ladder, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return nil, nil
	}
	var l Ladder
	for i, stepText := range strings.Split(s, ",") {
		var st Step
		for _, part := range strings.Split(stepText, "+") {
			part = strings.TrimSpace(part)
			bad := func(why string) error {
				return errs.Invalidf("ladder step %d %q: %s; write steps like fine=30, points=-8, warning, fine=80+withhold-pay", i+1, strings.TrimSpace(stepText), why)
			}
			key, val, hasEq := strings.Cut(part, "=")
			switch {
			case part == "none":
			case hasEq && key == "fine":
				if st.Fine != 0 {
					return nil, bad("two fines")
				}
				f, err := ParseYuan(val)
				if err != nil || f == 0 {
					return nil, bad("the fine must be a positive amount in yuan")
				}
				st.Fine = f
			case hasEq && key == "points":
				if st.Points != nil {
					return nil, bad("points given twice")
				}
				p, err := ParsePoints(val)
				if err != nil {
					return nil, bad(err.Error())
				}
				st.Points = &p
			case slices.Contains(Sanctions, Sanction(part)):
				if st.Sanction != "" {
					return nil, bad("two sanctions")
				}
				st.Sanction = Sanction(part)
			case part == "":
				return nil, bad("empty step")
			default:
				return nil, bad(fmt.Sprintf("unknown part %q", part))
			}
		}
		l = append(l, st)
	}
	if len(l) > 20 {
		return nil, errs.Invalidf("a ladder has at most 20 steps")
	}
	return l, nil
}

// String writes the ladder in ParseLadder's form ("" for none).
func (l Ladder) String() string {
	steps := make([]string, len(l))
	for i, st := range l {
		steps[i] = st.String()
	}
	return strings.Join(steps, ",")
}

func (st Step) String() string {
	var parts []string
	if st.Points != nil {
		parts = append(parts, "points="+st.Points.String())
	}
	if st.Fine != 0 {
		parts = append(parts, "fine="+st.Fine.Short())
	}
	if st.Sanction != "" {
		parts = append(parts, string(st.Sanction))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// At returns the step for the nth occurrence (1-based); ok is false for an empty ladder.
func (l Ladder) At(n int) (Step, bool) {
	if len(l) == 0 || n < 1 {
		return Step{}, false
	}
	if n > len(l) {
		n = len(l)
	}
	return l[n-1], true
}

// MarshalJSON writes the ladder as its text form.
func (l Ladder) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// UnmarshalJSON reads the text form.
func (l *Ladder) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseLadder(s)
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Rule is one line of the catalog. Points are fixed (Min == Max) or a range the scorer picks
// from; dismissal-class rules carry no points but flag a dismissal review.
type Rule struct {
	Code    string `json:"code"`
	Class   Class  `json:"class"`
	Min     Points `json:"min_points"`
	Max     Points `json:"max_points"`
	Fine    Fen    `json:"fine"`
	Ladder  Ladder `json:"ladder"`
	Desc    string `json:"description"`
	DescZH  string `json:"description_zh"`
	Builtin bool   `json:"builtin"`
	Retired bool   `json:"retired"`
	// OncePerMonth limits the rule to one counted entry per staff member and month;
	// Eligibility is the condition an entry must meet (empty: none).
	OncePerMonth bool      `json:"once_per_month"`
	Eligibility  Condition `json:"eligibility"`
}

// Fixed reports whether the rule has one value of points.
func (r Rule) Fixed() bool { return r.Min == r.Max }

// PointsSpec prints the rule's points: "-5.0", "+5.0", or a range mildest first: "-2.0..-5.0",
// "-5.0..+5.0".
func (r Rule) PointsSpec() string {
	if r.Fixed() {
		return r.Min.Signed()
	}
	if r.Max <= 0 {
		return r.Max.Signed() + ".." + r.Min.Signed()
	}
	return r.Min.Signed() + ".." + r.Max.Signed()
}

// ParseRange reads a rule's points: "N" or "A..B" (either order).
func ParseRange(s string) (min, max Points, err error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "..")
	if min, err = ParsePoints(a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return min, min, nil
	}
	if max, err = ParsePoints(b); err != nil {
		return 0, 0, err
	}
	if min > max {
		min, max = max, min
	}
	return min, max, nil
}

// ValidCode checks a rule code: 2-32 lower-case letters, digits and hyphens, starting with a letter.
func ValidCode(code string) error {
	ok := len(code) >= 2 && len(code) <= 32 && code[0] >= 'a' && code[0] <= 'z'
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			ok = false
		}
	}
	if !ok {
		return errs.Invalidf("invalid rule code %q: use 2-32 lower-case letters, digits or hyphens, starting with a letter", code)
	}
	return nil
}

// Validate checks a rule on its own: its code, and points whose sign fits its class.
func (r Rule) Validate() error {
	if err := ValidCode(r.Code); err != nil {
		return err
	}
	if (r.Class == Discretion) != (r.Code == DiscretionCode) {
		return errs.Invalidf("rule %s: only the built-in rule %s has the class discretion", r.Code, DiscretionCode)
	}
	if r.Class != Discretion && !slices.Contains(Classes, r.Class) {
		return errs.Invalidf("rule %s: unknown class %q", r.Code, r.Class)
	}
	if r.Min > r.Max {
		return errs.Invalidf("rule %s: range %s..%s is upside down", r.Code, r.Min, r.Max)
	}
	if r.Min < -MaxPoints || r.Max > MaxPoints {
		return errs.Invalidf("rule %s: points must lie within ±%s", r.Code, MaxPoints)
	}
	if err := r.signOK(r.Min, r.Max); err != nil {
		return err
	}
	if r.Fine < 0 {
		return errs.Invalidf("rule %s: a fine cannot be negative", r.Code)
	}
	if r.Class == Fine && r.Fine == 0 && !r.Ladder.HasFine() {
		return errs.Invalidf("rule %s is a fine: give it --fine YUAN or a ladder with fines", r.Code)
	}
	if r.Eligibility != "" && r.Class != Bonus {
		return errs.Invalidf("rule %s: only a bonus carries an eligibility condition", r.Code)
	}
	for i, st := range r.Ladder {
		if st.Points != nil {
			if err := r.signOK(*st.Points, *st.Points); err != nil {
				return errs.Invalidf("rule %s: ladder step %d: %v", r.Code, i+1, err)
			}
		}
	}
	if len(r.Desc) > 200 || len(r.DescZH) > 200 {
		return errs.Invalidf("rule %s: a description is at most 200 bytes", r.Code)
	}
	return nil
}

func (r Rule) signOK(min, max Points) error {
	switch r.Class {
	case Bonus:
		if min <= 0 {
			return errs.Invalidf("rule %s is a bonus: its points must be positive, e.g. 5", r.Code)
		}
	case Light, Medium, Severe:
		if max >= 0 {
			return errs.Invalidf("rule %s is a %s violation: its points must be negative, e.g. -5", r.Code, r.Class)
		}
	case Dismissal:
		if min != 0 || max != 0 {
			return errs.Invalidf("rule %s is dismissal-class: it flags a dismissal review and carries no points (0)", r.Code)
		}
	case Fine:
		if min != 0 || max != 0 {
			return errs.Invalidf("rule %s is a fine: it carries money and no points (0); a violation with points and a fine is light, medium or severe with --fine", r.Code)
		}
	case Discretion:
		if min > 0 || max < 0 {
			return errs.Invalidf("rule %s: its range must include 0", r.Code)
		}
	}
	return nil
}

// Resolve returns the points of one occurrence: the given points, which must lie in the rule's
// range (and equal a fixed rule's value), or the fixed value when none are given.
func (r Rule) Resolve(p *Points) (Points, error) {
	if p == nil {
		if !r.Fixed() {
			return 0, errs.Invalidf("rule %s has a range of %s points: pass --points inside it", r.Code, r.PointsSpec())
		}
		return r.Min, nil
	}
	if r.Fixed() && *p != r.Min {
		return 0, errs.Invalidf("rule %s is worth %s points; leave out --points (or use another rule)", r.Code, r.PointsSpec())
	}
	if *p < r.Min || *p > r.Max {
		return 0, errs.Invalidf("--points %s is outside rule %s's range %s", p.Signed(), r.Code, r.PointsSpec())
	}
	if r.Class == Discretion && *p == 0 {
		return 0, errs.Invalidf("a discretionary entry of 0 points changes nothing")
	}
	return *p, nil
}

// violation reports whether an occurrence of the class counts towards the automatic extra.
func (c Class) violation() bool { return c == Light || c == Medium }

// Violation reports whether an occurrence of the class is a violation (违规) for the bonus
// conditions: every class that deducts, flags or fines.
func (c Class) Violation() bool {
	return c == Light || c == Medium || c == Severe || c == Dismissal || c == Fine
}

// HasFine reports whether some step of the ladder carries a fine.
func (l Ladder) HasFine() bool {
	return slices.ContainsFunc(l, func(st Step) bool { return st.Fine != 0 })
}

// Codes of the rules other features rely on.
const (
	DiscretionCode      = "discretion"
	ExamFullCode        = "exam-full"
	ExamBelowPassCode   = "exam-below-60"
	HandoverMissingCode = "handover-missing"
	SummaryMissingCode  = "summary-missing"
	SlowReplyCode       = "slow-reply"
	TopOfMonthCode      = "top-of-month"
	ZeroComplaintsCode  = "zero-complaints"
	ComplaintValidCode  = "complaint-valid"
	ArgumentCode        = "customer-argument"
)

func fixed(code string, class Class, pts int64, desc, zh string) Rule {
	return Rule{Code: code, Class: class, Min: Pts(pts), Max: Pts(pts), Desc: desc, DescZH: zh}
}

func ranged(code string, class Class, mild, harsh int64, desc, zh string) Rule {
	return Rule{Code: code, Class: class, Min: Pts(harsh), Max: Pts(mild), Desc: desc, DescZH: zh}
}

func fine(code string, yuan int64, desc, zh string) Rule {
	return Rule{Code: code, Class: Fine, Fine: Yuan(yuan), Desc: desc, DescZH: zh}
}

func mustLadder(s string) Ladder {
	l, err := ParseLadder(s)
	if err != nil {
		panic(err)
	}
	return l
}

// DefaultRules is product.md's catalog, which init seeds (and migration 0004 seeds into older
// databases; a store test keeps the two equal).
func DefaultRules() []Rule {
	handover := fixed(HandoverMissingCode, Light, -5, "handover record missing or incomplete", "交接班记录缺失或不完整")
	handover.Ladder = mustLadder("fine=30,fine=50,fine=80,withhold-pay,dismissal-review")
	summary := fixed(SummaryMissingCode, Light, -5, "weekly summary missing or late", "周报未按时提交")
	summary.Ladder = mustLadder("fine=50,fine=100,fine=200,withhold-pay,dismissal-review")
	discretion := ranged(DiscretionCode, Discretion, 5, -5, "supervisor's discretion: -5 to +5 net per month, reason required", "主管酌情加减分（每月净值±5，须注明理由）")
	discretion.Builtin = true
	examFull := fixed(ExamFullCode, Bonus, 5, "full marks in the monthly skills exam", "月度技能考试满分")
	examFull.Builtin = true
	examFull.OncePerMonth, examFull.Eligibility = true, Exam100
	top := fixed(TopOfMonthCode, Bonus, 5, "top volume and quality of the month with no violation", "当月业务量和质量第一且无违规")
	top.OncePerMonth, top.Eligibility = true, TopOfMonth
	zero := fixed(ZeroComplaintsCode, Bonus, 5, "zero valid complaints in the month", "当月零有效投诉")
	zero.OncePerMonth, zero.Eligibility = true, NoValidComplaint
	complaint := fine(ComplaintValidCode, 0, "valid customer complaint in the month (100 yuan, doubled, then dismissal review)", "自然月内有效投诉（一次罚款100元，第二次翻倍，三次以上自动离职）")
	complaint.Ladder = mustLadder("fine=100,fine=200,dismissal-review")
	examLow := fixed(ExamBelowPassCode, Medium, -10, "monthly skills exam below 60", "月度技能考试低于60分")
	examLow.Builtin = true
	return []Rule{
		top,
		examFull,
		fixed("cover-shift", Bonus, 5, "covered a shift at short notice", "临时顶班"),
		fixed("extra-task", Bonus, 5, "extra task done", "完成额外任务"),
		zero,
		fixed("idea-adopted", Bonus, 5, "improvement idea adopted", "合理化建议被采纳"),

		fixed("language", Light, -2, "non-standard language at work", "工作中使用不规范用语"),
		fixed("untidy-desk", Light, -2, "untidy desk at handover", "交接班时桌面不整洁"),
		fixed("cleaning-skipped", Light, -2, "cleaning duty skipped", "未做值日卫生"),
		ranged("late-early", Light, -2, -5, "late or early leave", "迟到早退"),
		handover,
		summary,
		fixed(SlowReplyCode, Light, -5, "slow or unfriendly reply to a customer", "回复客户不及时或态度不友好"),
		fixed("away-unannounced", Light, -5, "away over 5 minutes unannounced", "离岗超过5分钟未报备"),
		ranged("instruction-ignored", Light, -2, -5, "instruction not carried out", "未执行工作指令"),
		ranged("chatter", Light, -1, -2, "off-topic chatter", "闲聊与工作无关的话题"),
		fixed("noise", Light, -2, "noise", "大声喧哗"),
		fixed("eating-smoking", Light, -5, "eating or smoking at the desk", "在工位吃东西或吸烟"),
		fixed("data-entry-error", Light, -2, "data entry error", "数据录入错误"),
		fixed("incident-late-10", Light, -5, "incident handled 1-10 min late", "故障处理延误1至10分钟"),
		ranged("spot-check-error", Light, -2, -5, "spot-check error", "抽查差错"),

		fixed("games-videos", Medium, -10, "games or videos at work", "上班玩游戏或看视频"),
		fixed("records-falsified", Medium, -10, "workload records falsified", "工作量记录造假"),
		fixed("incident-unreported", Medium, -10, "incident not reported", "故障未上报"),
		fixed("unauthorised-software", Medium, -10, "unauthorised software", "私装软件"),
		fixed("pending-skipped", Medium, -10, "skipped pending work", "遗留工作未处理"),
		fixed("meeting-missed", Medium, -10, "missed meeting", "无故缺席会议"),
		examLow,
		fixed("incident-late-30", Medium, -10, "incident handled 11-30 min late", "故障处理延误11至30分钟"),

		fixed("absent", Severe, -20, "absence without leave", "旷工"),
		fixed("customer-argument", Severe, -20, "argument with a customer (valid complaint)", "与客户争吵（有效投诉）"),
		fixed("outsider", Severe, -20, "outsider in the work area", "外人进入工作区"),
		fixed("equipment-out", Severe, -20, "equipment taken out", "私自带出设备"),
		fixed("incident-late-over-30", Severe, -20, "incident handled over 30 min late", "故障处理延误超过30分钟"),

		fixed("asleep", Dismissal, 0, "asleep on duty", "上班睡觉"),
		fixed("phone-off-hook", Dismissal, 0, "phone left off the hook", "电话摘机不接"),
		fixed("cliques", Dismissal, 0, "cliques", "拉帮结派"),
		fixed("abuse-of-position", Dismissal, 0, "abuse of position", "以权谋私"),

		complaint,
		fine("unpaid-not-chased", 5, "unpaid order not chased within an hour", "未付款订单拍下后一小时内未催付"),
		fine("off-task", 50, "personal chat, TV, games or software at work", "上班做与工作无关的事情（私聊、看电视、玩游戏、私装软件）"),
		fine("cleaning-not-swapped", 50, "office cleaning turn missed without swapping", "值日未清洁且未提前换班"),
		fine("secrets-disclosed", 150, "company or customer information disclosed", "泄露公司秘密或客户信息"),

		discretion,
	}
}

// SortRules orders rules by class, keeping the catalog order within a class.
func SortRules(rs []Rule) {
	slices.SortStableFunc(rs, func(a, b Rule) int { return a.Class.rank() - b.Class.rank() })
}
