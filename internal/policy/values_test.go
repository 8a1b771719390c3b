package policy

import (
	"testing"
)

func TestValues(t *testing.T) {
	p := Default("Asia/Shanghai", "cn")
	v, err := p.Values()
	if err != nil {
		t.Fatal(err)
	}
	if v.WarnBefore.String() != "4bh" || v.Lookback.String() != "7d" || v.HandoverLastOut ||
		v.MailMaxSize != 25<<20 || v.MailAttachmentMax != 10<<20 || v.FirstResponseMean != nil ||
		len(v.SuggestionCategories) != 4 || v.SuggestionCategories[3] != "other" || v.MailAckCountsAsFirstResponse {
		t.Errorf("default values: %+v", v)
	}
	if len(v.Shifts) != 2 || v.Shifts["day"].String() != "08:30-17:30" || v.Shifts["night"].String() != "17:30-24:00" ||
		v.AutocloseAfter == nil || v.AutocloseAfter.String() != "7d" || v.SummaryMinChars != 200 || v.Proposals["first_response"] != "slow-reply" {
		t.Errorf("default values: %+v", v)
	}
	for key, val := range map[string]string{"ticket.autoclose_after": "off", "handover.by": "last-out", "target.first_response_mean": "2h", "mail.max_size": "1MiB", "mail.ack_counts_as_first_response": "yes"} {
		if err := p.Set(key, val); err != nil {
			t.Fatalf("set %s %s: %v", key, val, err)
		}
	}
	if v, err = p.Values(); err != nil {
		t.Fatal(err)
	}
	if !v.HandoverLastOut || v.FirstResponseMean == nil || v.FirstResponseMean.String() != "2h" || v.MailMaxSize != 1<<20 || !v.MailAckCountsAsFirstResponse || v.AutocloseAfter != nil {
		t.Errorf("changed values: %+v", v)
	}
	// The settings callers used to parse themselves: verdict rule, grace, routes, region,
	// targets and the score settings.
	if v.VerdictRule != "complaint-valid" || v.ProposeGrace != nil || len(v.MailRoutes) != 0 || v.Region != "cn" ||
		v.Targets["target.reply_pct"] != 98 || v.TimeTargets["target.first_response_mean"].String() != "2h" ||
		len(v.Targets) != 5 || v.Score.Base.Short() != Default("Asia/Shanghai", "cn").Get("score.base") {
		t.Errorf("typed values: %+v", v)
	}
	for key, val := range map[string]string{"complaint.verdict_rule": "none", "remind.propose_grace": "1h", "mail.routes": "tousu=complaint",
		"target.complaint_satisfied_pct": "80.5", "target.first_response_mean": "", "target.csat_pct": "85"} {
		if err := p.Set(key, val); err != nil {
			t.Fatalf("set %s %s: %v", key, val, err)
		}
	}
	if v, err = p.Values(); err != nil {
		t.Fatal(err)
	}
	if v.VerdictRule != "" || v.ProposeGrace == nil || v.ProposeGrace.String() != "1h" || len(v.MailRoutes) != 1 || v.MailRoutes[0].Kind != "complaint" ||
		v.Targets["target.complaint_satisfied_pct"] != 80.5 || v.Targets["target.csat_pct"] != 85 || len(v.TimeTargets) != 0 {
		t.Errorf("typed values after set: %+v", v)
	}
	// A value stored behind Set's back is caught when the policy is checked as a whole.
	p.Settings["remind.lookback"] = "soon"
	if err := p.Validate(); err == nil {
		t.Error("Validate accepted remind.lookback soon")
	}
}
