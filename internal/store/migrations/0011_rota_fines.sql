-- Version 11: the appraisal as the department runs it (issue 15).
-- Rules gain the class fine (money without points), once-per-month limits and an eligibility
-- condition. SQLite cannot change a CHECK constraint in place, so score_rules is rebuilt the way
-- SQLite documents it: a new table, the rows copied, the old table dropped, the new one renamed.
-- migrate.go runs this step with foreign keys off and checks them before committing; the
-- references of score_entries and score_pending name score_rules and so find the new table.
CREATE TABLE score_rules_v11 (
    code           TEXT PRIMARY KEY,
    class          TEXT NOT NULL CHECK (class IN ('bonus', 'light', 'medium', 'severe', 'dismissal', 'discretion', 'fine')),
    min_points     INTEGER NOT NULL,
    max_points     INTEGER NOT NULL,
    fine_fen       INTEGER NOT NULL DEFAULT 0,
    ladder         TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    builtin        INTEGER NOT NULL DEFAULT 0,
    retired_at     INTEGER,
    once_per_month INTEGER NOT NULL DEFAULT 0,
    eligibility    TEXT NOT NULL DEFAULT ''
);
INSERT INTO score_rules_v11 (code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin, retired_at)
    SELECT code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin, retired_at
    FROM score_rules ORDER BY rowid;
DROP TABLE score_rules;
ALTER TABLE score_rules_v11 RENAME TO score_rules;

-- The shipped monthly bonuses become once per month with their condition.
UPDATE score_rules SET once_per_month = 1, eligibility = 'top-of-month' WHERE code = 'top-of-month' AND class = 'bonus';
UPDATE score_rules SET once_per_month = 1, eligibility = 'exam-100' WHERE code = 'exam-full' AND class = 'bonus';
UPDATE score_rules SET once_per_month = 1, eligibility = 'no-valid-complaint' WHERE code = 'zero-complaints' AND class = 'bonus';

-- The regulations' money fines (所有罚款存入部门基金箱).
INSERT INTO score_rules (code, class, min_points, max_points, fine_fen, ladder, description, description_zh) VALUES
    ('complaint-valid', 'fine', 0, 0, 0, 'fine=100,fine=200,dismissal-review', 'valid customer complaint in the month (100 yuan, doubled, then dismissal review)', '自然月内有效投诉（一次罚款100元，第二次翻倍，三次以上自动离职）'),
    ('unpaid-not-chased', 'fine', 0, 0, 500, '', 'unpaid order not chased within an hour', '未付款订单拍下后一小时内未催付'),
    ('off-task', 'fine', 0, 0, 5000, '', 'personal chat, TV, games or software at work', '上班做与工作无关的事情（私聊、看电视、玩游戏、私装软件）'),
    ('cleaning-not-swapped', 'fine', 0, 0, 5000, '', 'office cleaning turn missed without swapping', '值日未清洁且未提前换班'),
    ('secrets-disclosed', 'fine', 0, 0, 15000, '', 'company or customer information disclosed', '泄露公司秘密或客户信息')
ON CONFLICT (code) DO NOTHING;

-- Dated leave and rest days (年假 病假 事假 调休 休息), inclusive dates in the team's zone.
CREATE TABLE staff_leave (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('annual', 'sick', 'personal', 'compensatory', 'rest')),
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX staff_leave_staff ON staff_leave (staff_id, from_day);

-- Shift swaps (换班): on day, a works b_shift and b works a_shift.
CREATE TABLE staff_swaps (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL,
    a_id       INTEGER NOT NULL REFERENCES staff (id),
    a_shift    TEXT NOT NULL,
    b_id       INTEGER NOT NULL REFERENCES staff (id),
    b_shift    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX staff_swaps_day ON staff_swaps (day);

-- Complaint verdicts: whether a complaint against an agent was valid (有效投诉).
CREATE TABLE complaint_verdicts (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    valid       INTEGER NOT NULL,
    argument    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (ticket_id, staff_id)
);
CREATE INDEX complaint_verdicts_at ON complaint_verdicts (at, staff_id);

-- The department fund's spending (部门基金), recorded by a manager; fines are its income.
CREATE TABLE fund_spending (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    reason      TEXT NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX fund_spending_at ON fund_spending (at);

-- Rules were rebuilt and seeded here without the row history recording them (where the
-- history covers rows, audit adopt records them).
INSERT OR REPLACE INTO state (key, value) VALUES ('history.rows_unrecorded', '1');
