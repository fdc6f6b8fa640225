-- m001_store: the replica's store. Frozen once landed; changes go in a new migration.
--
-- Invariants (asserted in PartyStore):
--  1. op.id = replica.idx << 40 | counter, counter >= 1. An operation is stored once.
--  2. op.live = 1 iff the op is a value-bearing kind (set, add, delete) and no stored
--     op names it in its pred, and no op that named it arrived before it (superseded).
--  3. superseded holds exactly the op ids named in some stored pred that are not stored.
--  4. replica.max_counter / op_count describe the stored ops of that replica.
--  5. party.deleted / delete_conflict and conflict rows are derived from op and are
--     brought up to date for every party an operation touches, in the same transaction
--     (StoreSession.finish recounts every field whose conflict state can have changed).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value
);

-- Every replica this one has heard of, its own included (idx 1 is always local).
CREATE TABLE replica (
    idx         INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    editor      TEXT NOT NULL,
    public_key  BLOB,
    trust       TEXT NOT NULL DEFAULT 'unknown',
    max_counter INTEGER NOT NULL DEFAULT 0,
    op_count    INTEGER NOT NULL DEFAULT 0,
    first_seen  INTEGER
);

CREATE TABLE party (
    pid             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    deleted         INTEGER NOT NULL DEFAULT 0,
    delete_conflict INTEGER NOT NULL DEFAULT 0
);

-- Field names, as they appear in operations; fid 0 is the record itself (delete, restore).
CREATE TABLE field (
    fid  INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO field (fid, name) VALUES (0, '');

-- The operation log: every operation ever seen, local or imported. It is the state:
-- the live ops of (party, field) are the field's current values. `value` has no
-- declared type (BLOB affinity), so SQLite keeps each value exactly as given:
-- the text "1993" stays text and the real 12.0 stays real.
CREATE TABLE op (
    id      INTEGER PRIMARY KEY,
    party   INTEGER NOT NULL,
    field   INTEGER NOT NULL,
    kind    INTEGER NOT NULL,
    value,
    live    INTEGER NOT NULL,
    time    INTEGER NOT NULL,
    source  TEXT,
    as_of   TEXT,
    pred    BLOB,
    context BLOB
);
CREATE INDEX op_by_field ON op (party, field);

CREATE TABLE superseded (
    id INTEGER PRIMARY KEY
);

-- Scalar fields of live or deleted records with two or more distinct live values.
CREATE TABLE conflict (
    party INTEGER NOT NULL,
    field INTEGER NOT NULL,
    PRIMARY KEY (party, field)
) WITHOUT ROWID;

-- The last version vector each peer sent us in a changeset (for status and export).
CREATE TABLE peer (
    replica  INTEGER PRIMARY KEY,
    vv       TEXT NOT NULL,
    seen_at  INTEGER NOT NULL
);

-- Parties whose search text changed since the search index was last refreshed.
CREATE TABLE search_dirty (
    pid INTEGER PRIMARY KEY
);
CREATE VIRTUAL TABLE search USING fts5 (id UNINDEXED, name, name_other, name_english, abbreviation, description, tokenize = 'unicode61 remove_diacritics 2');
