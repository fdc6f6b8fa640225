import CaucusCore
import CaucusSchema
import CaucusSync
import Crypto
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The hub's storage on PostgreSQL, through postgres-nio: several hub processes on one database
/// serve one hub, each keeping nothing of its own beyond its connections and its feed.
///
/// Pushes serialize on an advisory lock, so that the sequence and the version vector
/// (`hub_range`) are read and written by one push at a time, and each push tells every process of
/// its sequence with `NOTIFY caucus_hub`: a client waiting on the feed of one process wakes for a
/// push to another. The tables and their invariants are `Schema/hub/h001_hub.postgres.sql`.
///
/// ```swift
/// try await PostgresHubStorage.with(url: "postgres://hub@127.0.0.1/hub", logger: logger) { storage in
///     try await HubServer(storage: storage, scratch: "/tmp").application(host: "127.0.0.1", port: 8080).runService()
/// }
/// ```
public final class PostgresHubStorage: HubStorage {
    /// `postgres`.
    public let kind = "postgres"
    /// The hub's replica and key, shared by every process on the database.
    public let identity: HubIdentity
    private let client: PostgresClient
    private let feed: HubFeed
    private let logger: Logger
    private let listenerConfiguration: PostgresConnection.Configuration

    /// The advisory lock every push takes, and the one migrations take.
    static let pushLock: Int64 = 0x4341_5543_5553_0001
    static let migrationLock: Int64 = 0x4341_5543_5553_0002
    /// The channel pushes notify on.
    static let channel = "caucus_hub"
    /// The operations sent to PostgreSQL in one statement.
    static let insertBatch = 4096

    private init(client: PostgresClient, listener: PostgresConnection.Configuration, identity: HubIdentity, feed: HubFeed, logger: Logger) {
        self.client = client
        listenerConfiguration = listener
        self.identity = identity
        self.feed = feed
        self.logger = logger
    }

    /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`), runs
    /// pending migrations, and calls `body` with the storage; the connections close when it returns.
    /// With `listening` (for a serving hub) the storage hears other processes' pushes; a one-shot
    /// command, which never waits on the feed, leaves it off.
    ///
    /// - Throws: ``HubStorageError``, or what `body` throws.
    public static func with<T: Sendable>(url: String, logger: Logger, listening: Bool = true,
                                         _ body: @Sendable (PostgresHubStorage) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try configuration(url), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let storage: PostgresHubStorage
            do {
                let identity = try await migrate(client, logger: logger)
                let sequence = try await client.withConnection { try await Self.sequence($0, logger: logger) }
                storage = PostgresHubStorage(client: client, listener: try listenerConfiguration(url), identity: identity,
                                             feed: HubFeed(sequence: sequence), logger: logger)
            } catch let error as HubStorageError {
                throw error
            } catch {
                throw HubStorageError.database("\(Self.redacted(url)): \(String(reflecting: error))")
            }
            if listening { group.addTask { await storage.listen() } }
            return try await body(storage)
        }
    }

    public func isHealthy() async -> Bool {
        (try? await run { conn in
            try await conn.query("SELECT 1", logger: self.logger).collect().count == 1
        }) ?? false
    }

    public func state() async throws -> HubState {
        try await transaction { conn in
            try await conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let sequence = try await Self.sequence(conn, logger: self.logger)
            var replicas: [ReplicaInfo] = []
            var ids: [Int64: ReplicaID] = [:]
            for try await (idx, id, editor, key) in try await conn.query("SELECT idx, id, editor, public_key FROM hub_replica", logger: self.logger)
                .decode((Int64, String, String, ByteBuffer?).self) {
                guard let replica = ReplicaID(id) else { throw HubStorageError.corrupt("a replica id is malformed") }
                ids[idx] = replica
                replicas.append(ReplicaInfo(id: replica, editor: editor, publicKey: key.map { Array($0.readableBytesView) }))
            }
            var held: [ReplicaID: CounterSet] = [:]
            for try await (idx, first, last) in try await conn.query("SELECT replica, first, last FROM hub_range ORDER BY replica, first",
                                                                  logger: self.logger).decode((Int64, Int64, Int64).self) {
                guard let id = ids[idx] else { throw HubStorageError.corrupt("a range names no replica") }
                held[id, default: CounterSet()].formUnion(first...last)
            }
            var fields: [String] = []
            for try await name in try await conn.query("SELECT name FROM hub_field ORDER BY name", logger: self.logger).decode(String.self) {
                fields.append(name)
            }
            return HubState(versionVector: VersionVector(held), sequence: sequence, replicas: replicas, fields: fields)
        }
    }

    public func definitions() async throws -> [(field: String, value: String)] {
        try await run { conn in
            var rows: [(field: String, value: String)] = []
            for try await (field, value) in try await conn.query("SELECT field, value FROM hub_definition ORDER BY field, value",
                                                                logger: self.logger).decode((String, String).self) {
                rows.append((field, value))
            }
            return rows
        }
    }

    public func store(_ changeset: ChangesetReader, pushedBy key: [UInt8], digest: [UInt8], time: Int64) async throws -> PushOutcome {
        let header = changeset.header
        let outcome = try await transaction { conn -> PushOutcome in
            let logger = self.logger
            try await conn.query("SELECT pg_advisory_xact_lock(\(Self.pushLock))", logger: logger)
            let sequence = try await Self.sequence(conn, logger: logger) + 1
            var index: [ReplicaID: Int64] = [:]
            for replica in header.replicas {
                let id = replica.id.rawValue, editor = replica.editor
                if replica.id == header.sender.id {
                    try await conn.query("INSERT INTO hub_replica (id, editor) VALUES (\(id), \(editor)) ON CONFLICT (id) DO UPDATE SET editor = EXCLUDED.editor", logger: logger)
                } else {
                    try await conn.query("INSERT INTO hub_replica (id, editor) VALUES (\(id), \(editor)) ON CONFLICT (id) DO NOTHING", logger: logger)
                }
                for try await idx in try await conn.query("SELECT idx FROM hub_replica WHERE id = \(id)", logger: logger).decode(Int64.self) {
                    index[replica.id] = idx
                }
            }
            let fields = header.fields
            try await conn.query("INSERT INTO hub_field (name) SELECT unnest(\(fields)::text[]) ON CONFLICT DO NOTHING", logger: logger)
            var held: [ReplicaID: CounterSet] = [:], signsFrom: [ReplicaID: Int64] = [:], keys: [ReplicaID: [UInt8]] = [:]
            for try await (id, first, last) in try await conn.query("SELECT r.id, g.first, g.last FROM hub_range g JOIN hub_replica r ON r.idx = g.replica",
                                                                   logger: logger).decode((String, Int64, Int64).self) {
                held[ReplicaID(id)!, default: CounterSet()].formUnion(first...last)
            }
            for try await (id, first) in try await conn.query("SELECT r.id, min(b.first) FROM hub_batch b JOIN hub_replica r ON r.idx = b.replica GROUP BY r.id",
                                                             logger: logger).decode((String, Int64).self) {
                signsFrom[ReplicaID(id)!] = first
            }
            for try await (id, key) in try await conn.query("SELECT id, public_key FROM hub_replica WHERE public_key IS NOT NULL",
                                                           logger: logger).decode((String, ByteBuffer).self) {
                keys[ReplicaID(id)!] = Array(key.readableBytesView)
            }
            let heldVector = VersionVector(held)
            let authorship = HubAuthorship(changeset, hub: self.identity.replica.id, held: heldVector, signsFrom: signsFrom)
            for (id, key) in try authorship.newKeys(held: keys) {
                let text = id.rawValue, bytes = ByteBuffer(bytes: key)
                try await conn.query("UPDATE hub_replica SET public_key = \(bytes) WHERE id = \(text)", logger: logger)
            }
            for batch in header.batches where batch.isSigned {
                let met = try await Self.signedBatches(conn, of: index[batch.replica]!, replica: batch.replica, meeting: batch.counters, logger: logger)
                let idx = index[batch.replica]!, first = batch.counters.lowerBound, last = batch.counters.upperBound
                var signedAbove: Int64 = 0
                for try await n in try await conn.query("SELECT coalesce(sum(last - first + 1), 0)::bigint FROM hub_batch WHERE replica = \(idx) AND first > \(last)",
                                                        logger: logger).decode(Int64.self) { signedAbove = n }
                guard try authorship.isNew(batch, met: met, held: heldVector, signedAbove: signedAbove) else { continue }
                let signature = ByteBuffer(bytes: batch.signature!)
                try await conn.query("INSERT INTO hub_batch (replica, first, last, signature) VALUES (\(idx), \(first), \(last), \(signature))", logger: logger)
            }
            var added: [Int64: CounterSet] = [:]
            var addedCount = 0
            try await OperationBatches.forEach(changeset, size: Self.insertBatch, checking: authorship) { batch in
                let replicas = batch.map { index[$0.replica]! }, counters = batch.map(\.counter), bytes = batch.map { ByteBuffer(bytes: $0.bytes) }
                let rows = try await conn.query("""
                    INSERT INTO hub_op (replica, counter, bytes)
                    SELECT * FROM unnest(\(replicas)::bigint[], \(counters)::bigint[], \(bytes)::bytea[])
                    ON CONFLICT DO NOTHING RETURNING replica, counter
                    """, logger: logger)
                for try await (idx, counter) in rows.decode((Int64, Int64).self) {
                    added[idx, default: CounterSet()].formUnion(counter...counter)
                    addedCount += 1
                }
                let definitions = batch.compactMap(\.definition)
                if !definitions.isEmpty {
                    let names = definitions.map(\.field), values = definitions.map(\.value)
                    try await conn.query("""
                        INSERT INTO hub_definition (field, value) SELECT * FROM unnest(\(names)::text[], \(values)::text[]) ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
            }
            if addedCount > 0 {
                for (idx, counters) in added {
                    var held = CounterSet()
                    for try await (first, last) in try await conn.query("SELECT first, last FROM hub_range WHERE replica = \(idx)", logger: logger).decode((Int64, Int64).self) {
                        held.formUnion(first...last)
                    }
                    held.formUnion(counters)
                    let firsts = held.ranges.map(\.lowerBound), lasts = held.ranges.map(\.upperBound)
                    try await conn.query("DELETE FROM hub_range WHERE replica = \(idx)", logger: logger)
                    try await conn.query("INSERT INTO hub_range (replica, first, last) SELECT \(idx), * FROM unnest(\(firsts)::bigint[], \(lasts)::bigint[])", logger: logger)
                }
                let keyBytes = ByteBuffer(bytes: key), digestBytes = ByteBuffer(bytes: digest)
                let operations = Int64(header.operationCount), count = Int64(addedCount)
                try await conn.query("""
                    INSERT INTO hub_push (sequence, key, digest, operations, added, time)
                    VALUES (\(sequence), \(keyBytes), \(digestBytes), \(operations), \(count), \(time))
                    """, logger: logger)
                let payload = String(sequence)
                try await conn.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
            }
            return PushOutcome(operations: header.operationCount, added: addedCount, sequence: addedCount > 0 ? sequence : sequence - 1)
        }
        await feed.publish(outcome.sequence)
        return outcome
    }

    public func signedBatches(of replica: ReplicaID, meeting ranges: [ClosedRange<Int64>]) async throws -> [AuthorBatch] {
        try await run { conn in
            let id = replica.rawValue
            var idx: Int64?
            for try await i in try await conn.query("SELECT idx FROM hub_replica WHERE id = \(id)", logger: self.logger).decode(Int64.self) { idx = i }
            guard let idx else { return [] }
            var found: [AuthorBatch] = []
            for range in ranges {
                for batch in try await Self.signedBatches(conn, of: idx, replica: replica, meeting: range, logger: self.logger) where found.last != batch {
                    found.append(batch)
                }
            }
            return found
        }
    }

    /// The signed batches of `replica` (index `idx`) that meet `range`: batches are disjoint, so
    /// the one starting at or before it, if it reaches it, and those starting inside it.
    private static func signedBatches(_ conn: PostgresConnection, of idx: Int64, replica: ReplicaID, meeting range: ClosedRange<Int64>,
                                      logger: Logger) async throws -> [AuthorBatch] {
        let low = range.lowerBound, high = range.upperBound
        var found: [AuthorBatch] = []
        for try await (first, last, signature) in try await conn.query("""
            SELECT * FROM (SELECT first, last, signature FROM hub_batch WHERE replica = \(idx) AND first <= \(low) ORDER BY first DESC LIMIT 1) s WHERE last >= \(low)
            UNION ALL
            SELECT first, last, signature FROM hub_batch WHERE replica = \(idx) AND first > \(low) AND first <= \(high)
            ORDER BY first
            """, logger: logger).decode((Int64, Int64, ByteBuffer).self) {
            found.append(AuthorBatch(replica: replica, counters: first...last, signature: Array(signature.readableBytesView)))
        }
        return found
    }

    public func operations(of replica: ReplicaID, in counters: ClosedRange<Int64>, limit: Int) async throws -> [(counter: Int64, bytes: [UInt8])] {
        try await run { conn in
            let id = replica.rawValue, low = counters.lowerBound, high = counters.upperBound, limit = Int64(limit)
            var rows: [(counter: Int64, bytes: [UInt8])] = []
            for try await (counter, bytes) in try await conn.query("""
                SELECT counter, bytes FROM hub_op
                WHERE replica = (SELECT idx FROM hub_replica WHERE id = \(id)) AND counter BETWEEN \(low) AND \(high)
                ORDER BY counter LIMIT \(limit)
                """, logger: self.logger).decode((Int64, ByteBuffer).self) {
                rows.append((counter, Array(bytes.readableBytesView)))
            }
            return rows
        }
    }

    public func waitForSequence(after: Int64, timeout: Int) async throws -> Int64 {
        // The feed hears other processes' pushes by NOTIFY; the database is asked first, so that
        // a push made before this process listened is not waited for.
        let now = try await run { try await Self.sequence($0, logger: self.logger) }
        await feed.publish(now)
        return await feed.wait(after: after, timeout: timeout)
    }

    public func roster() async throws -> [RosterEntry] {
        try await run { conn in
            try await Self.entries(conn.query("SELECT key, editor, role, added, revoked FROM hub_roster ORDER BY editor, key", logger: self.logger))
        }
    }

    public func rosterEntry(for key: [UInt8]) async throws -> RosterEntry? {
        try await run { conn in
            let bytes = ByteBuffer(bytes: key)
            return try await Self.entries(conn.query("SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = \(bytes)", logger: self.logger)).first
        }
    }

    public func addToRoster(_ entry: RosterEntry) async throws -> RosterEntry {
        try await transaction { conn in
            let key = ByteBuffer(bytes: entry.key), editor = entry.editor, role = entry.role.rawValue, added = entry.added
            if let old = try await Self.entries(conn.query("SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = \(key) FOR UPDATE",
                                                           logger: self.logger)).first {
                guard old.revoked == nil else { throw HubStorageError.keyRevoked(Hex.string(entry.key)) }
                try await conn.query("UPDATE hub_roster SET editor = \(editor), role = \(role) WHERE key = \(key)", logger: self.logger)
                return RosterEntry(key: entry.key, editor: editor, role: entry.role, added: old.added)
            }
            try await conn.query("INSERT INTO hub_roster (key, editor, role, added) VALUES (\(key), \(editor), \(role), \(added))", logger: self.logger)
            return entry
        }
    }

    public func revoke(_ key: [UInt8], time: Int64) async throws -> RosterEntry? {
        try await transaction { conn in
            let bytes = ByteBuffer(bytes: key)
            try await conn.query("UPDATE hub_roster SET revoked = \(time) WHERE key = \(bytes) AND revoked IS NULL", logger: self.logger)
            return try await Self.entries(conn.query("SELECT key, editor, role, added, revoked FROM hub_roster WHERE key = \(bytes)", logger: self.logger)).first
        }
    }

    public func useNonce(_ nonce: [UInt8], key: [UInt8], time: Int64) async throws -> Bool {
        try await transaction { conn in
            let oldest = time - HubLimits.nonceMemory, k = ByteBuffer(bytes: key), n = ByteBuffer(bytes: nonce)
            try await conn.query("DELETE FROM hub_nonce WHERE time < \(oldest)", logger: self.logger)
            let rows = try await conn.query("INSERT INTO hub_nonce (key, nonce, time) VALUES (\(k), \(n), \(time)) ON CONFLICT DO NOTHING RETURNING 1",
                                            logger: self.logger).collect()
            return rows.count == 1
        }
    }

    public func acknowledge(_ versionVector: VersionVector, replica: ReplicaID, key: [UInt8], time: Int64) async throws {
        try await run { conn in
            let k = ByteBuffer(bytes: key), id = replica.rawValue, vv = versionVector.json
            try await conn.query("""
                INSERT INTO hub_ack (key, replica, vv, time) VALUES (\(k), \(id), \(vv), \(time))
                ON CONFLICT (key, replica) DO UPDATE SET vv = EXCLUDED.vv, time = EXCLUDED.time
                """, logger: self.logger)
        }
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await run { conn in
            var acks: [Acknowledgement] = []
            for try await (key, editor, replica, vv, time) in try await conn.query("""
                SELECT a.key, coalesce(r.editor, ''), a.replica, a.vv, a.time
                FROM hub_ack a LEFT JOIN hub_roster r ON r.key = a.key ORDER BY 2, a.replica
                """, logger: self.logger).decode((ByteBuffer, String, String, String, Int64).self) {
                guard let id = ReplicaID(replica), let held = try? VersionVector(json: Array(vv.utf8)) else {
                    throw HubStorageError.corrupt("an acknowledgement is malformed")
                }
                acks.append(Acknowledgement(key: Array(key.readableBytesView), editor: editor, replica: id, versionVector: held, time: time))
            }
            return acks
        }
    }

    // MARK: Connections

    /// Hears other processes' pushes until cancelled, listening again after a dropped connection.
    ///
    /// The listening connection is one of its own, not the pool's: a notification sequence does
    /// not end when its task is cancelled, so the connection is closed to end it, and a pool
    /// that shuts down while one of its connections is held for listening does not finish.
    private func listen() async {
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            do {
                let conn = try await PostgresConnection.connect(configuration: listenerConfiguration, id: attempt, logger: logger)
                var failure: (any Error)?
                do { try await withTaskCancellationHandler {
                    try await conn.listen(on: Self.channel) { notifications in
                        await self.feed.publish(try await Self.sequence(conn, logger: self.logger))
                        for try await notification in notifications {
                            if let sequence = Int64(notification.payload) { await self.feed.publish(sequence) }
                        }
                    }
                } onCancel: {
                    let closing: EventLoopFuture<Void> = conn.close()
                    _ = closing
                } } catch { failure = error }
                // A connection must be closed, and its close awaited, before it is let go.
                try? await conn.close()
                if let failure { throw failure }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("listening for pushes on \(Self.channel) failed, listening again: \(String(reflecting: error))")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func run<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do { return try await client.withConnection { conn in try await body(conn) } } catch { throw Self.wrap(error) }
    }

    private func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do { return try await client.withTransaction(logger: logger) { conn in try await body(conn) } } catch { throw Self.wrap(error) }
    }

    private static func wrap(_ error: any Error) -> any Error {
        switch error {
        case let failed as PostgresTransactionError where failed.closureError != nil: return wrap(failed.closureError!)
        case is HubStorageError, is ChangesetError, is CancellationError: return error
        default: return HubStorageError.database(String(reflecting: error))
        }
    }

    private static func sequence(_ conn: PostgresConnection, logger: Logger) async throws -> Int64 {
        for try await n in try await conn.query("SELECT coalesce(max(sequence), 0)::bigint FROM hub_push", logger: logger).decode(Int64.self) { return n }
        return 0
    }

    private static func entries(_ rows: PostgresRowSequence) async throws -> [RosterEntry] {
        var entries: [RosterEntry] = []
        for try await (key, editor, role, added, revoked) in rows.decode((ByteBuffer, String, String, Int64, Int64?).self) {
            guard let role = HubRole(rawValue: role) else { throw HubStorageError.corrupt("a roster role is unknown") }
            entries.append(RosterEntry(key: Array(key.readableBytesView), editor: editor, role: role, added: added, revoked: revoked))
        }
        return entries
    }

    /// Runs the pending migrations under an advisory lock (two processes may start at once) and
    /// reads, or makes, the hub's identity.
    private static func migrate(_ client: PostgresClient, logger: Logger) async throws -> HubIdentity {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await conn.query("CREATE TABLE IF NOT EXISTS hub_migrations (identifier TEXT PRIMARY KEY)", logger: logger)
            var applied = Set<String>()
            for try await id in try await conn.query("SELECT identifier FROM hub_migrations", logger: logger).decode(String.self) { applied.insert(id) }
            let known = Set(SchemaFiles.hubPostgresMigrations.map(\.identifier))
            if let newer = applied.subtracting(known).sorted().first { throw HubStorageError.newerStorage(migration: newer) }
            for (identifier, sql) in SchemaFiles.hubPostgresMigrations where !applied.contains(identifier) {
                for statement in statements(sql) { try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await conn.query("INSERT INTO hub_migrations (identifier) VALUES (\(identifier))", logger: logger)
            }
            let replica = ByteBuffer(string: ReplicaID.random().rawValue), key = ByteBuffer(data: Curve25519.Signing.PrivateKey().rawRepresentation)
            try await conn.query("INSERT INTO hub_meta (name, value) VALUES ('replica', \(replica)), ('signing_key', \(key)) ON CONFLICT DO NOTHING", logger: logger)
            var values: [String: [UInt8]] = [:]
            for try await (name, value) in try await conn.query("SELECT name, value FROM hub_meta", logger: logger).decode((String, ByteBuffer).self) {
                values[name] = Array(value.readableBytesView)
            }
            guard let idBytes = values["replica"], let id = ReplicaID(String(decoding: idBytes, as: UTF8.self)),
                  let signing = values["signing_key"], signing.count == 32 else {
                throw HubStorageError.corrupt("its identity (hub_meta) is malformed")
            }
            return HubIdentity(replica: ReplicaInfo(id: id, editor: HubIdentity.editor(of: id)), signingKey: signing)
        }
    }

    /// The statements of a migration file: each ends with a semicolon at the end of a line.
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = [], current = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("--") || text.isEmpty { continue }
            current += line + "\n"
            if text.hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        return statements
    }

    /// `url` with its password replaced by `***`, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }

    /// The listening connection's configuration for the same URL.
    static func listenerConfiguration(_ url: String) throws -> PostgresConnection.Configuration {
        let parts = try components(url)
        return PostgresConnection.Configuration(host: parts.host, port: parts.port, username: parts.user, password: parts.password,
                                                database: parts.database, tls: .disable)
    }

    /// The parts of `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
    static func components(_ url: String) throws -> (host: String, port: Int, user: String, password: String?, database: String?) {
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql",
              let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
            throw HubStorageError.database("\(Self.redacted(url)) is not a PostgreSQL URL: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        return (host, parts.port ?? 5432, user, parts.password, database.isEmpty ? nil : database)
    }

    /// The client configuration for `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        let parts = try components(url)
        var configuration = PostgresClient.Configuration(host: parts.host, port: parts.port, username: parts.user, password: parts.password,
                                                         database: parts.database, tls: .disable)
        configuration.options.maximumConnections = 16
        return configuration
    }
}

/// A changeset's operations, decoded on a thread of their own and handed over in batches of
/// canonical bytes, so that an async storage can send each batch while the next is decoded.
/// At most two batches wait at a time, whatever the changeset's size.
enum OperationBatches {
    struct Item: Sendable {
        let replica: ReplicaID
        let counter: Int64
        let bytes: [UInt8]
        /// The field and value of the definition the operation writes (h003), if any.
        let definition: (field: String, value: String)?
    }

    /// Calls `body` with each batch of `changeset`'s operations, in file order, each operation
    /// checked by `authorship` first.
    static func forEach(_ changeset: ChangesetReader, size: Int, checking authorship: HubAuthorship,
                        _ body: ([Item]) async throws -> Void) async throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [Item].self)
        let permits = DispatchSemaphore(value: 2)
        let stopped = StopFlag()
        continuation.onTermination = { _ in
            stopped.stop()
            permits.signal()
        }
        Thread.detachNewThread {
            do {
                var batch: [Item] = []
                batch.reserveCapacity(size)
                func send() throws {
                    permits.wait()
                    if stopped.isStopped { throw CancellationError() }
                    continuation.yield(batch)
                    batch.removeAll(keepingCapacity: true)
                }
                try changeset.forEachOperation { op in
                    try authorship.check(op)
                    batch.append(Item(replica: op.dot.replica, counter: op.dot.counter, bytes: CanonicalOperation.encode(op),
                                      definition: HubDefinitions.row(of: op)))
                    if batch.count == size { try send() }
                }
                if !batch.isEmpty { try send() }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        for try await batch in stream {
            permits.signal()
            try await body(batch)
        }
    }
}

/// Set once, read from another thread.
private final class StopFlag: Sendable {
    private let flag = Mutex(false)
    func stop() { flag.withLock { $0 = true } }
    var isStopped: Bool { flag.withLock { $0 } }
}
