-- Version 10: each staff member's work pattern (team | weekly days like mon-sat | a rotation like
-- 6on1off@2026-11-02), validated by kefu; the rota reads it.
ALTER TABLE staff ADD COLUMN work_pattern TEXT NOT NULL DEFAULT 'team';
