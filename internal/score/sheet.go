package score

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/when"
)

// Entry is one recorded score entry, as the sheet needs it.
type Entry struct {
	ID      int64
	StaffID int64
	Rule    string
	Points  Points
	At      time.Time
	// Reverts is the entry this one compensates (0: none); RevertedBy the entry that
	// compensates this one (0: none). Both sides of a reversal count for nothing.
	Reverts    int64
	RevertedBy int64
}

// Line is how one entry counts on the sheet.
type Line struct {
	Entry
	Class Class
	// Counts is false for a reverted entry and for a compensating one.
	Counts bool
	// Counted is what the entry adds to the total: its points, or its ladder step's.
	Counted Points
	// Occurrence is the entry's place among the rule's counted entries of the month (1-based),
	// in time order, then id.
	Occurrence int
	// LadderPoints reports that Counted comes from the rule's ladder, not the entry.
	LadderPoints bool
	Fine         Fen
	Sanction     Sanction
}

// Tally is one staff member's month: the entries as they count, the automatic extra and the cap.
type Tally struct {
	Base       Points
	Bonus      Points // the sum of counted positive points
	Deductions Points // the sum of counted negative points (≤ 0)
	// Light and Medium count the month's counted violations of those classes; ExtraFrom lists
	// them when they reach the policy's thresholds and Extra is the automatic deduction.
	Light, Medium int
	Extra         Points
	ExtraFrom     []int64
	// Raw is base + bonus + deductions + extra; Total is Raw capped at the policy's max and
	// floored at its min.
	Raw, Total Points
	Fines      Fen
	Sanctions  []Sanction // from ladders, in order of first occurrence
	// DismissalRules lists the dismissal-class rules that occurred.
	DismissalRules []string
	Lines          []Line
}

// TallyEntries adds up one staff member's entries of one month under the rules and settings.
// Ladders apply in occurrence order: time, then id.
func TallyEntries(s Settings, rules map[string]Rule, entries []Entry) Tally {
	es := slices.Clone(entries)
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].At.Equal(es[j].At) {
			return es[i].At.Before(es[j].At)
		}
		return es[i].ID < es[j].ID
	})
	t := Tally{Base: s.Base}
	seen := map[string]int{}
	for _, e := range es {
		r := rules[e.Rule]
		ln := Line{Entry: e, Class: r.Class, Counts: e.Reverts == 0 && e.RevertedBy == 0}
		if ln.Counts {
			seen[e.Rule]++
			ln.Occurrence = seen[e.Rule]
			ln.Counted = e.Points
			ln.Fine = r.Fine
			if st, ok := r.Ladder.At(ln.Occurrence); ok {
				ln.Fine, ln.Sanction = st.Fine, st.Sanction
				if st.Points != nil && *st.Points != e.Points {
					ln.Counted, ln.LadderPoints = *st.Points, true
				}
			}
			switch {
			case ln.Counted > 0:
				t.Bonus += ln.Counted
			case ln.Counted < 0:
				t.Deductions += ln.Counted
			}
			switch r.Class {
			case Light:
				t.Light++
			case Medium:
				t.Medium++
			case Dismissal:
				if !slices.Contains(t.DismissalRules, e.Rule) {
					t.DismissalRules = append(t.DismissalRules, e.Rule)
				}
			}
			t.Fines += ln.Fine
			if ln.Sanction != "" && !slices.Contains(t.Sanctions, ln.Sanction) {
				t.Sanctions = append(t.Sanctions, ln.Sanction)
			}
		}
		t.Lines = append(t.Lines, ln)
	}
	if (s.RepeatLight > 0 && t.Light >= s.RepeatLight) || (s.RepeatMedium > 0 && t.Medium >= s.RepeatMedium) {
		t.Extra = s.RepeatExtra
		for _, ln := range t.Lines {
			if ln.Counts && ln.Class.violation() {
				t.ExtraFrom = append(t.ExtraFrom, ln.ID)
			}
		}
	}
	t.Raw = t.Base + t.Bonus + t.Deductions + t.Extra
	t.Total = max(min(t.Raw, s.Max), s.Min)
	return t
}

// Grade is the letter for total t: A t > 90; B 80 ≤ t ≤ 90; C 70 ≤ t < 80; D 65 ≤ t < 70;
// E 60 ≤ t < 65; F t < 60 (with the default bounds).
func (s Settings) Grade(t Points) string {
	for i, b := range s.Bounds {
		if b.Admits(t) {
			return Grades[i]
		}
	}
	return Grades[len(Grades)-1]
}

// PayFloat is (total − base) × per point, clamped to ± the limit; nothing in probation.
func (s Settings) PayFloat(total Points, probation bool) Fen {
	if probation {
		return 0
	}
	f := Fen(mulDiv(int64(total-s.Base), int64(s.PerPoint), 10))
	return max(-s.FloatLimit, min(f, s.FloatLimit))
}

// InProbation reports whether month m is in the probation of someone hired on hired
// ("YYYY-MM-DD"; empty: never): the month of hire and the months after it, months in all.
func InProbation(hired string, m when.Month, months int) bool {
	if hired == "" || months <= 0 {
		return false
	}
	h, err := time.Parse("2006-01-02", hired)
	if err != nil {
		return false
	}
	diff := (m.Year-h.Year())*12 + int(m.Month) - int(h.Month())
	return diff < months
}

// Flags of a sheet row, in the order they are listed.
const (
	FlagBelow60         = "below-60"
	FlagDismissalReview = "dismissal-review"
	FlagLastTwice       = "last-twice-below-70"
	FlagProbation       = "probation"
)

// FlagOrder is the order flags are listed in.
var FlagOrder = []string{FlagBelow60, FlagDismissalReview, FlagLastTwice, string(Warning), string(Demerit), string(WithholdPay), FlagProbation}

// Member is a staff member on a sheet.
type Member struct {
	ID    int64
	Name  string
	Team  string
	Agent bool   // role agent: ranked, and compared for last place
	Role  string // agent, supervisor, manager
	Hired string // YYYY-MM-DD or empty
}

// Sales are a pre-sale agent's month: chats resolved with an outcome, converted, and sales.
type Sales struct {
	Resolved, Converted int
	Amount              Fen
}

// Row is one staff member's line of the monthly sheet. Points are numbers with one decimal and
// money strings of yuan with two decimals in JSON; a closed month stores its rows as this JSON.
type Row struct {
	StaffID    int64    `json:"staff_id"`
	Staff      string   `json:"staff"`
	Team       string   `json:"team"`
	Role       string   `json:"role"`
	Entries    int      `json:"entries"`
	Base       Points   `json:"base"`
	Bonus      Points   `json:"bonus"`
	Deductions Points   `json:"deductions"`
	Extra      Points   `json:"extra"`
	Total      Points   `json:"total"`
	Grade      string   `json:"grade"`
	PayFloat   Fen      `json:"pay_float"`
	Fines      Fen      `json:"fines"`
	Flags      []string `json:"flags"`
	Rank       *int     `json:"rank"`
	Appeals    int      `json:"open_appeals"`
	Pending    int      `json:"pending"`
	Exam       *Points  `json:"exam"`
	// The pay sheet: pre-sale commission and the top seller's streak bonus.
	PresaleResolved  int      `json:"presale_resolved"`
	PresaleConverted int      `json:"presale_converted"`
	Conversion       *float64 `json:"conversion_rate"`
	Sales            Fen      `json:"sales"`
	CommissionRate   Percent  `json:"commission_rate"`
	Commission       Fen      `json:"commission"`
	TopSeller        bool     `json:"top_seller"`
	TopStreak        int      `json:"top_streak"`
	TopBonus         Fen      `json:"top_bonus"`
	// PayChange is pay float − fines + commission + top bonus.
	PayChange Fen `json:"pay_change"`
	// LastBelow70 says the member was last among the team's agents with a total below 70.
	LastBelow70 bool `json:"last_below_70"`
	// ValidComplaints counts the month's valid complaint verdicts against the member.
	ValidComplaints int `json:"valid_complaints"`
}

// SheetInput is everything one month's sheet is computed from.
type SheetInput struct {
	Month    when.Month
	Settings Settings
	Rules    map[string]Rule
	Members  []Member
	Entries  map[int64][]Entry
	Sales    map[int64]Sales
	// PrevLastBelow70 holds who was last below 70 in the month before.
	PrevLastBelow70 map[int64]bool
	// PrevTopStreak holds, for each member, how many months running up to the month before
	// they were their team's top seller.
	PrevTopStreak map[int64]int
}

// Sheet computes the month's rows, one per member, in the members' order.
func Sheet(in SheetInput) []Row {
	s := in.Settings
	rows := make([]Row, len(in.Members))
	tallies := make([]Tally, len(in.Members))
	for i, m := range in.Members {
		t := TallyEntries(s, in.Rules, in.Entries[m.ID])
		tallies[i] = t
		probation := InProbation(m.Hired, in.Month, s.ProbationMonths)
		r := Row{StaffID: m.ID, Staff: m.Name, Team: m.Team, Role: m.Role, Entries: len(in.Entries[m.ID]),
			Base: t.Base, Bonus: t.Bonus, Deductions: t.Deductions, Extra: t.Extra, Total: t.Total,
			Grade: s.Grade(t.Total), PayFloat: s.PayFloat(t.Total, probation), Fines: t.Fines}
		sales := in.Sales[m.ID]
		r.PresaleResolved, r.PresaleConverted, r.Sales = sales.Resolved, sales.Converted, sales.Amount
		r.CommissionRate, r.Commission = s.Commission(sales)
		if sales.Resolved > 0 {
			c := float64(sales.Converted) / float64(sales.Resolved)
			r.Conversion = &c
		}
		flags := map[string]bool{}
		if t.Total < Pts(60) {
			flags[FlagBelow60], flags[FlagDismissalReview] = true, true
		}
		if len(t.DismissalRules) > 0 {
			flags[FlagDismissalReview] = true
		}
		for _, sn := range t.Sanctions {
			flags[string(sn)] = true
		}
		if probation {
			flags[FlagProbation] = true
		}
		r.Flags = orderFlags(flags)
		rows[i] = r
	}
	lastBelow70(rows)
	rankRows(rows)
	for _, id := range topSellers(in.Members, in.Sales) {
		i := slices.IndexFunc(rows, func(r Row) bool { return r.StaffID == id })
		rows[i].TopSeller = true
		rows[i].TopStreak = in.PrevTopStreak[id] + 1
		rows[i].TopBonus = s.StreakBonus(rows[i].TopStreak)
	}
	for i := range rows {
		r := &rows[i]
		if r.LastBelow70 && in.PrevLastBelow70[r.StaffID] {
			flags := map[string]bool{FlagLastTwice: true}
			for _, f := range r.Flags {
				flags[f] = true
			}
			r.Flags = orderFlags(flags)
		}
		r.PayChange = r.PayFloat - r.Fines + r.Commission + r.TopBonus
	}
	return rows
}

func orderFlags(set map[string]bool) []string {
	out := []string{}
	for _, f := range FlagOrder {
		if set[f] {
			out = append(out, f)
		}
	}
	return out
}

// teams groups the agents' row indexes by team.
func teams(rows []Row) map[string][]int {
	out := map[string][]int{}
	for i, r := range rows {
		if r.Role == "agent" {
			out[r.Team] = append(out[r.Team], i)
		}
	}
	return out
}

// lastBelow70 marks the agents who are last in their team (ties are all last) with a total
// below 70. A team of one agent has no last place.
func lastBelow70(rows []Row) {
	for _, idx := range teams(rows) {
		if len(idx) < 2 {
			continue
		}
		low := rows[idx[0]].Total
		for _, i := range idx {
			low = min(low, rows[i].Total)
		}
		for _, i := range idx {
			rows[i].LastBelow70 = rows[i].Total == low && low < Pts(70)
		}
	}
}

// rankRows ranks agents by total within their team: 1 is the highest, ties share a rank
// (1, 1, 3). Supervisors and managers are not ranked.
func rankRows(rows []Row) {
	for _, idx := range teams(rows) {
		for _, i := range idx {
			n := 1
			for _, j := range idx {
				if rows[j].Total > rows[i].Total {
					n++
				}
			}
			rows[i].Rank = &n
		}
	}
}

// LastBelow70 returns who is last below 70 in rows (as Sheet marks them), by staff id.
func LastBelow70(rows []Row) map[int64]bool {
	out := map[int64]bool{}
	for _, r := range rows {
		if r.LastBelow70 {
			out[r.StaffID] = true
		}
	}
	return out
}

// Ordinal prints 1st, 2nd, 3rd, 4th ... for occurrences and streaks.
func Ordinal(n int) string {
	if i18n.Current().Chinese() {
		// Chinese puts 第 … 次/个月 around the number in the sentence itself.
		return strconv.Itoa(n)
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
