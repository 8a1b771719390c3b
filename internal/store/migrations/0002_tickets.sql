-- Tickets, their messages, a search index and small internal state.
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
    updated_at           INTEGER NOT NULL
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
