-- Version 13: the WeChat channel (issue 16). An existing database gets the default windows of
-- the new channel: inquiry and pre-sale first response 1bh (the regulations' social private
-- message), and the urgent 15m rows for inquiries, pre-sale chats and complaints. Only keys the
-- database has no row for are added, and only to a database init has seeded (a new one gets
-- them from init, like every default row).
INSERT INTO windows (kind, target, channel, priority, severity, within)
SELECT n.kind, 'first_response', 'wechat', n.priority, '', n.within
FROM (SELECT 'inquiry' AS kind, '' AS priority, '1bh' AS within
      UNION ALL SELECT 'presale', '', '1bh'
      UNION ALL SELECT 'inquiry', 'urgent', '15m'
      UNION ALL SELECT 'presale', 'urgent', '15m'
      UNION ALL SELECT 'complaint', 'urgent', '15m') AS n
WHERE EXISTS (SELECT 1 FROM windows)
  AND NOT EXISTS (SELECT 1 FROM windows w
                  WHERE w.kind = n.kind AND w.target = 'first_response' AND w.channel = 'wechat'
                    AND w.priority = n.priority AND w.severity = '');
