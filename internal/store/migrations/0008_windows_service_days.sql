-- Version 8: figures a team can pay by.
-- A complex complaint's handling plan has its own due time (target plan, 初步解决方案).
-- Each ticket keeps the window (and so the unit) that set its first-response and resolution
-- due times, so a later policy change never rewrites past figures.
ALTER TABLE tickets ADD COLUMN plan_due INTEGER;
ALTER TABLE tickets ADD COLUMN first_response_window TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN resolution_window TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_plan_due_all ON tickets (plan_due) WHERE plan_due IS NOT NULL;
CREATE INDEX tickets_plan_due ON tickets (plan_due) WHERE planned_at IS NULL AND plan_due IS NOT NULL;
-- Official holidays and adjusted working days a manager imported (kefu calendar import): they
-- beat the built-in data.
CREATE TABLE official_days (
    day     TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    working INTEGER NOT NULL
);
