-- m006_authorship: who wrote each operation, checkable against the author's own key. Frozen once
-- landed; changes go in a new migration.
--
-- From changeset format 3 every replica signs the batches of its own operations
-- (Schema/CHANGESET-FORMAT.md): a signature over the canonical bytes of its operations with
-- counters first..last. The signatures travel with the operations through every export and
-- relay. `op_batch` keeps them, and marks operations received unsigned. Invariants, kept by
-- each transaction that writes `op` or `op_batch`:
--
--  8. For each replica, its `op_batch` rows are disjoint ranges of counters, and the store
--     holds every operation of that replica with a counter in a row's range.
--  9. A row with a `signature` is its author's batch, checked against the key in the replica's
--     `replica.public_key` when it was stored, and every row of that replica with a higher
--     `first` has one too: a replica signs from its first signed batch on, so an operation
--     above it that arrives unsigned is refused. A row without one (`vouched_by` set) names
--     operations that arrived unsigned, vouched for by the replica that sent them.
--
-- 10. `op_chain` has at most one row, for the local replica: the running digest (the chain's
--     head and pending group, Schema/CHANGESET-FORMAT.md, "Author batches") of its operations
--     first..last, which are in no `op_batch` row, with first = one past its last batch. It is
--     kept as edits are written, so that an export signs the chain instead of reading every
--     operation again; an export that finds it missing or behind extends it from the stored
--     operations.
--
-- The local replica's operations written before this migration are vouched for by itself: they
-- were shared unsigned already. Its later operations are in no row until an export signs
-- them, after its last row, in one new batch.

CREATE TABLE op_batch (
    replica INTEGER NOT NULL REFERENCES replica (idx),
    first INTEGER NOT NULL,
    last INTEGER NOT NULL CHECK (last >= first),
    signature BLOB,                                  -- Ed25519, 64 bytes; NULL when vouched
    vouched_by INTEGER REFERENCES replica (idx),     -- set exactly when signature is NULL
    CHECK ((signature IS NULL) = (vouched_by IS NOT NULL)),
    PRIMARY KEY (replica, first)
) WITHOUT ROWID;

INSERT INTO op_batch (replica, first, last, signature, vouched_by)
SELECT idx, 1, max_counter, NULL, idx FROM replica WHERE idx = 1 AND max_counter > 0;

CREATE TABLE op_chain (
    replica INTEGER PRIMARY KEY REFERENCES replica (idx),
    first INTEGER NOT NULL,
    last INTEGER NOT NULL CHECK (last >= first - 1),   -- first - 1: no operation chained yet
    head BLOB NOT NULL,                               -- SHA-256, 32 bytes
    pending BLOB NOT NULL                             -- the operations of the group not yet hashed
);
