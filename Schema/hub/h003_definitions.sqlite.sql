-- h003_definitions: every team field definition pushed to the hub. Frozen once landed; changes
-- go in a new migration.
--
-- A replica checks the values of a changeset it imports against every definition of their field
-- it holds, superseded ones included (PartyStore.receivingSchema). The hub checks a push the
-- same way, against the definitions pushed before it and those the push carries: without them,
-- a value of a team field pushed after its definition would be taken unchecked, and every
-- replica would then refuse the pulls that carry it. A hub of the previous build held no
-- definition (it refused changeset format 5), so the table starts empty.
--
-- Invariant (kept by SQLiteHubStorage.store and PostgresHubStorage.store, in the push's
-- transaction):
--  1. (field, value) is in hub_definition iff hub_op holds a set of the dataset record's fact
--     field/FIELD whose value's canonical JSON text is value.

CREATE TABLE hub_definition (
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (field, value)
) WITHOUT ROWID;
