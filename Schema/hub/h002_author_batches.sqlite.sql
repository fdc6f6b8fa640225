-- h002_author_batches (SQLite): the authors' signatures the hub relays (changeset format 3,
-- Schema/CHANGESET-FORMAT.md). Frozen once landed; changes go in a new migration.
--
-- The hub keeps each author's signed batches as pushed, and sends them with the operations on
-- every pull, so that a client checks each operation against its author's own key whoever
-- relayed it. An operation in no batch was pushed unsigned (vouched for by its pusher), and the
-- hub vouches for it when it sends it. Invariants, kept by each push's one transaction:
--
--  4. For each replica, its `hub_batch` rows are disjoint, and the hub holds every operation in
--     their ranges; the signature was checked against `hub_replica.public_key` when stored.
--  5. A replica's `public_key` is the first key its signed batches were pushed with; a push
--     with another one is refused. An unsigned operation of a replica at or above the first
--     counter of its signed batches is refused unless the hub holds it.

CREATE TABLE hub_batch (
    replica INTEGER NOT NULL REFERENCES hub_replica (idx),
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    signature BLOB NOT NULL,        -- Ed25519, 64 bytes, over BatchDigest
    PRIMARY KEY (replica, first)
) WITHOUT ROWID;

ALTER TABLE hub_replica ADD COLUMN public_key BLOB;
