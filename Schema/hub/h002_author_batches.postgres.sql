-- h002_author_batches (PostgreSQL): the tables of h002_author_batches.sqlite.sql, with the same
-- invariants, in PostgreSQL's dialect. Frozen once landed; changes go in a new migration.
-- PostgresHubStorage runs this file one statement at a time.

CREATE TABLE hub_batch (
    replica BIGINT NOT NULL REFERENCES hub_replica (idx),
    first BIGINT NOT NULL,
    last BIGINT NOT NULL,
    signature BYTEA NOT NULL,
    PRIMARY KEY (replica, first)
);

ALTER TABLE hub_replica ADD COLUMN public_key BYTEA;
