import Foundation
import GRDB

/// What `compact` dropped (``PartyStore/compact(before:named:)``).
public struct CompactionReport: Sendable, Hashable {
    /// The operations whose payload was dropped.
    public var operations: Int
    /// The database's size before and after, in bytes (after a `VACUUM`).
    public var bytesBefore: Int64
    /// The database's size after.
    public var bytesAfter: Int64
}

extension PartyStore {
    /// The meta key of the compaction horizon: the version vector before which superseded
    /// operations may have lost their payload, and the release it was named by.
    static let horizonKey = "compacted_before"
    static let horizonNameKey = "compacted_before_release"
    /// Set when the replica started from a shallow snapshot: it holds only the heads below its
    /// horizon, and counts the whole horizon as held.
    static let shallowKey = "shallow"

    /// Whether this replica started from a shallow snapshot (``compactionHorizon()`` is its horizon).
    public func isShallow() throws -> Bool {
        try read { db in try Self.shallowHorizon(db) != nil }
    }

    /// The horizon of a replica started from a shallow snapshot; nil for any other.
    static func shallowHorizon(_ db: Database) throws -> VersionVector? {
        guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [shallowKey]) != nil else { return nil }
        return try horizon(db)?.versionVector
    }

    /// The version before which this replica dropped the payload of superseded operations, and
    /// the release that named it; nil when it never compacted.
    public func compactionHorizon() throws -> (versionVector: VersionVector, release: String)? {
        try read { db in try Self.horizon(db) }
    }

    static func horizon(_ db: Database) throws -> (versionVector: VersionVector, release: String)? {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [horizonKey]) else { return nil }
        let name = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [horizonNameKey]) ?? "?"
        return (try VersionVector(json: text.utf8), name)
    }

    /// Refuses to read the state at `vv` when it is older than the compaction horizon: the
    /// operations it would need may have lost their values.
    static func requireAfterHorizon(_ db: Database, _ vv: VersionVector, what: String) throws {
        if let (horizon, name) = try horizon(db), !vv.includes(horizon) { throw StoreError.beforeHorizon(what: what, release: name) }
    }

    /// Drops the payload (value, source, dates, note, rank, delete context) of every operation
    /// that `horizon` holds and that an operation it holds supersedes, keeping its identity,
    /// kind, time and pred: what the merge at any version from `horizon` on, and `history`'s
    /// order, still need. The dataset record's operations, and this replica's own not yet in a
    /// signed or vouched batch (whose signature the author chain will compute from them), keep
    /// theirs. Then the database is vacuumed.
    ///
    /// From then on, a read at a version older than `horizon`, a revert of operations it holds,
    /// and an export to a peer that lacks any of them are refused (``StoreError/beforeHorizon(what:release:)``).
    /// The caller makes sure every peer holds `horizon`.
    ///
    /// - Parameters:
    ///   - horizon: the version, all held here.
    ///   - name: the release that names it, for messages.
    /// - Complexity: one pass over the operations `horizon` holds, and a `VACUUM`.
    @discardableResult
    public func compact(before horizon: VersionVector, named name: String) throws -> CompactionReport {
        // Sizes are taken with the WAL checkpointed into the database file, as a copy of it would be.
        try checkpoint()
        let before = Self.fileSize(path)
        let dropped = try write(.immediate) { db -> Int in
            let held = try Self.versionVector(db)
            try Self.requireHeld(db, horizon, held: held, what: "release \(name)")
            var index: [ReplicaID: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT idx, uid FROM replica") { index[ReplicaID(row[1] as String)!] = row[0] }
            let dataset = try Self.datasetPID(db)
            let ownBatched = try Int64.fetchOne(db, sql: "SELECT max(last) FROM op_batch WHERE replica = ?", arguments: [ReplicaDirectory.localIndex]) ?? 0
            let scan = try db.makeStatement(sql: "SELECT id, party, extra, value IS NOT NULL FROM op WHERE id BETWEEN ? AND ?")
            var named = Set<Int64>()
            var payload: [Int64: OpExtra] = [:]
            for run in Self.counters(in: horizon, outside: VersionVector()) {
                guard let idx = index[run.replica] else { continue }
                let rows = try Row.fetchCursor(scan, arguments: [OpID.make(idx, run.counters.lowerBound), OpID.make(idx, run.counters.upperBound)])
                while let row = try rows.next() {
                    let id: Int64 = row[0]
                    let extra = (row[2] as Data?).map { d in d.withUnsafeBytes { OpExtra($0) } } ?? OpExtra()
                    named.formUnion(extra.predIDs)
                    let mine = OpID.replica(id) == ReplicaDirectory.localIndex && OpID.counter(id) > ownBatched
                    let bare = OpExtra(predIDs: extra.predIDs, time: extra.time)
                    if row[1] as Int64 != dataset, !mine, (row[3] as Bool) || extra != bare { payload[id] = extra }
                }
            }
            let update = try db.makeStatement(sql: "UPDATE op SET value = NULL, extra = ? WHERE id = ?")
            var count = 0
            for (id, extra) in payload where named.contains(id) {
                try update.execute(arguments: [OpExtra(predIDs: extra.predIDs, time: extra.time).encoded().map { Data($0) }, id])
                count += 1
            }
            var merged = try Self.horizon(db)?.versionVector ?? VersionVector()
            merged.formUnion(horizon)
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)",
                           arguments: [Self.horizonKey, merged.json, Self.horizonNameKey, name])
            return count
        }
        do { try writer.vacuum() } catch let error as DatabaseError { throw StoreError.wrap(error, path: path) }
        try checkpoint()
        return CompactionReport(operations: dropped, bytesBefore: before, bytesAfter: Self.fileSize(path))
    }

    /// Moves the WAL's pages into the database file and empties the WAL.
    private func checkpoint() throws {
        do { try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") } } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The bytes of the database file and its WAL.
    static func fileSize(_ path: String) -> Int64 {
        [path, path + "-wal"].reduce(Int64(0)) { sum, p in
            sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int64) ?? 0)
        }
    }
}
