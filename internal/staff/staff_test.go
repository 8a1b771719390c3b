package staff

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/errs"
)

func TestValidName(t *testing.T) {
	for _, name := range []string{
		"张伟",
		"欧阳娜娜",
		"Li Na",
		"O'Brien",
		"Zhang Wei (night)",
		"坐席1",
		"007 Bond",
		"Ⅻ",
		"系统",
		"System", // only the exact reserved word is refused
		strings.Repeat("娜", 64),
	} {
		if err := ValidName("staff", name); err != nil {
			t.Errorf("ValidName(%q) = %v", name, err)
		}
	}
}

func TestValidNameRefused(t *testing.T) {
	for _, tc := range []struct {
		name, msg string
	}{
		{"", "must not be empty"},
		{" 张伟", "start or end with spaces"},
		{"张伟 ", "start or end with spaces"},
		{"\t张伟", "start or end with spaces"},
		{"张\t伟", "control character"},
		{"张\n伟", "control character"},
		{"\x1b[31m张伟", "control character"},
		{"张\u200b伟", "control character"},          // zero-width space: two names that look alike
		{"evil\u202egnp.exe", "control character"}, // right-to-left override
		{"\xff\xfe", "not valid UTF-8"},
		{strings.Repeat("娜", 65), "longer than 64"},
		{"123", "all digits"},
		{"42", "numbers are read as ids"},
		{"system", "reserved"},
		{"me", "reserved"},
	} {
		err := ValidName("staff", tc.name)
		if err == nil {
			t.Errorf("ValidName(%q) accepted", tc.name)
			continue
		}
		if !errs.Is(err, errs.Invalid) || errs.ExitCode(err) != errs.ExitInvalid {
			t.Errorf("ValidName(%q) = %v, want an invalid-input error (exit 2)", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ValidName(%q) = %q, want it to mention %q", tc.name, err, tc.msg)
		}
	}
}

func TestValidNameSaysWhat(t *testing.T) {
	err := ValidName("customer", "")
	if err == nil || !strings.HasPrefix(err.Error(), "customer name") {
		t.Errorf("ValidName(customer, \"\") = %v, want a message about a customer name", err)
	}
}

func TestValidShift(t *testing.T) {
	for _, s := range []string{"day", "night"} {
		if err := ValidShift(s); err != nil {
			t.Errorf("ValidShift(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "evening", "Day", "白班"} {
		err := ValidShift(s)
		if err == nil || !strings.Contains(err.Error(), "use day or night") {
			t.Errorf("ValidShift(%q) = %v, want an error naming day and night", s, err)
		}
	}
}

func TestActor(t *testing.T) {
	s := Staff{ID: 3, Name: "欧阳娜娜", Role: access.Supervisor, Team: "售后", Shift: "night", Active: true, CreatedAt: time.Now()}
	a := s.Actor()
	want := access.Actor{ID: 3, Name: "欧阳娜娜", Role: access.Supervisor, Active: true}
	if a != want {
		t.Errorf("Actor() = %+v, want %+v", a, want)
	}
	s.Active = false
	if s.Actor().Active {
		t.Error("an inactive staff member acts as active")
	}
	if err := access.Check(s.Actor(), access.Work, "ticket open"); err == nil {
		t.Error("an inactive staff member passed the permission check")
	}
}

func FuzzValidName(f *testing.F) {
	for _, s := range []string{"张伟", "Li Na", "", " a", "123", "\x1b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidName("staff", name) != nil {
			return
		}
		// An accepted name is safe to print in a table and never mistaken for an id.
		if strings.TrimSpace(name) != name || name == "" {
			t.Fatalf("accepted %q with surrounding space", name)
		}
		for _, r := range name {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("accepted %q holding control character %U", name, r)
			}
		}
		if strings.Trim(name, "0123456789") == "" {
			t.Fatalf("accepted the all-digit name %q", name)
		}
	})
}
