-- Version 17: the keys of the rows a write transaction changed, noted by the capture triggers
-- (kefu_rows_TABLE) while the transaction's setting kefu.capture is on, under its transaction
-- id, and read and deleted by kefu before it commits. Until version 16 they went into a
-- temporary table each kefu write created first: creating a table writes the catalog, and
-- that cost more than the rest of a `ticket open` on the server. UNLOGGED: the rows never
-- outlive their transaction, so they need no WAL and a crash may empty the table.
CREATE UNLOGGED TABLE kefu_dirty (
    xid BIGINT NOT NULL,
    tbl TEXT NOT NULL,
    k   TEXT NOT NULL,
    PRIMARY KEY (xid, tbl, k)
);
