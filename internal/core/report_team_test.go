package core_test

import (
	"strings"
	"testing"

	"github.com/kefu/kefu/internal/core"
)

// --team narrows a report to one team's tickets and staff.
func TestReportTeamScope(t *testing.T) {
	tm := newTeam(t)
	for _, o := range []core.StaffAddOptions{{Name: "孙悦", Role: "agent", Team: "售前"}, {Name: "周杰", Role: "agent", Team: "售后"}} {
		if _, err := tm.s.StaffAdd(tm.ctx, "王芳", o); err != nil {
			t.Fatal(err)
		}
	}
	rptClock(t, tm, "2026-03-02 10:00")
	rptOpen(t, tm, "孙悦", "presale", "chat", nil)
	rptOpen(t, tm, "孙悦", "presale", "chat", nil)
	rptOpen(t, tm, "周杰", "inquiry", "email", nil)
	rptClock(t, tm, "2026-03-03 10:00")

	all, err := tm.s.ReportMonthly(tm.ctx, "2026-03", "")
	if err != nil {
		t.Fatal(err)
	}
	pre, err := tm.s.ReportMonthly(tm.ctx, "2026-03", "售前")
	if err != nil {
		t.Fatal(err)
	}
	if all.Volume.Total != 3 || pre.Volume.Total != 2 || pre.Period.Team != "售前" {
		t.Fatalf("volume: department %d, 售前 %d (team %q); want 3 and 2", all.Volume.Total, pre.Volume.Total, pre.Period.Team)
	}
	for _, a := range pre.Agents {
		if a.Team != "售前" {
			t.Errorf("the 售前 report lists %s of team %q", a.Name, a.Team)
		}
	}
	w, err := tm.s.ReportWeekly(tm.ctx, "2026-W10", "售后")
	if err != nil || w.Volume.Total != 1 {
		t.Fatalf("weekly 售后 = %d, %v; want 1", w.Volume.Total, err)
	}
	d, err := tm.s.ReportDaily(tm.ctx, "2026-03-02", "售前")
	if err != nil || len(d.Agents) != 1 || d.Agents[0].Name != "孙悦" {
		t.Fatalf("daily 售前 = %+v, %v; want only 孙悦", d.Agents, err)
	}
	if _, err := tm.s.ReportMonthly(tm.ctx, "2026-03", "物流"); err == nil || !strings.Contains(err.Error(), "售前") {
		t.Fatalf("an unknown team: %v, want a refusal listing the teams", err)
	}
}
