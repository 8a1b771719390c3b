-- Version 16: remind and the overdue list read only active tickets.
-- The overdue list's first page in opening order (newest first, its default) read the whole
-- overdue set to sort it, so it grew with the number overdue. The active tickets in opening
-- order, each entry with the columns that say whether it is overdue: a page walks this index
-- and stops at its last row, and a count reads no ticket.
CREATE INDEX tickets_active_opened ON tickets (opened_at, id, status, first_response_at, first_response_due, resolution_due)
    WHERE status IN ('open', 'pending', 'reopened');

-- A plan owed (complaints) is reminded while the ticket is active; the index held every
-- ticket whose plan was never recorded, closed ones too (30,000 of a million), and remind
-- read each of their rows to find the few still active. Now it holds only active tickets.
DROP INDEX tickets_plan_due;
CREATE INDEX tickets_plan_due ON tickets (plan_due) WHERE planned_at IS NULL AND plan_due IS NOT NULL AND status IN ('open', 'pending', 'reopened');

-- A month's presale conversions per agent (score month and year): the resolved tickets of the
-- month were read row by row (8,500 of them at 1M) to keep the presale ones. The presale
-- tickets whose outcome is known, with what the sums need.
CREATE INDEX tickets_presale_resolved ON tickets (resolved_at, assignee_id, converted, amount_fen)
    WHERE kind = 'presale' AND converted IS NOT NULL;
