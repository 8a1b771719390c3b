-- kefu: the whole current schema. A new database is made from this file; an older one is
-- brought here by internal/store/migrations (a test checks the two agree).
-- Times are integer Unix milliseconds, UTC; dates are 'YYYY-MM-DD' text in the team's zone.

-- Policy: scalar settings, ticket kinds, response windows, the team's own calendar days.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE kinds (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    builtin     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE windows (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    target   TEXT NOT NULL,
    channel  TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL DEFAULT '',
    within   TEXT NOT NULL,
    UNIQUE (kind, target, channel, priority, severity)
);

CREATE TABLE calendar_days (
    day     TEXT PRIMARY KEY,
    working INTEGER NOT NULL,
    note    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'manager')),
    team           TEXT NOT NULL DEFAULT '',
    shift          TEXT NOT NULL DEFAULT 'day' CHECK (shift IN ('day', 'night')),
    hired          TEXT,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    deactivated_at INTEGER
);

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    im           TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    forgotten_at INTEGER
);
CREATE INDEX customers_name ON customers (name);
CREATE INDEX customers_phone ON customers (phone) WHERE phone <> '';
CREATE INDEX customers_email ON customers (email) WHERE email <> '';

-- The append-only history: who did what, when, with old and new values in payload
-- (canonical JSON, keys sorted).
-- Each event carries an HMAC-SHA256 (mac) over its canonical content and the previous event's
-- MAC, keyed by a per-database secret kept outside the database (kefu audit verify). customer
-- forget may redact a payload: the MAC stays, redaction_mac authenticates the new content.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     INTEGER,
    action        TEXT NOT NULL,
    payload       TEXT NOT NULL,
    mac           TEXT,
    redacted      INTEGER NOT NULL DEFAULT 0,
    redaction_mac TEXT
);
CREATE INDEX events_entity ON events (entity, entity_id, id);
CREATE INDEX events_unchained ON events (id) WHERE mac IS NULL;
CREATE INDEX events_action_at ON events (action, at);
CREATE INDEX events_actor_at ON events (actor, at);

-- The history is append-only: no DELETE, and an UPDATE only to chain an unchained event or
-- to redact one (payload replaced, MAC kept).
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted');
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (
    NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
    AND NEW.entity_id IS OLD.entity_id AND NEW.action = OLD.action
    AND ((OLD.mac IS NULL AND NEW.payload = OLD.payload AND NEW.redacted = OLD.redacted)
      OR (NEW.mac IS OLD.mac AND NEW.redacted = 1 AND (OLD.mac IS NULL OR NEW.redaction_mac IS NOT NULL))))
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed');
END;
CREATE TABLE tickets (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,
    channel              TEXT NOT NULL,
    priority             TEXT NOT NULL DEFAULT 'normal',
    severity             TEXT NOT NULL DEFAULT '',
    category             TEXT NOT NULL DEFAULT '',
    subject              TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    customer_id          INTEGER REFERENCES customers (id),
    assignee_id          INTEGER REFERENCES staff (id),
    opened_by            INTEGER REFERENCES staff (id),
    team                 TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    order_no             TEXT NOT NULL DEFAULT '',
    opened_at            INTEGER NOT NULL,
    first_response_due   INTEGER,
    first_response_at    INTEGER,
    -- The resolution clock: the current spell started at resolution_start (open or reopen);
    -- pending spells so far paused it by paused_biz business seconds / paused_cal seconds.
    resolution_start     INTEGER NOT NULL,
    paused_biz           INTEGER NOT NULL DEFAULT 0,
    paused_cal           INTEGER NOT NULL DEFAULT 0,
    resolution_due       INTEGER,
    -- While pending: since when, and the resolution time left (business or calendar seconds).
    pending_since        INTEGER,
    resolution_remaining INTEGER,
    resolved_at          INTEGER,
    resolution           TEXT NOT NULL DEFAULT '',
    closed_at            INTEGER,
    reopen_count         INTEGER NOT NULL DEFAULT 0,
    csat                 INTEGER CHECK (csat BETWEEN 1 AND 5),
    nps                  INTEGER CHECK (nps BETWEEN 0 AND 10),
    rating_comment       TEXT NOT NULL DEFAULT '',
    rated_at             INTEGER,
    updated_at           INTEGER NOT NULL,
    -- Complaints: escalation to a supervisor (the agent stays as follower), the handling plan,
    -- the satisfaction follow-up after resolution.
    escalation_due       INTEGER,
    escalated_at         INTEGER,
    escalated_to         INTEGER REFERENCES staff (id),
    follower_id          INTEGER REFERENCES staff (id),
    plan                 TEXT NOT NULL DEFAULT '',
    planned_at           INTEGER,
    plan_required        INTEGER NOT NULL DEFAULT 0,
    followup_due         INTEGER,
    followup_at          INTEGER,
    followup_result      TEXT NOT NULL DEFAULT '',
    unsatisfied_count    INTEGER NOT NULL DEFAULT 0,
    -- Suggestions: forwarded to the owning department, and what came of it.
    forward_due          INTEGER,
    forwarded_at         INTEGER,
    forwarded_to         TEXT NOT NULL DEFAULT '',
    outcome              TEXT NOT NULL DEFAULT '',
    -- Pre-sale chats: converted or not, and the sale in fen (1/100 yuan).
    converted            INTEGER,
    amount_fen           INTEGER,
    -- CSAT and NPS may be given at different times; each counts in the period it was given.
    csat_at              INTEGER,
    nps_at               INTEGER
);
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_opened ON tickets (opened_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_customer ON tickets (customer_id, opened_at);
-- "What is due" is an index range, never a scan.
CREATE INDEX tickets_first_response_due ON tickets (first_response_due)
    WHERE first_response_at IS NULL AND status IN ('open', 'pending', 'reopened');
CREATE INDEX tickets_resolution_due ON tickets (resolution_due)
    WHERE status IN ('open', 'reopened');
CREATE INDEX tickets_escalation_due ON tickets (escalation_due) WHERE escalated_at IS NULL AND escalation_due IS NOT NULL;
CREATE INDEX tickets_followup_due ON tickets (followup_due) WHERE followup_at IS NULL AND followup_due IS NOT NULL;
CREATE INDEX tickets_forward_due ON tickets (forward_due) WHERE forwarded_at IS NULL AND forward_due IS NOT NULL;
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
-- Reports aggregate a period with index ranges.
CREATE INDEX tickets_first_response_due_all ON tickets (first_response_due);
CREATE INDEX tickets_resolution_due_all ON tickets (resolution_due);
CREATE INDEX tickets_escalation_due_all ON tickets (escalation_due) WHERE escalation_due IS NOT NULL;
CREATE INDEX tickets_followup_due_all ON tickets (followup_due) WHERE followup_due IS NOT NULL;
CREATE INDEX tickets_forward_due_all ON tickets (forward_due) WHERE forward_due IS NOT NULL;
CREATE INDEX tickets_csat_at ON tickets (csat_at) WHERE csat_at IS NOT NULL;
CREATE INDEX tickets_nps_at ON tickets (nps_at) WHERE nps_at IS NOT NULL;

CREATE TABLE messages (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    kind      TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
    author_id INTEGER REFERENCES staff (id),
    at        INTEGER NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);
CREATE INDEX messages_author ON messages (author_id, at);
CREATE INDEX messages_at ON messages (at);

-- Substring search of subject and body: overlapping two-character grams, so Chinese words of
-- any length from two characters match (退款 finds 申请退款未到账).
CREATE VIRTUAL TABLE ticket_grams USING fts5 (grams, content = '', contentless_delete = 1, tokenize = 'unicode61');

-- Small internal state (e.g. the round-robin pointer).
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Quality checks (抽查): one per ticket; accuracy = correct / checked.
CREATE TABLE qa_checks (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    agent_id   INTEGER REFERENCES staff (id),
    checker_id INTEGER NOT NULL REFERENCES staff (id),
    correct    INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL,
    amended_at INTEGER
);
CREATE INDEX qa_checks_at ON qa_checks (at);

-- A shift's handover note (交接班): one per author per shift. A second note for the same shift
-- amends it; the replaced text is kept in handover_revisions. open_items is the JSON list of
-- open work kefu listed when the note was written. The next shift acknowledges it.
CREATE TABLE handovers (
    id         INTEGER PRIMARY KEY,
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    shift      TEXT NOT NULL CHECK (shift IN ('day', 'night')),
    day        TEXT NOT NULL,
    body       TEXT NOT NULL,
    open_items TEXT NOT NULL DEFAULT '[]',
    written_at INTEGER NOT NULL,
    amended_at INTEGER,
    acked_by   INTEGER REFERENCES staff (id),
    acked_at   INTEGER,
    UNIQUE (author_id, day, shift)
);
CREATE INDEX handovers_day ON handovers (day, shift);

CREATE TABLE handover_revisions (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    body        TEXT NOT NULL,
    open_items  TEXT NOT NULL,
    written_at  INTEGER NOT NULL,
    replaced_at INTEGER NOT NULL
);
CREATE INDEX handover_revisions_handover ON handover_revisions (handover_id, id);

-- An agent's weekly summary (周报) for an ISO week 'YYYY-Www'; chars counts its characters.
CREATE TABLE weekly_summaries (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    week       TEXT NOT NULL,
    body       TEXT NOT NULL,
    chars      INTEGER NOT NULL,
    written_at INTEGER NOT NULL,
    amended_at INTEGER,
    UNIQUE (staff_id, week)
);
CREATE INDEX weekly_summaries_week ON weekly_summaries (week);

-- What remind --once-per has delivered: one row per channel ('stdout' or a webhook's hash),
-- item and urgency group, with the last time it was sent.
CREATE TABLE notifications (
    channel TEXT NOT NULL,
    item    TEXT NOT NULL,
    grp     TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (channel, item, grp)
);
CREATE INDEX notifications_sent ON notifications (sent_at);

-- Points appraisal (绩效考核). Points are exact tenths (805 is 80.5), money is fen. Entries are
-- never edited or deleted: a mistake is reversed by a compensating entry (reverts) dated like
-- the one it reverses. Proposed entries wait in score_pending until a supervisor acts.
CREATE TABLE score_rules (
    code           TEXT PRIMARY KEY,
    class          TEXT NOT NULL CHECK (class IN ('bonus', 'light', 'medium', 'severe', 'dismissal', 'discretion', 'fine')),
    min_points     INTEGER NOT NULL,
    max_points     INTEGER NOT NULL,
    fine_fen       INTEGER NOT NULL DEFAULT 0,
    ladder         TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    builtin        INTEGER NOT NULL DEFAULT 0,
    retired_at     INTEGER,
    -- A rule may be limited to once per staff member and month, and carry an eligibility
    -- condition (no-violation, no-valid-complaint, top-of-month, exam-100).
    once_per_month INTEGER NOT NULL DEFAULT 0,
    eligibility    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE score_entries (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    rule        TEXT NOT NULL REFERENCES score_rules (code),
    points      INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    ticket_id   INTEGER REFERENCES tickets (id),
    -- When it happened: the month it counts in. recorded_by is NULL for the system.
    at          INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL,
    reverts     INTEGER UNIQUE REFERENCES score_entries (id)
);
CREATE INDEX score_entries_at ON score_entries (at, staff_id);
CREATE INDEX score_entries_staff ON score_entries (staff_id, at);

CREATE TABLE score_pending (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    rule          TEXT NOT NULL REFERENCES score_rules (code),
    points        INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    ticket_id     INTEGER REFERENCES tickets (id),
    at            INTEGER NOT NULL,
    -- Proposing the same key twice creates nothing.
    dedupe_key    TEXT UNIQUE,
    proposed_by   INTEGER REFERENCES staff (id),
    created_at    INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    decided_by    INTEGER REFERENCES staff (id),
    decided_at    INTEGER,
    decision_note TEXT NOT NULL DEFAULT '',
    entry_id      INTEGER REFERENCES score_entries (id)
);
CREATE INDEX score_pending_open ON score_pending (at) WHERE status = 'pending';

-- The monthly skills exam: one per staff member and month (score in tenths, 0-100).
CREATE TABLE score_exams (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    month       TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
    entry_id    INTEGER REFERENCES score_entries (id),
    recorded_by INTEGER REFERENCES staff (id),
    at          INTEGER NOT NULL,
    UNIQUE (staff_id, month)
);

-- Appeals (申诉): one per entry, by the staff member it scores.
CREATE TABLE score_appeals (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES score_entries (id),
    reason      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'reversed')),
    resolved_by INTEGER REFERENCES staff (id),
    resolved_at INTEGER,
    resolution  TEXT NOT NULL DEFAULT '',
    reversal_id INTEGER REFERENCES score_entries (id)
);
CREATE INDEX score_appeals_open ON score_appeals (entry_id) WHERE status = 'open';

-- Closed months: the frozen sheet and the policy it used (JSON). Reopening keeps the row.
CREATE TABLE score_closes (
    id            INTEGER PRIMARY KEY,
    month         TEXT NOT NULL,
    closed_at     INTEGER NOT NULL,
    closed_by     INTEGER REFERENCES staff (id),
    policy        TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    reopened_at   INTEGER,
    reopened_by   INTEGER REFERENCES staff (id),
    reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX score_closes_month ON score_closes (month) WHERE reopened_at IS NULL;

-- A complex complaint's handling plan has its own due time (target plan, 初步解决方案).
-- Each ticket keeps the window (and so the unit) that set its first-response and resolution
-- due times, so a later policy change never rewrites past figures.
ALTER TABLE tickets ADD COLUMN plan_due INTEGER;
ALTER TABLE tickets ADD COLUMN first_response_window TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN resolution_window TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_plan_due_all ON tickets (plan_due) WHERE plan_due IS NOT NULL;
CREATE INDEX tickets_plan_due ON tickets (plan_due) WHERE planned_at IS NULL AND plan_due IS NOT NULL AND status IN ('open', 'pending', 'reopened');
-- Official holidays and adjusted working days a manager imported (kefu calendar import): they
-- beat the built-in data.
CREATE TABLE official_days (
    day     TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    working INTEGER NOT NULL
);

-- Dated leave and rest days (年假 病假 事假 调休 休息), inclusive dates in the team's zone.
CREATE TABLE staff_leave (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('annual', 'sick', 'personal', 'compensatory', 'rest')),
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX staff_leave_staff ON staff_leave (staff_id, from_day);

-- Shift swaps (换班): on day, a works b_shift and b works a_shift.
CREATE TABLE staff_swaps (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL,
    a_id       INTEGER NOT NULL REFERENCES staff (id),
    a_shift    TEXT NOT NULL,
    b_id       INTEGER NOT NULL REFERENCES staff (id),
    b_shift    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX staff_swaps_day ON staff_swaps (day);

-- Complaint verdicts: whether a complaint against an agent was valid (有效投诉).
CREATE TABLE complaint_verdicts (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    valid       INTEGER NOT NULL,
    argument    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (ticket_id, staff_id)
);
CREATE INDEX complaint_verdicts_at ON complaint_verdicts (at, staff_id);

-- The department fund's spending (部门基金), recorded by a manager; fines are its income.
CREATE TABLE fund_spending (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    reason      TEXT NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX fund_spending_at ON fund_spending (at);

-- Email in and out (kefu mail receive|fetch|retry, ticket reply on an email ticket). One row
-- per message: 'in' is a customer's mail (the one that opened the ticket, or an answer
-- threaded into it), 'out' a reply or acknowledgement kefu sends. msgid is the Message-ID
-- (without <>): receiving it twice stores nothing. Outgoing mail waits as 'queued' or
-- 'failed' until a send succeeds. Personal data: addresses, names and text live here and in
-- mail_attachments (customer forget must erase them too). A sender claims a mail ('sending',
-- claimed_at) before sending it, so two kefu processes never send the same mail twice; a claim
-- older than ten minutes (a process that died) can be taken over.
CREATE TABLE mail_messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    role        TEXT NOT NULL CHECK (role IN ('opened', 'answer', 'reply', 'ack')),
    msgid       TEXT NOT NULL UNIQUE,
    in_reply_to TEXT NOT NULL DEFAULT '',
    refs        TEXT NOT NULL DEFAULT '',
    from_name   TEXT NOT NULL DEFAULT '',
    from_addr   TEXT NOT NULL,
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    message_id  INTEGER REFERENCES messages (id),
    author_id   INTEGER REFERENCES staff (id),
    status      TEXT NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    sent_at     INTEGER,
    claimed_at  INTEGER
);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id, id);
CREATE INDEX mail_messages_outbox ON mail_messages (id) WHERE status IN ('queued', 'sending', 'failed');

-- Files that came with a mail; content is NULL when the file was over mail.attachment_max.
CREATE TABLE mail_attachments (
    id           INTEGER PRIMARY KEY,
    mail_id      INTEGER NOT NULL REFERENCES mail_messages (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB
);
CREATE INDEX mail_attachments_mail ON mail_attachments (mail_id, id);

-- Version 10: each staff member's work pattern (team | weekly days like mon-sat | a rotation like
-- 6on1off@2026-11-02), validated by kefu; the rota reads it.
ALTER TABLE staff ADD COLUMN work_pattern TEXT NOT NULL DEFAULT 'team';

-- Version 14: the knowledge base (issue 17). An article's title and body live in versions:
-- every edit adds one, and the history keeps them all. kb_articles holds what is not versioned
-- (category, tags as a sorted comma-separated list, public), the latest version's number and
-- title, and the last approved version's number (NULL while none is): customers see that one.
-- kb_links records which article answered a ticket (ticket resolve --kb). kb_grams indexes each
-- article's latest title and body as two-character grams, as ticket_grams does for tickets.
CREATE TABLE kb_articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    category   TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    public     INTEGER NOT NULL DEFAULT 0,
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    version    INTEGER NOT NULL,
    approved   INTEGER,
    retired_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX kb_articles_category ON kb_articles (category, id);

CREATE TABLE kb_versions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES staff (id),
    at          INTEGER NOT NULL,
    approved_by INTEGER REFERENCES staff (id),
    approved_at INTEGER,
    UNIQUE (article_id, version)
);

CREATE TABLE kb_links (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    article_id INTEGER NOT NULL REFERENCES kb_articles (id),
    by_id      INTEGER NOT NULL REFERENCES staff (id),
    at         INTEGER NOT NULL,
    UNIQUE (ticket_id, article_id)
);
CREATE INDEX kb_links_article ON kb_links (article_id);

CREATE VIRTUAL TABLE kb_grams USING fts5 (title, body, content = '', contentless_delete = 1, tokenize = 'unicode61');

-- Version 15: reply templates and training (issue 17).
-- Reply templates (话术模板): opening and closing lines, FAQ scripts, objection handling, with
-- variables ({客户} {工单} {坐席} {到期} {团队}, or their English names) filled by ticket reply
-- --template. The default set is seeded here, editable like the rule catalog; a retired
-- template is kept (its uses still name it).
CREATE TABLE reply_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('opening', 'closing', 'faq', 'objection', 'other')),
    body       TEXT NOT NULL,
    retired    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Which templates a reply used: one row per template per reply message.
CREATE TABLE template_uses (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES reply_templates (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    message_id  INTEGER REFERENCES messages (id),
    staff_id    INTEGER REFERENCES staff (id),
    at          INTEGER NOT NULL
);
CREATE INDEX template_uses_at ON template_uses (at);

-- Training sessions (培训): required_for is a team name, or 'all'. The trainer may be someone
-- from outside the team, so it is a name, not a staff id.
CREATE TABLE training_sessions (
    id           INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    day          TEXT NOT NULL,
    trainer      TEXT NOT NULL,
    required_for TEXT NOT NULL,
    created_by   INTEGER REFERENCES staff (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE training_attendance (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES training_sessions (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    recorded_by INTEGER REFERENCES staff (id),
    at          INTEGER NOT NULL,
    UNIQUE (session_id, staff_id)
);

-- An assessment after a session (score in tenths, 0-100); it also sets the month's exam
-- (score_exams), whose consequence waits as a pending entry (score_exams.pending_id).
CREATE TABLE training_results (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES training_sessions (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
    recorded_by INTEGER REFERENCES staff (id),
    at          INTEGER NOT NULL,
    UNIQUE (session_id, staff_id)
);

-- The exam's proposed entry, when a training result set it (a supervisor confirms it).
ALTER TABLE score_exams ADD COLUMN pending_id INTEGER REFERENCES score_pending (id);

-- The active tickets in opening order with what says whether each is overdue: the overdue
-- list's page by opening time and its count walk it without reading a ticket.
CREATE INDEX tickets_active_opened ON tickets (opened_at, id, status, first_response_at, first_response_due, resolution_due)
    WHERE status IN ('open', 'pending', 'reopened');
-- A month's presale conversions per agent read from the index alone (score month and year).
CREATE INDEX tickets_presale_resolved ON tickets (resolved_at, assignee_id, converted, amount_fen)
    WHERE kind = 'presale' AND converted IS NOT NULL;
