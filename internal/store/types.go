package store

import "github.com/kefu/kefu/internal/persist"

// The row and filter types live in internal/persist, beside the interfaces this package
// implements; these names keep the store's own code short.
type (
	AgentStats       = persist.AgentStats
	CategoryCount    = persist.CategoryCount
	ComplaintStats   = persist.ComplaintStats
	Count            = persist.Count
	OpenedGroup      = persist.OpenedGroup
	CreditCount      = persist.CreditCount
	CustomerFilter   = persist.CustomerFilter
	DailyContacts    = persist.DailyContacts
	DayWork          = persist.DayWork
	EventFilter      = persist.EventFilter
	ExportFilter     = persist.ExportFilter
	FileInfo         = persist.FileInfo
	Forgotten        = persist.Forgotten
	HandoverFilter   = persist.HandoverFilter
	Integrity        = persist.Integrity
	LeaveFilter      = persist.LeaveFilter
	Mail             = persist.Mail
	MailAttachment   = persist.MailAttachment
	Message          = persist.Message
	NewScoreEntry    = persist.NewScoreEntry
	QACheck          = persist.QACheck
	ResponseTime     = persist.ResponseTime
	RowCheck         = persist.RowCheck
	ScoreAppeal      = persist.ScoreAppeal
	ScoreClose       = persist.ScoreClose
	ScoreEntry       = persist.ScoreEntry
	ScoreEntryFilter = persist.ScoreEntryFilter
	ScoreExam        = persist.ScoreExam
	ScoreFilter      = persist.ScoreFilter
	ScorePending     = persist.ScorePending
	Sent             = persist.Sent
	Spending         = persist.Spending
	StaffFilter      = persist.StaffFilter
	SuggestionStats  = persist.SuggestionStats
	Summary          = persist.Summary
	TicketFilter     = persist.TicketFilter
	Tracked          = persist.Tracked
	Verdict          = persist.Verdict
	VerdictFilter    = persist.VerdictFilter
)
