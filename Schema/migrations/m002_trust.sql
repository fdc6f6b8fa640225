-- m002_trust: keys an editor vouched for or revoked by hand (`caucus trust add`, `caucus trust revoke`).
-- Frozen once landed; changes go in a new migration.
--
-- A key pinned on first contact lives on its replica row (replica.public_key, replica.trust).
-- This table holds what no changeset told us: a key added before any changeset signed with it
-- arrived (so strict mode accepts it, and a second replica of the same editor is no forgery),
-- and every revocation, so that a revoked key stays refused even for replicas not seen yet.
--
-- Invariants (kept by PartyStore+Trust):
--  1. public_key is an Ed25519 public key: exactly 32 bytes.
--  2. status is 'trusted' or 'revoked'; a revoked key's replica rows have trust = 'revoked'.
CREATE TABLE trusted_key (
    public_key BLOB PRIMARY KEY NOT NULL CHECK (length(public_key) = 32),
    editor     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('trusted', 'revoked')),
    changed_at INTEGER NOT NULL
);
