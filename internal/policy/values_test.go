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
	// A value stored behind Set's back is caught when the policy is checked as a whole.
	p.Settings["remind.lookback"] = "soon"
	if err := p.Validate(); err == nil {
		t.Error("Validate accepted remind.lookback soon")
	}
}
