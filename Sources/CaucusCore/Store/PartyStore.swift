import CaucusSchema
import Foundation
import GRDB
import Logging

/// One replica's party records: the façade that owns the database.
///
/// Every public write method is one transaction that keeps the invariants
/// listed at the top of `Schema/migrations/m001_store.sql`. The store never
/// reads the wall clock to decide a merge: times are passed in and only shown.
///
/// ```swift
/// let store = try PartyStore.create(at: "alice.caucus", editor: "alice")
/// try store.applyEdits(time: now) { writer in
///     try writer.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000))))
/// }
/// ```
///
/// Tests pass an in-memory `DatabaseQueue()`; the CLI opens a file; a service
/// may pass a `DatabasePool`.
public final class PartyStore: Sendable {
    /// The database connection (queue or pool).
    public let writer: any DatabaseWriter
    /// The fields built into the program, which the team's own definitions extend (``schema``).
    public let builtInSchema: PartySchema
    /// ``schema``'s cache.
    let inForce: SchemaInForce
    /// Where the database lives, for messages (":memory:" for in-memory stores).
    public let path: String
    let logger: Logger
    /// Whether every write transaction checks the store's invariants before it commits.
    let checksInvariants: Bool

    /// The local replica: its id and editor.
    public let localReplica: ReplicaInfo
    /// What extends the author chain (m006 10) as edits are written; nil leaves it to the export.
    package let authorChaining: (any AuthorChaining)?

    /// Opens a store on `writer`, running pending migrations.
    ///
    /// - Parameters:
    ///   - writer: the database; a new one is initialised as a replica of `editor`.
    ///   - editor: the editor's name, used when the database is new.
    ///   - path: how messages name the database.
    ///   - schema: the built-in fields, which the team's definitions held in the database extend.
    ///   - logger: where the store logs; silent by default.
    /// - Throws: ``StoreError`` when the database is not a Caucus database or is newer.
    public convenience init(writer: any DatabaseWriter, editor: String? = nil, path: String = ":memory:",
                            schema: PartySchema = .standard, logger: Logger = PartyStore.silentLogger) throws {
        try self.init(writer: writer, editor: editor, path: path, schema: schema, logger: logger, checkingInvariants: false)
    }

    /// Opens a store as ``init(writer:editor:path:schema:logger:)`` does; with `checkingInvariants`,
    /// every write transaction ends with ``checkInvariants()`` before it commits, as tests want.
    /// With `authorChain`, each write of local edits extends the author chain (m006 10).
    package init(writer: any DatabaseWriter, editor: String? = nil, path: String = ":memory:",
                 schema: PartySchema = .standard, logger: Logger = PartyStore.silentLogger,
                 authorChain: (any AuthorChaining)? = nil, checkingInvariants: Bool) throws {
        self.checksInvariants = checkingInvariants
        self.authorChaining = authorChain
        self.writer = writer
        builtInSchema = schema
        inForce = SchemaInForce(schema)
        self.path = path
        self.logger = logger
        do {
            var migrator = DatabaseMigrator()
            for (identifier, sql) in SchemaFiles.migrations {
                migrator.registerMigration(identifier) { db in
                    db.add(function: OpExtra.packingFunction)   // m003_compact_op calls these two
                    db.add(function: StaleParties.bitmapFunction)
                    db.add(function: OpExtra.predsFunction)     // and m004_fact_op this one
                    db.add(function: Self.unspacedFunction)     // and m007_trigram this one
                    try db.execute(sql: sql)
                }
            }
            let known = Set(SchemaFiles.migrations.map(\.identifier))
            // One read settles an up-to-date replica, the common case: no write
            // transaction, so that opening a database for a read costs a read.
            let (applied, existing, inForce) = try writer.read { db in
                let applied = try Self.appliedMigrations(db)
                guard applied.isSuperset(of: known) else { return (applied, nil as ReplicaInfo?, nil as PartySchema?) }
                return (applied, try Self.localReplica(db), try Self.schemaInForce(db, base: schema))
            }
            if let newer = applied.subtracting(known).sorted().first {
                throw StoreError.newerDatabase(path: path, migration: newer)
            }
            if !applied.isSuperset(of: known) { try migrator.migrate(writer) }
            localReplica = try existing ?? writer.write { db in
                if let me = try Self.localReplica(db) { return me }
                let me = ReplicaInfo(id: .random(), editor: editor ?? "editor")
                try db.execute(sql: "INSERT INTO replica (idx, uid, editor, trust) VALUES (1, ?, ?, 'self')",
                               arguments: [me.id.rawValue, me.editor])
                return me
            }
            self.inForce.update(try inForce ?? writer.read { db in try Self.schemaInForce(db, base: schema) })
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The migrations the database records, as `DatabaseMigrator.appliedIdentifiers` returns them,
    /// read straight from SQLite (``FastStatement``): every command opens a store, and GRDB's
    /// generic fetch made that open slow (`Tools/bench/RESULTS.md`).
    private static func appliedMigrations(_ db: Database) throws -> Set<String> {
        let statement: FastStatement
        do {
            statement = try FastStatement(db, sql: "SELECT identifier FROM grdb_migrations")
        } catch {
            if try !db.tableExists("grdb_migrations") { return [] }
            throw error
        }
        var applied = Set<String>()
        while try statement.step() { applied.insert(statement.string(0) ?? "") }
        return applied
    }

    /// The replica this database belongs to (`replica.idx` 1), or nil in a database not yet initialised.
    private static func localReplica(_ db: Database) throws -> ReplicaInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT uid, editor, public_key FROM replica WHERE idx = 1") else { return nil }
        return ReplicaInfo(id: ReplicaID(row["uid"])!, editor: row["editor"], publicKey: (row["public_key"] as Data?).map { [UInt8]($0) })
    }

    /// A logger that drops everything: the default, since a library does not print.
    public static let silentLogger = Logger(label: "caucus", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Creates a new replica database at `path` for `editor`.
    ///
    /// - Throws: ``StoreError/databaseExists(path:)`` when a file is there already.
    public static func create(at path: String, editor: String, logger: Logger = silentLogger) throws -> PartyStore {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.databaseExists(path: path) }
        return try PartyStore(writer: openQueue(path), editor: editor, path: path, logger: logger, checkingInvariants: false)
    }

    /// Opens the existing replica database at `path`.
    ///
    /// - Throws: ``StoreError/databaseMissing(path:)`` when there is none, or why it cannot be opened.
    public static func open(at path: String, logger: Logger = silentLogger) throws -> PartyStore {
        try open(at: path, logger: logger, authorChain: nil)
    }

    /// Opens the existing replica database at `path`, each write of local edits extending the
    /// author chain with `authorChain` when it is given (m006 10).
    package static func open(at path: String, logger: Logger = silentLogger, authorChain: (any AuthorChaining)?) throws -> PartyStore {
        switch PathKind(path) {
        case .missing: throw StoreError.databaseMissing(path: path)
        case .directory: throw StoreError.notACaucusDatabase(path: path, reason: "it is a directory")
        case .file: break
        }
        return try PartyStore(writer: openQueue(path, existing: true), path: path, logger: logger,
                              authorChain: authorChain, checkingInvariants: false)
    }

    /// Opens a database file in WAL mode with `synchronous = FULL`, so that a
    /// command that reports success has committed durably.
    ///
    /// WAL is set here rather than with GRDB's `journalMode = .wal`: GRDB's
    /// set-up chooses `synchronous = NORMAL`, and creates and drops a table
    /// whenever the WAL file is missing, which rewrites the database header on
    /// every open — even for a command that then refuses its input. Opening a
    /// database must not change a byte of it: so with `existing`, a database
    /// without the Caucus tables is refused before it is switched to WAL.
    static func openQueue(_ path: String, existing: Bool = false) throws -> DatabaseQueue {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "caucus"
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // A 24 MiB page cache (the default is 2 MiB) keeps a large import's index pages in memory;
            // a larger one merges no faster and lets memory grow with the import until it is full
            // (`Tools/bench/RESULTS.md`).
            try queue.writeWithoutTransaction { db in
                if existing {
                    let tables = try Int.fetchOne(db, sql: """
                        SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('grdb_migrations', 'op')
                        """)
                    guard tables == 2 else { throw StoreError.notACaucusDatabase(path: path, reason: "it has no Caucus tables") }
                }
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw StoreError.database(path: path, message: "cannot use write-ahead logging (journal mode is \(mode ?? "unknown"))")
                }
                try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -24576")
            }
            return queue
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` in a write transaction, mapping database errors to ``StoreError``.
    ///
    /// An `.immediate` transaction takes the write lock when it begins, not at its first write.
    ///
    /// Afterwards ``schema`` is the schema in force as the transaction left it.
    func write<T>(_ kind: Database.TransactionKind = .deferred, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                var schema: PartySchema?
                try db.inTransaction(kind) {
                    result = try body(db)
                    schema = try Self.schemaInForce(db, base: builtInSchema)
                    if checksInvariants { try Self.checkInvariants(db, schema: schema!) }
                    return .commit
                }
                inForce.update(schema!)
                return result!
            }
        } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` in a read transaction, mapping database errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The value of a setting kept in the database, or nil.
    public func setting(_ key: String) throws -> DatabaseValue? {
        try read { db in try DatabaseValue.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// The settings whose keys start with `prefix`, by key.
    public func settings(withPrefix prefix: String) throws -> [(key: String, value: DatabaseValue)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE substr(key, 1, length(?)) = ? ORDER BY key",
                             arguments: [prefix, prefix]).map { (key: $0["key"], value: $0["value"]) }
        }
    }

    /// Stores a setting; nil removes it.
    public func setSetting(_ key: String, _ value: (any DatabaseValueConvertible)?) throws {
        try write { db in
            if let value {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
            }
        }
    }

    /// What this replica holds: every operation it has stored, by replica, gaps included.
    ///
    /// - Complexity: O(replicas), plus the operations of any replica with a gap.
    public func versionVector() throws -> VersionVector {
        try read { db in try Self.versionVector(db) }
    }

    static func versionVector(_ db: Database) throws -> VersionVector {
        var vv = VersionVector()
        for row in try Row.fetchAll(db, sql: "SELECT idx, uid, max_counter, op_count FROM replica WHERE op_count > 0") {
            let idx: Int64 = row[0], uid = ReplicaID(row[1] as String)!, max: Int64 = row[2], count: Int64 = row[3]
            if count == max {
                vv[uid] = CounterSet(upTo: max)
            } else {
                // A gap: read the counters held. Rare, and proportional to that replica's ops.
                var set = CounterSet()
                let cursor = try Int64.fetchCursor(db, sql: "SELECT id FROM op WHERE id BETWEEN ? AND ? ORDER BY id",
                                                   arguments: [OpID.make(idx, 1), OpID.make(idx, OpID.counterMask)])
                while let id = try cursor.next() { let c = OpID.counter(id); set.formUnion(c...c) }
                vv[uid] = set
            }
        }
        // A replica started shallow knows its horizon whole, though it stores only its heads.
        if let horizon = try shallowHorizon(db) { vv.formUnion(horizon) }
        return vv
    }

    /// Every replica this one has heard of.
    public func replicas() throws -> [ReplicaRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT uid, editor, public_key, trust, op_count, first_seen FROM replica ORDER BY idx").map {
                ReplicaRecord(info: ReplicaInfo(id: ReplicaID($0[0] as String)!, editor: $0[1], publicKey: ($0[2] as Data?).map { [UInt8]($0) }),
                              trust: ReplicaTrust(rawValue: $0[3]) ?? .unknown, operationCount: $0[4], firstSeen: $0[5])
            }
        }
    }

    /// Records what is known of a replica's key and trust; the Sync layer decides.
    public func setReplicaKey(_ replica: ReplicaID, editor: String, publicKey: [UInt8]?, trust: ReplicaTrust) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO replica (uid, editor, public_key, trust, first_seen) VALUES (?, ?, ?, ?, strftime('%s','now'))
                ON CONFLICT (uid) DO UPDATE SET public_key = excluded.public_key, trust = excluded.trust
                """, arguments: [replica.rawValue, editor, publicKey.map { Data($0) }, trust.rawValue])
        }
    }
}

/// A replica as this store knows it.
public struct ReplicaRecord: Sendable, Hashable {
    /// Its id, editor and key.
    public var info: ReplicaInfo
    /// How far this replica trusts its key.
    public var trust: ReplicaTrust
    /// How many of its operations this replica holds.
    public var operationCount: Int64
    /// When this replica first heard of it (seconds since 1970), if recorded.
    public var firstSeen: Int64?
}
