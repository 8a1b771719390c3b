package persist

import (
	"context"
	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/calendar"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/handover"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/rota"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/staff"
	"github.com/kefu/kefu/internal/ticket"
	"time"
)

// Tx is one transaction of the store: every read and write a use case makes goes through it.
// It is the sum of the per-topic interfaces below, each what internal/core uses of one file of
// internal/store.
type Tx interface {
	AppraisalStore
	BulkStore
	CreditStore
	CustomerStore
	EventStore
	ForgetStore
	HandoverStore
	HistoryVerifyStore
	KBStore
	MailStore
	PolicyStore
	QaStore
	RemindStore
	ReportStore
	RotaStore
	ScoreStore
	StaffStore
	StoreStore
	SummaryStore
	TicketStore
	TemplateStore
	TrainingStore
	// Time is the transaction's time: every row it writes carries it.
	Time() time.Time
	// SetTime moves the transaction's time (a batch runs many use cases, each at its own time).
	SetTime(time.Time)
}

// AppraisalStore is what the use cases read and write of appraisal (internal/store/appraisal.go).
type AppraisalStore interface {
	// FirstActivity is the earliest moment the database records anything happening: an event, a
	// ticket opened or a score entry dated (imports and back-filled entries predate their events).
	// ok is false for an empty database.
	FirstActivity() (at time.Time, ok bool, err error)
	// InsertVerdict records a verdict; one per complaint and staff member.
	InsertVerdict(v *Verdict, by int64) error
	// Verdicts lists verdicts in time order.
	Verdicts(f VerdictFilter) ([]Verdict, error)
	// ValidComplaints counts each staff member's valid verdicts dated in [from, to).
	ValidComplaints(from, to time.Time) (map[int64]int, error)
	// InsertSpending records spending from the fund.
	InsertSpending(s *Spending, by int64) error
	// Spendings lists the fund's spending dated before to (and at or after from, when given).
	Spendings(from, to time.Time) ([]Spending, error)
}

// BulkStore is what the use cases read and write of bulk (internal/store/bulk.go).
type BulkStore interface {
	// Bulk starts a bulk write in this transaction.
	Bulk() (Bulk, error)
	// EachTicketExported calls fn with the tickets f selects, in id order, with only the fields
	// an export writes read (core.ExportColumns), streamed one at a time.
	EachTicketExported(f ExportFilter, fn func(ticket.Ticket) error) error
	// ExportIDRange is the first and last id of the tickets f selects (its id range aside),
	// both 0 when there are none.
	ExportIDRange(f ExportFilter) (first, last int64, err error)
}

// CreditStore is what the use cases read and write of credit (internal/store/credit.go).
type CreditStore interface {
	// Credits counts, per person, the tickets whose due time for target falls in [from, to) and
	// is not after now credited to them (met) or charged to them (missed). The holder when a due time passed
	// is the old assignee of the first assignment change recorded after it, else the assignee now:
	// escalation and reassignment never move past credit.
	Credits(team, target string, from, to, now time.Time) ([]CreditCount, error)
}

// CustomerStore is what the use cases read and write of customer (internal/store/customer.go).
type CustomerStore interface {
	// CustomerByID finds a customer by id.
	CustomerByID(id int64) (customer.Customer, error)
	// ResolveCustomer finds one customer by id (a number) or exact name. A name several customers
	// share is an error listing their ids; found is false (and err nil) for an unknown name.
	ResolveCustomer(ref string) (c customer.Customer, found bool, err error)
	// InsertCustomer adds a customer.
	InsertCustomer(c customer.Customer) (customer.Customer, error)
	// ListCustomers lists customers by id.
	ListCustomers(f CustomerFilter) ([]customer.Customer, error)
	// CountCustomers counts the customers matching f, ignoring its limit.
	CountCustomers(f CustomerFilter) (int, error)
	// FindCustomers finds customers by an exact phone number or email.
	FindCustomers(phone, email string) ([]customer.Customer, error)
}

// EventStore is what the use cases read and write of event (internal/store/event.go).
type EventStore interface {
	// AppendEvent adds one event to the history at the transaction's time, linked into the MAC
	// chain when the database has its audit key.
	AppendEvent(actor, entity string, entityID int64, action string, payload any) error
	// SignUnsigned signs the events written before the signed history existed, in id order, in
	// this transaction: audit adopt, run once by a manager, never on open. It reports how many it
	// signed.
	SignUnsigned() (int, error)
	// FirstUnsigned is the id of the first unsigned event, 0 when every event is signed.
	FirstUnsigned() (int64, error)
	// SignedEnds are the first and the last signed events, each with the MAC before it, for
	// checking that a key signs this history without walking it.
	SignedEnds() (first, last audit.Stored, firstPrev, lastPrev string, ok bool, err error)
	// StreamEvents calls fn with every event from id `from` on, in id order.
	StreamEvents(from int64, fn func(audit.Stored) error) error
	// Events lists history rows, oldest first.
	Events(f EventFilter) ([]audit.Event, error)
	// CountEvents counts the history rows matching f, ignoring its limit.
	CountEvents(f EventFilter) (int, error)
	// ChainHead counts the events and returns the newest MAC.
	ChainHead() (count int64, lastMAC string, err error)
	// EachTicketReplayed calls fn with every ticket in id order, one at a time, holding only
	// its id and the fields audit verify rebuilds from its history (status, assignee, first
	// response due and done, resolution due, resolved and closed times).
	EachTicketReplayed(fn func(tk ticket.Ticket) error) error
	// EachTicketEvent calls fn with every ticket event, ordered by ticket then id.
	EachTicketEvent(fn func(ticketID int64, e audit.Stored) error) error
}

// ForgetStore is what the use cases read and write of forget (internal/store/forget.go).
type ForgetStore interface {
	// ForgetCustomer is the one sanctioned rewrite of history: it erases a customer's personal
	// fields, removes their phone number (in any common written form), email and IM handle from
	// every ticket, message, handover note and its snapshot of open items, weekly summary and
	// history event, and their name from their own tickets, messages and history; and marks each
	// rewritten event redacted (its MAC kept, the new content authenticated by a redaction MAC), so
	// the chain still verifies link by link. The search index is rebuilt for each ticket changed.
	// Anonymised tickets stay for statistics. With dryRun nothing is written; Places says where the
	// data was found.
	ForgetCustomer(id int64, c customer.Customer, dryRun bool) (Forgotten, error)
}

// HandoverStore is what the use cases read and write of handover (internal/store/handover.go).
type HandoverStore interface {
	// Handover reads one handover note.
	Handover(id int64) (handover.Note, error)
	// HandoverOf finds an author's note for a shift; found is false when there is none.
	HandoverOf(authorID int64, s handover.Shift) (n handover.Note, found bool, err error)
	// InsertHandover stores a new note written now; it sets n's id.
	InsertHandover(n *handover.Note) error
	// AmendHandover replaces a note's text and open items, keeping the old version as a revision.
	// An acknowledgment of the old version is cleared: the next shift must read the new one.
	AmendHandover(old handover.Note, text string, items []handover.Item) error
	// AckHandover records that a member of the next shift read the note.
	AckHandover(id, staffID int64) error
	// HandoverRevisions lists the versions an amendment replaced, oldest first.
	HandoverRevisions(id int64) ([]handover.Revision, error)
	// ListHandovers lists notes, newest shift first (a day's night shift before its day shift).
	ListHandovers(f HandoverFilter) ([]handover.Note, error)
	// CountHandovers counts the notes matching f, ignoring its limit.
	CountHandovers(f HandoverFilter) (int, error)
}

// HistoryVerifyStore is what the use cases read and write of history verify (internal/store/history_verify.go).
type HistoryVerifyStore interface {
	// CheckRows compares every tracked table with the last state the history recorded for each
	// row, in both directions, and names each difference.
	CheckRows(key []byte) (RowCheck, error)
	// CheckHistory is CheckRows reading the history once for audit verify: it calls each with
	// every event of the history in id order, then done (when not nil) once the last event is
	// read, before the tables are compared. An error of each or done ends the check.
	CheckHistory(key []byte, each func(audit.Stored) error, done func() error) (RowCheck, error)
	// RecordUnrecordedRows records, in this transaction, every tracked row the history has no
	// record of yet (audit adopt of a database from before the row history). It reports how many.
	RecordUnrecordedRows() (int, error)
	// RowsUnrecorded reports whether the database holds rows from before the row history that
	// audit adopt has not recorded yet.
	RowsUnrecorded() (bool, error)
	// CheckTriggers compares the database's triggers with the ones kefu ships: a trigger that is
	// missing, changed or added is a finding (the history's append-only rule lives in them).
	CheckTriggers() ([]string, error)
}

// MailStore is what the use cases read and write of mail (internal/store/mail.go).
type MailStore interface {
	// InsertMail stores a mail and its attachments.
	InsertMail(m *Mail, atts []MailAttachment) error
	// MailByMsgID finds a mail by its Message-ID; found is false when there is none.
	MailByMsgID(msgid string) (m Mail, found bool, err error)
	// MailByID reads one mail.
	MailByID(id int64) (Mail, error)
	// TicketMails lists a ticket's mail, oldest first.
	TicketMails(ticketID int64) ([]Mail, error)
	// MailOutbox lists outgoing mail still to send (queued, failed, or claimed by a sender that
	// has not finished), oldest first.
	MailOutbox() ([]Mail, error)
	// ClaimMail marks an outgoing mail as being sent by this process; false when another holds
	// it (a claim older than staleBefore is taken over) or it was sent meanwhile.
	ClaimMail(id int64, staleBefore time.Time) (bool, error)
	// MailAttachments lists a mail's attachments without their content.
	MailAttachments(mailID int64) ([]MailAttachment, error)
	// MarkMailSent records a successful send.
	MarkMailSent(id int64, at time.Time) error
	// MarkMailFailed records a failed send attempt.
	MarkMailFailed(id int64, reason string) error
	// CustomersByEmail finds customers by an exact email address, oldest first (forgotten ones
	// have none).
	CustomersByEmail(email string) ([]int64, error)
}

// PolicyStore is what the use cases read and write of policy (internal/store/policy.go).
type PolicyStore interface {
	// Policy loads the whole policy. Settings a newer kefu added and this database lacks take
	// their defaults.
	Policy() (policy.Policy, error)
	// SaveOfficialDays adds imported official days, replacing any imported before for the same dates.
	SaveOfficialDays(days []calendar.OfficialDay) error
	// SavePolicy replaces the stored policy with p (already validated).
	SavePolicy(p policy.Policy) error
	// PolicyInitialized reports whether init has seeded the policy.
	PolicyInitialized() (bool, error)
}

// QaStore is what the use cases read and write of qa (internal/store/qa.go).
type QaStore interface {
	// QACheckFor returns the check of a ticket; found is false when there is none.
	QACheckFor(ticketID int64) (q QACheck, found bool, err error)
	// SaveQACheck inserts a check, or amends the existing one of the ticket.
	SaveQACheck(q *QACheck, amend bool) error
	// QAChecks lists the checks made in [from, to), optionally of one agent's tickets.
	QAChecks(from, to time.Time, agentID int64) ([]QACheck, error)
}

// RemindStore is what the use cases read and write of remind (internal/store/remind.go).
type RemindStore interface {
	// TicketsDue lists the tickets whose promise for a target (first_response, resolution,
	// escalation, followup, forward) is still owed and due before a time, earliest due first;
	// of each only what remind reads: id, kind, channel, priority, severity, subject, team,
	// status, assignee, follower, opening, first response and window, and the due times.
	TicketsDue(target string, before time.Time) ([]ticket.Ticket, error)
	// ResolvedBefore lists the tickets still resolved (not closed) that were resolved before a
	// time and whose resolution time due accepts, earliest resolved first.
	ResolvedBefore(before time.Time, due func(resolvedAt time.Time) bool) ([]ticket.Ticket, error)
	// FirstResponsesMissed lists the tickets opened since a time whose first response was due
	// before now and came late or not at all, of the given kinds, read as TicketsDue reads them.
	FirstResponsesMissed(since time.Time, kinds []string) ([]ticket.Ticket, error)
	// SentSince returns, for a channel, when each item (key "item|group") was last sent, for those
	// sent at or after a time.
	SentSince(channel string, since time.Time) (map[string]time.Time, error)
	// MarkSent records that items were delivered on a channel now, and forgets rows too old to matter.
	MarkSent(channel string, items []Sent) error
}

// ReportStore is what the use cases read and write of report (internal/store/report.go).
//
// The ticket reports take the team they narrow to as their first argument ("" for the whole
// department).
type ReportStore interface {
	// VolumeBy counts tickets opened in [from, to) by a column, largest first. limit 0 is all.
	VolumeBy(team, col string, from, to time.Time, kind string, limit int) ([]Count, error)
	// CountOpened counts tickets opened in [from, to).
	CountOpened(team string, from, to time.Time) (int, error)
	// SLA counts the tickets whose due time for target falls in [from, min(to, now)) and how many
	// of them saw the event by the due time. agentID 0 is everyone.
	SLA(team, target string, from, to, now time.Time, agentID int64) (due, met int, err error)
	// SLACounts is SLA as one CreditCount without By (the complaints by severity counted too).
	SLACounts(team, target string, from, to, now time.Time) ([]CreditCount, error)
	// SLAOf is SLA narrowed to tickets of a kind and severity ("" for any).
	SLAOf(team, target string, from, to, now time.Time, agentID int64, kind, severity string) (due, met int, err error)
	// ResponseTimes streams the opening and first reply of tickets opened in [from, to) that
	// have been answered, one at a time.
	ResponseTimes(team string, from, to time.Time, fn func(ResponseTime)) error
	// Complaints aggregates complaints opened in [from, to) and follow-ups made in it.
	Complaints(team string, from, to time.Time) (ComplaintStats, error)
	// OpenedGroups counts the tickets opened in [from, to) by kind, channel and category, with
	// what the reports count of them, in one pass over the period's tickets.
	OpenedGroups(team string, from, to time.Time) ([]OpenedGroup, error)
	// FollowUps counts the complaints followed up in [from, to), each by its last follow-up
	// of the period: all, satisfied, unsatisfied.
	FollowUps(team string, from, to time.Time) (followedUp, satisfied, unsatisfied int, err error)
	// ReplyRate counts tickets opened in [from, to) on a written channel, suggestions excluded,
	// and those replied to.
	ReplyRate(team string, from, to time.Time) (replied, opened int, err error)
	// Ratings counts the ratings given in [from, to): CSAT answers and 4–5s, NPS answers,
	// promoters (9–10) and detractors (0–6).
	Ratings(team string, from, to time.Time) (csatN, csatGood, npsN, promoters, detractors int, err error)
	// Accuracy counts quality checks made in [from, to) and those marked correct.
	Accuracy(team string, from, to time.Time) (correct, checked int, err error)
	// Suggestions aggregates suggestions opened in [from, to).
	Suggestions(team string, from, to time.Time) (SuggestionStats, error)
	// AgentStatsFor aggregates every staff member's work in [from, to) (compliance is credited
	// separately: Credits).
	AgentStatsFor(from, to time.Time) ([]AgentStats, error)
	// Contacts counts, per agent and channel, the distinct tickets the agent opened or replied to in [from, to).
	Contacts(from, to time.Time) ([]DailyContacts, error)
	// DailyWork counts per staff member, as things were on the day [from, to): replies sent,
	// complaints handled (opened, replied to, escalated, planned, resolved or followed up by them)
	// and tickets assigned to them still active at `to`, rebuilt from the history for tickets
	// that changed since.
	DailyWork(from, to time.Time) (map[int64]DayWork, error)
}

// RotaStore is what the use cases read and write of rota (internal/store/rota.go).
type RotaStore interface {
	// InsertLeave records a spell of leave.
	InsertLeave(l *rota.Leave, by int64) error
	// DeleteLeave removes a spell of leave (its history stays in the events).
	DeleteLeave(id int64) error
	// Leaves lists leave in date order.
	Leaves(f LeaveFilter) ([]rota.Leave, error)
	// InsertSwap records a shift swap.
	InsertSwap(s *rota.Swap, by int64) error
	// Swaps lists the swaps dated from..to (inclusive).
	Swaps(from, to calendar.Date) ([]rota.Swap, error)
}

// ScoreStore is what the use cases read and write of score (internal/store/score.go).
type ScoreStore interface {
	// SeedRules adds the rules the catalog lacks; rules already there are left as the team set them.
	SeedRules(rs []score.Rule) error
	// ScoreRules lists the catalog, retired rules included, by class and then in the order added.
	ScoreRules() ([]score.Rule, error)
	// ScoreRule reads one rule by code.
	ScoreRule(code string) (score.Rule, error)
	// InsertScoreRule adds a rule to the catalog.
	InsertScoreRule(r score.Rule) error
	// UpdateScoreRule stores a changed rule; retire marks it retired now.
	UpdateScoreRule(r score.Rule, retire bool) error
	// InsertScoreEntry records an entry and returns its id.
	InsertScoreEntry(n NewScoreEntry) (int64, error)
	// ScoreEntry reads one entry.
	ScoreEntry(id int64) (ScoreEntry, error)
	// ScoreEntries lists entries in time order, then id.
	ScoreEntries(f ScoreEntryFilter) ([]ScoreEntry, error)
	// InsertScorePending stores a proposal; with a key already proposed it stores nothing and
	// created is false.
	InsertScorePending(p *ScorePending, proposedBy int64) (created bool, err error)
	// ScorePendingKeys are those of keys already proposed (in any status), read in a few
	// statements however many keys: remind skips what it proposed before without a lookup each.
	ScorePendingKeys(keys []string) (map[string]bool, error)
	// ScorePendingEntry reads one proposal.
	ScorePendingEntry(id int64) (ScorePending, error)
	// ScorePendingEntries lists proposals in time order.
	ScorePendingEntries(f ScoreFilter) ([]ScorePending, error)
	// DecideScorePending confirms (with the entry made) or dismisses a proposal.
	DecideScorePending(id int64, status string, by int64, note string, entryID int64) error
	// ScoreExamFor reads a staff member's exam of a month; found is false when there is none.
	ScoreExamFor(staffID int64, month string) (x ScoreExam, found bool, err error)
	// SaveScoreExam inserts an exam, or replaces the score of the existing one (amend).
	SaveScoreExam(x *ScoreExam, by int64, amend bool) error
	// ScoreExams returns the month's exam scores by staff id.
	ScoreExams(month string) (map[int64]score.Points, error)
	// InsertScoreAppeal files an appeal.
	InsertScoreAppeal(a *ScoreAppeal) error
	// ScoreAppealByID reads one appeal.
	ScoreAppealByID(id int64) (ScoreAppeal, error)
	// ScoreAppeals lists appeals in the order filed.
	ScoreAppeals(f ScoreFilter) ([]ScoreAppeal, error)
	// ResolveScoreAppeal records a supervisor's decision on an open appeal.
	ResolveScoreAppeal(id int64, status string, by int64, resolution string, reversalID int64) error
	// ScoreCloseFor reads the month's close; found is false when the month is open.
	ScoreCloseFor(month string) (c ScoreClose, found bool, err error)
	// InsertScoreClose closes a month.
	InsertScoreClose(c *ScoreClose, by int64) error
	// ReopenScoreClose reopens a closed month; the close stays on record.
	ReopenScoreClose(id, by int64, reason string) error
	// ScoreOpenCounts returns, by staff id, the open appeals of entries dated in [from, to) and
	// the pending proposals dated in it.
	ScoreOpenCounts(from, to time.Time) (appeals, pending map[int64]int, err error)
	// PresaleSales sums each agent's pre-sale chats resolved in [from, to) with an outcome: how many,
	// how many converted, and the converted sales.
	PresaleSales(from, to time.Time) (map[int64]score.Sales, error)
}

// StaffStore is what the use cases read and write of staff (internal/store/staff.go).
type StaffStore interface {
	// StaffCount counts staff records, active or not.
	StaffCount() (int, error)
	// StaffByName finds a staff member by exact name, or by id when ref is a number.
	StaffByName(ref string) (staff.Staff, error)
	// StaffByID finds a staff member by id.
	StaffByID(id int64) (staff.Staff, error)
	// InsertStaff adds a staff member and returns it with its id. The name is stored in NFC and
	// refused when it equals an existing one under NFKC with width folding.
	InsertStaff(s staff.Staff) (staff.Staff, error)
	// DeactivateStaff switches a staff member off.
	DeactivateStaff(id int64) error
	// UpdateStaff stores a staff member's role, team, shift, hire date and work pattern.
	UpdateStaff(s staff.Staff) error
	// ReactivateStaff switches a staff member back on.
	ReactivateStaff(id int64) error
	// ActiveManagers counts the active managers.
	ActiveManagers() (int, error)
	// ListStaff lists staff by name.
	ListStaff(f StaffFilter) ([]staff.Staff, error)
}

// StoreStore is what the use cases read and write of store (internal/store/store.go).
type StoreStore interface {
	// SetKey signs this transaction's events with key from now on.
	SetKey(key []byte)
	// Savepoint runs fn inside a savepoint of the transaction: when fn fails, what it wrote is
	// undone and the transaction goes on.
	Savepoint(fn func() error) error
}

// SummaryStore is what the use cases read and write of summary (internal/store/summary.go).
type SummaryStore interface {
	// SummaryOf finds a staff member's summary of a week; found is false when there is none.
	SummaryOf(staffID int64, week string) (m Summary, found bool, err error)
	// SaveSummary stores a summary written now, or replaces the text of the existing one.
	SaveSummary(m *Summary, amend bool) error
	// Summaries lists the summaries of the given weeks, by week then staff id.
	Summaries(weeks ...string) ([]Summary, error)
}

// TicketStore is what the use cases read and write of ticket (internal/store/ticket.go).
type TicketStore interface {
	// Ticket reads one ticket.
	Ticket(id int64) (ticket.Ticket, error)
	// InsertTicket stores a new ticket and indexes its text; it returns the id.
	InsertTicket(tk *ticket.Ticket) error
	// UpdateTicket writes every mutable field of a ticket back; reindex when subject or body changed.
	UpdateTicket(tk *ticket.Ticket, reindex bool) error
	// InsertMessage stores a reply or note.
	InsertMessage(ticketID int64, kind string, authorID int64, at time.Time, body string) (int64, error)
	// Messages lists a ticket's replies and notes, oldest first.
	Messages(ticketID int64) ([]Message, error)
	// ListTickets lists tickets matching f.
	ListTickets(f TicketFilter) ([]ticket.Ticket, error)
	// CountTickets counts the tickets matching f, ignoring its limit and sort.
	CountTickets(f TicketFilter) (int, error)
	// OpenTicketIDs lists the active tickets assigned to a staff member.
	OpenTicketIDs(staffID int64) ([]int64, error)
	// OpenCounts counts active tickets per assignee among the given staff.
	OpenCounts() (map[int64]int, error)
	// State reads an internal state value ("" when unset).
	State(key string) (string, error)
	// SetState writes an internal state value.
	SetState(key, value string) error
}

// Bulk writes many rows in one transaction through statements prepared once (an import).
type Bulk interface {
	// Close releases the prepared statements; what was not flushed is dropped.
	Close()
	// AddTicket queues a new ticket, as Tx.InsertTicket stores one (row and search grams), and
	// returns the id it will have.
	AddTicket(r TicketRow) (int64, error)
	// AppendEvent queues one event with an encoded payload (audit.EncodePayload) at the
	// transaction's time, linked into the MAC chain as Tx.AppendEvent links it.
	AppendEvent(actor, entity string, entityID int64, action, payload string) error
	// AddCustomer queues a new customer known by name and perhaps phone (normalized), as
	// Tx.InsertCustomer stores one, with the id the caller gave it (counted from
	// FirstCustomerID). Tickets queued after it may name it.
	AddCustomer(id int64, name, phone string) error
	// Flush writes every queued row.
	Flush() error
	// CustomersNamed lists the ids of the customers with exactly this name (at most 10), oldest first.
	CustomersNamed(name string) ([]int64, error)
	// CustomerIndex reads every customer's id by name, oldest first, when there are at most max
	// customers (ok is false when there are more), so that an importer resolves names without a
	// query each.
	CustomerIndex(max int) (index map[string][]int64, ok bool, err error)
	// CustomerExists reports whether there is a customer with this id.
	CustomerExists(id int64) (bool, error)
	// FirstCustomerID is the first id a new customer may take (read once: a caller numbers its
	// new customers).
	FirstCustomerID() int64
	// NewTicketRow prepares tk for AddTicket without the database; any goroutine may call it.
	NewTicketRow(tk *ticket.Ticket) TicketRow
	// Analyze refreshes the query planner's statistics after the rows were flushed, so that
	// later reads pick the small partial indexes (what is overdue) over the large ones.
	Analyze() error
}

// TicketRow is a ticket prepared by Bulk.NewTicketRow; only the store that made it reads it.
type TicketRow any

// DB is an open database.
type DB interface {
	// Backup writes a consistent copy of the database to dest, created 0600. An existing dest is
	// refused unless overwrite; it is then replaced atomically, so dest is never half written.
	Backup(ctx context.Context, dest string, overwrite bool) (FileInfo, error)
	// CheckIntegrity runs PRAGMA integrity_check and PRAGMA foreign_key_check.
	CheckIntegrity(ctx context.Context) (Integrity, error)
	// SetAuditKey makes new events part of the MAC chain.
	SetAuditKey(key []byte)
	// ReadOnly reports whether writes are refused (a read-only file, a missing or wrong key).
	ReadOnly() bool
	// RefuseWrites makes every write transaction fail with err; reads go on.
	RefuseWrites(err error)
	// Checkpoint copies the write-ahead log into the database and truncates it, so superseded
	// page versions (e.g. of erased personal data) leave the log.
	Checkpoint(ctx context.Context) error
	// Close closes the database.
	Close() error
	// Update runs fn in one write transaction (BEGIN IMMEDIATE), committing when fn returns nil.
	Update(ctx context.Context, now time.Time, fn func(Tx) error) error
	// UpdateRefused runs fn in one write transaction even while writes are refused: only for
	// what lifts the refusal (audit adopt).
	UpdateRefused(ctx context.Context, now time.Time, fn func(Tx) error) error
	// View runs fn in a read transaction.
	View(ctx context.Context, now time.Time, fn func(Tx) error) error
	// Path is the database file.
	Path() string
}

// Files opens nothing: it checks and restores database files by path.
type Files interface {
	// Inspect checks, without changing it, that path is an intact database this kefu can open.
	Inspect(ctx context.Context, path string) (FileInfo, error)
	// Restore replaces target with a checked copy of src, prepared by prepare before it goes in;
	// it returns where the replaced database was kept.
	Restore(ctx context.Context, src, target string, prepare func(DB) error) (before string, err error)
}
