// Package report holds the KPI definitions every report uses (product.md, "Reports") and the
// pure arithmetic over figures the store aggregates: rates, NPS, percentiles, deltas, targets.
// An empty period has no rate (nil), never NaN or a division by zero.
package report

import (
	"math"
	"sort"
)

// Definitions of every figure, printed in JSON output and the docs.
const (
	DefCredit               = "credit: a target met counts for whoever did it (the first reply's sender, the resolver, the escalating agent); a target missed is charged to whoever held the ticket when the due time passed (the history says who), or to the row unassigned; an agent's compliance for a target is met by them ÷ (met by them + charged to them); escalation, reassignment and deactivation never move past credit"
	DefContacts             = "contacts handled by an agent on a day: distinct tickets the agent opened or replied to that day"
	DefReplyRate            = "reply rate: tickets opened in the period on a written channel (email, chat, wechat, social, app) with at least one reply ÷ such tickets opened in the period (suggestions excluded)"
	DefSLA                  = "SLA compliance for a target: of the tickets whose due time for it falls in the period and is not after now, the share where the event (first reply, resolution, escalation, follow-up, forward) happened by the due time"
	DefFirstResponse        = "first-response time: from opening to the first reply, mean, median and p90 per channel (suggestions excluded), in the unit of the first-response window stored with each ticket when it was opened: business time for business windows, calendar time otherwise (a channel with both has a row for each)"
	DefCSAT                 = "CSAT: ratings 4–5 ÷ all 1–5 ratings given in the period"
	DefNPS                  = "NPS: % of 9–10 minus % of 0–6, of the 0–10 ratings given in the period"
	DefAccuracy             = "answer accuracy: quality checks marked correct ÷ quality checks made in the period"
	DefSatisfied            = "complaints satisfied: complaints whose last follow-up in the period recorded the customer satisfied ÷ complaints with a follow-up in the period"
	DefComplaintResolved    = "complaints resolved on time by severity: the resolution SLA of simple and of complex complaints, over due times in the period"
	DefSuggestionsCollected = "suggestions collected: suggestions the agent opened in the period"
	DefReopened             = "complaints reopened: complaints opened in the period reopened at least once ÷ complaints opened in the period"
	DefConversion           = "conversion rate: pre-sale chats resolved in the period that converted ÷ pre-sale chats resolved in the period"
)

// Rate is a share with its numerator and denominator; Value is nil when the denominator is 0.
type Rate struct {
	N     int      `json:"numerator"`
	D     int      `json:"denominator"`
	Value *float64 `json:"rate"`
}

// NewRate is n ÷ d.
func NewRate(n, d int) Rate {
	r := Rate{N: n, D: d}
	if d > 0 {
		v := float64(n) / float64(d)
		r.Value = &v
	}
	return r
}

// Pct is the rate in percent, or nil.
func (r Rate) Pct() *float64 {
	if r.Value == nil {
		return nil
	}
	v := *r.Value * 100
	return &v
}

// NPS is the net promoter score of 0–10 answers.
type NPS struct {
	Promoters  int      `json:"promoters"`
	Passives   int      `json:"passives"`
	Detractors int      `json:"detractors"`
	Responses  int      `json:"responses"`
	Score      *float64 `json:"score"`
}

// NewNPS computes % promoters (9–10) minus % detractors (0–6).
func NewNPS(promoters, detractors, responses int) NPS {
	n := NPS{Promoters: promoters, Detractors: detractors, Responses: responses, Passives: responses - promoters - detractors}
	if responses > 0 {
		v := (float64(promoters) - float64(detractors)) * 100 / float64(responses)
		n.Score = &v
	}
	return n
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of values by the nearest-rank method,
// or nil for no values. values is sorted in place.
func Percentile(values []int64, p float64) *int64 {
	if len(values) == 0 {
		return nil
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	rank := int(math.Ceil(p / 100 * float64(len(values))))
	if rank < 1 {
		rank = 1
	}
	v := values[rank-1]
	return &v
}

// Delta is the change of a figure against the previous period: nil when either is unknown.
func Delta(cur, prev *float64) *float64 {
	if cur == nil || prev == nil {
		return nil
	}
	d := *cur - *prev
	return &d
}

// Missed reports whether a percentage falls short of its target; an unknown rate misses nothing.
func Missed(pct *float64, target float64) bool {
	return pct != nil && *pct < target
}
