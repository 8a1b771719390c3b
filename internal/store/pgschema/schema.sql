-- kefu on PostgreSQL: the whole current schema, the twin of the top-level schema.sql (SQLite).
-- The same tables, columns (in the same order: the row history records rows column by column)
-- and indexes; only the types differ: BIGINT for every integer (Unix milliseconds, fen,
-- tenths of points, ids, 0/1 flags), BYTEA for blobs. An id left out of an INSERT is the
-- largest id + 1, as SQLite's rowid (trigger kefu_next_id), so both engines hand out the same
-- ids for the same work (a sequence would skip the ids of rolled-back or ignored inserts).
-- Adding a migration: see internal/store/pgschema/migrations/README (every SQLite migration
-- needs its PostgreSQL twin, or runs unchanged when its SQL is portable).

-- Policy: scalar settings, ticket kinds, response windows, the team's own calendar days.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE kinds (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    builtin     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE windows (
    id       BIGINT PRIMARY KEY,
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
    working BIGINT NOT NULL,
    note    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE staff (
    id             BIGINT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'manager')),
    team           TEXT NOT NULL DEFAULT '',
    shift          TEXT NOT NULL DEFAULT 'day' CHECK (shift IN ('day', 'night')),
    hired          TEXT,
    active         BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    deactivated_at BIGINT
);

CREATE TABLE customers (
    id           BIGINT PRIMARY KEY,
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    im           TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    forgotten_at BIGINT
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
    id            BIGINT PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor         TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     BIGINT,
    action        TEXT NOT NULL,
    payload       TEXT NOT NULL,
    mac           TEXT,
    redacted      BIGINT NOT NULL DEFAULT 0,
    redaction_mac TEXT
);
CREATE INDEX events_entity ON events (entity, entity_id, id);
CREATE INDEX events_unchained ON events (id) WHERE mac IS NULL;
CREATE INDEX events_action_at ON events (action, at);
CREATE INDEX events_actor_at ON events (actor, at);

-- The history is append-only: no DELETE, and an UPDATE only to chain an unchained event or
-- to redact one (payload replaced, MAC kept).
CREATE FUNCTION kefu_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the history is append-only: events cannot be deleted';
    END IF;
    IF NOT (
        NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
        AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.action = OLD.action
        AND ((OLD.mac IS NULL AND NEW.payload = OLD.payload AND NEW.redacted = OLD.redacted)
          OR (NEW.mac IS NOT DISTINCT FROM OLD.mac AND NEW.redacted = 1 AND (OLD.mac IS NULL OR NEW.redaction_mac IS NOT NULL)))) THEN
        RAISE EXCEPTION 'the history is append-only: events cannot be changed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION kefu_events_guard();
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION kefu_events_guard();
CREATE TABLE tickets (
    id                   BIGINT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    channel              TEXT NOT NULL,
    priority             TEXT NOT NULL DEFAULT 'normal',
    severity             TEXT NOT NULL DEFAULT '',
    category             TEXT NOT NULL DEFAULT '',
    subject              TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    customer_id          BIGINT REFERENCES customers (id),
    assignee_id          BIGINT REFERENCES staff (id),
    opened_by            BIGINT REFERENCES staff (id),
    team                 TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    order_no             TEXT NOT NULL DEFAULT '',
    opened_at            BIGINT NOT NULL,
    first_response_due   BIGINT,
    first_response_at    BIGINT,
    -- The resolution clock: the current spell started at resolution_start (open or reopen);
    -- pending spells so far paused it by paused_biz business seconds / paused_cal seconds.
    resolution_start     BIGINT NOT NULL,
    paused_biz           BIGINT NOT NULL DEFAULT 0,
    paused_cal           BIGINT NOT NULL DEFAULT 0,
    resolution_due       BIGINT,
    -- While pending: since when, and the resolution time left (business or calendar seconds).
    pending_since        BIGINT,
    resolution_remaining BIGINT,
    resolved_at          BIGINT,
    resolution           TEXT NOT NULL DEFAULT '',
    closed_at            BIGINT,
    reopen_count         BIGINT NOT NULL DEFAULT 0,
    csat                 BIGINT CHECK (csat BETWEEN 1 AND 5),
    nps                  BIGINT CHECK (nps BETWEEN 0 AND 10),
    rating_comment       TEXT NOT NULL DEFAULT '',
    rated_at             BIGINT,
    updated_at           BIGINT NOT NULL,
    -- Complaints: escalation to a supervisor (the agent stays as follower), the handling plan,
    -- the satisfaction follow-up after resolution.
    escalation_due       BIGINT,
    escalated_at         BIGINT,
    escalated_to         BIGINT REFERENCES staff (id),
    follower_id          BIGINT REFERENCES staff (id),
    plan                 TEXT NOT NULL DEFAULT '',
    planned_at           BIGINT,
    plan_required        BIGINT NOT NULL DEFAULT 0,
    followup_due         BIGINT,
    followup_at          BIGINT,
    followup_result      TEXT NOT NULL DEFAULT '',
    unsatisfied_count    BIGINT NOT NULL DEFAULT 0,
    -- Suggestions: forwarded to the owning department, and what came of it.
    forward_due          BIGINT,
    forwarded_at         BIGINT,
    forwarded_to         TEXT NOT NULL DEFAULT '',
    outcome              TEXT NOT NULL DEFAULT '',
    -- Pre-sale chats: converted or not, and the sale in fen (1/100 yuan).
    converted            BIGINT,
    amount_fen           BIGINT,
    -- CSAT and NPS may be given at different times; each counts in the period it was given.
    csat_at              BIGINT,
    nps_at               BIGINT
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
    id        BIGINT PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    kind      TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
    author_id BIGINT REFERENCES staff (id),
    at        BIGINT NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);
CREATE INDEX messages_author ON messages (author_id, at);
CREATE INDEX messages_at ON messages (at);

-- Substring search of subject and body: overlapping two-character grams, so Chinese words of
-- any length from two characters match (退款 finds 申请退款未到账).
-- On PostgreSQL a plain table with one row per distinct gram of a ticket (rowid is the ticket's
-- id, as in SQLite's FTS5 table): a search looks each gram of its text up in the index.
CREATE TABLE ticket_grams (
    rowid BIGINT NOT NULL,
    grams TEXT NOT NULL,
    PRIMARY KEY (grams, rowid)
);
CREATE INDEX ticket_grams_ticket ON ticket_grams (rowid);

-- Small internal state (e.g. the round-robin pointer).
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Quality checks (抽查): one per ticket; accuracy = correct / checked.
CREATE TABLE qa_checks (
    id         BIGINT PRIMARY KEY,
    ticket_id  BIGINT NOT NULL UNIQUE REFERENCES tickets (id),
    agent_id   BIGINT REFERENCES staff (id),
    checker_id BIGINT NOT NULL REFERENCES staff (id),
    correct    BIGINT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL,
    amended_at BIGINT
);
CREATE INDEX qa_checks_at ON qa_checks (at);

-- A shift's handover note (交接班): one per author per shift. A second note for the same shift
-- amends it; the replaced text is kept in handover_revisions. open_items is the JSON list of
-- open work kefu listed when the note was written. The next shift acknowledges it.
CREATE TABLE handovers (
    id         BIGINT PRIMARY KEY,
    author_id  BIGINT NOT NULL REFERENCES staff (id),
    shift      TEXT NOT NULL CHECK (shift IN ('day', 'night')),
    day        TEXT NOT NULL,
    body       TEXT NOT NULL,
    open_items TEXT NOT NULL DEFAULT '[]',
    written_at BIGINT NOT NULL,
    amended_at BIGINT,
    acked_by   BIGINT REFERENCES staff (id),
    acked_at   BIGINT,
    UNIQUE (author_id, day, shift)
);
CREATE INDEX handovers_day ON handovers (day, shift);

CREATE TABLE handover_revisions (
    id          BIGINT PRIMARY KEY,
    handover_id BIGINT NOT NULL REFERENCES handovers (id),
    body        TEXT NOT NULL,
    open_items  TEXT NOT NULL,
    written_at  BIGINT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX handover_revisions_handover ON handover_revisions (handover_id, id);

-- An agent's weekly summary (周报) for an ISO week 'YYYY-Www'; chars counts its characters.
CREATE TABLE weekly_summaries (
    id         BIGINT PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    week       TEXT NOT NULL,
    body       TEXT NOT NULL,
    chars      BIGINT NOT NULL,
    written_at BIGINT NOT NULL,
    amended_at BIGINT,
    UNIQUE (staff_id, week)
);
CREATE INDEX weekly_summaries_week ON weekly_summaries (week);

-- What remind --once-per has delivered: one row per channel ('stdout' or a webhook's hash),
-- item and urgency group, with the last time it was sent.
CREATE TABLE notifications (
    channel TEXT NOT NULL,
    item    TEXT NOT NULL,
    grp     TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (channel, item, grp)
);
CREATE INDEX notifications_sent ON notifications (sent_at);

-- Points appraisal (绩效考核). Points are exact tenths (805 is 80.5), money is fen. Entries are
-- never edited or deleted: a mistake is reversed by a compensating entry (reverts) dated like
-- the one it reverses. Proposed entries wait in score_pending until a supervisor acts.
CREATE TABLE score_rules (
    code           TEXT PRIMARY KEY,
    class          TEXT NOT NULL CHECK (class IN ('bonus', 'light', 'medium', 'severe', 'dismissal', 'discretion', 'fine')),
    min_points     BIGINT NOT NULL,
    max_points     BIGINT NOT NULL,
    fine_fen       BIGINT NOT NULL DEFAULT 0,
    ladder         TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    builtin        BIGINT NOT NULL DEFAULT 0,
    retired_at     BIGINT,
    -- A rule may be limited to once per staff member and month, and carry an eligibility
    -- condition (no-violation, no-valid-complaint, top-of-month, exam-100).
    once_per_month BIGINT NOT NULL DEFAULT 0,
    eligibility    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE score_entries (
    id          BIGINT PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    rule        TEXT NOT NULL REFERENCES score_rules (code),
    points      BIGINT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    ticket_id   BIGINT REFERENCES tickets (id),
    -- When it happened: the month it counts in. recorded_by is NULL for the system.
    at          BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES staff (id),
    created_at  BIGINT NOT NULL,
    reverts     BIGINT UNIQUE REFERENCES score_entries (id)
);
CREATE INDEX score_entries_at ON score_entries (at, staff_id);
CREATE INDEX score_entries_staff ON score_entries (staff_id, at);

CREATE TABLE score_pending (
    id            BIGINT PRIMARY KEY,
    staff_id      BIGINT NOT NULL REFERENCES staff (id),
    rule          TEXT NOT NULL REFERENCES score_rules (code),
    points        BIGINT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    ticket_id     BIGINT REFERENCES tickets (id),
    at            BIGINT NOT NULL,
    -- Proposing the same key twice creates nothing.
    dedupe_key    TEXT UNIQUE,
    proposed_by   BIGINT REFERENCES staff (id),
    created_at    BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    decided_by    BIGINT REFERENCES staff (id),
    decided_at    BIGINT,
    decision_note TEXT NOT NULL DEFAULT '',
    entry_id      BIGINT REFERENCES score_entries (id)
);
CREATE INDEX score_pending_open ON score_pending (at) WHERE status = 'pending';

-- The monthly skills exam: one per staff member and month (score in tenths, 0-100).
CREATE TABLE score_exams (
    id          BIGINT PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    month       TEXT NOT NULL,
    score       BIGINT NOT NULL CHECK (score BETWEEN 0 AND 1000),
    entry_id    BIGINT REFERENCES score_entries (id),
    recorded_by BIGINT REFERENCES staff (id),
    at          BIGINT NOT NULL,
    UNIQUE (staff_id, month)
);

-- Appeals (申诉): one per entry, by the staff member it scores.
CREATE TABLE score_appeals (
    id          BIGINT PRIMARY KEY,
    entry_id    BIGINT NOT NULL UNIQUE REFERENCES score_entries (id),
    reason      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'reversed')),
    resolved_by BIGINT REFERENCES staff (id),
    resolved_at BIGINT,
    resolution  TEXT NOT NULL DEFAULT '',
    reversal_id BIGINT REFERENCES score_entries (id)
);
CREATE INDEX score_appeals_open ON score_appeals (entry_id) WHERE status = 'open';

-- Closed months: the frozen sheet and the policy it used (JSON). Reopening keeps the row.
CREATE TABLE score_closes (
    id            BIGINT PRIMARY KEY,
    month         TEXT NOT NULL,
    closed_at     BIGINT NOT NULL,
    closed_by     BIGINT REFERENCES staff (id),
    policy        TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    reopened_at   BIGINT,
    reopened_by   BIGINT REFERENCES staff (id),
    reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX score_closes_month ON score_closes (month) WHERE reopened_at IS NULL;

-- A complex complaint's handling plan has its own due time (target plan, 初步解决方案).
-- Each ticket keeps the window (and so the unit) that set its first-response and resolution
-- due times, so a later policy change never rewrites past figures.
ALTER TABLE tickets ADD COLUMN plan_due BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_window TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN resolution_window TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_plan_due_all ON tickets (plan_due) WHERE plan_due IS NOT NULL;
CREATE INDEX tickets_plan_due ON tickets (plan_due) WHERE planned_at IS NULL AND plan_due IS NOT NULL;
-- Official holidays and adjusted working days a manager imported (kefu calendar import): they
-- beat the built-in data.
CREATE TABLE official_days (
    day     TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    working BIGINT NOT NULL
);

-- Dated leave and rest days (年假 病假 事假 调休 休息), inclusive dates in the team's zone.
CREATE TABLE staff_leave (
    id         BIGINT PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('annual', 'sick', 'personal', 'compensatory', 'rest')),
    note       TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES staff (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX staff_leave_staff ON staff_leave (staff_id, from_day);

-- Shift swaps (换班): on day, a works b_shift and b works a_shift.
CREATE TABLE staff_swaps (
    id         BIGINT PRIMARY KEY,
    day        TEXT NOT NULL,
    a_id       BIGINT NOT NULL REFERENCES staff (id),
    a_shift    TEXT NOT NULL,
    b_id       BIGINT NOT NULL REFERENCES staff (id),
    b_shift    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES staff (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX staff_swaps_day ON staff_swaps (day);

-- Complaint verdicts: whether a complaint against an agent was valid (有效投诉).
CREATE TABLE complaint_verdicts (
    id          BIGINT PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    valid       BIGINT NOT NULL,
    argument    BIGINT NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES staff (id),
    created_at  BIGINT NOT NULL,
    UNIQUE (ticket_id, staff_id)
);
CREATE INDEX complaint_verdicts_at ON complaint_verdicts (at, staff_id);

-- The department fund's spending (部门基金), recorded by a manager; fines are its income.
CREATE TABLE fund_spending (
    id          BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    reason      TEXT NOT NULL,
    recorded_by BIGINT REFERENCES staff (id),
    created_at  BIGINT NOT NULL
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
    id          BIGINT PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
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
    message_id  BIGINT REFERENCES messages (id),
    author_id   BIGINT REFERENCES staff (id),
    status      TEXT NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'failed')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    sent_at     BIGINT,
    claimed_at  BIGINT
);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id, id);
CREATE INDEX mail_messages_outbox ON mail_messages (id) WHERE status IN ('queued', 'sending', 'failed');

-- Files that came with a mail; content is NULL when the file was over mail.attachment_max.
CREATE TABLE mail_attachments (
    id           BIGINT PRIMARY KEY,
    mail_id      BIGINT NOT NULL REFERENCES mail_messages (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA
);
CREATE INDEX mail_attachments_mail ON mail_attachments (mail_id, id);

-- Version 10: each staff member's work pattern (team | weekly days like mon-sat | a rotation like
-- 6on1off@2026-11-02), validated by kefu; the rota reads it.
ALTER TABLE staff ADD COLUMN work_pattern TEXT NOT NULL DEFAULT 'team';

-- PostgreSQL only: the schema's marker and version (SQLite keeps them in the file header:
-- application_id and user_version). Its one row is also the chain-head lock: every write
-- transaction locks it first (SELECT ... FOR UPDATE), which orders all writers.
CREATE TABLE kefu_meta (
    application_id BIGINT NOT NULL,
    version        BIGINT NOT NULL
);

-- PostgreSQL only: insertion order for the two tables SQLite lists by rowid.
ALTER TABLE kinds ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE score_rules ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;

-- PostgreSQL only: ids. An id left out of an INSERT is the largest + 1 (kefu gives every table
-- with an id column the trigger kefu_id_TABLE). The row history's capture is kefu's too: for
-- each tracked table a function kefu_rows_TABLE and statement triggers that note the keys of
-- the rows a statement wrote into the session's temporary table kefu_dirty, when the session
-- has one (kefu's write transactions create it; a writer outside kefu has none, and its changes
-- are what audit verify reports). See pgCaptureTriggers in internal/store/pg.go. (From version
-- 17 a table of the schema, written while kefu's transaction says so: migrations/0017.)
CREATE FUNCTION kefu_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END $$;



-- PostgreSQL only: SQLite's functions the store's SQL uses that PostgreSQL spells otherwise.
-- sum(a < b) counts the rows where a comparison holds (SQLite's comparisons are 0 or 1); NULL
-- over no rows, as SQLite's sum.
CREATE FUNCTION kefu_sum_bool(acc BIGINT, v BOOLEAN) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS
    'SELECT coalesce(acc, 0) + CASE WHEN v THEN 1 ELSE 0 END';
CREATE AGGREGATE sum(BOOLEAN) (SFUNC = kefu_sum_bool, STYPE = BIGINT);
-- min(a, b) and max(a, b) of two values: NULL when either is NULL, as in SQLite.
CREATE FUNCTION min(a NUMERIC, b NUMERIC) RETURNS NUMERIC LANGUAGE sql IMMUTABLE AS
    'SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE LEAST(a, b) END';
CREATE FUNCTION max(a NUMERIC, b NUMERIC) RETURNS NUMERIC LANGUAGE sql IMMUTABLE AS
    'SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE GREATEST(a, b) END';
CREATE FUNCTION min(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS
    'SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE LEAST(a, b) END';
CREATE FUNCTION max(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS
    'SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE GREATEST(a, b) END';
