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
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    action    TEXT NOT NULL,
    payload   TEXT NOT NULL
);
CREATE INDEX events_entity ON events (entity, entity_id, id);
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
    amount_fen           INTEGER
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
