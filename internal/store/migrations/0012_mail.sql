-- Version 12: email in and out (issue 18): mail received, replies and acknowledgements sent.
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
