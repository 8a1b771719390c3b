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
