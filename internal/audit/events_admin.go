package audit

// Typed payloads of the score exam and the database's own actions (fields in sorted key order).

// ScoreExamRecorded is score_exam recorded's and amended's payload; Old, the score it
// replaced, only on amended.
type ScoreExamRecorded struct {
	Month string  `json:"month"`
	Old   *string `json:"old,omitempty"`
	Rule  string  `json:"rule"`
	Score string  `json:"score"`
	Staff string  `json:"staff"`
}

// DBRestored is db restored's payload: the backup file and what it held.
type DBRestored struct {
	Events  int64  `json:"events"`
	From    string `json:"from"`
	Tickets int64  `json:"tickets"`
}

// AuditAdopted is audit adopted's payload: an unsigned history taken under a key.
type AuditAdopted struct {
	Database     string `json:"database"`
	EventsSigned int    `json:"events_signed"`
	RowsRecorded int    `json:"rows_recorded"`
}
