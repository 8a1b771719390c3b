// Package policy is the team's tunable rules: scalar settings, ticket kinds, response windows
// and the team's own calendar days. It validates them as a whole and builds the business
// calendar from them. It knows nothing of where they are stored.
package policy

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
)

// Kind is a ticket kind. The four built-in kinds cannot be removed.
type Kind struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Builtin     bool   `yaml:"-" json:"builtin"`
}

// BuiltinKinds are product.md's kinds.
var BuiltinKinds = []Kind{
	{Name: "inquiry", Description: "咨询 a question from a customer", Builtin: true},
	{Name: "complaint", Description: "投诉 a complaint, with escalation and follow-up", Builtin: true},
	{Name: "suggestion", Description: "建议 a suggestion forwarded to the owning department", Builtin: true},
	{Name: "presale", Description: "询单 an e-commerce pre-sale chat with a conversion outcome", Builtin: true},
}

// Day is a team-added calendar day: a holiday or an extra working day.
type Day struct {
	Date calendar.Date `yaml:"date" json:"date"`
	Note string        `yaml:"note,omitempty" json:"note,omitempty"`
}

// Policy is everything a team tunes.
type Policy struct {
	Settings map[string]string
	Kinds    []Kind
	Windows  []Window
	Holidays []Day
	Workdays []Day
	// Imported are official holidays and adjusted working days a manager imported (kefu
	// calendar import); kept apart from the team's own days and from policy export.
	Imported []calendar.OfficialDay
}

// Default returns product.md's default policy for a team in zone tz and region.
func Default(tz, region string) Policy {
	p := Policy{Settings: map[string]string{}, Kinds: slices.Clone(BuiltinKinds), Windows: DefaultWindows()}
	for _, s := range Settings {
		p.Settings[s.Key] = s.Default
	}
	if tz != "" {
		p.Settings["calendar.timezone"] = tz
	}
	if region != "" {
		p.Settings["calendar.region"] = region
	}
	return p
}

// Get returns a setting's value, or its default when the policy lacks it.
func (p Policy) Get(key string) string {
	if v, ok := p.Settings[key]; ok {
		return v
	}
	s, _ := Lookup(key)
	return s.Default
}

// Set validates and stores one scalar setting, then checks the policy as a whole.
func (p *Policy) Set(key, value string) error {
	s, ok := Lookup(key)
	if !ok {
		return unknownKey(key)
	}
	v, err := s.Normalize(value)
	if err != nil {
		return errs.Invalidf("policy %s: %v", key, err)
	}
	old := p.Settings[key]
	p.Settings[key] = v
	if err := p.Validate(); err != nil {
		p.Settings[key] = old
		return err
	}
	return nil
}

// KindNames lists the kind names in order.
func (p Policy) KindNames() []string {
	names := make([]string, len(p.Kinds))
	for i, k := range p.Kinds {
		names[i] = k.Name
	}
	return names
}

// HasKind reports whether name is a kind of this policy.
func (p Policy) HasKind(name string) bool { return slices.Contains(p.KindNames(), name) }

// Validate checks every field and the relations between them.
func (p Policy) Validate() error {
	for k, v := range p.Settings {
		s, ok := Lookup(k)
		if !ok {
			return unknownKey(k)
		}
		if _, err := s.Normalize(v); err != nil {
			return errs.Invalidf("policy %s: %v", k, err)
		}
	}
	for _, s := range Settings {
		if _, ok := p.Settings[s.Key]; !ok {
			return errs.Invalidf("policy is missing %s", s.Key)
		}
	}
	seen := map[string]bool{}
	for _, k := range p.Kinds {
		if err := ValidKindName(k.Name); err != nil {
			return err
		}
		if seen[k.Name] {
			return errs.Invalidf("kind %q is listed twice", k.Name)
		}
		seen[k.Name] = true
	}
	for _, b := range BuiltinKinds {
		if !seen[b.Name] {
			return errs.Invalidf("built-in kind %q cannot be removed", b.Name)
		}
	}
	keys := map[string]bool{}
	for _, w := range p.Windows {
		if err := w.validate(p.KindNames()); err != nil {
			return errs.Invalidf("window %s: %v", w.Describe(), err)
		}
		if keys[w.Key()] {
			return errs.Invalidf("window %s is listed twice", w.Describe())
		}
		keys[w.Key()] = true
	}
	days := map[calendar.Date]string{}
	for _, d := range p.Holidays {
		days[d.Date] = "holiday"
	}
	for _, d := range p.Workdays {
		if days[d.Date] == "holiday" {
			return errs.Invalidf("%s is both a team holiday and a team working day", d.Date)
		}
	}
	if _, err := score.SettingsFrom(p.Get); err != nil {
		return err
	}
	if _, err := p.Values(); err != nil {
		return err
	}
	_, err := p.Calendar()
	return err
}

// ValidKindName checks a custom kind's name: lower-case letters, digits and hyphens.
func ValidKindName(name string) error {
	if name == "" || name == AnyKind || len(name) > 32 {
		return errs.Invalidf("invalid kind name %q: use 1-32 lower-case letters, digits or hyphens", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return errs.Invalidf("invalid kind name %q: use 1-32 lower-case letters, digits or hyphens", name)
		}
	}
	return nil
}

// Location returns the team's time zone.
func (p Policy) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(p.Get("calendar.timezone"))
	if err != nil {
		return nil, errs.Invalidf("policy calendar.timezone: unknown time zone %q", p.Get("calendar.timezone"))
	}
	return loc, nil
}

// Calendar builds the team's business calendar.
func (p Policy) Calendar() (*calendar.Calendar, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	hours, err := calendar.ParseSpan(p.Get("calendar.hours"))
	if err != nil {
		return nil, errs.Invalidf("policy calendar.hours: %v", err)
	}
	ww, err := calendar.ParseWorkweek(p.Get("calendar.workweek"))
	if err != nil {
		return nil, errs.Invalidf("policy calendar.workweek: %v", err)
	}
	cfg := calendar.Config{Location: loc, Hours: hours, Region: p.Get("calendar.region"), Workweek: ww,
		WeekdayHours: map[time.Weekday]calendar.Span{}}
	for i, d := range weekdayKeys {
		v := p.Get("calendar.hours." + d)
		if v == "" {
			continue
		}
		sp, err := calendar.ParseSpan(v)
		if err != nil {
			return nil, errs.Invalidf("policy calendar.hours.%s: %v", d, err)
		}
		cfg.WeekdayHours[time.Weekday((i+1)%7)] = sp
	}
	for _, d := range p.Holidays {
		cfg.Holidays = append(cfg.Holidays, d.Date)
	}
	for _, d := range p.Workdays {
		cfg.Workdays = append(cfg.Workdays, d.Date)
	}
	cfg.Imported = p.Imported
	cal, err := calendar.New(cfg)
	if err != nil {
		return nil, errs.Invalidf("calendar: %v", err)
	}
	return cal, nil
}

// Changes lists the settings that differ between two policies, as "key: old → new".
func Changes(old, new Policy) []string {
	var out []string
	keys := make([]string, 0, len(new.Settings))
	for k := range new.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if old.Settings[k] != new.Settings[k] {
			out = append(out, fmt.Sprintf("%s: %q → %q", k, old.Settings[k], new.Settings[k]))
		}
	}
	return out
}
