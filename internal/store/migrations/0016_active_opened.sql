-- Version 16: the overdue list's first page in opening order (newest first, its default) read
-- the whole overdue set to sort it, so it grew with the number overdue. The active tickets in
-- opening order, each entry with the columns that say whether it is overdue: a page walks
-- this index and stops at its last row, and a count reads no ticket.
CREATE INDEX tickets_active_opened ON tickets (opened_at, id, status, first_response_at, first_response_due, resolution_due)
    WHERE status IN ('open', 'pending', 'reopened');
