-- Version 4: the points appraisal, and the default rule catalog for databases made before it
-- (a new database gets the catalog from init).
-- Points appraisal (绩效考核). Points are exact tenths (805 is 80.5), money is fen. Entries are
-- never edited or deleted: a mistake is reversed by a compensating entry (reverts) dated like
-- the one it reverses. Proposed entries wait in score_pending until a supervisor acts.
CREATE TABLE score_rules (
    code           TEXT PRIMARY KEY,
    class          TEXT NOT NULL CHECK (class IN ('bonus', 'light', 'medium', 'severe', 'dismissal', 'discretion')),
    min_points     INTEGER NOT NULL,
    max_points     INTEGER NOT NULL,
    fine_fen       INTEGER NOT NULL DEFAULT 0,
    ladder         TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    builtin        INTEGER NOT NULL DEFAULT 0,
    retired_at     INTEGER
);

CREATE TABLE score_entries (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    rule        TEXT NOT NULL REFERENCES score_rules (code),
    points      INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    ticket_id   INTEGER REFERENCES tickets (id),
    -- When it happened: the month it counts in. recorded_by is NULL for the system.
    at          INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at  INTEGER NOT NULL,
    reverts     INTEGER UNIQUE REFERENCES score_entries (id)
);
CREATE INDEX score_entries_at ON score_entries (at, staff_id);
CREATE INDEX score_entries_staff ON score_entries (staff_id, at);

CREATE TABLE score_pending (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    rule          TEXT NOT NULL REFERENCES score_rules (code),
    points        INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    ticket_id     INTEGER REFERENCES tickets (id),
    at            INTEGER NOT NULL,
    -- Proposing the same key twice creates nothing.
    dedupe_key    TEXT UNIQUE,
    proposed_by   INTEGER REFERENCES staff (id),
    created_at    INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    decided_by    INTEGER REFERENCES staff (id),
    decided_at    INTEGER,
    decision_note TEXT NOT NULL DEFAULT '',
    entry_id      INTEGER REFERENCES score_entries (id)
);
CREATE INDEX score_pending_open ON score_pending (at) WHERE status = 'pending';

-- The monthly skills exam: one per staff member and month (score in tenths, 0-100).
CREATE TABLE score_exams (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    month       TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
    entry_id    INTEGER REFERENCES score_entries (id),
    recorded_by INTEGER REFERENCES staff (id),
    at          INTEGER NOT NULL,
    UNIQUE (staff_id, month)
);

-- Appeals (申诉): one per entry, by the staff member it scores.
CREATE TABLE score_appeals (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES score_entries (id),
    reason      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'reversed')),
    resolved_by INTEGER REFERENCES staff (id),
    resolved_at INTEGER,
    resolution  TEXT NOT NULL DEFAULT '',
    reversal_id INTEGER REFERENCES score_entries (id)
);
CREATE INDEX score_appeals_open ON score_appeals (entry_id) WHERE status = 'open';

-- Closed months: the frozen sheet and the policy it used (JSON). Reopening keeps the row.
CREATE TABLE score_closes (
    id            INTEGER PRIMARY KEY,
    month         TEXT NOT NULL,
    closed_at     INTEGER NOT NULL,
    closed_by     INTEGER REFERENCES staff (id),
    policy        TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    reopened_at   INTEGER,
    reopened_by   INTEGER REFERENCES staff (id),
    reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX score_closes_month ON score_closes (month) WHERE reopened_at IS NULL;

-- The default catalog, as internal/score.DefaultRules (a store test keeps them equal).
INSERT INTO score_rules (code, class, min_points, max_points, fine_fen, ladder, description, description_zh, builtin) VALUES
    ('top-of-month', 'bonus', 50, 50, 0, '', 'top volume and quality of the month with no violation', '当月业务量和质量第一且无违规', 0),
    ('exam-full', 'bonus', 50, 50, 0, '', 'full marks in the monthly skills exam', '月度技能考试满分', 1),
    ('cover-shift', 'bonus', 50, 50, 0, '', 'covered a shift at short notice', '临时顶班', 0),
    ('extra-task', 'bonus', 50, 50, 0, '', 'extra task done', '完成额外任务', 0),
    ('zero-complaints', 'bonus', 50, 50, 0, '', 'zero valid complaints in the month', '当月零有效投诉', 0),
    ('idea-adopted', 'bonus', 50, 50, 0, '', 'improvement idea adopted', '合理化建议被采纳', 0),
    ('language', 'light', -20, -20, 0, '', 'non-standard language at work', '工作中使用不规范用语', 0),
    ('untidy-desk', 'light', -20, -20, 0, '', 'untidy desk at handover', '交接班时桌面不整洁', 0),
    ('cleaning-skipped', 'light', -20, -20, 0, '', 'cleaning duty skipped', '未做值日卫生', 0),
    ('late-early', 'light', -50, -20, 0, '', 'late or early leave', '迟到早退', 0),
    ('handover-missing', 'light', -50, -50, 0, 'fine=30,fine=50,fine=80,withhold-pay,dismissal-review', 'handover record missing or incomplete', '交接班记录缺失或不完整', 0),
    ('summary-missing', 'light', -50, -50, 0, 'fine=50,fine=100,fine=200,withhold-pay,dismissal-review', 'weekly summary missing or late', '周报未按时提交', 0),
    ('slow-reply', 'light', -50, -50, 0, '', 'slow or unfriendly reply to a customer', '回复客户不及时或态度不友好', 0),
    ('away-unannounced', 'light', -50, -50, 0, '', 'away over 5 minutes unannounced', '离岗超过5分钟未报备', 0),
    ('instruction-ignored', 'light', -50, -20, 0, '', 'instruction not carried out', '未执行工作指令', 0),
    ('chatter', 'light', -20, -10, 0, '', 'off-topic chatter', '闲聊与工作无关的话题', 0),
    ('noise', 'light', -20, -20, 0, '', 'noise', '大声喧哗', 0),
    ('eating-smoking', 'light', -50, -50, 0, '', 'eating or smoking at the desk', '在工位吃东西或吸烟', 0),
    ('data-entry-error', 'light', -20, -20, 0, '', 'data entry error', '数据录入错误', 0),
    ('incident-late-10', 'light', -50, -50, 0, '', 'incident handled 1-10 min late', '故障处理延误1至10分钟', 0),
    ('spot-check-error', 'light', -50, -20, 0, '', 'spot-check error', '抽查差错', 0),
    ('games-videos', 'medium', -100, -100, 0, '', 'games or videos at work', '上班玩游戏或看视频', 0),
    ('records-falsified', 'medium', -100, -100, 0, '', 'workload records falsified', '工作量记录造假', 0),
    ('incident-unreported', 'medium', -100, -100, 0, '', 'incident not reported', '故障未上报', 0),
    ('unauthorised-software', 'medium', -100, -100, 0, '', 'unauthorised software', '私装软件', 0),
    ('pending-skipped', 'medium', -100, -100, 0, '', 'skipped pending work', '遗留工作未处理', 0),
    ('meeting-missed', 'medium', -100, -100, 0, '', 'missed meeting', '无故缺席会议', 0),
    ('exam-below-60', 'medium', -100, -100, 0, '', 'monthly skills exam below 60', '月度技能考试低于60分', 1),
    ('incident-late-30', 'medium', -100, -100, 0, '', 'incident handled 11-30 min late', '故障处理延误11至30分钟', 0),
    ('absent', 'severe', -200, -200, 0, '', 'absence without leave', '旷工', 0),
    ('customer-argument', 'severe', -200, -200, 0, '', 'argument with a customer (valid complaint)', '与客户争吵（有效投诉）', 0),
    ('outsider', 'severe', -200, -200, 0, '', 'outsider in the work area', '外人进入工作区', 0),
    ('equipment-out', 'severe', -200, -200, 0, '', 'equipment taken out', '私自带出设备', 0),
    ('incident-late-over-30', 'severe', -200, -200, 0, '', 'incident handled over 30 min late', '故障处理延误超过30分钟', 0),
    ('asleep', 'dismissal', 0, 0, 0, '', 'asleep on duty', '上班睡觉', 0),
    ('phone-off-hook', 'dismissal', 0, 0, 0, '', 'phone left off the hook', '电话摘机不接', 0),
    ('cliques', 'dismissal', 0, 0, 0, '', 'cliques', '拉帮结派', 0),
    ('abuse-of-position', 'dismissal', 0, 0, 0, '', 'abuse of position', '以权谋私', 0),
    ('discretion', 'discretion', -50, 50, 0, '', 'supervisor''s discretion: -5 to +5 net per month, reason required', '主管酌情加减分（每月净值±5，须注明理由）', 1);
