-- m004_fact_op: each fact's current ops in a table of their own; op rows are never rewritten.
-- Frozen once landed; changes go in a new migration.
--
-- Until m003 an op row carried its liveness in `kind` (m003's codes 0, 7 and 8 for superseded
-- sets, adds and deletes) and `op_by_field` indexed every op but superseded sets. Merging a
-- changeset rewrote the row of every op it superseded, rows scattered over the whole op table:
-- one 119k-op import into a scale-16 replica rewrote thousands of the table's pages, into the
-- WAL and again into the database file. Now:
--
--  * `op.kind` is the op's kind as written (1 set, 2 clear, 3 add, 4 remove, 5 delete,
--    6 restore: OperationKind's raw values), and an op row never changes once stored: the op
--    table only grows, a merge appending its rows in id order.
--  * `fact_op` lists by (party, field) the heads of each fact: the stored ops that no stored op
--    names in its pred, and that no op named before they arrived (the `superseded` table).
--    Superseding an op deletes its row here, next to the rows the merge writes anyway. It
--    replaces `op_by_field`, which also held superseded adds and deletes.
--
-- So m001 invariant 2 reads: an op is live iff its kind is value-bearing (set, add, delete) and
-- it has a `fact_op` row. Every other stored op is named in the pred of a stored op, which is
-- how `history` reaches superseded values from the heads. The record status of invariant 5
-- now reads: a record is in delete-vs-edit conflict iff it has a live delete and one of its
-- heads other than its deletes is in no live delete's context (an op that a later op superseded
-- is judged by that later op, as m003 already did for set values).
--
-- And `party_in_delete_conflict` indexes the records in delete-vs-edit conflict, which every import
-- counts for its report: without it, that count read the whole party table.
--
-- caucus_op_preds(extra) is a function the program registers for this migration: the pred of an
-- op's `extra`, as a JSON array of local ids (NULL when empty).
--
-- Invariant (kept by StoreSession):
--  7. (party, field, id) is in fact_op iff op `id` is stored with that party and field, no stored
--     op names it in its pred, and it was not in `superseded` when it arrived.

CREATE TABLE fact_op (
    party INTEGER NOT NULL,
    field INTEGER NOT NULL,
    id    INTEGER NOT NULL,
    PRIMARY KEY (party, field, id)
) WITHOUT ROWID;

-- m003's live ops, and its ops of kinds that never hold a value...
INSERT INTO fact_op (party, field, id)
SELECT party, field, id FROM op WHERE kind IN (1, 2, 3, 4, 5, 6) ORDER BY party, field, id;
-- ...but not those of the latter that a pred names (only a forged or buggy writer's does),
-- nor those that arrived superseded: neither is a head.
DELETE FROM fact_op WHERE id IN (
    SELECT o.id FROM op o WHERE o.kind IN (2, 4, 6) AND o.id IN (
        SELECT p.value FROM op, json_each(caucus_op_preds(op.extra)) AS p WHERE op.extra IS NOT NULL));
DROP INDEX op_by_field;
UPDATE op SET kind = CASE kind WHEN 0 THEN 1 WHEN 7 THEN 3 ELSE 5 END WHERE kind IN (0, 7, 8);

CREATE INDEX party_in_delete_conflict ON party (pid) WHERE delete_conflict = 1;
