package policy

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/report"
	"github.com/kefu/kefu/internal/score"
)

// Setting is one scalar policy key. Later features register their keys here, with a default
// that init seeds and migrations add to older databases.
type Setting struct {
	Key     string
	Default string
	Help    string
	// Normalize validates a value and returns its canonical form.
	Normalize func(string) (string, error)
}

var weekdayKeys = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Settings is the registry of scalar keys, in display order.
var Settings = func() []Setting {
	s := []Setting{
		{Key: "calendar.timezone", Default: "UTC", Help: "IANA time zone of the team (periods, service hours)", Normalize: normTimezone},
		{Key: "calendar.region", Default: "cn", Help: "cn: mainland China holidays and adjusted workdays; none: calendar.workweek", Normalize: enum("cn", "none")},
		{Key: "calendar.workweek", Default: "mon-fri", Help: "working weekdays for region none (and cn beyond its data)", Normalize: normWorkweek},
		{Key: "calendar.hours", Default: "08:30-24:00", Help: "service hours on working days (may end after midnight, 16:00-01:00: such hours belong to the day they start)", Normalize: normSpan},
	}
	s = append(s,
		Setting{Key: "calendar.shift.day", Default: "08:30-17:30", Help: "the day shift (handover notes, auto-assignment)", Normalize: normSpan},
		Setting{Key: "calendar.shift.night", Default: "17:30-24:00", Help: "the night shift (may end after midnight, 16:00-01:00)", Normalize: normSpan},
		Setting{Key: "remind.warn_before", Default: "4bh", Help: "a due time this close is at risk (lists, reminders)", Normalize: normDuration},
		Setting{Key: "remind.lookback", Default: "7d", Help: "how far back remind looks for missing handover notes and weekly summaries", Normalize: normCalendarDuration},
		Setting{Key: "remind.propose", Default: "first_response=slow-reply,handover=handover-missing,summary=summary-missing",
			Help: "breaches that propose a pending score entry, TARGET=RULE comma-separated (none: no proposals)", Normalize: normProposals},
		Setting{Key: "ticket.autoclose_after", Default: "7d", Help: "remind closes tickets resolved this long ago (off: never)", Normalize: normDurationOrOff},
		Setting{Key: "handover.grace", Default: "30m", Help: "a handover note is due this long after its shift ends; the next shift acknowledges it this long after starting", Normalize: normCalendarDuration},
		Setting{Key: "handover.by", Default: "everyone", Help: "who owes a shift's handover note: everyone on duty in every shift, or last-out (only the shift that closes the day, as the regulations' night shift writes the record)", Normalize: enum("everyone", "last-out")},
		Setting{Key: "complaint.verdict_rule", Default: "complaint-valid", Help: "the rule a valid complaint verdict proposes (the complaint fine ladder; none: nothing)", Normalize: normRuleOrNone},
		Setting{Key: "summary.min_chars", Default: "200", Help: "a weekly summary shorter than this many characters counts as missing", Normalize: normCount},
		Setting{Key: "summary.due", Default: "sat 17:00", Help: "when the weekly summary is due, each ISO week", Normalize: normWeeklyTime},
		Setting{Key: "suggestion.categories", Default: "product,service,process,other", Help: "categories of suggestions, comma-separated; the last is the default", Normalize: normList},
	)
	s = append(s, targetSettings(true)...)
	s = append(s,
		Setting{Key: "assign.mode", Default: "none", Help: "automatic assignment of new tickets: none, round-robin, least-open", Normalize: enum("none", "round-robin", "least-open")},
	)
	s = append(s, scoreSettings()...)
	s = append(s, mailSettings()...)
	for _, d := range weekdayKeys {
		s = append(s, Setting{Key: "calendar.hours." + d, Default: "", Help: "service hours on " + d + " (empty: calendar.hours)", Normalize: normOptionalSpan})
	}
	s = append(s,
		Setting{Key: "remind.propose_grace", Default: "window", Help: "slow-reply is proposed for a first response later than its window by more than this (window: the window's own length)", Normalize: normGrace},
	)
	s = append(s, targetSettings(false)...)
	return s
}()

// targetSettings registers the KPI catalog's target settings, in catalog order: those with a
// default (seeded by init) when withDefault, else the optional ones (empty: no target). A
// percentage KPI's target is a percentage, a mean time's a duration.
func targetSettings(withDefault bool) []Setting {
	var out []Setting
	for _, k := range report.Catalog {
		if k.Target == "" || (k.TargetDefault != "") != withDefault {
			continue
		}
		var norm func(string) (string, error)
		switch {
		case k.Unit == report.UnitSeconds && withDefault:
			norm = normDuration
		case k.Unit == report.UnitSeconds:
			norm = normOptionalDuration
		case withDefault:
			norm = normPercent
		default:
			norm = normOptionalPercent
		}
		out = append(out, Setting{Key: k.Target, Default: k.TargetDefault, Help: k.TargetHelp, Normalize: norm})
	}
	return out
}

// normGrace accepts "window" or a duration.
func normGrace(v string) (string, error) {
	if v = strings.TrimSpace(v); v == "window" {
		return v, nil
	}
	return normDuration(v)
}

func normOptionalDuration(v string) (string, error) {
	if v = strings.TrimSpace(v); v == "" || v == "none" {
		return "", nil
	}
	return normDuration(v)
}

func normOptionalPercent(v string) (string, error) {
	if v = strings.TrimSpace(v); v == "" || v == "none" {
		return "", nil
	}
	return normPercent(v)
}

// Lookup returns the registered setting for key.
func Lookup(key string) (Setting, bool) {
	i := slices.IndexFunc(Settings, func(s Setting) bool { return s.Key == key })
	if i < 0 {
		return Setting{}, false
	}
	return Settings[i], true
}

// Keys lists the registered keys.
func Keys() []string {
	keys := make([]string, len(Settings))
	for i, s := range Settings {
		keys[i] = s.Key
	}
	return keys
}

func unknownKey(key string) error {
	return errs.Invalidf("unknown policy key %q", key).WithHint("kefu policy show  (lists every key)")
}

func normTimezone(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.EqualFold(v, "local") {
		return "", errs.Invalidf("time zone must be an IANA name such as Asia/Shanghai, not %q", v)
	}
	if _, err := time.LoadLocation(v); err != nil {
		return "", errs.Invalidf("unknown time zone %q: use an IANA name such as Asia/Shanghai or UTC", v)
	}
	return v, nil
}

func normSpan(v string) (string, error) {
	sp, err := calendar.ParseSpan(strings.TrimSpace(v))
	if err != nil {
		return "", errs.Invalidf("%v", err)
	}
	return sp.String(), nil
}

func normOptionalSpan(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" || v == "default" {
		return "", nil
	}
	return normSpan(v)
}

func normWorkweek(v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if _, err := calendar.ParseWorkweek(v); err != nil {
		return "", errs.Invalidf("%v", err)
	}
	return v, nil
}

func normDuration(v string) (string, error) {
	d, err := duration.Parse(strings.TrimSpace(v))
	if err != nil {
		return "", errs.Invalidf("%v", err)
	}
	return d.String(), nil
}

// normPercent accepts a percentage from 0 to 100 with at most one decimal.
func normPercent(v string) (string, error) {
	v = strings.TrimSpace(v)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 100 || strings.ContainsAny(v, "eE") || (strings.Contains(v, ".") && len(v)-strings.Index(v, ".") > 2) {
		return "", errs.Invalidf("%q is not a percentage from 0 to 100 (at most one decimal)", v)
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

func normList(v string) (string, error) {
	var items []string
	for _, it := range strings.Split(v, ",") {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if slices.Contains(items, it) {
			return "", errs.Invalidf("%q is listed twice", it)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return "", errs.Invalidf("the list must name at least one item, comma-separated")
	}
	return strings.Join(items, ","), nil
}

func enum(valid ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		v = strings.ToLower(strings.TrimSpace(v))
		if !slices.Contains(valid, v) {
			return "", errs.Invalidf("invalid value %q: use one of %s", v, strings.Join(valid, ", "))
		}
		return v, nil
	}
}

// scoreSettings are the points appraisal's keys (internal/score reads them; SettingsFrom checks
// how they relate). Per-rule repeat ladders live in the rule catalog (kefu score rule set).
func scoreSettings() []Setting {
	d := score.DefaultValues
	pts := score.NormPoints(0, score.MaxPoints)
	set := func(key, help string, norm func(string) (string, error)) Setting {
		return Setting{Key: key, Default: d[key], Help: help, Normalize: norm}
	}
	s := []Setting{
		set(score.KeyBase, "points every staff member starts the month with", pts),
		set(score.KeyMax, "the monthly total is capped here", pts),
		set(score.KeyMin, "the monthly total never goes below this", pts),
	}
	for i, g := range []string{"A", "B", "C", "D", "E"} {
		s = append(s, set(score.GradeKey(i), "lowest total of grade "+g+" (>N or >=N); below E is F", score.NormGradeBound))
	}
	return append(s,
		set(score.KeyRepeatLight, "this many light violations in a month add score.repeat_extra once (0: never)", score.NormCount(0, 100)),
		set(score.KeyRepeatMedium, "this many medium violations in a month add score.repeat_extra once (0: never)", score.NormCount(0, 100)),
		set(score.KeyRepeatExtra, "the automatic deduction for repeat violations", score.NormPoints(-score.MaxPoints, 0)),
		set(score.KeyProbation, "months without pay float, counting the month of hire", score.NormCount(0, 24)),
		set(score.KeyExamPass, "a skills exam score below this applies exam-below-60 (100 applies exam-full)", score.NormPoints(0, score.Pts(100))),
		set(score.KeyPerPoint, "pay float in yuan per point above or below score.base", score.NormYuan),
		set(score.KeyFloatLimit, "the pay float is clamped to ± this many yuan", score.NormYuan),
		set(score.KeyThreshold, "pre-sale conversion at or above this earns commission.rate_high", score.NormPercent),
		set(score.KeyRateLow, "commission on the month's sales below the threshold", score.NormPercent),
		set(score.KeyRateHigh, "commission on the month's sales at or above the threshold", score.NormPercent),
		set(score.KeyTopBonus, "yuan for the team's top seller in the 1st, 2nd, 3rd... month running (the last repeats)", score.NormYuanList),
	)
}

// normRuleOrNone accepts a rule code (checked against the catalog when used) or none.
func normRuleOrNone(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "none" {
		return v, nil
	}
	if err := score.ValidCode(v); err != nil {
		return "", err
	}
	return v, nil
}
