package core

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/when"
)

// The monthly sheet (考核表): the month's frozen policy, its members and rows, the
// explanation of one total, and the year view.

// ScoreSheet is a month's sheet: computed for an open month, frozen for a closed one.
type ScoreSheet struct {
	Month    when.Month
	Closed   bool
	ClosedAt time.Time
	ClosedBy string
	// Policy holds the appraisal settings used (frozen with a closed month).
	Policy map[string]string
	Rows   []score.Row
}

// frozenPolicy is what a closed month keeps of the policy: the settings and the catalog.
type frozenPolicy struct {
	Settings map[string]string `json:"settings"`
	Rules    []score.Rule      `json:"rules"`
}

// monthPolicy is the policy a month is computed with: frozen for a closed month, else current.
type monthPolicy struct {
	values   map[string]string
	settings score.Settings
	rules    []score.Rule
	closed   *persist.ScoreClose
	frozen   []score.Row
}

func (e *env) monthPolicy(m when.Month) (monthPolicy, error) {
	if e.sheet == nil {
		return e.readMonthPolicy(m)
	}
	if mp, ok := e.sheet.policies[m]; ok {
		return mp, nil
	}
	mp, err := e.readMonthPolicy(m)
	if err == nil {
		e.sheet.policies[m] = mp
	}
	return mp, err
}

func (e *env) readMonthPolicy(m when.Month) (monthPolicy, error) {
	var mp monthPolicy
	c, closed, err := e.tx.ScoreCloseFor(m.String())
	if err != nil {
		return mp, err
	}
	if closed {
		var fp frozenPolicy
		if err := json.Unmarshal([]byte(c.Policy), &fp); err != nil {
			return mp, errs.Wrap(err, "reading the policy frozen with %s", m)
		}
		if err := json.Unmarshal([]byte(c.Sheet), &mp.frozen); err != nil {
			return mp, errs.Wrap(err, "reading the sheet frozen with %s", m)
		}
		mp.values, mp.rules, mp.closed = fp.Settings, fp.Rules, &c
		mp.settings, err = score.SettingsFrom(func(k string) string {
			if v, ok := fp.Settings[k]; ok {
				return v
			}
			return score.DefaultValues[k]
		})
		return mp, err
	}
	mp.values = map[string]string{}
	for k, v := range e.policy.Settings {
		if score.IsKey(k) {
			mp.values[k] = v
		}
	}
	if mp.settings, err = e.scoreSettings(); err != nil {
		return mp, err
	}
	mp.rules, err = e.sheet.scoreRules(e.tx)
	return mp, err
}

// sheetMembers lists who a month's sheet covers: everyone employed in the month (from the
// hire date, or the day they were added, until deactivated), and anyone with entries in it.
func (e *env) sheetMembers(m when.Month, withEntries map[int64]bool) ([]score.Member, error) {
	all, err := e.sheet.allStaff(e.tx)
	if err != nil {
		return nil, err
	}
	start, end := m.Start(e.loc), m.End(e.loc)
	var out []score.Member
	for _, st := range all {
		began := st.CreatedAt
		if st.Hired != "" {
			if h, err := when.ParseDate(st.Hired, e.loc); err == nil {
				began = h
			}
		}
		employed := began.Before(end) && (st.DeactivatedAt == nil || !st.DeactivatedAt.Before(start))
		if employed || withEntries[st.ID] {
			out = append(out, score.Member{ID: st.ID, Name: st.Name, Team: st.Team, Agent: st.Role == access.Agent, Role: string(st.Role), Hired: st.Hired})
		}
	}
	return out, nil
}

// computeRows computes an open month's rows for everyone it covers.
func (e *env) computeRows(m when.Month, mp monthPolicy, prevLast map[int64]bool, prevStreak map[int64]int) ([]score.Row, error) {
	es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc)})
	if err != nil {
		return nil, err
	}
	byStaff := map[int64][]score.Entry{}
	has := map[int64]bool{}
	for _, x := range es {
		byStaff[x.StaffID] = append(byStaff[x.StaffID], x.Entry())
		has[x.StaffID] = true
	}
	members, err := e.sheetMembers(m, has)
	if err != nil {
		return nil, err
	}
	sales, err := e.presaleSales(m)
	if err != nil {
		return nil, err
	}
	rows := score.Sheet(score.SheetInput{Month: m, Settings: mp.settings, Rules: ruleMap(mp.rules), Members: members,
		Entries: byStaff, Sales: sales, PrevLastBelow70: prevLast, PrevTopStreak: prevStreak})
	exams, err := e.tx.ScoreExams(m.String())
	if err != nil {
		return nil, err
	}
	valid, err := e.tx.ValidComplaints(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if x, ok := exams[rows[i].StaffID]; ok {
			rows[i].Exam = &x
		}
		rows[i].ValidComplaints = valid[rows[i].StaffID]
	}
	return rows, nil
}

// baseRows are a month's rows as far as the month alone decides them (who is last, who sold
// most): the frozen rows of a closed month, else computed.
func (e *env) baseRows(m when.Month) ([]score.Row, error) {
	mp, err := e.monthPolicy(m)
	if err != nil || mp.closed != nil {
		return mp.frozen, err
	}
	return e.computeRows(m, mp, nil, nil)
}

// topSellers returns who was their team's top seller in m.
// presaleSales is the month's pre-sale results, read once per use case: a sheet reads the
// previous months' both for their rows and for the top-seller streak.
func (e *env) presaleSales(m when.Month) (map[int64]score.Sales, error) {
	if s, ok := e.sales[m]; ok {
		return s, nil
	}
	s, err := e.tx.PresaleSales(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return nil, err
	}
	if e.sales == nil {
		e.sales = map[when.Month]map[int64]score.Sales{}
	}
	e.sales[m] = s
	return s, nil
}

func (e *env) topSellers(m when.Month) (map[int64]bool, error) {
	mp, err := e.monthPolicy(m)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	if mp.closed != nil {
		for _, r := range mp.frozen {
			if r.TopSeller {
				out[r.StaffID] = true
			}
		}
		return out, nil
	}
	sales, err := e.presaleSales(m)
	if err != nil || len(sales) == 0 {
		return out, err
	}
	has := map[int64]bool{}
	for id := range sales {
		has[id] = true
	}
	members, err := e.sheetMembers(m, has)
	if err != nil {
		return nil, err
	}
	return score.TopSellers(members, sales), nil
}

// monthSheet is the month's sheet with every row (supervisors and managers included).
func (e *env) monthSheet(m when.Month) (ScoreSheet, error) {
	if e.sheet == nil {
		e.sheet = &sheetReads{policies: map[when.Month]monthPolicy{}}
		defer func() { e.sheet = nil }()
	}
	sh := ScoreSheet{Month: m}
	mp, err := e.monthPolicy(m)
	if err != nil {
		return sh, err
	}
	sh.Policy = mp.values
	if mp.closed != nil {
		sh.Closed, sh.ClosedAt, sh.ClosedBy, sh.Rows = true, mp.closed.ClosedAt, mp.closed.ClosedBy, mp.frozen
	} else {
		prev, err := e.baseRows(m.Prev())
		if err != nil {
			return sh, err
		}
		streak := map[int64]int{}
		if n := len(mp.settings.TopBonus) - 1; n > 0 {
			tops := map[when.Month]map[int64]bool{}
			var failed error
			isTop := func(id int64) func(when.Month) bool {
				return func(x when.Month) bool {
					if _, ok := tops[x]; !ok && failed == nil {
						tops[x], failed = e.topSellers(x)
					}
					return tops[x][id]
				}
			}
			last, err := e.topSellers(m.Prev())
			if err != nil {
				return sh, err
			}
			tops[m.Prev()] = last
			for id := range last {
				streak[id] = score.StreakBefore(m, n, isTop(id))
			}
			if failed != nil {
				return sh, failed
			}
		}
		if sh.Rows, err = e.computeRows(m, mp, score.LastBelow70(prev), streak); err != nil {
			return sh, err
		}
	}
	// Appeals and proposals are live even on a frozen sheet: they are what is still open.
	appeals, pending, err := e.tx.ScoreOpenCounts(m.Start(e.loc), m.End(e.loc))
	if err != nil {
		return sh, err
	}
	for i := range sh.Rows {
		sh.Rows[i].Appeals, sh.Rows[i].Pending = appeals[sh.Rows[i].StaffID], pending[sh.Rows[i].StaffID]
	}
	return sh, nil
}

// listed reports whether a row shows on the sheet: agents always, supervisors and managers
// with entries or when all is asked for.
func listed(r score.Row, all bool, team string) bool {
	if team != "" && r.Team != team {
		return false
	}
	return all || r.Role == string(access.Agent) || r.Entries > 0
}

// ScoreMonthOptions are score month's flags.
type ScoreMonthOptions struct {
	Month string
	Team  string
	All   bool
}

// ScoreMonth returns the month's sheet: active agents, anyone with entries, and with All the
// supervisors and managers.
func (s *Service) ScoreMonth(ctx context.Context, o ScoreMonthOptions) (ScoreSheet, error) {
	var sh ScoreSheet
	err := s.read(ctx, func(e *env) error {
		m, err := e.scoreMonth(o.Month)
		if err != nil {
			return err
		}
		if sh, err = e.monthSheet(m); err != nil {
			return err
		}
		sh.Rows = slices.DeleteFunc(sh.Rows, func(r score.Row) bool { return !listed(r, o.All, o.Team) })
		return nil
	})
	return sh, err
}

// ScoreExplanation is everything that made a staff member's total, for "why do I have 68?".
type ScoreExplanation struct {
	Month    when.Month
	Staff    string
	Closed   bool
	Row      score.Row
	Tally    score.Tally
	Settings score.Settings
	Rules    map[string]score.Rule
	Entries  map[int64]persist.ScoreEntry
	// Flags says why each flag is raised.
	Flags   []FlagReason
	Pending []persist.ScorePending
	Appeals []persist.ScoreAppeal
	Hired   string
	// Verdicts are the month's complaint verdicts against the staff member.
	Verdicts []persist.Verdict
}

// FlagReason is a flag with the reason it is raised (the rule lives in internal/score).
type FlagReason = score.FlagReason

// ScoreExplain lists every entry and automatic extra behind a staff member's month.
func (s *Service) ScoreExplain(ctx context.Context, staffRef, month string) (ScoreExplanation, error) {
	var x ScoreExplanation
	err := s.read(ctx, func(e *env) error {
		st, err := e.tx.StaffByName(staffRef)
		if err != nil {
			return err
		}
		m, err := e.scoreMonth(month)
		if err != nil {
			return err
		}
		x.Month, x.Staff, x.Hired = m, st.Name, st.Hired
		sh, err := e.monthSheet(m)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sh.Rows, func(r score.Row) bool { return r.StaffID == st.ID })
		if i < 0 {
			return errs.Invalidf("%s is not on the sheet of %s: not employed then and no entries", st.Name, m)
		}
		x.Row, x.Closed = sh.Rows[i], sh.Closed
		mp, err := e.monthPolicy(m)
		if err != nil {
			return err
		}
		x.Settings, x.Rules = mp.settings, ruleMap(mp.rules)
		es, err := e.tx.ScoreEntries(persist.ScoreEntryFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID})
		if err != nil {
			return err
		}
		x.Entries = map[int64]persist.ScoreEntry{}
		for _, en := range es {
			x.Entries[en.ID] = en
		}
		x.Tally = score.TallyEntries(x.Settings, x.Rules, entriesOf(es))
		if x.Pending, err = e.tx.ScorePendingEntries(persist.ScoreFilter{Status: "pending", From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		if x.Appeals, err = e.tx.ScoreAppeals(persist.ScoreFilter{Status: "open", From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		if x.Verdicts, err = e.tx.Verdicts(persist.VerdictFilter{From: m.Start(e.loc), To: m.End(e.loc), StaffID: st.ID}); err != nil {
			return err
		}
		x.Flags = score.FlagReasons(x.Row, x.Tally, x.Settings, x.Hired, m)
		return nil
	})
	return x, err
}

// ScoreYearRow is one staff member's year: each month's total and grade (nil where they were
// not on the sheet) and the average of the months they were.
type ScoreYearRow struct {
	StaffID      int64
	Staff        string
	Team         string
	Totals       []*score.Points
	Grades       []string
	Average      *score.Points
	AverageGrade string
}

// ScoreYearView is score year's answer.
type ScoreYearView struct {
	Year   int
	Months []when.Month
	Rows   []ScoreYearRow
}

// ScoreYear gathers each month's total and grade per staff member (months up to the current
// one), and the average.
func (s *Service) ScoreYear(ctx context.Context, year int, team string, all bool) (ScoreYearView, error) {
	var v ScoreYearView
	err := s.read(ctx, func(e *env) error {
		now := when.MonthOf(e.tx.Time(), e.loc)
		if year == 0 {
			year = now.Year
		}
		if year > now.Year || year < 2000 {
			return errs.Invalidf("--year %d: use a year from 2000 to %d", year, now.Year)
		}
		v.Year = year
		last := time.December
		if year == now.Year {
			last = now.Month
		}
		settings, err := e.scoreSettings()
		if err != nil {
			return err
		}
		// A month before the database's first activity, or before someone began, has no data:
		// it shows empty and stays out of the average.
		first, any, err := e.tx.FirstActivity()
		if err != nil {
			return err
		}
		began, err := e.staffBegan()
		if err != nil {
			return err
		}
		byID := map[int64]*ScoreYearRow{}
		var order []int64
		// The months' sheets read each month's close, the catalog and the staff once between them.
		e.sheet = &sheetReads{policies: map[when.Month]monthPolicy{}}
		defer func() { e.sheet = nil }()
		for mo := time.January; mo <= last; mo++ {
			m := when.Month{Year: year, Month: mo}
			v.Months = append(v.Months, m)
			sh, err := e.monthSheet(m)
			if err != nil {
				return err
			}
			for _, r := range sh.Rows {
				if !listed(r, all, team) {
					continue
				}
				end := m.End(e.loc)
				noData := !any || !first.Before(end)
				if b, ok := began[r.StaffID]; ok && !b.Before(end) {
					noData = true
				}
				if noData && !sh.Closed {
					continue
				}
				yr := byID[r.StaffID]
				if yr == nil {
					yr = &ScoreYearRow{StaffID: r.StaffID, Staff: r.Staff, Team: r.Team,
						Totals: make([]*score.Points, int(last)), Grades: make([]string, int(last))}
					byID[r.StaffID] = yr
					order = append(order, r.StaffID)
				}
				t := r.Total
				yr.Totals[mo-1], yr.Grades[mo-1] = &t, r.Grade
			}
		}
		slices.Sort(order)
		for _, id := range order {
			yr := byID[id]
			// Every row has at least one month: it was made from one.
			avg, _ := score.YearAverage(yr.Totals)
			yr.Average, yr.AverageGrade = &avg, settings.Grade(avg)
			v.Rows = append(v.Rows, *yr)
		}
		return nil
	})
	return v, err
}

// staffBegan is when each staff member began: the hire date, or the day they were added.
func (e *env) staffBegan() (map[int64]time.Time, error) {
	all, err := e.tx.ListStaff(persist.StaffFilter{IncludeOff: true})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]time.Time, len(all))
	for _, st := range all {
		out[st.ID] = st.CreatedAt
		if st.Hired != "" {
			if h, err := when.ParseDate(st.Hired, e.loc); err == nil {
				out[st.ID] = h
			}
		}
	}
	return out, nil
}
