package reply

import (
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	v := Values{Customer: "刘洋", Ticket: "#12", Agent: "张伟", Due: "周二 18:00", Team: "售后"}
	for _, c := range []struct{ body, want string }{
		{"您好，{客户}，我是{坐席}", "您好，刘洋，我是张伟"},
		{"{customer} {ticket} {agent} {due} {team}", "刘洋 #12 张伟 周二 18:00 售后"},
		{"工单{工单}将在{到期}前由{团队}处理", "工单#12将在周二 18:00前由售后处理"},
		{"no variables", "no variables"},
	} {
		got, err := Fill(c.body, v)
		if err != nil || got != c.want {
			t.Errorf("Fill(%q) = %q, %v; want %q", c.body, got, err, c.want)
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	for body, want := range map[string]string{
		"您好，{姓名}":   "{姓名}",
		"{customer": "without its }",
		"a } b":     "without its {",
		"  ":        "empty",
		"{}":        "{}",
		"a\x00b":    "NUL",
	} {
		err := Check(body)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v; want an error naming %q", body, err, want)
		}
	}
	for _, d := range DefaultTemplates() {
		if err := Check(d.Body); err != nil {
			t.Errorf("default %s: %v", d.Name, err)
		}
		if err := CheckKind(d.Kind); err != nil {
			t.Error(err)
		}
	}
}

func TestOrderAndJoin(t *testing.T) {
	ts := Order([]Template{{Name: "c", Kind: "closing"}, {Name: "f", Kind: "faq"}, {Name: "o", Kind: "opening"}})
	if ts[0].Name != "o" || ts[1].Name != "f" || ts[2].Name != "c" {
		t.Fatalf("order: %+v", ts)
	}
	if got := Join([]string{"A"}, "B", []string{"C"}); got != "A\n\nB\n\nC" {
		t.Fatalf("join: %q", got)
	}
	if got := Join([]string{"A"}, " ", []string{"C"}); got != "A\n\nC" {
		t.Fatalf("join without a body: %q", got)
	}
}
