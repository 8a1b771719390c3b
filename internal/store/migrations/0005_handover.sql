-- Version 5: shift handover notes, weekly summaries, and what remind has sent.

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
