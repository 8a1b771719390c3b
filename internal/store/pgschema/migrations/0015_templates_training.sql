-- PostgreSQL's twin of migrations/0015_templates_training.sql (BIGINT for INTEGER).
-- Version 15: reply templates and training (issue 17).
-- Reply templates (话术模板): opening and closing lines, FAQ scripts, objection handling, with
-- variables ({客户} {工单} {坐席} {到期} {团队}, or their English names) filled by ticket reply
-- --template. The default set is seeded here, editable like the rule catalog; a retired
-- template is kept (its uses still name it).
CREATE TABLE reply_templates (
    id         BIGINT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('opening', 'closing', 'faq', 'objection', 'other')),
    body       TEXT NOT NULL,
    retired    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Which templates a reply used: one row per template per reply message.
CREATE TABLE template_uses (
    id          BIGINT PRIMARY KEY,
    template_id BIGINT NOT NULL REFERENCES reply_templates (id),
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
    message_id  BIGINT REFERENCES messages (id),
    staff_id    BIGINT REFERENCES staff (id),
    at          BIGINT NOT NULL
);
CREATE INDEX template_uses_at ON template_uses (at);

-- Training sessions (培训): required_for is a team name, or 'all'. The trainer may be someone
-- from outside the team, so it is a name, not a staff id.
CREATE TABLE training_sessions (
    id           BIGINT PRIMARY KEY,
    topic        TEXT NOT NULL,
    day          TEXT NOT NULL,
    trainer      TEXT NOT NULL,
    required_for TEXT NOT NULL,
    created_by   BIGINT REFERENCES staff (id),
    created_at   BIGINT NOT NULL
);

CREATE TABLE training_attendance (
    id          BIGINT PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES training_sessions (id),
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    recorded_by BIGINT REFERENCES staff (id),
    at          BIGINT NOT NULL,
    UNIQUE (session_id, staff_id)
);

-- An assessment after a session (score in tenths, 0-100); it also sets the month's exam
-- (score_exams), whose consequence waits as a pending entry (score_exams.pending_id).
CREATE TABLE training_results (
    id          BIGINT PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES training_sessions (id),
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    score       BIGINT NOT NULL CHECK (score BETWEEN 0 AND 1000),
    recorded_by BIGINT REFERENCES staff (id),
    at          BIGINT NOT NULL,
    UNIQUE (session_id, staff_id)
);

-- The exam's proposed entry, when a training result set it (a supervisor confirms it).
ALTER TABLE score_exams ADD COLUMN pending_id BIGINT REFERENCES score_pending (id);

-- The default set (reply.DefaultTemplates; init seeds it into new databases), seeded here
-- without the row history recording it: audit adopt records the rows. The ids are given: the
-- id trigger (kefu_next_id) is added to new tables after the steps have run.
INSERT INTO reply_templates (id, name, kind, body, created_at, updated_at) VALUES
    (1, 'opening', 'opening', '您好，{客户}，我是客服{坐席}，关于您的工单{工单}，我来为您处理，预计需要几分钟时间与您沟通。', 0, 0),
    (2, 'closing', 'closing', '请问您还有其他问题吗？感谢您的反馈！如需再次联系，请回复本消息或致电客服热线，并提供工单号{工单}。', 0, 0),
    (3, 'complaint-apology', 'objection', '非常抱歉给您带来不便，{客户}。您的投诉我们已经记录（工单{工单}），将在{到期}前给您答复。', 0, 0),
    (4, 'refund-confirm', 'faq', '{客户}您好，您的退款申请已确认受理（工单{工单}），款项将按原支付方式退回，请留意到账通知。', 0, 0),
    (5, 'please-wait', 'other', '{客户}，请您稍等，我正在为您查询，预计{到期}前给您回复。', 0, 0);
INSERT INTO state (key, value) VALUES ('history.rows_unrecorded', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
