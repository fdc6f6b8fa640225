-- m003_compact_op: a smaller operation row. Frozen once landed; changes go in a new migration.
--
-- The op table of m001 is rebuilt with six columns instead of eleven. Most of a
-- replica's size is its operations, and this saves about 9 bytes on each:
--
--  * `kind` also says whether the op is live, and the `live` column goes. The codes:
--        0 set, superseded     1 set, live           2 clear
--        3 add, live           4 remove              5 delete, live
--        6 restore             7 add, superseded     8 delete, superseded
--    Live ops are exactly those with kind IN (1, 3, 5): invariant 2 of m001 holds with
--    "op.live = 1" read that way. Superseding an op changes its code from 1 to 0, 3 to 7
--    or 5 to 8, which never changes the row's size (0 and 1 take no bytes in a record).
--  * `extra` packs the rarely present parts into one blob, NULL when all are absent: the
--    pred (varints of replica index and counter), the source, the as-of date, the delete
--    context (varints of replica index and counter ranges, no longer JSON), and the time when it is not the epoch of the op's replica (replica.epoch:
--    the time of the first op of that replica this store held, or 0 for replicas
--    migrated from m002), so that the ops of one bulk load store no bytes of time.
--    Sources/CaucusCore/OpExtra.swift documents the layout.
--
--  * `op_by_field` indexes every op but superseded set values (kind 0), about a quarter
--    of a replica's ops once its editors have corrected the base. Queries that use it
--    say `kind != 0`. A superseded value is found through the pred of the op that
--    superseded it (history walks preds), and the record status of m001 invariant 5
--    now reads: in delete-vs-edit conflict iff some op of the record other than its
--    deletes and its superseded set values is in no live delete's context (a value
--    that a later set overwrote is judged by that later set, which is also an op of
--    the record).
--
--
-- And `search_dirty` (one row per party) becomes `search_stale`: one row per 8,192
-- parties, a bitmap with bit (pid % 8192) set for each party whose search text may
-- have changed (StaleParties.swift).
--
-- caucus_op_extra(pred, source, as_of, context, time, replicas) and caucus_stale_bits(bit)
-- are functions the program registers for this migration: the first packs m001's five
-- columns into `extra` (`replicas` maps replica ids to local indexes, for the context),
-- the second is an aggregate that builds a bitmap.
--
-- Invariant (kept by StoreSession):
--  6. replica.epoch changes only while the replica has no stored op (op_count = 0).

ALTER TABLE replica ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

CREATE TABLE op_compact (
    id      INTEGER PRIMARY KEY,
    party   INTEGER NOT NULL,
    field   INTEGER NOT NULL,
    kind    INTEGER NOT NULL,
    value,
    extra   BLOB
);
INSERT INTO op_compact (id, party, field, kind, value, extra)
SELECT id, party, field,
       CASE WHEN live = 1 OR kind NOT IN (1, 3, 5) THEN kind WHEN kind = 1 THEN 0 WHEN kind = 3 THEN 7 ELSE 8 END,
       value, caucus_op_extra(pred, source, as_of, context, time, (SELECT json_group_object(uid, idx) FROM replica))
FROM op ORDER BY id;
DROP TABLE op;
ALTER TABLE op_compact RENAME TO op;
CREATE INDEX op_by_field ON op (party, field) WHERE kind != 0;

CREATE TABLE search_stale (
    page INTEGER PRIMARY KEY,
    bits BLOB NOT NULL
);
INSERT INTO search_stale (page, bits) SELECT pid / 8192, caucus_stale_bits(pid % 8192) FROM search_dirty GROUP BY pid / 8192;
DROP TABLE search_dirty;
