package score

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/when"
)

func p(s string) Points {
	v, err := ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParsePoints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Points
		str  string
	}{
		{"5", 50, "5.0"}, {"-5", -50, "-5.0"}, {"+2.5", 25, "2.5"}, {"−0.5", -5, "-0.5"},
		{"0", 0, "0.0"}, {"80.0", 800, "80.0"}, {" 90.5 ", 905, "90.5"}, {"-0.1", -1, "-0.1"},
		{"1000", 10000, "1000.0"},
	} {
		got, err := ParsePoints(tc.in)
		if err != nil || got != tc.want || got.String() != tc.str {
			t.Errorf("ParsePoints(%q) = %d (%s), %v; want %d (%s)", tc.in, got, got, err, tc.want, tc.str)
		}
	}
	for _, bad := range []string{"", "-", "2.55", "2.", ".5", "1e3", "abc", "5-", "--5", "0x10", "1000.1", "NaN", "５"} {
		if _, err := ParsePoints(bad); err == nil {
			t.Errorf("ParsePoints(%q) succeeded", bad)
		}
	}
	// Half points add up exactly, never as binary floats.
	var sum Points
	for i := 0; i < 10; i++ {
		sum += p("0.1")
	}
	if sum != Pts(1) {
		t.Errorf("ten times 0.1 = %s", sum)
	}
	if got := p("-2.5").Signed(); got != "-2.5" {
		t.Errorf("Signed = %s", got)
	}
	if got := p("2.5").Signed(); got != "+2.5" {
		t.Errorf("Signed = %s", got)
	}
	b, _ := json.Marshal(struct{ P Points }{p("-17.5")})
	if string(b) != `{"P":-17.5}` {
		t.Errorf("JSON = %s", b)
	}
}

func FuzzParsePoints(f *testing.F) {
	for _, s := range []string{"5", "-2.5", "+0.5", "−1", "80.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParsePoints(s)
		if err != nil {
			return
		}
		if v > MaxPoints || v < -MaxPoints {
			t.Fatalf("%q parsed to %d, beyond the bound", s, v)
		}
		back, err := ParsePoints(v.String())
		if err != nil || back != v {
			t.Fatalf("%q → %s → %d, %v", s, v, back, err)
		}
	})
}

func TestDivRound(t *testing.T) {
	for _, tc := range []struct {
		p    Points
		n    int64
		want Points
	}{{p("85"), 2, p("42.5")}, {p("0.5"), 2, p("0.3")}, {p("-0.5"), 2, p("-0.3")}, {p("100"), 3, p("33.3")}, {p("200"), 3, p("66.7")}} {
		if got := tc.p.DivRound(tc.n); got != tc.want {
			t.Errorf("%s / %d = %s, want %s", tc.p, tc.n, got, tc.want)
		}
	}
}

func TestGradeBoundaries(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct {
		total string
		grade string
	}{
		{"110", "A"}, {"90.5", "A"}, {"90.1", "A"},
		{"90", "B"}, {"89.9", "B"}, {"80", "B"},
		{"79.9", "C"}, {"70", "C"},
		{"69.9", "D"}, {"65", "D"},
		{"64.9", "E"}, {"60", "E"},
		{"59.9", "F"}, {"0", "F"}, {"-20", "F"},
	} {
		if got := s.Grade(p(tc.total)); got != tc.grade {
			t.Errorf("Grade(%s) = %s, want %s", tc.total, got, tc.grade)
		}
	}
}

func TestPayFloat(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct {
		total     string
		probation bool
		want      Fen
	}{
		{"80", false, 0},
		{"85.5", false, Yuan(55)},
		{"79.5", false, -Yuan(5)},
		{"110", false, Yuan(300)}, // (110 − 80) × 10 = 300: exactly the limit
		{"109.5", false, Yuan(295)},
		{"50", false, -Yuan(300)},   // exactly −300
		{"40", false, -Yuan(300)},   // −400 clamped
		{"49.5", false, -Yuan(300)}, // −305 clamped
		{"95", true, 0},
		{"40", true, 0},
	} {
		if got := s.PayFloat(p(tc.total), tc.probation); got != tc.want {
			t.Errorf("PayFloat(%s, probation %v) = %s, want %s", tc.total, tc.probation, got, tc.want)
		}
	}
	// A per-point amount with fen rounds half away from zero.
	s.PerPoint = 1055 // 10.55 yuan
	if got := s.PayFloat(p("80.5"), false); got != 528 {
		t.Errorf("0.5 × 10.55 = %d fen, want 528 (527.5 rounded)", got)
	}
	if got := s.PayFloat(p("79.5"), false); got != -528 {
		t.Errorf("-0.5 × 10.55 = %d fen, want -528", got)
	}
}

func TestInProbation(t *testing.T) {
	for _, tc := range []struct {
		hired string
		month string
		n     int
		want  bool
	}{
		{"2026-03-15", "2026-03", 2, true},
		{"2026-03-15", "2026-04", 2, true},
		{"2026-03-15", "2026-05", 2, false},
		{"2025-12-31", "2026-01", 2, true}, // across the year
		{"2025-12-01", "2026-02", 2, false},
		{"2026-03-01", "2026-02", 2, true}, // before hire: no float either
		{"", "2026-03", 2, false},
		{"2026-03-15", "2026-03", 0, false},
	} {
		m, _ := when.ParseMonth(tc.month)
		if got := InProbation(tc.hired, m, tc.n); got != tc.want {
			t.Errorf("InProbation(%s, %s, %d) = %v", tc.hired, tc.month, tc.n, got)
		}
	}
}

var march = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func day(d int) time.Time { return march.AddDate(0, 0, d-1) }

func rulesMap() map[string]Rule {
	m := map[string]Rule{}
	for _, r := range DefaultRules() {
		m[r.Code] = r
	}
	return m
}

func TestTallyAutomaticExtra(t *testing.T) {
	s, rules := DefaultSettings(), rulesMap()
	light := func(id int64, d int) Entry { return Entry{ID: id, Rule: "language", Points: Pts(-2), At: day(d)} }
	medium := func(id int64, d int) Entry { return Entry{ID: id, Rule: "games-videos", Points: Pts(-10), At: day(d)} }
	for _, tc := range []struct {
		name    string
		entries []Entry
		extra   Points
		total   Points
	}{
		{"three light", []Entry{light(1, 1), light(2, 2), light(3, 3)}, 0, p("74")},
		{"four light", []Entry{light(1, 1), light(2, 2), light(3, 3), light(4, 4)}, Pts(-20), p("52")},
		{"four light, one reverted", []Entry{light(1, 1), light(2, 2), light(3, 3), {ID: 4, Rule: "language", Points: Pts(-2), At: day(4), RevertedBy: 5}, {ID: 5, Rule: "language", Points: Pts(2), At: day(4), Reverts: 4}}, 0, p("74")},
		{"one medium", []Entry{medium(1, 1)}, 0, p("70")},
		{"two medium", []Entry{medium(1, 1), medium(2, 9)}, Pts(-20), p("40")},
		{"both thresholds: still one −20", []Entry{medium(1, 1), medium(2, 2), light(3, 3), light(4, 4), light(5, 5), light(6, 6)}, Pts(-20), p("32")},
		{"severe is not counted", []Entry{{ID: 1, Rule: "absent", Points: Pts(-20), At: day(1)}, {ID: 2, Rule: "outsider", Points: Pts(-20), At: day(2)}}, 0, p("40")},
		{"discretion is not a violation", []Entry{light(1, 1), light(2, 2), light(3, 3), {ID: 4, Rule: "discretion", Points: Pts(-3), At: day(4)}}, 0, p("71")},
	} {
		got := TallyEntries(s, rules, tc.entries)
		if got.Extra != tc.extra || got.Total != tc.total {
			t.Errorf("%s: extra %s total %s, want %s and %s", tc.name, got.Extra, got.Total, tc.extra, tc.total)
		}
	}
}

func TestTallyHalfPointsAndCap(t *testing.T) {
	s, rules := DefaultSettings(), rulesMap()
	got := TallyEntries(s, rules, []Entry{
		{ID: 1, Rule: "discretion", Points: p("2.5"), At: day(1)},
		{ID: 2, Rule: "chatter", Points: p("-1.5"), At: day(2)},
	})
	if got.Bonus != p("2.5") || got.Deductions != p("-1.5") || got.Total != p("81") {
		t.Errorf("half points: bonus %s deductions %s total %s", got.Bonus, got.Deductions, got.Total)
	}
	var es []Entry
	for i := int64(1); i <= 8; i++ {
		es = append(es, Entry{ID: i, Rule: "extra-task", Points: Pts(5), At: day(int(i))})
	}
	got = TallyEntries(s, rules, es)
	if got.Raw != Pts(120) || got.Total != Pts(110) {
		t.Errorf("cap: raw %s total %s, want 120 and 110", got.Raw, got.Total)
	}
}

func TestLaddersInOccurrenceOrder(t *testing.T) {
	s, rules := DefaultSettings(), rulesMap()
	// Entered out of order: ids do not follow time; entry 9 is back-dated to the 1st, and entries
	// 4 and 3 share a time (so id decides). A reverted one does not take a place.
	es := []Entry{
		{ID: 3, Rule: "handover-missing", Points: Pts(-5), At: day(5)},
		{ID: 4, Rule: "handover-missing", Points: Pts(-5), At: day(5)},
		{ID: 7, Rule: "handover-missing", Points: Pts(-5), At: day(2), RevertedBy: 8},
		{ID: 8, Rule: "handover-missing", Points: Pts(5), At: day(2), Reverts: 7},
		{ID: 9, Rule: "handover-missing", Points: Pts(-5), At: day(1)},
		{ID: 10, Rule: "handover-missing", Points: Pts(-5), At: day(20)},
		{ID: 11, Rule: "handover-missing", Points: Pts(-5), At: day(21)},
		{ID: 12, Rule: "handover-missing", Points: Pts(-5), At: day(22)},
	}
	got := TallyEntries(s, rules, es)
	type occ struct {
		id   int64
		n    int
		fine Fen
		sn   Sanction
	}
	var occs []occ
	for _, ln := range got.Lines {
		if ln.Counts {
			occs = append(occs, occ{ln.ID, ln.Occurrence, ln.Fine, ln.Sanction})
		}
	}
	want := []occ{{9, 1, Yuan(30), ""}, {3, 2, Yuan(50), ""}, {4, 3, Yuan(80), ""}, {10, 4, 0, WithholdPay}, {11, 5, 0, DismissalReview}, {12, 6, 0, DismissalReview}}
	if !reflect.DeepEqual(occs, want) {
		t.Errorf("occurrences = %+v\nwant %+v", occs, want)
	}
	if got.Fines != Yuan(160) {
		t.Errorf("fines = %s, want 160.00", got.Fines)
	}
	if !reflect.DeepEqual(got.Sanctions, []Sanction{WithholdPay, DismissalReview}) {
		t.Errorf("sanctions = %v", got.Sanctions)
	}
	// Six light violations also bring the automatic −20: 80 − 30 − 20 = 30.
	if got.Total != Pts(30) || got.Extra != Pts(-20) {
		t.Errorf("total %s extra %s", got.Total, got.Extra)
	}

	// A ladder step with its own points replaces the entry's.
	r := rules["late-early"]
	r.Ladder, _ = ParseLadder("none,points=-5+warning")
	rules["late-early"] = r
	got = TallyEntries(s, rules, []Entry{
		{ID: 1, Rule: "late-early", Points: Pts(-2), At: day(1)},
		{ID: 2, Rule: "late-early", Points: Pts(-2), At: day(2)},
	})
	if got.Deductions != Pts(-7) || !got.Lines[1].LadderPoints || got.Lines[1].Sanction != Warning {
		t.Errorf("ladder points: deductions %s, lines %+v", got.Deductions, got.Lines)
	}
}

func TestParseLadder(t *testing.T) {
	l, err := ParseLadder("fine=30, fine=50,fine=80.5 ,withhold-pay,points=-8+fine=100+dismissal-review,none")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.String(); got != "fine=30,fine=50,fine=80.50,withhold-pay,points=-8.0+fine=100+dismissal-review,none" {
		t.Errorf("String = %s", got)
	}
	back, err := ParseLadder(l.String())
	if err != nil || back.String() != l.String() {
		t.Errorf("round trip: %v %v", back, err)
	}
	for _, bad := range []string{"fine=0", "fine=-3", "fine=abc", "warn", "fine=30,,fine=50", "warning+demerit", "points=x", "fine=1+fine=2"} {
		if _, err := ParseLadder(bad); err == nil {
			t.Errorf("ParseLadder(%q) succeeded", bad)
		}
	}
	if l, err := ParseLadder(""); err != nil || l != nil {
		t.Errorf("empty ladder = %v, %v", l, err)
	}
}

func TestRuleValidateAndResolve(t *testing.T) {
	for _, r := range DefaultRules() {
		if err := r.Validate(); err != nil {
			t.Errorf("default rule %s: %v", r.Code, err)
		}
	}
	bad := []Rule{
		{Code: "x", Class: Light, Min: -50, Max: -50},
		{Code: "bonus-neg", Class: Bonus, Min: -50, Max: -50},
		{Code: "light-pos", Class: Light, Min: 20, Max: 20},
		{Code: "dismiss-pts", Class: Dismissal, Min: -50, Max: -50},
		{Code: "my-discretion", Class: Discretion, Min: -50, Max: 50},
		{Code: "discretion", Class: Bonus, Min: 50, Max: 50},
		{Code: "Upper", Class: Light, Min: -50, Max: -50},
	}
	for _, r := range bad {
		if err := r.Validate(); err == nil {
			t.Errorf("rule %+v validated", r)
		}
	}
	rules := rulesMap()
	five, three, two5, zero := Pts(-5), Pts(-3), p("-2.5"), Points(0)
	if _, err := rules["late-early"].Resolve(nil); err == nil || !strings.Contains(err.Error(), "-2.0..-5.0") {
		t.Errorf("range without points: %v", err)
	}
	if got, err := rules["late-early"].Resolve(&three); err != nil || got != three {
		t.Errorf("in range: %v %v", got, err)
	}
	if got, err := rules["late-early"].Resolve(&two5); err != nil || got != two5 {
		t.Errorf("half point in range: %v %v", got, err)
	}
	if _, err := rules["chatter"].Resolve(&five); err == nil {
		t.Error("out of range accepted")
	}
	if got, err := rules["slow-reply"].Resolve(nil); err != nil || got != five {
		t.Errorf("fixed default: %v %v", got, err)
	}
	if _, err := rules["slow-reply"].Resolve(&three); err == nil {
		t.Error("a fixed rule took other points")
	}
	if _, err := rules["discretion"].Resolve(&zero); err == nil {
		t.Error("zero discretion accepted")
	}
	if got := rules["discretion"].PointsSpec(); got != "-5.0..+5.0" {
		t.Errorf("discretion spec %s", got)
	}
}

func TestSettingsValidation(t *testing.T) {
	get := func(over map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return DefaultValues[k]
		}
	}
	for _, tc := range []struct {
		over map[string]string
		msg  string
	}{
		{map[string]string{KeyBase: "200"}, "score.base 200 is above score.max 110"},
		{map[string]string{GradeKey(2): ">=85"}, "grade bands overlap: score.grade.b >=80 must be above score.grade.c >=85"},
		{map[string]string{GradeKey(1): ">90"}, "score.grade.a >90 must be above score.grade.b >90"},
		{map[string]string{GradeKey(3): ">=70"}, "overlap"},
		{map[string]string{KeyMax: "90"}, "grade A (score.grade.a >90) can never be reached"},
		{map[string]string{KeyTopBonus: "50,x"}, "commission.top_bonus"},
	} {
		_, err := SettingsFrom(get(tc.over))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v: error %v, want %q", tc.over, err, tc.msg)
		}
	}
	// Bands that touch exactly are fine: B ≥ 90 under A > 90 leaves B the single value 90..90.
	if _, err := SettingsFrom(get(map[string]string{GradeKey(1): ">90", GradeKey(0): ">95"})); err != nil {
		t.Errorf("valid bands refused: %v", err)
	}
	s, err := SettingsFrom(get(map[string]string{GradeKey(1): ">90", GradeKey(0): ">=90.5"}))
	if err != nil || s.Grade(p("90.5")) != "A" || s.Grade(p("90.1")) != "B" || s.Grade(p("90")) != "C" {
		t.Errorf("moved bands: %v", err)
	}
}

func member(id int64, name, team string) Member {
	return Member{ID: id, Name: name, Team: team, Agent: true, Role: "agent"}
}

func TestLastPlaceWithTies(t *testing.T) {
	m := when.Month{Year: 2026, Month: time.March}
	members := []Member{member(1, "张伟", "售后"), member(2, "李娜", "售后"), member(3, "赵敏", "售后"), member(4, "孙丽", "售前"), member(5, "周杰", "售前")}
	deduct := func(id int64, pts int64) []Entry {
		return []Entry{{ID: id, StaffID: id, Rule: "discretion", Points: Pts(-pts), At: day(1)}, {ID: id + 100, StaffID: id, Rule: "absent", Points: Pts(-20), At: day(2)}}
	}
	in := SheetInput{Month: m, Settings: DefaultSettings(), Rules: rulesMap(), Members: members,
		Entries: map[int64][]Entry{
			1: deduct(1, 5), // 55
			2: deduct(2, 5), // 55: tied last with 张伟
			3: deduct(3, 1), // 59
			4: deduct(4, 1), // 59, last of 售前, but 周杰 is 80
		},
		PrevLastBelow70: map[int64]bool{1: true, 3: true, 4: true},
	}
	rows := Sheet(in)
	last := LastBelow70(rows)
	if !reflect.DeepEqual(last, map[int64]bool{1: true, 2: true, 4: true}) {
		t.Errorf("last below 70 = %v", last)
	}
	flagged := map[string]bool{}
	for _, r := range rows {
		if slicesContains(r.Flags, FlagLastTwice) {
			flagged[r.Staff] = true
		}
	}
	// 张伟: last both months. 李娜: last now, not before. 赵敏: last before, not now. 孙丽: both.
	if !reflect.DeepEqual(flagged, map[string]bool{"张伟": true, "孙丽": true}) {
		t.Errorf("last-twice-below-70 on %v", flagged)
	}
	ranks := map[string]int{}
	for _, r := range rows {
		ranks[r.Staff] = *r.Rank
	}
	if !reflect.DeepEqual(ranks, map[string]int{"张伟": 2, "李娜": 2, "赵敏": 1, "孙丽": 2, "周杰": 1}) {
		t.Errorf("ranks = %v", ranks)
	}
	// Everyone last but at or above 70 is not flagged; a team of one has no last place.
	rows = Sheet(SheetInput{Month: m, Settings: DefaultSettings(), Rules: rulesMap(), Members: members[:3], PrevLastBelow70: map[int64]bool{1: true, 2: true, 3: true}})
	if got := LastBelow70(rows); len(got) != 0 {
		t.Errorf("all at 80: last below 70 = %v", got)
	}
	rows = Sheet(SheetInput{Month: m, Settings: DefaultSettings(), Rules: rulesMap(), Members: members[:1], Entries: map[int64][]Entry{1: deduct(1, 5)}})
	if got := LastBelow70(rows); len(got) != 0 {
		t.Errorf("team of one: last below 70 = %v", got)
	}
}

func slicesContains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestSheetFlagsAndProbation(t *testing.T) {
	m := when.Month{Year: 2026, Month: time.March}
	members := []Member{
		{ID: 1, Name: "新人", Agent: true, Role: "agent", Hired: "2026-02-10"},
		{ID: 2, Name: "老员工", Agent: true, Role: "agent", Hired: "2024-01-01"},
		{ID: 3, Name: "陈静", Role: "supervisor"},
	}
	rows := Sheet(SheetInput{Month: m, Settings: DefaultSettings(), Rules: rulesMap(), Members: members,
		Entries: map[int64][]Entry{
			1: {{ID: 1, Rule: "cover-shift", Points: Pts(5), At: day(3)}},
			2: {{ID: 2, Rule: "asleep", Points: 0, At: day(3)}, {ID: 3, Rule: "absent", Points: Pts(-20), At: day(4)}, {ID: 4, Rule: "meeting-missed", Points: Pts(-10), At: day(5)}},
		}})
	if r := rows[0]; r.PayFloat != 0 || !reflect.DeepEqual(r.Flags, []string{FlagProbation}) || r.Total != Pts(85) {
		t.Errorf("probation row: %+v", r)
	}
	if r := rows[1]; r.Total != Pts(50) || r.Grade != "F" || r.PayFloat != -Yuan(300) ||
		!reflect.DeepEqual(r.Flags, []string{FlagBelow60, FlagDismissalReview}) {
		t.Errorf("below 60: %+v", r)
	}
	if rows[2].Rank != nil || rows[0].Rank == nil || *rows[0].Rank != 1 {
		t.Errorf("ranks: supervisor %v, agent %v", rows[2].Rank, rows[0].Rank)
	}
}

func TestCommission(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct {
		sales Sales
		rate  Percent
		fee   Fen
	}{
		{Sales{Resolved: 10, Converted: 7, Amount: Yuan(10000)}, 150, Yuan(150)}, // exactly 70%: the high rate
		{Sales{Resolved: 10, Converted: 6, Amount: Yuan(10000)}, 100, Yuan(100)},
		{Sales{Resolved: 3, Converted: 2, Amount: 33333}, 100, 333}, // 66.7%: 1% of 333.33 = 3.3333 → 3.33
		{Sales{Resolved: 7, Converted: 5, Amount: 12345}, 150, 185}, // 71.4%: 1.5% of 123.45 = 1.85175 → 1.85
		{Sales{}, 0, 0},
	} {
		rate, fee := s.Commission(tc.sales)
		if rate != tc.rate || fee != tc.fee {
			t.Errorf("Commission(%+v) = %s %s, want %s %s", tc.sales, rate, fee, tc.rate, tc.fee)
		}
	}
}

func TestStreakBonusOverYearBoundary(t *testing.T) {
	s := DefaultSettings()
	top := map[string]bool{"2025-10": false, "2025-11": true, "2025-12": true, "2026-01": true, "2026-02": true}
	isTop := func(m when.Month) bool { return top[m.String()] }
	for _, tc := range []struct {
		month string
		bonus Fen
	}{
		{"2025-11", Yuan(50)},  // first month
		{"2025-12", Yuan(100)}, // second running
		{"2026-01", Yuan(200)}, // third, across the new year
		{"2026-02", Yuan(200)}, // and from then on
	} {
		m, _ := when.ParseMonth(tc.month)
		n := StreakBefore(m, len(s.TopBonus)-1, isTop) + 1
		if got := s.StreakBonus(n); got != tc.bonus {
			t.Errorf("%s: streak %d bonus %s, want %s", tc.month, n, got, tc.bonus)
		}
	}
	// The top seller of a team: ties are all top, nobody without sales.
	members := []Member{member(1, "a", "x"), member(2, "b", "x"), member(3, "c", "x"), member(4, "d", "y")}
	got := TopSellers(members, map[int64]Sales{1: {Amount: 500}, 2: {Amount: 500}, 3: {Amount: 100}})
	if !reflect.DeepEqual(got, map[int64]bool{1: true, 2: true}) {
		t.Errorf("top sellers = %v", got)
	}
	rows := Sheet(SheetInput{Month: when.Month{Year: 2026, Month: time.January}, Settings: s, Rules: rulesMap(), Members: members[:1],
		Sales: map[int64]Sales{1: {Resolved: 4, Converted: 3, Amount: Yuan(1000)}}, PrevTopStreak: map[int64]int{1: 2}})
	if r := rows[0]; !r.TopSeller || r.TopStreak != 3 || r.TopBonus != Yuan(200) || r.Commission != Yuan(15) || r.PayChange != Yuan(215) {
		t.Errorf("pay sheet row %+v", r)
	}
}

func TestPercentAndMoney(t *testing.T) {
	for in, want := range map[string]string{"70%": "70%", "1.5": "1.5%", "1.50%": "1.5%", "0": "0%", "100%": "100%", "12.25%": "12.25%"} {
		v, err := ParsePercent(in)
		if err != nil || v.String() != want {
			t.Errorf("ParsePercent(%q) = %s, %v; want %s", in, v, err, want)
		}
	}
	for _, bad := range []string{"101%", "-1%", "x", "1.555%"} {
		if _, err := ParsePercent(bad); err == nil {
			t.Errorf("ParsePercent(%q) succeeded", bad)
		}
	}
	var f Fen
	if err := json.Unmarshal([]byte(`"-120.50"`), &f); err != nil || f != -12050 {
		t.Errorf("unmarshal money: %d %v", f, err)
	}
	if b, _ := json.Marshal(Fen(-5)); string(b) != `"-0.05"` {
		t.Errorf("marshal -5 fen = %s", b)
	}
}

func TestBand(t *testing.T) {
	s := DefaultSettings()
	want := map[string]string{"A": "t > 90", "B": "80 ≤ t ≤ 90", "C": "70 ≤ t < 80", "D": "65 ≤ t < 70", "E": "60 ≤ t < 65", "F": "t < 60"}
	for g, w := range want {
		if got := s.Band(g); got != w {
			t.Errorf("Band(%s) = %q, want %q", g, got, w)
		}
	}
}

func FuzzParseLadder(f *testing.F) {
	for _, s := range []string{"fine=30,fine=50,fine=80,withhold-pay,dismissal-review", "none,points=-5+warning", "fine=12.5+demerit"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLadder(s)
		if err != nil {
			return
		}
		back, err := ParseLadder(l.String())
		if err != nil || back.String() != l.String() {
			t.Fatalf("%q → %q → %v", s, l.String(), err)
		}
	})
}

func FuzzParseGradeBound(f *testing.F) {
	for _, s := range []string{">90", ">=80", "≥65.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseGradeBound(s)
		if err != nil {
			return
		}
		back, err := ParseGradeBound(b.String())
		if err != nil || back != b {
			t.Fatalf("%q → %s → %v %v", s, b, back, err)
		}
	})
}
