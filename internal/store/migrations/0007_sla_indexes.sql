-- Version 7: SLA compliance for escalation, follow-up and forwarding counts the tickets whose
-- due time falls in a period, met or not; the partial indexes on these due times hold only
-- what is still owed, so the count scanned every ticket. These hold every due time.
CREATE INDEX tickets_escalation_due_all ON tickets (escalation_due) WHERE escalation_due IS NOT NULL;
CREATE INDEX tickets_followup_due_all ON tickets (followup_due) WHERE followup_due IS NOT NULL;
CREATE INDEX tickets_forward_due_all ON tickets (forward_due) WHERE forward_due IS NOT NULL;
