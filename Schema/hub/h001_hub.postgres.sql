-- h001_hub (PostgreSQL): the tables of h001_hub.sqlite.sql, with the same invariants, in
-- PostgreSQL's dialect. Frozen once landed; changes go in a new migration.
--
-- Several hub processes may share this database: a push serializes on an advisory lock
-- (PostgresHubStorage), so that the sequence and `hub_range` are read and written by one push at a
-- time, and tells the other processes of its new sequence with NOTIFY on channel `caucus_hub`.
-- PostgresHubStorage runs this file one statement at a time: each statement ends with a
-- semicolon at the end of a line, and no statement has one inside.

CREATE TABLE hub_meta (
    name TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE hub_replica (
    idx BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    editor TEXT NOT NULL
);

CREATE TABLE hub_field (
    name TEXT PRIMARY KEY
);

CREATE TABLE hub_op (
    replica BIGINT NOT NULL REFERENCES hub_replica (idx),
    counter BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (replica, counter)
);

CREATE TABLE hub_range (
    replica BIGINT NOT NULL REFERENCES hub_replica (idx),
    first BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (replica, first)
);

CREATE TABLE hub_push (
    sequence BIGINT PRIMARY KEY,
    key BYTEA NOT NULL,
    digest BYTEA NOT NULL,
    operations BIGINT NOT NULL,
    added BIGINT NOT NULL,
    time BIGINT NOT NULL
);

CREATE TABLE hub_roster (
    key BYTEA PRIMARY KEY,
    editor TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    added BIGINT NOT NULL,
    revoked BIGINT
);

CREATE TABLE hub_nonce (
    key BYTEA NOT NULL,
    nonce BYTEA NOT NULL,
    time BIGINT NOT NULL,
    PRIMARY KEY (key, nonce)
);

CREATE INDEX hub_nonce_time ON hub_nonce (time);

CREATE TABLE hub_ack (
    key BYTEA NOT NULL,
    replica TEXT NOT NULL,
    vv TEXT NOT NULL,
    time BIGINT NOT NULL,
    PRIMARY KEY (key, replica)
);
