-- PostgreSQL's twin of migrations/0014_kb.sql (BIGINT for INTEGER, kb_grams a plain table).
-- Version 14: the knowledge base (issue 17). An article's title and body live in versions:
-- every edit adds one, and the history keeps them all. kb_articles holds what is not versioned
-- (category, tags as a sorted comma-separated list, public), the latest version's number and
-- title, and the last approved version's number (NULL while none is): customers see that one.
-- kb_links records which article answered a ticket (ticket resolve --kb). kb_grams indexes each
-- article's latest title and body as two-character grams, as ticket_grams does for tickets.
CREATE TABLE kb_articles (
    id         BIGINT PRIMARY KEY,
    title      TEXT NOT NULL,
    category   TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    public     BIGINT NOT NULL DEFAULT 0,
    author_id  BIGINT NOT NULL REFERENCES staff (id),
    version    BIGINT NOT NULL,
    approved   BIGINT,
    retired_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX kb_articles_category ON kb_articles (category, id);

CREATE TABLE kb_versions (
    id          BIGINT PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES kb_articles (id),
    version     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   BIGINT NOT NULL REFERENCES staff (id),
    at          BIGINT NOT NULL,
    approved_by BIGINT REFERENCES staff (id),
    approved_at BIGINT,
    UNIQUE (article_id, version)
);

CREATE TABLE kb_links (
    id         BIGINT PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets (id),
    article_id BIGINT NOT NULL REFERENCES kb_articles (id),
    by_id      BIGINT NOT NULL REFERENCES staff (id),
    at         BIGINT NOT NULL,
    UNIQUE (ticket_id, article_id)
);
CREATE INDEX kb_links_article ON kb_links (article_id);

-- On PostgreSQL, as ticket_grams: a plain table with one row per distinct gram of an article's
-- latest title and body (rowid is the article's id, as in SQLite's FTS5 table).
CREATE TABLE kb_grams (
    rowid BIGINT NOT NULL,
    grams TEXT NOT NULL,
    PRIMARY KEY (grams, rowid)
);
CREATE INDEX kb_grams_article ON kb_grams (rowid);
