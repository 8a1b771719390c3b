package access

import (
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/errs"
)

func TestCheckTable(t *testing.T) {
	want := map[Action]map[Role]bool{
		ManagePolicy: {Agent: false, Supervisor: false, Manager: true},
		ManageStaff:  {Agent: false, Supervisor: true, Manager: true},
		Supervise:    {Agent: false, Supervisor: true, Manager: true},
		Work:         {Agent: true, Supervisor: true, Manager: true},
	}
	for act, byRole := range want {
		for role, ok := range byRole {
			err := Check(Actor{ID: 1, Name: "张伟", Role: role, Active: true}, act, "test")
			if (err == nil) != ok {
				t.Errorf("%s as %s: err = %v, want allowed=%v", act, role, err, ok)
			}
			if err != nil {
				if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), string(Needed(act))) {
					t.Errorf("%s as %s: refusal %q must exit 2 and name the role", act, role, err)
				}
			}
		}
	}
}

func TestInactiveAndSystem(t *testing.T) {
	if err := Check(Actor{Name: "x", Role: Manager}, Work, "reply"); err == nil {
		t.Fatal("inactive manager allowed")
	}
	if err := Check(SystemActor, ManagePolicy, "auto-close"); err != nil {
		t.Fatalf("system refused: %v", err)
	}
	if err := NotSelf(Actor{ID: 4, Name: "a"}, 4, "score add"); err == nil {
		t.Fatal("self action allowed")
	}
}
