-- Version 3: the complaint, suggestion, pre-sale and quality-check workflows.
ALTER TABLE tickets ADD COLUMN escalation_due INTEGER;
ALTER TABLE tickets ADD COLUMN escalated_at INTEGER;
ALTER TABLE tickets ADD COLUMN escalated_to INTEGER REFERENCES staff (id);
ALTER TABLE tickets ADD COLUMN follower_id INTEGER REFERENCES staff (id);
ALTER TABLE tickets ADD COLUMN plan TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN planned_at INTEGER;
ALTER TABLE tickets ADD COLUMN plan_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN followup_due INTEGER;
ALTER TABLE tickets ADD COLUMN followup_at INTEGER;
ALTER TABLE tickets ADD COLUMN followup_result TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN unsatisfied_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN forward_due INTEGER;
ALTER TABLE tickets ADD COLUMN forwarded_at INTEGER;
ALTER TABLE tickets ADD COLUMN forwarded_to TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN converted INTEGER;
ALTER TABLE tickets ADD COLUMN amount_fen INTEGER;
CREATE INDEX tickets_escalation_due ON tickets (escalation_due) WHERE escalated_at IS NULL AND escalation_due IS NOT NULL;
CREATE INDEX tickets_followup_due ON tickets (followup_due) WHERE followup_at IS NULL AND followup_due IS NOT NULL;
CREATE INDEX tickets_forward_due ON tickets (forward_due) WHERE forwarded_at IS NULL AND forward_due IS NOT NULL;
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;

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
