/// The SQL migrations under `Schema/migrations/`, compiled into the program so that a copied
/// binary carries them. (The party schema is compiled into `CaucusModel` as code, by
/// `PartySchemaPlugin`.)
///
/// `Schema/migrations/*.sql` are the source of truth; edit them, never this file's output.
public enum SchemaFiles {
    /// The SQL migrations, in the order they must run: `(identifier, SQL)`.
    ///
    /// A migration is frozen once it has landed; a change to the store is a new file.
    public static var migrations: [(identifier: String, sql: String)] {
        [
            ("m001_store", String(decoding: PackageResources.m001_store_sql, as: UTF8.self)),
            ("m002_trust", String(decoding: PackageResources.m002_trust_sql, as: UTF8.self)),
            ("m003_compact_op", String(decoding: PackageResources.m003_compact_op_sql, as: UTF8.self)),
            ("m004_fact_op", String(decoding: PackageResources.m004_fact_op_sql, as: UTF8.self)),
            ("m005_claims", String(decoding: PackageResources.m005_claims_sql, as: UTF8.self)),
            ("m006_authorship", String(decoding: PackageResources.m006_authorship_sql, as: UTF8.self)),
            ("m007_trigram", String(decoding: PackageResources.m007_trigram_sql, as: UTF8.self)),
        ]
    }

    /// The hub's SQL migrations on SQLite (`Schema/hub/`), in order: `(identifier, SQL)`.
    public static var hubSQLiteMigrations: [(identifier: String, sql: String)] {
        [("h001_hub", String(decoding: PackageResources.h001_hub_sqlite_sql, as: UTF8.self)),
         ("h002_author_batches", String(decoding: PackageResources.h002_author_batches_sqlite_sql, as: UTF8.self)),
         ("h003_definitions", String(decoding: PackageResources.h003_definitions_sqlite_sql, as: UTF8.self))]
    }

    /// The hub's SQL migrations on PostgreSQL (`Schema/hub/`), in order: `(identifier, SQL)`.
    public static var hubPostgresMigrations: [(identifier: String, sql: String)] {
        [("h001_hub", String(decoding: PackageResources.h001_hub_postgres_sql, as: UTF8.self)),
         ("h002_author_batches", String(decoding: PackageResources.h002_author_batches_postgres_sql, as: UTF8.self)),
         ("h003_definitions", String(decoding: PackageResources.h003_definitions_postgres_sql, as: UTF8.self))]
    }
}
