package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/score"
)

// The rule catalog.

const ruleCols = `code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin, retired_at, once_per_month, eligibility`

func scanRule(sc interface{ Scan(...any) error }) (score.Rule, error) {
	var r score.Rule
	var class, ladder, cond string
	var retired sql.NullInt64
	if err := sc.Scan(&r.Code, &class, &r.Min, &r.Max, &r.Fine, &ladder, &r.Desc, &r.DescZH, &r.Builtin, &retired, &r.OncePerMonth, &cond); err != nil {
		return r, err
	}
	r.Eligibility = score.Condition(cond)
	r.Class, r.Retired = score.Class(class), retired.Valid
	l, err := score.ParseLadder(ladder)
	if err != nil {
		return r, errs.Wrap(err, "reading the ladder of rule %s", r.Code)
	}
	r.Ladder = l
	return r, nil
}

func ruleValues(r score.Rule) []any {
	return []any{string(r.Class), r.Min, r.Max, r.Fine, r.Ladder.String(), r.Desc, r.DescZH, boolInt(r.Builtin), boolInt(r.OncePerMonth), string(r.Eligibility)}
}

// SeedRules adds the rules the catalog lacks; rules already there are left as the team set them.
func (t *Tx) SeedRules(rs []score.Rule) error {
	for _, r := range rs {
		if _, err := t.exec(`INSERT INTO score_rules (code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin, once_per_month, eligibility)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`, append([]any{r.Code}, ruleValues(r)...)...); err != nil {
			return err
		}
	}
	return nil
}

// ScoreRules lists the catalog, retired rules included, by class and then in the order added.
func (t *Tx) ScoreRules() ([]score.Rule, error) {
	rows, err := t.query(`SELECT ` + ruleCols + ` FROM score_rules ORDER BY rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []score.Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading the rule catalog")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "reading the rule catalog")
	}
	score.SortRules(out)
	return out, nil
}

// ScoreRule reads one rule by code.
func (t *Tx) ScoreRule(code string) (score.Rule, error) {
	r, err := scanRule(t.queryRow(`SELECT `+ruleCols+` FROM score_rules WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.NotFoundf("no rule %q", code).WithHint("kefu score rules")
	}
	return r, errs.Wrap(err, "reading rule %s", code)
}

// InsertScoreRule adds a rule to the catalog.
func (t *Tx) InsertScoreRule(r score.Rule) error {
	_, err := t.exec(`INSERT INTO score_rules (code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin, once_per_month, eligibility)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append([]any{r.Code}, ruleValues(r)...)...)
	return formatError(err, errs.Conflictf("rule %s already exists", r.Code).WithHint("kefu score rule set %s ...", r.Code))
}

// UpdateScoreRule stores a changed rule; retire marks it retired now.
func (t *Tx) UpdateScoreRule(r score.Rule, retire bool) error {
	var retired any
	if retire {
		retired = t.Now.UnixMilli()
	}
	_, err := t.exec(`UPDATE score_rules SET class = ?, min_points = ?, max_points = ?, fine_fen = ?, ladder = ?,
		description = ?, description_zh = ?, builtin = ?, once_per_month = ?, eligibility = ?, retired_at = coalesce(retired_at, ?) WHERE code = ?`,
		append(ruleValues(r), retired, r.Code)...)
	return err
}

// Entries.

const entrySelect = `SELECT e.id, e.staff_id, s.name, e.rule, r.class, e.points, e.reason, coalesce(e.ticket_id, 0), e.at,
	coalesce(rb.name, 'system'), e.created_at, coalesce(e.reverts, 0), coalesce(rv.id, 0),
	CASE WHEN p.id IS NULL THEN '' ELSE coalesce(pb.name, 'system') END, coalesce(a.id, 0), coalesce(a.status, '')
	FROM score_entries e JOIN staff s ON s.id = e.staff_id JOIN score_rules r ON r.code = e.rule
	LEFT JOIN staff rb ON rb.id = e.recorded_by
	LEFT JOIN score_entries rv ON rv.reverts = e.id
	LEFT JOIN score_pending p ON p.entry_id = e.id LEFT JOIN staff pb ON pb.id = p.proposed_by
	LEFT JOIN score_appeals a ON a.entry_id = e.id`

func scanEntry(sc interface{ Scan(...any) error }) (ScoreEntry, error) {
	var e ScoreEntry
	var class string
	var at, created sql.NullInt64
	err := sc.Scan(&e.ID, &e.StaffID, &e.Staff, &e.Rule, &class, &e.Points, &e.Reason, &e.TicketID, &at,
		&e.RecordedBy, &created, &e.Reverts, &e.RevertedBy, &e.ProposedBy, &e.AppealID, &e.AppealStatus)
	e.Class, e.At, e.CreatedAt = score.Class(class), fromMS(at), fromMS(created)
	return e, err
}

// InsertScoreEntry records an entry and returns its id.
func (t *Tx) InsertScoreEntry(n NewScoreEntry) (int64, error) {
	res, err := t.insert(`INSERT INTO score_entries (staff_id, rule, points, reason, ticket_id, at, recorded_by, created_at, reverts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.StaffID, n.Rule, n.Points, n.Reason, nullID(n.TicketID), n.At.UnixMilli(), nullID(n.RecordedBy), t.Now.UnixMilli(), nullID(n.Reverts))
	if err != nil {
		return 0, formatError(err, errs.Conflictf("entry %d was already reverted", n.Reverts))
	}
	return res.LastInsertId()
}

// ScoreEntry reads one entry.
func (t *Tx) ScoreEntry(id int64) (ScoreEntry, error) {
	e, err := scanEntry(t.queryRow(entrySelect+` WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.NotFoundf("no score entry %d", id).WithHint("kefu score list")
	}
	return e, errs.Wrap(err, "reading score entry %d", id)
}

// ScoreEntries lists entries in time order, then id.
func (t *Tx) ScoreEntries(f ScoreEntryFilter) ([]ScoreEntry, error) {
	q := entrySelect + ` WHERE 1=1`
	var args []any
	if !f.From.IsZero() {
		q += ` AND e.at >= ?`
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		q += ` AND e.at < ?`
		args = append(args, f.To.UnixMilli())
	}
	if f.StaffID != 0 {
		q += ` AND e.staff_id = ?`
		args = append(args, f.StaffID)
	}
	if f.Rule != "" {
		q += ` AND e.rule = ?`
		args = append(args, f.Rule)
	}
	rows, err := t.query(q+` ORDER BY e.at, e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoreEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading score entries")
		}
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "reading score entries")
}

// Proposed entries.

const pendingSelect = `SELECT p.id, p.staff_id, s.name, p.rule, p.points, p.reason, coalesce(p.ticket_id, 0), p.at,
	coalesce(p.dedupe_key, ''), coalesce(pb.name, 'system'), p.created_at, p.status, coalesce(db.name, ''), p.decided_at,
	p.decision_note, coalesce(p.entry_id, 0)
	FROM score_pending p JOIN staff s ON s.id = p.staff_id
	LEFT JOIN staff pb ON pb.id = p.proposed_by LEFT JOIN staff db ON db.id = p.decided_by`

func scanPending(sc interface{ Scan(...any) error }) (ScorePending, error) {
	var p ScorePending
	var at, created, decided sql.NullInt64
	err := sc.Scan(&p.ID, &p.StaffID, &p.Staff, &p.Rule, &p.Points, &p.Reason, &p.TicketID, &at, &p.Key, &p.ProposedBy,
		&created, &p.Status, &p.DecidedBy, &decided, &p.Note, &p.EntryID)
	p.At, p.CreatedAt, p.DecidedAt = fromMS(at), fromMS(created), fromMS(decided)
	return p, err
}

// InsertScorePending stores a proposal; with a key already proposed it stores nothing and
// created is false.
func (t *Tx) InsertScorePending(p *ScorePending, proposedBy int64) (created bool, err error) {
	var key any
	if p.Key != "" {
		key = p.Key
	}
	res, err := t.insert(`INSERT INTO score_pending (staff_id, rule, points, reason, ticket_id, at, dedupe_key, proposed_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		p.StaffID, p.Rule, p.Points, p.Reason, nullID(p.TicketID), p.At.UnixMilli(), key, nullID(proposedBy), t.Now.UnixMilli())
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	p.ID, _ = res.LastInsertId()
	p.Status, p.CreatedAt = "pending", t.Now
	return true, nil
}

// ScorePendingKeys are those of keys already proposed, in any status.
func (t *Tx) ScorePendingKeys(keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	const chunk = 500 // well under every engine's limit of bound parameters
	for len(keys) > 0 {
		n := min(len(keys), chunk)
		rows, err := t.query(`SELECT dedupe_key FROM score_pending WHERE dedupe_key IN (`+placeholders(n)+`)`, anySlice(keys[:n])...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, errs.Wrap(err, "reading pending entries")
			}
			out[k] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, errs.Wrap(err, "reading pending entries")
		}
		keys = keys[n:]
	}
	return out, nil
}

// ScorePendingEntry reads one proposal.
func (t *Tx) ScorePendingEntry(id int64) (ScorePending, error) {
	p, err := scanPending(t.queryRow(pendingSelect+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("no pending entry %d", id).WithHint("kefu score pending")
	}
	return p, errs.Wrap(err, "reading pending entry %d", id)
}

// ScorePendingEntries lists proposals in time order.
func (t *Tx) ScorePendingEntries(f ScoreFilter) ([]ScorePending, error) {
	q, args := scoreFilterWhere(f, pendingSelect+` WHERE 1=1`, "p.status", "p.at", "p.staff_id")
	rows, err := t.query(q+` ORDER BY p.at, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScorePending
	for rows.Next() {
		p, err := scanPending(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading pending entries")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "reading pending entries")
}

// DecideScorePending confirms (with the entry made) or dismisses a proposal.
func (t *Tx) DecideScorePending(id int64, status string, by int64, note string, entryID int64) error {
	_, err := t.exec(`UPDATE score_pending SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, entry_id = ?
		WHERE id = ? AND status = 'pending'`, status, nullID(by), t.Now.UnixMilli(), note, nullID(entryID), id)
	return err
}

// Exams.

// ScoreExamFor reads a staff member's exam of a month; found is false when there is none.
func (t *Tx) ScoreExamFor(staffID int64, month string) (x ScoreExam, found bool, err error) {
	var at sql.NullInt64
	err = t.queryRow(`SELECT x.id, x.staff_id, x.month, x.score, coalesce(x.entry_id, 0), coalesce(x.pending_id, 0), coalesce(s.name, 'system'), x.at
		FROM score_exams x LEFT JOIN staff s ON s.id = x.recorded_by WHERE x.staff_id = ? AND x.month = ?`, staffID, month).
		Scan(&x.ID, &x.StaffID, &x.Month, &x.Score, &x.EntryID, &x.PendingID, &x.RecordedBy, &at)
	x.At = fromMS(at)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	return x, err == nil, errs.Wrap(err, "reading exam")
}

// SaveScoreExam inserts an exam, or replaces the score of the existing one (amend).
func (t *Tx) SaveScoreExam(x *ScoreExam, by int64, amend bool) error {
	if amend {
		_, err := t.exec(`UPDATE score_exams SET score = ?, entry_id = ?, pending_id = ?, recorded_by = ?, at = ? WHERE id = ?`,
			x.Score, nullID(x.EntryID), nullID(x.PendingID), nullID(by), t.Now.UnixMilli(), x.ID)
		return err
	}
	res, err := t.insert(`INSERT INTO score_exams (staff_id, month, score, entry_id, pending_id, recorded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		x.StaffID, x.Month, x.Score, nullID(x.EntryID), nullID(x.PendingID), nullID(by), t.Now.UnixMilli())
	if err != nil {
		return err
	}
	x.ID, _ = res.LastInsertId()
	return nil
}

// ScoreExams returns the month's exam scores by staff id.
func (t *Tx) ScoreExams(month string) (map[int64]score.Points, error) {
	rows, err := t.query(`SELECT staff_id, score FROM score_exams WHERE month = ?`, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]score.Points{}
	for rows.Next() {
		var id int64
		var p score.Points
		if err := rows.Scan(&id, &p); err != nil {
			return nil, errs.Wrap(err, "reading exams")
		}
		out[id] = p
	}
	return out, errs.Wrap(rows.Err(), "reading exams")
}

// Appeals.

const appealSelect = `SELECT a.id, a.entry_id, e.staff_id, s.name, e.rule, e.points, e.at, a.reason, a.at, a.status,
	coalesce(rb.name, ''), a.resolved_at, a.resolution, coalesce(a.reversal_id, 0)
	FROM score_appeals a JOIN score_entries e ON e.id = a.entry_id JOIN staff s ON s.id = e.staff_id
	LEFT JOIN staff rb ON rb.id = a.resolved_by`

func scanAppeal(sc interface{ Scan(...any) error }) (ScoreAppeal, error) {
	var a ScoreAppeal
	var entryAt, at, resolved sql.NullInt64
	err := sc.Scan(&a.ID, &a.EntryID, &a.StaffID, &a.Staff, &a.Rule, &a.Points, &entryAt, &a.Reason, &at, &a.Status,
		&a.ResolvedBy, &resolved, &a.Resolution, &a.ReversalID)
	a.EntryAt, a.At, a.ResolvedAt = fromMS(entryAt), fromMS(at), fromMS(resolved)
	return a, err
}

// InsertScoreAppeal files an appeal.
func (t *Tx) InsertScoreAppeal(a *ScoreAppeal) error {
	res, err := t.insert(`INSERT INTO score_appeals (entry_id, reason, at) VALUES (?, ?, ?)`, a.EntryID, a.Reason, t.Now.UnixMilli())
	if err != nil {
		return formatError(err, errs.Conflictf("entry %d was already appealed", a.EntryID).WithHint("kefu score appeal list --status all"))
	}
	a.ID, _ = res.LastInsertId()
	a.At, a.Status = t.Now, "open"
	return nil
}

// ScoreAppealByID reads one appeal.
func (t *Tx) ScoreAppealByID(id int64) (ScoreAppeal, error) {
	a, err := scanAppeal(t.queryRow(appealSelect+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.NotFoundf("no appeal %d", id).WithHint("kefu score appeal list")
	}
	return a, errs.Wrap(err, "reading appeal %d", id)
}

// ScoreAppeals lists appeals in the order filed.
func (t *Tx) ScoreAppeals(f ScoreFilter) ([]ScoreAppeal, error) {
	q, args := scoreFilterWhere(f, appealSelect+` WHERE 1=1`, "a.status", "e.at", "e.staff_id")
	rows, err := t.query(q+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoreAppeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, errs.Wrap(err, "reading appeals")
		}
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "reading appeals")
}

// ResolveScoreAppeal records a supervisor's decision on an open appeal.
func (t *Tx) ResolveScoreAppeal(id int64, status string, by int64, resolution string, reversalID int64) error {
	_, err := t.exec(`UPDATE score_appeals SET status = ?, resolved_by = ?, resolved_at = ?, resolution = ?, reversal_id = ?
		WHERE id = ? AND status = 'open'`, status, nullID(by), t.Now.UnixMilli(), resolution, nullID(reversalID), id)
	return err
}

// Closed months.

// ScoreCloseFor reads the month's close; found is false when the month is open.
func (t *Tx) ScoreCloseFor(month string) (c ScoreClose, found bool, err error) {
	var at sql.NullInt64
	err = t.queryRow(`SELECT c.id, c.month, c.closed_at, coalesce(s.name, 'system'), c.policy, c.sheet
		FROM score_closes c LEFT JOIN staff s ON s.id = c.closed_by WHERE c.month = ? AND c.reopened_at IS NULL`, month).
		Scan(&c.ID, &c.Month, &at, &c.ClosedBy, &c.Policy, &c.Sheet)
	c.ClosedAt = fromMS(at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, errs.Wrap(err, "reading the close of %s", month)
}

// InsertScoreClose closes a month.
func (t *Tx) InsertScoreClose(c *ScoreClose, by int64) error {
	res, err := t.insert(`INSERT INTO score_closes (month, closed_at, closed_by, policy, sheet) VALUES (?, ?, ?, ?, ?)`,
		c.Month, t.Now.UnixMilli(), nullID(by), c.Policy, c.Sheet)
	if err != nil {
		return formatError(err, errs.Conflictf("%s is already closed", c.Month))
	}
	c.ID, _ = res.LastInsertId()
	c.ClosedAt = t.Now
	return nil
}

// ReopenScoreClose reopens a closed month; the close stays on record.
func (t *Tx) ReopenScoreClose(id, by int64, reason string) error {
	_, err := t.exec(`UPDATE score_closes SET reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?`,
		t.Now.UnixMilli(), nullID(by), reason, id)
	return err
}

// Counts for the sheet.

// ScoreOpenCounts returns, by staff id, the open appeals of entries dated in [from, to) and
// the pending proposals dated in it.
func (t *Tx) ScoreOpenCounts(from, to time.Time) (appeals, pending map[int64]int, err error) {
	appeals, pending = map[int64]int{}, map[int64]int{}
	for _, c := range []struct {
		q   string
		out map[int64]int
	}{
		{`SELECT e.staff_id, count(*) FROM score_appeals a JOIN score_entries e ON e.id = a.entry_id
			WHERE a.status = 'open' AND e.at >= ? AND e.at < ? GROUP BY e.staff_id`, appeals},
		{`SELECT staff_id, count(*) FROM score_pending WHERE status = 'pending' AND at >= ? AND at < ? GROUP BY staff_id`, pending},
	} {
		rows, err := t.query(c.q, from.UnixMilli(), to.UnixMilli())
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, nil, errs.Wrap(err, "counting appeals and pending entries")
			}
			c.out[id] = n
		}
		rows.Close()
	}
	return appeals, pending, nil
}

// PresaleSales sums each agent's pre-sale chats resolved in [from, to) with an outcome: how many,
// how many converted, and the converted sales.
func (t *Tx) PresaleSales(from, to time.Time) (map[int64]score.Sales, error) {
	rows, err := t.query(`SELECT assignee_id, count(*), coalesce(sum(converted), 0),
		coalesce(sum(CASE WHEN converted = 1 THEN coalesce(amount_fen, 0) ELSE 0 END), 0)
		FROM tickets WHERE kind = 'presale' AND resolved_at >= ? AND resolved_at < ?
		AND converted IS NOT NULL AND assignee_id IS NOT NULL GROUP BY assignee_id`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]score.Sales{}
	for rows.Next() {
		var id int64
		var s score.Sales
		if err := rows.Scan(&id, &s.Resolved, &s.Converted, &s.Amount); err != nil {
			return nil, errs.Wrap(err, "reading pre-sale results")
		}
		out[id] = s
	}
	return out, errs.Wrap(rows.Err(), "reading pre-sale results")
}

// where appends the filter's conditions on the given status, date and staff columns.
func scoreFilterWhere(f ScoreFilter, q, status, at, staff string) (string, []any) {
	var args []any
	if f.Status != "" {
		q += ` AND ` + status + ` = ?`
		args = append(args, f.Status)
	}
	if !f.From.IsZero() {
		q += ` AND ` + at + ` >= ?`
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		q += ` AND ` + at + ` < ?`
		args = append(args, f.To.UnixMilli())
	}
	if f.StaffID != 0 {
		q += ` AND ` + staff + ` = ?`
		args = append(args, f.StaffID)
	}
	return q, args
}
