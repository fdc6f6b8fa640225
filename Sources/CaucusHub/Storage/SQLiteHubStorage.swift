import CaucusCore
import CaucusSchema
import CaucusSync
import Crypto
import Foundation
import GRDB

/// The hub's embedded storage: one SQLite database, `hub.sqlite` in the data folder, in WAL mode
/// with `synchronous = FULL`, so that a push the hub has answered survives a crash of the hub or
/// of the machine.
///
/// One hub process serves one SQLite storage; `caucus-hub roster` may change the roster from
/// another process meanwhile. The tables and their invariants are `Schema/hub/h001_hub.sqlite.sql`.
public final class SQLiteHubStorage: HubStorage {
    /// `sqlite`.
    public let kind = "sqlite"
    /// The hub's replica and key.
    public let identity: HubIdentity
    /// The database file.
    public let path: String
    private let pool: DatabasePool
    private let feed: HubFeed

    /// Opens, or creates, the storage in the folder `directory`, which is created if missing.
    ///
    /// - Throws: ``HubStorageError``.
    public init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw HubStorageError.database("cannot create the data folder \(directory): \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("hub.sqlite")
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            for (identifier, sql) in SchemaFiles.hubSQLiteMigrations {
                migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
            }
            let known = Set(SchemaFiles.hubSQLiteMigrations.map(\.identifier))
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            if let newer = applied.subtracting(known).sorted().first { throw HubStorageError.newerStorage(migration: newer) }
            try migrator.migrate(pool)
            identity = try pool.write { db in
                let key = Curve25519.Signing.PrivateKey()
                try db.execute(sql: "INSERT OR IGNORE INTO hub_meta (name, value) VALUES ('replica', ?), ('signing_key', ?)",
                               arguments: [Data(ReplicaID.random().rawValue.utf8), key.rawRepresentation])
                let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM hub_meta WHERE name IN ('replica', 'signing_key')")
                var values: [String: Data] = [:]
                for row in rows { values[row["name"]] = row["value"] }
                guard let idText = values["replica"].map({ String(decoding: $0, as: UTF8.self) }), let id = ReplicaID(idText),
                      let signing = values["signing_key"], signing.count == 32 else {
                    throw HubStorageError.corrupt("its identity (hub_meta) is malformed")
                }
                return HubIdentity(replica: ReplicaInfo(id: id, editor: HubIdentity.editor(of: id)), signingKey: [UInt8](signing))
            }
            feed = HubFeed(sequence: try pool.read { db in try Self.sequence(db) })
        } catch let error as HubStorageError {
            throw error
        } catch {
            throw HubStorageError.database("\(path): \(error)")
        }
    }

    public func isHealthy() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    public func state() async throws -> HubState {
        try await run { db in
            var replicas: [ReplicaInfo] = []
            var ids: [Int64: ReplicaID] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT idx, id, editor, public_key FROM hub_replica") {
                guard let id = ReplicaID(row["id"]) else { throw HubStorageError.corrupt("a replica id is malformed") }
                ids[row["idx"]] = id
                replicas.append(ReplicaInfo(id: id, editor: row["editor"], publicKey: (row["public_key"] as Data?).map { [UInt8]($0) }))
            }
            var held: [ReplicaID: CounterSet] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT replica, first, last FROM hub_range ORDER BY replica, first") {
                guard let id = ids[row["replica"]] else { throw HubStorageError.corrupt("a range names no replica") }
                held[id, default: CounterSet()].formUnion((row["first"] as Int64)...(row["last"] as Int64))
            }
            let fields = try String.fetchAll(db, sql: "SELECT name FROM hub_field ORDER BY name")
            return HubState(versionVector: VersionVector(held), sequence: try Self.sequence(db), replicas: replicas, fields: fields)
        }
    }

    public func definitions() async throws -> [(field: String, value: String)] {
        try await run { db in
            try Row.fetchAll(db, sql: "SELECT field, value FROM hub_definition ORDER BY field, value").map { (field: $0[0], value: $0[1]) }
        }
    }

    public func store(_ changeset: ChangesetReader, pushedBy key: [UInt8], digest: [UInt8], time: Int64) async throws -> PushOutcome {
        let hub = identity.replica.id
        let outcome = try await run(writing: true) { db in
            let header = changeset.header
            let sequence = try Self.sequence(db) + 1
            var index: [ReplicaID: Int64] = [:]
            for replica in header.replicas {
                let isSender = replica.id == header.sender.id
                try db.execute(sql: "INSERT INTO hub_replica (id, editor) VALUES (?, ?) ON CONFLICT (id) DO "
                                   + (isSender ? "UPDATE SET editor = excluded.editor" : "NOTHING"),
                               arguments: [replica.id.rawValue, replica.editor])
                index[replica.id] = try Int64.fetchOne(db, sql: "SELECT idx FROM hub_replica WHERE id = ?", arguments: [replica.id.rawValue])
            }
            for field in header.fields {
                try db.execute(sql: "INSERT OR IGNORE INTO hub_field (name) VALUES (?)", arguments: [field])
            }
            let held = try Self.versionVector(db)
            var signsFrom: [ReplicaID: Int64] = [:], keys: [ReplicaID: [UInt8]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT r.id, min(b.first) FROM hub_batch b JOIN hub_replica r ON r.idx = b.replica GROUP BY b.replica") {
                signsFrom[ReplicaID(row[0] as String)!] = row[1]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, public_key FROM hub_replica WHERE public_key IS NOT NULL") {
                keys[ReplicaID(row[0] as String)!] = [UInt8](row[1] as Data)
            }
            let authorship = HubAuthorship(changeset, hub: hub, held: held, signsFrom: signsFrom)
            for (id, key) in try authorship.newKeys(held: keys) {
                try db.execute(sql: "UPDATE hub_replica SET public_key = ? WHERE id = ?", arguments: [Data(key), id.rawValue])
            }
            var newBatches: [AuthorBatch] = []
            for batch in header.batches where batch.isSigned {
                let idx = index[batch.replica]!
                let signedAbove = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(last - first + 1), 0) FROM hub_batch WHERE replica = ? AND first > ?",
                                                     arguments: [idx, batch.counters.upperBound]) ?? 0
                if try authorship.isNew(batch, met: try Self.signedBatches(db, of: idx, replica: batch.replica, meeting: batch.counters),
                                        held: held, signedAbove: signedAbove) {
                    newBatches.append(batch)
                }
            }
            for batch in newBatches {
                try db.execute(sql: "INSERT INTO hub_batch (replica, first, last, signature) VALUES (?, ?, ?, ?)",
                               arguments: [index[batch.replica]!, batch.counters.lowerBound, batch.counters.upperBound, Data(batch.signature!)])
            }
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO hub_op (replica, counter, bytes) VALUES (?, ?, ?)")
            let define = try db.cachedStatement(sql: "INSERT OR IGNORE INTO hub_definition (field, value) VALUES (?, ?)")
            var added: [ReplicaID: CounterSet] = [:]
            var addedCount = 0
            try changeset.forEachOperation { op in
                try authorship.check(op)
                try insert.execute(arguments: [index[op.dot.replica]!, op.dot.counter, Data(CanonicalOperation.encode(op))])
                if let row = HubDefinitions.row(of: op) { try define.execute(arguments: [row.field, row.value]) }
                if db.changesCount > 0 {
                    added[op.dot.replica, default: CounterSet()].formUnion(op.dot.counter...op.dot.counter)
                    addedCount += 1
                }
            }
            if addedCount > 0 {
                for (replica, counters) in added {
                    let idx = index[replica]!
                    var held = CounterSet(ranges: try Row.fetchAll(db, sql: "SELECT first, last FROM hub_range WHERE replica = ?", arguments: [idx])
                        .map { ($0["first"] as Int64)...($0["last"] as Int64) })
                    held.formUnion(counters)
                    try db.execute(sql: "DELETE FROM hub_range WHERE replica = ?", arguments: [idx])
                    for range in held.ranges {
                        try db.execute(sql: "INSERT INTO hub_range (replica, first, last) VALUES (?, ?, ?)",
                                       arguments: [idx, range.lowerBound, range.upperBound])
                    }
                }
                try db.execute(sql: "INSERT INTO hub_push (sequence, key, digest, operations, added, time) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [sequence, Data(key), Data(digest), header.operationCount, addedCount, time])
            }
            return PushOutcome(operations: header.operationCount, added: addedCount, sequence: addedCount > 0 ? sequence : sequence - 1)
        }
        await feed.publish(outcome.sequence)
        return outcome
    }

    public func signedBatches(of replica: ReplicaID, meeting ranges: [ClosedRange<Int64>]) async throws -> [AuthorBatch] {
        try await run { db in
            guard let idx = try Int64.fetchOne(db, sql: "SELECT idx FROM hub_replica WHERE id = ?", arguments: [replica.rawValue]) else { return [] }
            var found: [AuthorBatch] = []
            for range in ranges {
                for batch in try Self.signedBatches(db, of: idx, replica: replica, meeting: range) where found.last != batch { found.append(batch) }
            }
            return found
        }
    }

    /// The signed batches of `replica` (index `idx`) that meet `range`: batches are disjoint, so
    /// the one starting at or before it, if it reaches it, and those starting inside it.
    private static func signedBatches(_ db: Database, of idx: Int64, replica: ReplicaID, meeting range: ClosedRange<Int64>) throws -> [AuthorBatch] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM (SELECT first, last, signature FROM hub_batch WHERE replica = ? AND first <= ? ORDER BY first DESC LIMIT 1) WHERE last >= ?
            UNION ALL
            SELECT first, last, signature FROM hub_batch WHERE replica = ? AND first > ? AND first <= ?
            ORDER BY first
            """, arguments: [idx, range.lowerBound, range.lowerBound, idx, range.lowerBound, range.upperBound])
        return rows.map { AuthorBatch(replica: replica, counters: ($0[0] as Int64)...($0[1] as Int64), signature: [UInt8]($0[2] as Data)) }
    }

    /// What the hub holds, from `hub_range`.
    private static func versionVector(_ db: Database) throws -> VersionVector {
        var held: [ReplicaID: CounterSet] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT r.id, g.first, g.last FROM hub_range g JOIN hub_replica r ON r.idx = g.replica") {
            held[ReplicaID(row[0] as String)!, default: CounterSet()].formUnion((row[1] as Int64)...(row[2] as Int64))
        }
        return VersionVector(held)
    }

    public func operations(of replica: ReplicaID, in counters: ClosedRange<Int64>, limit: Int) async throws -> [(counter: Int64, bytes: [UInt8])] {
        try await run { db in
            try Row.fetchAll(db, sql: """
                SELECT counter, bytes FROM hub_op
                WHERE replica = (SELECT idx FROM hub_replica WHERE id = ?) AND counter BETWEEN ? AND ?
                ORDER BY counter LIMIT ?
                """, arguments: [replica.rawValue, counters.lowerBound, counters.upperBound, limit])
            .map { (counter: $0["counter"], bytes: [UInt8]($0["bytes"] as Data)) }
        }
    }

    public func waitForSequence(after: Int64, timeout: Int) async throws -> Int64 {
        await feed.wait(after: after, timeout: timeout)
    }

    public func roster() async throws -> [RosterEntry] {
        try await run { db in
            try Row.fetchAll(db, sql: "SELECT key, editor, role, added, revoked FROM hub_roster ORDER BY editor, key").map(Self.entry)
        }
    }

    public func rosterEntry(for key: [UInt8]) async throws -> RosterEntry? {
        try await run { db in
            try Row.fetchOne(db, sql: "SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = ?", arguments: [Data(key)]).map(Self.entry)
        }
    }

    public func addToRoster(_ entry: RosterEntry) async throws -> RosterEntry {
        try await run(writing: true) { db in
            if let old = try Row.fetchOne(db, sql: "SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = ?",
                                          arguments: [Data(entry.key)]).map(Self.entry) {
                guard old.revoked == nil else { throw HubStorageError.keyRevoked(Hex.string(entry.key)) }
                try db.execute(sql: "UPDATE hub_roster SET editor = ?, role = ? WHERE key = ?",
                               arguments: [entry.editor, entry.role.rawValue, Data(entry.key)])
                return RosterEntry(key: entry.key, editor: entry.editor, role: entry.role, added: old.added)
            }
            try db.execute(sql: "INSERT INTO hub_roster (key, editor, role, added) VALUES (?, ?, ?, ?)",
                           arguments: [Data(entry.key), entry.editor, entry.role.rawValue, entry.added])
            return RosterEntry(key: entry.key, editor: entry.editor, role: entry.role, added: entry.added)
        }
    }

    public func revoke(_ key: [UInt8], time: Int64) async throws -> RosterEntry? {
        try await run(writing: true) { db in
            try db.execute(sql: "UPDATE hub_roster SET revoked = ? WHERE key = ? AND revoked IS NULL", arguments: [time, Data(key)])
            return try Row.fetchOne(db, sql: "SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = ?", arguments: [Data(key)]).map(Self.entry)
        }
    }

    public func useNonce(_ nonce: [UInt8], key: [UInt8], time: Int64) async throws -> Bool {
        try await run(writing: true) { db in
            try db.execute(sql: "DELETE FROM hub_nonce WHERE time < ?", arguments: [time - HubLimits.nonceMemory])
            try db.execute(sql: "INSERT OR IGNORE INTO hub_nonce (key, nonce, time) VALUES (?, ?, ?)", arguments: [Data(key), Data(nonce), time])
            return db.changesCount > 0
        }
    }

    public func acknowledge(_ versionVector: VersionVector, replica: ReplicaID, key: [UInt8], time: Int64) async throws {
        try await run(writing: true) { db in
            try db.execute(sql: "INSERT OR REPLACE INTO hub_ack (key, replica, vv, time) VALUES (?, ?, ?, ?)",
                           arguments: [Data(key), replica.rawValue, versionVector.json, time])
        }
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await run { db in
            try Row.fetchAll(db, sql: """
                SELECT a.key, coalesce(r.editor, '') AS editor, a.replica, a.vv, a.time
                FROM hub_ack a LEFT JOIN hub_roster r ON r.key = a.key ORDER BY editor, a.replica
                """).map { row in
                guard let replica = ReplicaID(row["replica"]), let vv = try? VersionVector(json: Array((row["vv"] as String).utf8)) else {
                    throw HubStorageError.corrupt("an acknowledgement is malformed")
                }
                return Acknowledgement(key: [UInt8](row["key"] as Data), editor: row["editor"], replica: replica, versionVector: vv, time: row["time"])
            }
        }
    }

    private static func sequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM hub_push") ?? 0
    }

    private static func entry(_ row: Row) throws -> RosterEntry {
        guard let role = HubRole(rawValue: row["role"]) else { throw HubStorageError.corrupt("a roster role is unknown") }
        return RosterEntry(key: [UInt8](row["key"] as Data), editor: row["editor"], role: role, added: row["added"], revoked: row["revoked"])
    }

    /// Runs `body` in one transaction, turning database errors into ``HubStorageError``.
    private func run<T: Sendable>(writing: Bool = false, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return writing ? try await pool.write(body) : try await pool.read(body)
        } catch let error as HubStorageError {
            throw error
        } catch let error as ChangesetError {
            throw error
        } catch {
            throw HubStorageError.database("\(error)")
        }
    }
}
