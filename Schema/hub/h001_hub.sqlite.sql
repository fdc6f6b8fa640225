-- h001_hub (SQLite): the hub's store (Schema/HUB-PROTOCOL.md). Frozen once landed; changes go
-- in a new migration. h001_hub.postgres.sql is the same tables in PostgreSQL's dialect.
--
-- The hub relays and never merges: an operation is kept as its canonical bytes
-- (CanonicalOperation), keyed by its author's replica and counter, so that a second push of it
-- stores nothing. Invariants, kept by each push's one transaction:
--
--  1. `hub_range` holds, for each replica, exactly the counters of its rows in `hub_op`, as
--     disjoint, non-adjacent ranges: the hub's version vector, read without scanning `hub_op`.
--  2. `hub_replica` names every replica an operation in `hub_op` names (its author, its preds and
--     its delete context), and `hub_field` every field: a pull's header is these two tables.
--  3. The hub's sequence is the largest `hub_push.sequence` (0 when there is none); a push gets a
--     row only when it stored an operation.

CREATE TABLE hub_meta (
    name TEXT PRIMARY KEY,          -- 'replica' (the hub's id), 'signing_key' (its private Ed25519 key)
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE hub_replica (
    idx INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,        -- 32 hex digits
    editor TEXT NOT NULL            -- as the replica's own latest push named it, else as a relay did
);

CREATE TABLE hub_field (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE hub_op (
    replica INTEGER NOT NULL REFERENCES hub_replica (idx),
    counter INTEGER NOT NULL,
    bytes BLOB NOT NULL,            -- CanonicalOperation.encode
    PRIMARY KEY (replica, counter)
) WITHOUT ROWID;

CREATE TABLE hub_range (
    replica INTEGER NOT NULL REFERENCES hub_replica (idx),
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (replica, first)
) WITHOUT ROWID;

CREATE TABLE hub_push (
    sequence INTEGER PRIMARY KEY,
    key BLOB NOT NULL,              -- the pushing editor's public key
    digest BLOB NOT NULL,           -- the changeset's SHA-256
    operations INTEGER NOT NULL,    -- in the file
    added INTEGER NOT NULL,         -- new here
    time INTEGER NOT NULL
);

CREATE TABLE hub_roster (
    key BLOB PRIMARY KEY,           -- Ed25519 public key, 32 bytes
    editor TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    added INTEGER NOT NULL,
    revoked INTEGER                 -- NULL while the key may use the hub
) WITHOUT ROWID;

-- Nonces seen within the protocol's nonce memory, so that a replayed request is refused.
CREATE TABLE hub_nonce (
    key BLOB NOT NULL,
    nonce BLOB NOT NULL,
    time INTEGER NOT NULL,
    PRIMARY KEY (key, nonce)
) WITHOUT ROWID;
CREATE INDEX hub_nonce_time ON hub_nonce (time);

CREATE TABLE hub_ack (
    key BLOB NOT NULL,
    replica TEXT NOT NULL,
    vv TEXT NOT NULL,               -- the version-vector JSON of `caucus vv`
    time INTEGER NOT NULL,
    PRIMARY KEY (key, replica)
) WITHOUT ROWID;
