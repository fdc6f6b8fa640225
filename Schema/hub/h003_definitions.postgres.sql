-- h003_definitions (PostgreSQL): the table of h003_definitions.sqlite.sql, with the same
-- invariant, in PostgreSQL's dialect. Frozen once landed; changes go in a new migration.
-- PostgresHubStorage runs this file one statement at a time.

CREATE TABLE hub_definition (
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (field, value)
);
