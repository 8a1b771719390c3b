-- Version 1: policy, staff, customers and the history.

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
