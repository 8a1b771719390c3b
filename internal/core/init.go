package core

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/reply"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
)

// InitOptions are kefu init's flags.
type InitOptions struct {
	Manager string
	TZ      string
	Region  string
}

// InitResult says what init did.
type InitResult struct {
	Path     string `json:"path"`
	Created  bool   `json:"created"`
	Timezone string `json:"timezone"`
	Region   string `json:"region"`
	Manager  string `json:"manager,omitempty"`
}

// InitPolicy checks init's options, filling in region cn and the zone, and returns the policy
// a new database starts with. Commands call it before creating any file. The zone is never
// guessed wrongly: with region cn it is Asia/Shanghai (China's holiday calendar is China's
// time); otherwise the machine's, unless that is UTC or unknown (a server's usual setting, not
// a team's), when --tz is required.
func InitPolicy(o *InitOptions) (policy.Policy, error) {
	if o.Region == "" {
		o.Region = "cn"
	}
	if o.TZ == "" {
		switch machine := MachineZone(); {
		case o.Region == "cn":
			o.TZ = "Asia/Shanghai"
		case isUTC(machine):
			return policy.Policy{}, errs.Invalidf("--tz is required: this machine's time zone is %s, which is rarely a team's; name the team's zone (--tz Europe/Berlin, or --tz UTC if the team really works in UTC)", machine)
		default:
			o.TZ = machine
		}
	}
	p := policy.Default("", "")
	if err := p.Set("calendar.timezone", o.TZ); err != nil {
		return p, errs.Invalidf("--tz: unknown time zone %q: use an IANA name such as Asia/Shanghai or UTC", o.TZ)
	}
	if err := p.Set("calendar.region", o.Region); err != nil {
		return p, errs.Invalidf("--region %q: use cn or none", o.Region)
	}
	if o.Manager != "" {
		if err := staff.ValidName(errs.Word("staff"), o.Manager); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Init seeds a new database with the default policy and, optionally, its first manager.
// On a database that already has a policy it changes nothing and says so.
func (s *Service) Init(ctx context.Context, o InitOptions) (InitResult, error) {
	res := InitResult{Path: s.DB.Path()}
	p, err := InitPolicy(&o)
	if err != nil {
		return res, err
	}
	err = s.update(ctx, func(tx persist.Tx) error {
		done, err := tx.PolicyInitialized()
		if err != nil {
			return err
		}
		if done {
			cur, err := tx.Policy()
			if err != nil {
				return err
			}
			res.Timezone, res.Region = cur.Get("calendar.timezone"), cur.Get("calendar.region")
			return nil
		}
		res.Created = true
		res.Timezone, res.Region = o.TZ, o.Region
		if err := tx.SavePolicy(p); err != nil {
			return err
		}
		if err := tx.SeedRules(score.DefaultRules()); err != nil {
			return err
		}
		if err := tx.SeedTemplates(reply.DefaultTemplates()); err != nil {
			return err
		}
		if err := tx.AppendEvent("system", "policy", 0, "init", audit.PolicyInit{Timezone: o.TZ, Region: o.Region}); err != nil {
			return err
		}
		if o.Manager == "" {
			return nil
		}
		m, err := tx.InsertStaff(staff.Staff{Name: o.Manager, Role: access.Manager, Shift: "day"})
		if err != nil {
			return err
		}
		res.Manager = m.Name
		return tx.AppendEvent("system", "staff", m.ID, "added", audit.StaffAddedAtInit{Name: m.Name, Role: string(m.Role)})
	})
	return res, err
}

// isUTC reports whether a zone name is UTC under one of its names (a server's default).
func isUTC(name string) bool {
	switch strings.TrimPrefix(name, "Etc/") {
	case "UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "":
		return true
	}
	return false
}

// MachineZone is the IANA name of the machine's time zone: $TZ, else /etc/localtime's target,
// else UTC.
func MachineZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" {
		if _, err := time.LoadLocation(tz); err == nil && tz != "Local" {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			name := target[i+len("zoneinfo/"):]
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "UTC"
}

// ErrNotInitialized is returned when a database file exists but init never ran.
var ErrNotInitialized = errs.Invalidf("the database has no policy yet").WithHint("kefu init")
