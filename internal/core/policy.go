package core

import (
	"context"
	"slices"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/policy"
)

// savePolicy validates p, stores it and records the change by the acting user.
func (e *env) savePolicy(p policy.Policy, action string, payload any) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := e.tx.SavePolicy(p); err != nil {
		return err
	}
	e.svc.loaded = nil
	e.svc.viewed.set(nil) // a batch reloads the changed policy
	e.policy, e.vals = p, nil
	return e.event("policy", 0, action, payload)
}

func (s *Service) changePolicy(ctx context.Context, as, what, action string, change func(p *policy.Policy) (any, error)) error {
	return s.write(ctx, as, access.ManagePolicy, what, func(e *env) error {
		p := clonePolicy(e.policy)
		payload, err := change(&p)
		if err != nil {
			return err
		}
		return e.savePolicy(p, action, payload)
	})
}

func clonePolicy(p policy.Policy) policy.Policy {
	q := p
	q.Settings = make(map[string]string, len(p.Settings))
	for k, v := range p.Settings {
		q.Settings[k] = v
	}
	q.Kinds = slices.Clone(p.Kinds)
	q.Windows = slices.Clone(p.Windows)
	q.Holidays = slices.Clone(p.Holidays)
	q.Workdays = slices.Clone(p.Workdays)
	q.Imported = slices.Clone(p.Imported)
	return q
}

// CalendarImport loads a year's official holidays and adjusted working days (manager); they
// beat the built-in data. It returns the days and the last date the official data now covers.
func (s *Service) CalendarImport(ctx context.Context, as, filename string, data []byte) ([]calendar.OfficialDay, calendar.Date, error) {
	days, err := calendar.ParseOfficialDays(filename, data)
	if err != nil {
		return nil, calendar.Date{}, err
	}
	var end calendar.Date
	err = s.write(ctx, as, access.ManagePolicy, "calendar import", func(e *env) error {
		vals, err := e.values()
		if err != nil {
			return err
		}
		if vals.Region != calendar.RegionCN {
			return errs.Invalidf("calendar import loads official days for region cn; this team's region is %s (add its own days with kefu calendar holiday|workday)", vals.Region)
		}
		p := clonePolicy(e.policy)
		byDate := map[calendar.Date]calendar.OfficialDay{}
		for _, d := range p.Imported {
			byDate[d.Date] = d
		}
		for _, d := range days {
			byDate[d.Date] = d
		}
		p.Imported = p.Imported[:0]
		for _, d := range byDate {
			p.Imported = append(p.Imported, d)
		}
		slices.SortFunc(p.Imported, func(a, b calendar.OfficialDay) int { return a.Date.Compare(b.Date) })
		cal, err := p.Calendar()
		if err != nil {
			return err
		}
		if err := e.tx.SaveOfficialDays(days); err != nil {
			return err
		}
		end, _ = cal.OfficialDataEnd()
		e.svc.loaded = nil
		e.svc.viewed.set(nil)
		e.policy, e.vals = p, nil
		return e.event("policy", 0, "calendar_import", audit.PolicyCalendarImported{File: filename, Days: len(days),
			First: days[0].Date.String(), Last: days[len(days)-1].Date.String()})
	})
	return days, end, err
}

// PolicySet changes one scalar setting.
func (s *Service) PolicySet(ctx context.Context, as, key, value string) (old, new string, err error) {
	err = s.changePolicy(ctx, as, "policy set", "set", func(p *policy.Policy) (any, error) {
		old = p.Get(key)
		if err := p.Set(key, value); err != nil {
			return nil, err
		}
		new = p.Get(key)
		return audit.PolicySet{Key: key, Old: old, New: new}, nil
	})
	return old, new, err
}

// PolicyWindowSet adds a window row or changes the duration of an existing one.
func (s *Service) PolicyWindowSet(ctx context.Context, as string, w policy.Window) (old *policy.Window, err error) {
	err = s.changePolicy(ctx, as, "policy window set", "window_set", func(p *policy.Policy) (any, error) {
		payload := audit.PolicyWindowSet{Window: w.Describe(), New: w.Within.String()}
		for i, x := range p.Windows {
			if x.Key() == w.Key() {
				prev := x
				old = &prev
				was := x.Within.String()
				payload.Old = &was
				p.Windows[i] = w
				return payload, nil
			}
		}
		p.Windows = append(p.Windows, w)
		policy.SortWindows(p.Windows)
		return payload, nil
	})
	return old, err
}

// PolicyWindowUnset removes the row with exactly w's conditions.
func (s *Service) PolicyWindowUnset(ctx context.Context, as string, w policy.Window) (removed policy.Window, err error) {
	err = s.changePolicy(ctx, as, "policy window unset", "window_unset", func(p *policy.Policy) (any, error) {
		i := slices.IndexFunc(p.Windows, func(x policy.Window) bool { return x.Key() == w.Key() })
		if i < 0 {
			return nil, errs.NotFoundf("no window row %s", w.Describe()).WithHint("kefu policy window list")
		}
		removed = p.Windows[i]
		p.Windows = slices.Delete(p.Windows, i, i+1)
		return audit.PolicyWindowUnset{Window: removed.Describe(), Old: removed.Within.String()}, nil
	})
	return removed, err
}

// WindowMatch is the answer of policy window match: the row that applies to each target, the
// due time it gives a ticket opened now, and every matching row it beat, with why.
type WindowMatch struct {
	Target string          `json:"target"`
	Window *policy.Window  `json:"window"`
	Due    *time.Time      `json:"due"`
	Beaten []policy.Beaten `json:"beaten"`
}

// PolicyWindowMatch shows which row applies to a ticket of the given shape, for every target.
func (s *Service) PolicyWindowMatch(ctx context.Context, q policy.Query) ([]WindowMatch, error) {
	p, err := s.Policy(ctx)
	if err != nil {
		return nil, err
	}
	if !p.HasKind(q.Kind) {
		return nil, errs.Invalidf("unknown kind %q: use one of %s", q.Kind, joinList(p.KindNames()))
	}
	probe := policy.Window{Kind: q.Kind, Target: policy.FirstResponse, Channel: q.Channel, Priority: q.Priority, Severity: q.Severity}
	if err := policy.CheckWindowFields(probe, p.KindNames()); err != nil {
		return nil, err
	}
	cal, err := p.Calendar()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []WindowMatch
	for _, t := range policy.Targets {
		q.Target = t
		c := policy.Choose(p.Windows, q, func(d duration.Duration) time.Time { return cal.Due(now, d) })
		m := WindowMatch{Target: t, Beaten: c.Beaten}
		if m.Beaten == nil {
			m.Beaten = []policy.Beaten{}
		}
		if c.OK {
			w := c.Winner
			due := cal.Due(now, w.Within)
			m.Window, m.Due = &w, &due
		}
		out = append(out, m)
	}
	return out, nil
}

// PolicyImport replaces the whole policy with a validated file.
func (s *Service) PolicyImport(ctx context.Context, as string, data []byte) ([]string, error) {
	np, err := policy.ParseYAML(data)
	if err != nil {
		return nil, err
	}
	var changes []string
	err = s.changePolicy(ctx, as, "policy import", "import", func(p *policy.Policy) (any, error) {
		changes = policy.Changes(*p, np)
		*p = np
		return audit.PolicyImported{Changes: changes, Windows: len(np.Windows), Kinds: len(np.Kinds)}, nil
	})
	return changes, err
}

// KindAddOptions are policy kind add's flags: windows by target.
type KindAddOptions struct {
	Name        string
	Description string
	Windows     map[string]duration.Duration
}

// PolicyKindAdd adds a custom ticket kind with its own windows.
func (s *Service) PolicyKindAdd(ctx context.Context, as string, o KindAddOptions) error {
	if err := policy.ValidKindName(o.Name); err != nil {
		return err
	}
	return s.changePolicy(ctx, as, "policy kind add", "kind_add", func(p *policy.Policy) (any, error) {
		if p.HasKind(o.Name) {
			return nil, errs.Conflictf("kind %s already exists", o.Name)
		}
		p.Kinds = append(p.Kinds, policy.Kind{Name: o.Name, Description: o.Description})
		payload := audit.PolicyKindAdded{Kind: o.Name, Windows: make(map[string]string, len(o.Windows))}
		for target, d := range o.Windows {
			p.Windows = append(p.Windows, policy.Window{Kind: o.Name, Target: target, Within: d})
			payload.Windows[target] = d.String()
		}
		policy.SortWindows(p.Windows)
		return payload, nil
	})
}

// PolicyKindRemove removes a custom kind and its window rows. Kinds in use by tickets stay.
func (s *Service) PolicyKindRemove(ctx context.Context, as, name string) error {
	return s.changePolicy(ctx, as, "policy kind rm", "kind_rm", func(p *policy.Policy) (any, error) {
		i := slices.IndexFunc(p.Kinds, func(k policy.Kind) bool { return k.Name == name })
		if i < 0 {
			return nil, errs.NotFoundf("no kind %q", name)
		}
		if p.Kinds[i].Builtin {
			return nil, errs.Invalidf("kind %s is built in and cannot be removed", name)
		}
		p.Kinds = slices.Delete(p.Kinds, i, i+1)
		p.Windows = slices.DeleteFunc(p.Windows, func(w policy.Window) bool { return w.Kind == name })
		return audit.PolicyKindRemoved{Kind: name}, nil
	})
}

// CalendarDay adds or removes a team holiday or working day.
func (s *Service) CalendarDay(ctx context.Context, as string, d calendar.Date, working, remove bool, note string) error {
	kind := "holiday"
	if working {
		kind = "workday"
	}
	verb := "add"
	if remove {
		verb = "rm"
	}
	return s.changePolicy(ctx, as, "calendar "+kind+" "+verb, kind+"_"+verb, func(p *policy.Policy) (any, error) {
		list, other := &p.Holidays, &p.Workdays
		if working {
			list, other = other, list
		}
		i := slices.IndexFunc(*list, func(x policy.Day) bool { return x.Date == d })
		switch {
		case remove && i < 0 && working:
			return nil, errs.NotFoundf("%s is not a team workday", d)
		case remove && i < 0:
			return nil, errs.NotFoundf("%s is not a team holiday", d)
		case remove:
			*list = slices.Delete(*list, i, i+1)
		case i >= 0 && working:
			return nil, errs.Conflictf("%s is already a team workday", d)
		case i >= 0:
			return nil, errs.Conflictf("%s is already a team holiday", d)
		case slices.ContainsFunc(*other, func(x policy.Day) bool { return x.Date == d }) && working:
			return nil, errs.Conflictf("%s is already a team holiday; remove that first", d)
		case slices.ContainsFunc(*other, func(x policy.Day) bool { return x.Date == d }):
			return nil, errs.Conflictf("%s is already a team working day; remove that first", d)
		default:
			*list = append(*list, policy.Day{Date: d, Note: note})
			slices.SortFunc(*list, func(a, b policy.Day) int { return a.Date.Compare(b.Date) })
		}
		return audit.PolicyDay{Date: d.String(), Note: note}, nil
	})
}
