package score

import (
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// GradeBound is a grade's lower bound: t > Points, or t ≥ Points when Inclusive.
type GradeBound struct {
	Points    Points
	Inclusive bool
}

// ParseGradeBound reads ">90", ">=80" (or "≥80").
func ParseGradeBound(s string) (GradeBound, error) {
	v := strings.ReplaceAll(strings.TrimSpace(s), "≥", ">=")
	var b GradeBound
	switch {
	case strings.HasPrefix(v, ">="):
		b.Inclusive, v = true, v[2:]
	case strings.HasPrefix(v, ">"):
		v = v[1:]
	default:
		return b, errs.Invalidf("invalid grade bound %q: write >N or >=N, e.g. >90 or >=80", s)
	}
	p, err := ParsePoints(v)
	if err != nil || p < 0 {
		return b, errs.Invalidf("invalid grade bound %q: write >N or >=N with N from 0, e.g. >90 or >=80", s)
	}
	b.Points = p
	return b, nil
}

func (b GradeBound) String() string {
	op := ">"
	if b.Inclusive {
		op = ">="
	}
	return op + b.Points.Short()
}

// Admits reports whether total t reaches the bound.
func (b GradeBound) Admits(t Points) bool {
	if b.Inclusive {
		return t >= b.Points
	}
	return t > b.Points
}

// above reports whether b is strictly higher than c: every total b admits, c admits too, and
// some total c admits, b does not.
func (b GradeBound) above(c GradeBound) bool {
	return b.Points > c.Points || b.Points == c.Points && !b.Inclusive && c.Inclusive
}

// Grades are the grade letters, best first; F is below the last bound.
var Grades = []string{"A", "B", "C", "D", "E", "F"}

// Settings are the policy values the sheet uses.
type Settings struct {
	// Min floors the monthly total (score.min), Max caps it.
	Base, Max, Min Points
	// Bounds are the lower bounds of grades A to E; a total below E's is F.
	Bounds [5]GradeBound
	// PerPoint is the pay float per point away from the base; FloatLimit caps it either way.
	PerPoint, FloatLimit Fen
	// ProbationMonths: no pay float in the month of hire and the months after it, this many in all.
	ProbationMonths int
	// RepeatLight or more light, or RepeatMedium or more medium violations in a month add
	// RepeatExtra once.
	RepeatLight, RepeatMedium int
	RepeatExtra               Points
	// ExamPass: an exam score below it applies exam-below-60; 100 applies exam-full.
	ExamPass Points
	// Commission: conversion at or above Threshold pays RateHigh of sales, else RateLow.
	Threshold, RateLow, RateHigh Percent
	// TopBonus[i] is paid to the team's top seller in their (i+1)th month running; the last repeats.
	TopBonus []Fen
}

// Policy keys of the settings (registered in internal/policy).
const (
	KeyBase            = "score.base"
	KeyMax             = "score.max"
	KeyMin             = "score.min"
	KeyGradePrefix     = "score.grade."
	KeyRepeatLight     = "score.repeat_light"
	KeyRepeatMedium    = "score.repeat_medium"
	KeyRepeatExtra     = "score.repeat_extra"
	KeyProbation       = "score.probation_months"
	KeyExamPass        = "score.exam_pass"
	KeyPerPoint        = "pay.per_point"
	KeyFloatLimit      = "pay.float_limit"
	KeyThreshold       = "commission.threshold"
	KeyRateLow         = "commission.rate_low"
	KeyRateHigh        = "commission.rate_high"
	KeyTopBonus        = "commission.top_bonus"
	gradeKeyLettersLow = "abcde"
)

// GradeKey is the policy key of grade g's lower bound ("A" → score.grade.a).
func GradeKey(i int) string { return KeyGradePrefix + string(gradeKeyLettersLow[i]) }

// IsKey reports whether a policy key belongs to the appraisal (frozen with a closed month).
func IsKey(k string) bool {
	return strings.HasPrefix(k, "score.") || strings.HasPrefix(k, "pay.") || strings.HasPrefix(k, "commission.")
}

// SettingsFrom reads the settings through get (a policy's Get) and checks the relations
// between them: base within max, grade bounds strictly descending and A reachable.
func SettingsFrom(get func(string) string) (Settings, error) {
	var s Settings
	var err error
	pts := func(key string) Points {
		if err != nil {
			return 0
		}
		var p Points
		if p, err = ParsePoints(get(key)); err != nil {
			err = errs.Invalidf("policy %s: %v", key, err)
		}
		return p
	}
	money := func(key string) Fen {
		if err != nil {
			return 0
		}
		var f Fen
		if f, err = ParseYuan(get(key)); err != nil {
			err = errs.Invalidf("policy %s: %v", key, err)
		}
		return f
	}
	count := func(key string) int {
		if err != nil {
			return 0
		}
		n, e := strconv.Atoi(get(key))
		if e != nil {
			err = errs.Invalidf("policy %s: %q is not a whole number", key, get(key))
		}
		return n
	}
	pct := func(key string) Percent {
		if err != nil {
			return 0
		}
		var p Percent
		if p, err = ParsePercent(get(key)); err != nil {
			err = errs.Invalidf("policy %s: %v", key, err)
		}
		return p
	}
	s.Base, s.Max, s.Min = pts(KeyBase), pts(KeyMax), pts(KeyMin)
	for i := range s.Bounds {
		if err == nil {
			if s.Bounds[i], err = ParseGradeBound(get(GradeKey(i))); err != nil {
				err = errs.Invalidf("policy %s: %v", GradeKey(i), err)
			}
		}
	}
	s.PerPoint, s.FloatLimit = money(KeyPerPoint), money(KeyFloatLimit)
	s.ProbationMonths = count(KeyProbation)
	s.RepeatLight, s.RepeatMedium, s.RepeatExtra = count(KeyRepeatLight), count(KeyRepeatMedium), pts(KeyRepeatExtra)
	s.ExamPass = pts(KeyExamPass)
	s.Threshold, s.RateLow, s.RateHigh = pct(KeyThreshold), pct(KeyRateLow), pct(KeyRateHigh)
	if err == nil {
		if s.TopBonus, err = ParseYuanList(get(KeyTopBonus)); err != nil {
			err = errs.Invalidf("policy %s: %v", KeyTopBonus, err)
		}
	}
	if err != nil {
		return s, err
	}
	return s, s.check()
}

func (s Settings) check() error {
	if s.Base > s.Max {
		return errs.Invalidf("policy %s %s is above %s %s: the base must not exceed the cap; change them in the other order",
			KeyBase, s.Base.Short(), KeyMax, s.Max.Short())
	}
	if s.Min > s.Base {
		return errs.Invalidf("policy %s %s is above %s %s: the floor must not exceed the base", KeyMin, s.Min.Short(), KeyBase, s.Base.Short())
	}
	for i := 1; i < len(s.Bounds); i++ {
		if !s.Bounds[i-1].above(s.Bounds[i]) {
			return errs.Invalidf("grade bands overlap: %s %s must be above %s %s (grades run A > B > C > D > E > F with no gaps)",
				GradeKey(i-1), s.Bounds[i-1], GradeKey(i), s.Bounds[i])
		}
	}
	if !s.Bounds[0].Admits(s.Max) {
		return errs.Invalidf("grade A (%s %s) can never be reached: %s is %s", GradeKey(0), s.Bounds[0], KeyMax, s.Max.Short())
	}
	return nil
}

// DefaultSettings are product.md's numbers.
func DefaultSettings() Settings {
	s, err := SettingsFrom(func(k string) string { return DefaultValues[k] })
	if err != nil {
		panic(err)
	}
	return s
}

// DefaultValues are the policy defaults of the appraisal keys.
var DefaultValues = map[string]string{
	KeyBase: "80", KeyMax: "110", KeyMin: "0",
	GradeKey(0): ">90", GradeKey(1): ">=80", GradeKey(2): ">=70", GradeKey(3): ">=65", GradeKey(4): ">=60",
	KeyRepeatLight: "4", KeyRepeatMedium: "2", KeyRepeatExtra: "-20",
	KeyProbation: "2", KeyExamPass: "60",
	KeyPerPoint: "10", KeyFloatLimit: "300",
	KeyThreshold: "70%", KeyRateLow: "1%", KeyRateHigh: "1.5%",
	KeyTopBonus: "50,100,200",
}

// ParseYuanList reads comma-separated amounts in yuan ("50,100,200").
func ParseYuanList(v string) ([]Fen, error) {
	var out []Fen
	for _, it := range strings.Split(v, ",") {
		f, err := ParseYuan(it)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if len(out) > 12 {
		return nil, errs.Invalidf("at most 12 amounts")
	}
	return out, nil
}

// Normalizers for the policy registry: each validates one value and returns its canonical form.

// NormPoints accepts points within [min, max].
func NormPoints(min, max Points) func(string) (string, error) {
	return func(v string) (string, error) {
		p, err := ParsePoints(v)
		if err != nil {
			return "", err
		}
		if p < min || p > max {
			return "", errs.Invalidf("%s is outside %s..%s", p, min, max)
		}
		return p.Short(), nil
	}
}

// NormCount accepts a whole number within [min, max].
func NormCount(min, max int) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min || n > max {
			return "", errs.Invalidf("%q is not a whole number from %d to %d", v, min, max)
		}
		return strconv.Itoa(n), nil
	}
}

// NormYuan accepts a non-negative amount in yuan.
func NormYuan(v string) (string, error) {
	f, err := ParseYuan(v)
	if err != nil {
		return "", err
	}
	return f.Short(), nil
}

// NormYuanList accepts comma-separated amounts in yuan.
func NormYuanList(v string) (string, error) {
	fs, err := ParseYuanList(v)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Short()
	}
	return strings.Join(parts, ","), nil
}

// NormPercent accepts a percentage ("70%", "1.5").
func NormPercent(v string) (string, error) {
	p, err := ParsePercent(v)
	if err != nil {
		return "", err
	}
	return p.String(), nil
}

// NormGradeBound accepts a grade's lower bound (">90", ">=80").
func NormGradeBound(v string) (string, error) {
	b, err := ParseGradeBound(v)
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// Band describes the totals of a grade with the settings' bounds: "t > 90", "80 ≤ t ≤ 90",
// "t < 60".
func (s Settings) Band(grade string) string {
	i := -1
	for j, g := range Grades {
		if g == grade {
			i = j
		}
	}
	num := Points.Short
	lower := func(b GradeBound) string {
		if b.Inclusive {
			return num(b.Points) + " ≤ t"
		}
		return num(b.Points) + " < t"
	}
	upper := func(b GradeBound) string { // below the next grade's bound
		if b.Inclusive {
			return " < " + num(b.Points)
		}
		return " ≤ " + num(b.Points)
	}
	switch {
	case i == 0:
		if s.Bounds[0].Inclusive {
			return "t ≥ " + num(s.Bounds[0].Points)
		}
		return "t > " + num(s.Bounds[0].Points)
	case i > 0 && i < len(s.Bounds):
		return lower(s.Bounds[i]) + upper(s.Bounds[i-1])
	case i == len(s.Bounds):
		return "t" + upper(s.Bounds[i-1])
	}
	return ""
}
