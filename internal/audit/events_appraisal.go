package audit

// Typed payloads of the appraisal actions (fields in sorted key order).

// ComplaintVerdictRecorded is complaint_verdict recorded's payload.
type ComplaintVerdictRecorded struct {
	Argument bool   `json:"argument"`
	At       string `json:"at"`
	Reason   string `json:"reason"`
	Staff    string `json:"staff"`
	Ticket   int64  `json:"ticket"`
	Valid    bool   `json:"valid"`
}

// FundSpent is fund spent's payload: the amount as written in yuan.
type FundSpent struct {
	Amount string `json:"amount"`
	At     string `json:"at"`
	Reason string `json:"reason"`
}
