package report

// The shapes of the reports: what --format json prints (snake_case keys, RFC 3339 times).

// Period is the span a report covers, cut in the team's time zone.
type Period struct {
	Label    string `json:"label"` // 2026-03, 2026-W10, 2026-03-02
	Dates    string `json:"dates"` // the service days, inclusive: 2026-03-02 – 2026-03-08
	Start    string `json:"start"`
	End      string `json:"end"` // exclusive
	Timezone string `json:"timezone"`
	Team     string `json:"team,omitempty"` // the team the report is narrowed to
	// CalendarWarning says the period reaches beyond the official holiday data.
	CalendarWarning string `json:"calendar_warning,omitempty"`
}

// Count is a key with a number.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"count"`
}

// Volume is how many tickets were opened, and how they break down.
type Volume struct {
	Total      int     `json:"total"`
	ByKind     []Count `json:"by_kind"`
	ByChannel  []Count `json:"by_channel"`
	ByCategory []Count `json:"by_category"`
	Daily      []Count `json:"daily"`
}

// SLA is the compliance of one target.
type SLA struct {
	Target     string `json:"target"`
	Definition string `json:"definition"`
	Rate
}

// ChannelResponse is the first-response time of one channel.
type ChannelResponse struct {
	Channel       string `json:"channel"`
	BusinessTime  bool   `json:"business_time"`
	Answered      int    `json:"answered"`
	MeanSeconds   *int64 `json:"mean_seconds"`
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
}

// FirstResponse is first-response time per channel and compliance.
type FirstResponse struct {
	Definition string `json:"definition"`
	// MeanSeconds is the mean over every channel (平均响应时间).
	MeanSeconds *int64            `json:"mean_seconds"`
	ByChannel   []ChannelResponse `json:"by_channel"`
	Compliance  SLA               `json:"compliance"`
}

// Resolution is resolution compliance.
type Resolution struct {
	Compliance SLA `json:"compliance"`
}

// Complaints are the complaint figures of the period.
type Complaints struct {
	Opened     int     `json:"opened"`
	Simple     int     `json:"simple"`
	Complex    int     `json:"complex"`
	Escalated  int     `json:"escalated"`
	Escalation SLA     `json:"escalation"`
	FollowUp   SLA     `json:"follow_up"`
	Satisfied  Rate    `json:"satisfied"`
	Reopened   Rate    `json:"reopened"`
	Types      []Count `json:"types"`
	Definition string  `json:"definition"`
	// On-time resolution of simple and complex complaints (resolution SLA of each severity).
	ResolvedSimple  SLA `json:"resolved_simple"`
	ResolvedComplex SLA `json:"resolved_complex"`
}

// Suggestions are the suggestion figures of the period.
type Suggestions struct {
	Opened     int                  `json:"opened"`
	Forwarded  int                  `json:"forwarded"`
	Forward    SLA                  `json:"forward"`
	Adopted    int                  `json:"adopted"`
	Declined   int                  `json:"declined"`
	InProgress int                  `json:"in_progress"`
	ByCategory []SuggestionCategory `json:"by_category"`
}

// SuggestionCategory is how many suggestions of a category came in, and how many were forwarded.
type SuggestionCategory struct {
	Category  string `json:"category"`
	N         int    `json:"count"`
	Forwarded int    `json:"forwarded"`
}

// Metric is a rate with its definition.
type Metric struct {
	Definition string `json:"definition"`
	Rate
}

// NPSMetric is NPS with its definition.
type NPSMetric struct {
	Definition string `json:"definition"`
	NPS
}

// Agent is one staff member's row of the monthly report, with their score sheet.
type Agent struct {
	Name          string `json:"name"`
	Team          string `json:"team"`
	Role          string `json:"role"`
	Opened        int    `json:"opened"`
	Assigned      int    `json:"assigned"`
	Resolved      int    `json:"resolved"`
	Replies       int    `json:"replies"`
	FirstResponse Rate   `json:"first_response_compliance"`
	Resolution    Rate   `json:"resolution_compliance"`
	Escalation    Rate   `json:"escalation_compliance"`
	CSAT          Rate   `json:"csat"`
	Accuracy      Rate   `json:"accuracy"`
	Conversion    Rate   `json:"conversion"`
	Sales         string `json:"sales"` // yuan, two decimals
	// SuggestionsCollected counts the suggestions the agent opened in the period.
	SuggestionsCollected int      `json:"suggestions_collected"`
	ScoreTotal           *string  `json:"score_total"`
	Grade                *string  `json:"grade"`
	PayFloat             *string  `json:"pay_float"`
	Flags                []string `json:"flags"`
}

// KPIs are the headline figures compared month to month (percentages, NPS points).
type KPIs struct {
	Volume                int      `json:"volume"`
	FirstResponsePct      *float64 `json:"first_response_pct"`
	ResolutionPct         *float64 `json:"resolution_pct"`
	ReplyPct              *float64 `json:"reply_pct"`
	CSATPct               *float64 `json:"csat_pct"`
	NPS                   *float64 `json:"nps"`
	AccuracyPct           *float64 `json:"accuracy_pct"`
	ComplaintSatisfiedPct *float64 `json:"complaint_satisfied_pct"`
	ComplaintReopenedPct  *float64 `json:"complaint_reopened_pct"`
	Complaints            int      `json:"complaints"`
	// FirstResponseMeanSeconds is the mean first-response time of the period's answered
	// tickets, each in its own window's unit (平均响应时间).
	FirstResponseMeanSeconds *int64 `json:"first_response_mean_seconds"`
	// KBAnsweredPct is the share of the period's inquiries that link an article (knowledge.go).
	KBAnsweredPct *float64 `json:"kb_answered_pct"`
}

// Previous is the previous month's KPIs and the change since.
type Previous struct {
	Period Period              `json:"period"`
	KPIs   KPIs                `json:"kpis"`
	Deltas map[string]*float64 `json:"deltas"`
}

// TargetMiss is a KPI below its target in the policy.
type TargetMiss struct {
	KPI    string  `json:"kpi"`
	Target float64 `json:"target"`
	Actual float64 `json:"actual"`
}

// Monthly is the monthly report.
type Monthly struct {
	Period        Period        `json:"period"`
	Volume        Volume        `json:"volume"`
	HotTopics     []Count       `json:"hot_topics"`
	FirstResponse FirstResponse `json:"first_response"`
	Resolution    Resolution    `json:"resolution"`
	Complaints    Complaints    `json:"complaints"`
	Suggestions   Suggestions   `json:"suggestions"`
	CSAT          Metric        `json:"csat"`
	NPS           NPSMetric     `json:"nps"`
	Accuracy      Metric        `json:"accuracy"`
	ReplyRate     Metric        `json:"reply_rate"`
	Agents        []Agent       `json:"agents"`
	// AgentsDefinition says how the agents' figures are credited.
	AgentsDefinition string             `json:"agents_definition"`
	KPIs             KPIs               `json:"kpis"`
	Previous         Previous           `json:"previous"`
	Targets          map[string]float64 `json:"targets"`
	TargetsMissed    []TargetMiss       `json:"targets_missed"`
	// Training and TemplatesUsed: issue 17 (training.go).
	Training      Training      `json:"training"`
	TemplatesUsed []TemplateUse `json:"templates_used"`
	// Knowledge is the knowledge base's gaps and use (see knowledge.go).
	Knowledge Knowledge `json:"knowledge"`
}

// Weekly is the weekly report.
type Weekly struct {
	Period         Period      `json:"period"`
	Volume         Volume      `json:"volume"`
	HotTopics      []Count     `json:"hot_topics"`
	ComplaintTypes []Count     `json:"complaint_types"`
	Suggestions    Suggestions `json:"suggestions"`
	SLA            []SLA       `json:"sla"`
	// Knowledge is the knowledge base's gaps and use (see knowledge.go).
	Knowledge Knowledge `json:"knowledge"`
}

// DailyAgent is one agent's day.
type DailyAgent struct {
	Name              string         `json:"name"`
	Team              string         `json:"team"`
	Contacts          int            `json:"contacts"`
	ByChannel         map[string]int `json:"contacts_by_channel"`
	Replies           int            `json:"replies"`
	ComplaintsHandled int            `json:"complaints_handled"`
	OpenAtEnd         int            `json:"open_at_end"`
}

// Daily is the daily report.
type Daily struct {
	Period     Period       `json:"period"`
	Definition string       `json:"definition"`
	Opened     int          `json:"opened"`
	Agents     []DailyAgent `json:"agents"`
}
