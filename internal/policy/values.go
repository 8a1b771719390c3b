package policy

import (
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/duration"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/mail"
	"github.com/kefu/kefu/internal/score"
)

// Values are the policy's scalar settings parsed once into typed fields: callers read
// durations, sizes and switches, never strings, and cannot forget a parse error. Validate
// parses them, so a policy that was stored has Values.
type Values struct {
	// WarnBefore (remind.warn_before): a due time this close is at risk.
	WarnBefore duration.Duration
	// Lookback (remind.lookback): how far back remind looks for missing notes and summaries.
	Lookback duration.Duration
	// HandoverLastOut (handover.by = last-out): only the shift that closes the day owes a note.
	HandoverLastOut bool
	// SuggestionCategories (suggestion.categories), in order; the last is the default.
	SuggestionCategories []string
	// MailFrom (mail.from) is the department's address; empty: replies are never mailed.
	MailFrom string
	// MailAckTemplate (mail.ack_template); "off": no acknowledgement.
	MailAckTemplate string
	// MailAckCountsAsFirstResponse (mail.ack_counts_as_first_response = yes).
	MailAckCountsAsFirstResponse bool
	// MailMaxSize and MailAttachmentMax (mail.max_size, mail.attachment_max), in bytes.
	MailMaxSize, MailAttachmentMax int64
	// FirstResponseMean (target.first_response_mean): the mean first response's ceiling; nil:
	// no target.
	FirstResponseMean *duration.Duration
	// HandoverGrace (handover.grace): a note is due this long after its shift ends.
	HandoverGrace duration.Duration
	// AutocloseAfter (ticket.autoclose_after): remind closes tickets resolved this long ago;
	// nil: off.
	AutocloseAfter *duration.Duration
	// Proposals (remind.propose): the rule each breach target proposes.
	Proposals map[string]string
	// SummaryDue and SummaryMinChars (summary.due, summary.min_chars).
	SummaryDue      WeeklyTime
	SummaryMinChars int
	// Shifts (calendar.shift.NAME): each shift's hours, by name.
	Shifts map[string]calendar.Span
	// AssignMode (assign.mode): none, round-robin or least-open.
	AssignMode string
	// VerdictRule (complaint.verdict_rule): the rule a valid complaint verdict proposes; "":
	// none.
	VerdictRule string
	// ProposeGrace (remind.propose_grace): how late past its window a first response is slow;
	// nil: the window's own length.
	ProposeGrace *duration.Duration
	// MailRoutes (mail.routes): which recipient address opens which kind.
	MailRoutes []mail.Route
	// Region (calendar.region): cn or none.
	Region string
	// Targets (target.*_pct): each percentage target that is set, by its policy key.
	Targets map[string]float64
	// TimeTargets (target.* durations, such as target.first_response_mean): each time ceiling
	// that is set, by its policy key.
	TimeTargets map[string]duration.Duration
	// Score (score.*): the points appraisal's settings.
	Score score.Settings
}

// Values parses the scalar settings (each a default when the policy lacks it).
func (p Policy) Values() (Values, error) {
	var v Values
	var err error
	dur := func(key string) duration.Duration {
		d, e := duration.Parse(p.Get(key))
		if e != nil && err == nil {
			err = errs.Invalidf("policy %s: %v", key, e)
		}
		return d
	}
	bytes := func(key string) int64 {
		n, e := ParseBytes(p.Get(key))
		if e != nil && err == nil {
			err = errs.Invalidf("policy %s: %v", key, e)
		}
		return n
	}
	v.WarnBefore = dur("remind.warn_before")
	v.Lookback = dur("remind.lookback")
	v.HandoverLastOut = p.Get("handover.by") == "last-out"
	v.SuggestionCategories = strings.Split(p.Get("suggestion.categories"), ",")
	v.MailFrom = p.Get("mail.from")
	v.MailAckTemplate = p.Get("mail.ack_template")
	v.MailAckCountsAsFirstResponse = p.Get("mail.ack_counts_as_first_response") == "yes"
	v.MailMaxSize = bytes("mail.max_size")
	v.MailAttachmentMax = bytes("mail.attachment_max")
	if p.Get("target.first_response_mean") != "" {
		d := dur("target.first_response_mean")
		v.FirstResponseMean = &d
	}
	v.HandoverGrace = dur("handover.grace")
	if p.Get("ticket.autoclose_after") != Off {
		d := dur("ticket.autoclose_after")
		v.AutocloseAfter = &d
	}
	check := func(key string, e error) {
		if e != nil && err == nil {
			err = errs.Invalidf("policy %s: %v", key, e)
		}
	}
	var e error
	v.Proposals, e = ParseProposals(p.Get("remind.propose"))
	check("remind.propose", e)
	v.SummaryDue, e = ParseWeeklyTime(p.Get("summary.due"))
	check("summary.due", e)
	v.SummaryMinChars, e = strconv.Atoi(p.Get("summary.min_chars"))
	check("summary.min_chars", e)
	v.Shifts = map[string]calendar.Span{}
	for _, s := range Settings {
		if name, ok := strings.CutPrefix(s.Key, "calendar.shift."); ok {
			v.Shifts[name], e = calendar.ParseSpan(p.Get(s.Key))
			check(s.Key, e)
		}
	}
	v.AssignMode = p.Get("assign.mode")
	if v.VerdictRule = p.Get("complaint.verdict_rule"); v.VerdictRule == "none" {
		v.VerdictRule = ""
	}
	if g := p.Get("remind.propose_grace"); g != "window" && g != "" {
		d := dur("remind.propose_grace")
		v.ProposeGrace = &d
	}
	v.MailRoutes, e = mail.ParseRoutes(p.Get("mail.routes"))
	check("mail.routes", e)
	v.Region = p.Get("calendar.region")
	v.Targets, v.TimeTargets = map[string]float64{}, map[string]duration.Duration{}
	for _, s := range Settings {
		t := p.Get(s.Key)
		if !strings.HasPrefix(s.Key, "target.") || t == "" {
			continue
		}
		if strings.HasSuffix(s.Key, "_pct") {
			v.Targets[s.Key], e = strconv.ParseFloat(t, 64)
			check(s.Key, e)
			continue
		}
		v.TimeTargets[s.Key] = dur(s.Key)
	}
	v.Score, e = score.SettingsFrom(p.Get)
	if e != nil && err == nil {
		err = e
	}
	return v, err
}
