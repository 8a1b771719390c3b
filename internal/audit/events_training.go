package audit

// Typed payloads of reply templates and training (fields in sorted key order).

// TemplateChanged is the payload of template added, edited and retired.
type TemplateChanged struct {
	Body    string `json:"body"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Retired bool   `json:"retired"`
}

// TrainingAdded is training added's payload.
type TrainingAdded struct {
	Day         string `json:"day"`
	RequiredFor string `json:"required_for"`
	Topic       string `json:"topic"`
	Trainer     string `json:"trainer"`
}

// TrainingAttended is training attended's payload: who attended (newly recorded).
type TrainingAttended struct {
	Staff []string `json:"staff"`
}

// TrainingResult is the payload of training result recorded and amended.
type TrainingResult struct {
	Exam    int64   `json:"exam"`
	Old     *string `json:"old,omitempty"`
	Pending int64   `json:"pending"`
	Rule    string  `json:"rule"`
	Score   string  `json:"score"`
	Staff   string  `json:"staff"`
}

// ScorePendingAmended is score_pending amended's payload: a later exam result changed the
// proposal before anyone decided it.
type ScorePendingAmended struct {
	Points string `json:"points"`
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
	Staff  string `json:"staff"`
}
