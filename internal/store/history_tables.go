package store

// The tables whose rows the history covers: every write kefu makes to one of them records the
// row as it stands after the transaction (see history.go), and audit verify compares each row
// with the last state its history recorded, in both directions.
//
// Registering a new table is one entry here: the table, how findings name a row, its key
// column (its primary key, or rowid for a table keyed by several columns), and which columns are free text or personal data (kept in the history only as
// keyed digests, so erasing a customer leaves no copy of the text there). Columns added to a
// registered table later are covered without any change (a row recorded before the column
// existed is expected to hold the column's default).
var tracked = []Tracked{
	{Table: "tickets", Label: "ticket", Key: "id",
		Digest: []string{"subject", "body", "resolution", "plan", "followup_result", "rating_comment", "forwarded_to", "outcome", "order_no"}},
	{Table: "messages", Label: "message", Key: "id", Digest: []string{"body"}},
	{Table: "customers", Label: "customer", Key: "id", Digest: []string{"name", "phone", "email", "im", "notes"}},
	{Table: "staff", Label: "staff", Key: "id"},
	{Table: "settings", Label: "setting", Key: "key"},
	{Table: "kinds", Label: "kind", Key: "name", Digest: []string{"description"}},
	{Table: "windows", Label: "window", Key: "id"},
	{Table: "calendar_days", Label: "calendar day", Key: "day"},
	{Table: "score_rules", Label: "rule", Key: "code", Digest: []string{"description", "description_zh"}, Tenths: []string{"min_points", "max_points"}},
	{Table: "score_entries", Label: "score entry", Key: "id", Digest: []string{"reason"}, Tenths: []string{"points"}},
	{Table: "score_pending", Label: "pending entry", Key: "id", Digest: []string{"reason", "decision_note"}, Tenths: []string{"points"}},
	{Table: "score_exams", Label: "exam", Key: "id", Tenths: []string{"score"}},
	{Table: "score_appeals", Label: "appeal", Key: "id", Digest: []string{"reason", "resolution"}},
	{Table: "score_closes", Label: "month close", Key: "id", Digest: []string{"policy", "sheet", "reopen_reason"}},
	{Table: "handovers", Label: "handover", Key: "id", Digest: []string{"body", "open_items"}},
	{Table: "handover_revisions", Label: "handover revision", Key: "id", Digest: []string{"body", "open_items"}},
	{Table: "weekly_summaries", Label: "summary", Key: "id", Digest: []string{"body"}},
	{Table: "qa_checks", Label: "qa check", Key: "id", Digest: []string{"note"}},
	{Table: "mail_messages", Label: "mail", Key: "id",
		Digest: []string{"in_reply_to", "refs", "from_name", "from_addr", "to_addr", "subject", "body", "notes", "last_error"}},
	{Table: "mail_attachments", Label: "mail attachment", Key: "id", Digest: []string{"name", "content"}},
	{Table: "staff_leave", Label: "leave", Key: "id", Digest: []string{"note"}},
	{Table: "staff_swaps", Label: "swap", Key: "id", Digest: []string{"reason"}},
	{Table: "complaint_verdicts", Label: "complaint verdict", Key: "id", Digest: []string{"reason"}},
	{Table: "fund_spending", Label: "fund spending", Key: "id", Digest: []string{"reason"}},
	// Imported official holidays and adjusted working days move every due time after them.
	{Table: "official_days", Label: "official day", Key: "day"},
	// The knowledge base (issue 17): articles, their versions, and the tickets they answered.
	{Table: "kb_articles", Label: "article", Key: "id", Digest: []string{"title"}},
	{Table: "kb_versions", Label: "article version", Key: "id", Digest: []string{"title", "body"}},
	{Table: "kb_links", Label: "article link", Key: "id"},
	// Reply templates and training (issue 17).
	{Table: "reply_templates", Label: "template", Key: "id", Digest: []string{"body"}},
	{Table: "template_uses", Label: "template use", Key: "id"},
	{Table: "training_sessions", Label: "training", Key: "id"},
	{Table: "training_attendance", Label: "training attendance", Key: "id"},
	{Table: "training_results", Label: "training result", Key: "id", Tenths: []string{"score"}},
}
