package access

import (
	"strings"
	"testing"
)

// Who appraises whom, and who manages whose record: every pair of roles, with the message a
// refusal gives.
func TestAppraiseAndStaffChange(t *testing.T) {
	actor := func(r Role) Actor { return Actor{ID: 1, Name: string(r), Role: r, Active: true} }
	for _, c := range []struct {
		by, of Role
		score  string // "" allowed, else the role the refusal names
		manage string
	}{
		{Agent, Agent, "supervisor", "supervisor"},
		{Agent, Supervisor, "manager", "manager"},
		{Supervisor, Agent, "", ""},
		{Supervisor, Supervisor, "manager", "manager"},
		{Supervisor, Manager, "manager", "manager"},
		{Manager, Agent, "", ""},
		{Manager, Supervisor, "", ""},
		{Manager, Manager, "", ""},
	} {
		for _, x := range []struct {
			what, want string
			err        error
		}{
			{"score", c.score, Appraise(actor(c.by), 2, c.of, "score add")},
			{"manage", c.manage, CheckStaffChange(actor(c.by), "staff edit", c.of)},
		} {
			switch {
			case x.want == "" && x.err != nil:
				t.Errorf("%s may %s %s: %v", c.by, x.what, c.of, x.err)
			case x.want != "" && (x.err == nil || !strings.Contains(x.err.Error(), "needs the "+x.want+" role")):
				t.Errorf("%s %s %s: %v; want a refusal naming %s", c.by, x.what, c.of, x.err, x.want)
			}
		}
	}
	// Nobody appraises themselves, managers included; the system may.
	if err := Appraise(Actor{ID: 7, Name: "王芳", Role: Manager, Active: true}, 7, Manager, "score add"); err == nil || !strings.Contains(err.Error(), "for themselves") {
		t.Errorf("a manager scoring herself: %v", err)
	}
	if err := Appraise(SystemActor, 7, Supervisor, "remind"); err != nil {
		t.Errorf("the system proposing for a supervisor: %v", err)
	}
	// Any change of role is a manager's; an inactive manager is no manager.
	if err := CheckRoleChange(actor(Supervisor), "staff edit --role"); err == nil {
		t.Error("a supervisor changed a role")
	}
	if err := CheckRoleChange(Actor{Name: "周杰", Role: Manager}, "staff edit --role"); err == nil || !strings.Contains(err.Error(), "inactive") {
		t.Errorf("an inactive manager: %v", err)
	}
}
