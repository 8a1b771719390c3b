package core

import (
	"context"
	"strings"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
)

// The rule catalog: listing, adding, changing and retiring rules.

// ScoreRules lists the catalog: of one class if given, retired rules only with all.
func (s *Service) ScoreRules(ctx context.Context, class string, all bool) ([]score.Rule, error) {
	var out []score.Rule
	var c score.Class
	if class != "" {
		if class == string(score.Discretion) {
			c = score.Discretion
		} else {
			var err error
			if c, err = score.ParseClass(class); err != nil {
				return nil, err
			}
		}
	}
	err := s.read(ctx, func(e *env) error {
		rs, err := e.tx.ScoreRules()
		for _, r := range rs {
			if (c == "" || r.Class == c) && (all || !r.Retired) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// ScoreRuleOptions are the fields of score rule add and set; nil leaves a field as it is.
type ScoreRuleOptions struct {
	Class, Points, Fine, Ladder, Desc, DescZH *string
	// OncePerMonth and Eligibility limit a bonus: once per staff member and month, and a
	// condition (no-violation, no-valid-complaint, top-of-month, exam-100; none: no condition).
	OncePerMonth *bool
	Eligibility  *string
}

// apply changes r by the options, validating each field.
func (o ScoreRuleOptions) apply(r *score.Rule) error {
	if o.Class != nil {
		c, err := score.ParseClass(*o.Class)
		if err != nil {
			return err
		}
		if r.Builtin && c != r.Class {
			return errs.Invalidf("rule %s is built in: its class stays %s", r.Code, r.Class)
		}
		r.Class = c
	}
	if o.Points != nil {
		min, max, err := score.ParseRange(*o.Points)
		if err != nil {
			return errs.Invalidf("--points: %v", err)
		}
		r.Min, r.Max = min, max
	}
	if o.Fine != nil {
		f := score.Fen(0)
		if *o.Fine != "" && *o.Fine != "0" {
			var err error
			if f, err = score.ParseYuan(*o.Fine); err != nil {
				return errs.Invalidf("--fine: %v", err)
			}
		}
		r.Fine = f
	}
	if o.Ladder != nil {
		l, err := score.ParseLadder(*o.Ladder)
		if err != nil {
			return err
		}
		r.Ladder = l
	}
	if o.OncePerMonth != nil {
		r.OncePerMonth = *o.OncePerMonth
	}
	if o.Eligibility != nil {
		c, err := score.ParseCondition(*o.Eligibility)
		if err != nil {
			return err
		}
		r.Eligibility = c
	}
	if o.Desc != nil {
		r.Desc = strings.TrimSpace(*o.Desc)
	}
	if o.DescZH != nil {
		r.DescZH = strings.TrimSpace(*o.DescZH)
	}
	return r.Validate()
}

func ruleSnapshot(r score.Rule) map[string]any {
	return map[string]any{"class": string(r.Class), "points": r.PointsSpec(), "fine": r.Fine.String(), "ladder": r.Ladder.String(),
		"description": r.Desc, "description_zh": r.DescZH, "once_per_month": r.OncePerMonth, "eligibility": string(r.Eligibility)}
}

// ScoreRuleAdd adds a rule to the catalog (manager).
func (s *Service) ScoreRuleAdd(ctx context.Context, as, code string, o ScoreRuleOptions) (score.Rule, error) {
	r := score.Rule{Code: strings.TrimSpace(code)}
	if err := score.ValidCode(r.Code); err != nil {
		return r, err
	}
	if o.Class == nil {
		return r, errs.Invalidf("score rule add needs --class (bonus, light, medium, severe, dismissal or fine)")
	}
	if o.Points == nil {
		if *o.Class != string(score.Dismissal) && *o.Class != string(score.Fine) {
			return r, errs.Invalidf("score rule add needs --points N or --points A..B")
		}
		zero := "0"
		o.Points = &zero
	}
	if err := o.apply(&r); err != nil {
		return r, err
	}
	err := s.write(ctx, as, access.ManagePolicy, "score rule add", func(e *env) error {
		if err := e.tx.InsertScoreRule(r); err != nil {
			return err
		}
		return e.event("score_rule", 0, "rule_added", audit.ScoreRuleAdded{Code: r.Code, Class: string(r.Class), Points: r.PointsSpec(),
			Fine: r.Fine.String(), Ladder: r.Ladder.String(), Description: r.Desc, DescriptionZH: r.DescZH,
			OncePerMonth: r.OncePerMonth, Eligibility: string(r.Eligibility)})
	})
	return r, err
}

// ScoreRuleSet changes a rule (manager). Entries keep the points they were given; ladders and
// classes apply to every open month's sheet.
func (s *Service) ScoreRuleSet(ctx context.Context, as, code string, o ScoreRuleOptions) (old, new score.Rule, err error) {
	if o == (ScoreRuleOptions{}) {
		return old, new, errs.Invalidf("score rule set needs a change: --class, --points, --fine, --ladder, --once-per-month, --eligibility, --desc or --desc-zh")
	}
	err = s.write(ctx, as, access.ManagePolicy, "score rule set", func(e *env) error {
		if old, err = e.tx.ScoreRule(code); err != nil {
			return err
		}
		new = old
		if err := o.apply(&new); err != nil {
			return err
		}
		if err := e.tx.UpdateScoreRule(new, false); err != nil {
			return err
		}
		return e.event("score_rule", 0, "rule_changed", audit.ScoreRuleChanged{Code: code, Changes: diff(ruleSnapshot(old), ruleSnapshot(new))})
	})
	return old, new, err
}

// ScoreRuleRetire retires a rule (manager): it stays for history and takes no new entries.
func (s *Service) ScoreRuleRetire(ctx context.Context, as, code string) (score.Rule, error) {
	var r score.Rule
	err := s.write(ctx, as, access.ManagePolicy, "score rule retire", func(e *env) error {
		var err error
		if r, err = e.tx.ScoreRule(code); err != nil {
			return err
		}
		if r.Builtin {
			return errs.Invalidf("rule %s is built in and cannot be retired; change its points with kefu score rule set", code)
		}
		if r.Retired {
			return errs.Invalidf("rule %s is already retired", code)
		}
		if err := e.tx.UpdateScoreRule(r, true); err != nil {
			return err
		}
		r.Retired = true
		return e.event("score_rule", 0, "rule_retired", audit.ScoreRuleRetired{Code: code})
	})
	return r, err
}
