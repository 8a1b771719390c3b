-- Version 6: a tamper-evident history, and indexes that let reports aggregate with index ranges.
-- Each event carries an HMAC-SHA256 over its canonical content and the previous event's MAC,
-- keyed by a per-database secret kept outside the database. Events written before this
-- version are chained by kefu the first time it opens the database with its key.
ALTER TABLE events ADD COLUMN mac TEXT;
-- customer forget rewrites personal data out of payloads: the original MAC stays (the chain
-- still links), the event is marked redacted, and redaction_mac authenticates the new content.
ALTER TABLE events ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN redaction_mac TEXT;
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

CREATE INDEX tickets_first_response_due_all ON tickets (first_response_due);
CREATE INDEX tickets_resolution_due_all ON tickets (resolution_due);
-- CSAT and NPS may be given at different times; each counts in the period it was given.
ALTER TABLE tickets ADD COLUMN csat_at INTEGER;
ALTER TABLE tickets ADD COLUMN nps_at INTEGER;
UPDATE tickets SET csat_at = rated_at WHERE csat IS NOT NULL;
UPDATE tickets SET nps_at = rated_at WHERE nps IS NOT NULL;
CREATE INDEX tickets_csat_at ON tickets (csat_at) WHERE csat_at IS NOT NULL;
CREATE INDEX tickets_nps_at ON tickets (nps_at) WHERE nps_at IS NOT NULL;
CREATE INDEX messages_at ON messages (at);
