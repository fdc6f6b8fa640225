import Foundation
import GRDB

extension PartyStore {
    /// Streams the operations this replica holds that `peer` lacks, replica by
    /// replica in counter order, all from one read transaction.
    ///
    /// - Parameters:
    ///   - peer: what the peer holds; nil exports everything.
    ///   - begin: called once, before the first operation, with what will be sent.
    ///   - each: called once per operation.
    /// - Complexity: proportional to the operations sent, not to the database:
    ///   each missing range is one index range scan.
    public func exportOperations(since peer: VersionVector?, begin: (ExportPlan) throws -> Void,
                                 _ each: (FactOperation) throws -> Void) throws {
        try read { db in
            let held = try Self.versionVector(db)
            var uidByIndex: [Int64: ReplicaID] = [:]
            var indexByUID: [ReplicaID: Int64] = [:]
            var replicas: [ReplicaInfo] = []
            var epochByIndex: [Int64: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT idx, uid, editor, public_key, epoch FROM replica ORDER BY idx") {
                let uid = ReplicaID(row[1] as String)!
                uidByIndex[row[0]] = uid
                epochByIndex[row[0]] = row[4]
                indexByUID[uid] = row[0]
                replicas.append(ReplicaInfo(id: uid, editor: row[2], publicKey: (row[3] as Data?).map { [UInt8]($0) }))
            }
            var fieldNames: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") { fieldNames[row[0]] = row[1] }
            let statement = try FastStatement(db, sql: """
                SELECT id, party, field, kind, value, extra
                FROM op WHERE id BETWEEN ? AND ? ORDER BY id
                """)
            // Each party's id is looked up once, not joined for every operation.
            let partyName = try FastStatement(db, sql: "SELECT id FROM party WHERE pid = ?")
            var partyNames: [Int64: String] = [:]
            func party(_ pid: Int64) throws -> String {
                if let name = partyNames[pid] { return name }
                partyName.bind(1, pid)
                defer { partyName.reset() }
                guard try partyName.step(), let name = partyName.string(0) else { return "" }
                partyNames[pid] = name
                return name
            }
            var plan: [(ReplicaID, [ClosedRange<Int64>])] = []
            var total: Int64 = 0
            for uid in held.entries.keys.sorted() {
                let missing = peer.map { held[uid].subtracting($0[uid]) } ?? held[uid].ranges
                if missing.isEmpty { continue }
                plan.append((uid, missing))
                total += missing.reduce(0) { $0 + $1.upperBound - $1.lowerBound + 1 }
            }
            try begin(ExportPlan(versionVector: held, replicas: replicas,
                                 fields: fieldNames.keys.sorted().compactMap { fieldNames[$0] }.filter { !$0.isEmpty },
                                 operationCount: total))
            for (uid, missing) in plan {
                let idx = indexByUID[uid]!, epoch = epochByIndex[idx] ?? 0
                for range in missing {
                    statement.bind(1, OpID.make(idx, range.lowerBound))
                    statement.bind(2, OpID.make(idx, range.upperBound))
                    defer { statement.reset() }
                    while try statement.step() {
                        guard let kind = OperationKind.stored(statement.int64(3))?.kind else { continue }
                        let extra = statement.withBlob(5) { OpExtra($0) }
                        let pred = extra.predIDs.map { Dot(replica: uidByIndex[OpID.replica($0)]!, counter: OpID.counter($0)) }
                        let context = try extra.context.map { try VersionVector(json: Data($0.utf8)) }
                        try each(FactOperation(dot: Dot(replica: uid, counter: OpID.counter(statement.int64(0))),
                                               party: try party(statement.int64(1)), field: fieldNames[statement.int64(2)] ?? "",
                                               kind: kind, value: statement.factValue(4), pred: pred, context: context,
                                               time: epoch &+ extra.time, source: extra.source, asOf: extra.asOf))
                    }
                }
            }
        }
    }
}

/// What an export will send, known before the first operation.
public struct ExportPlan: Sendable {
    /// Everything the exporting replica holds.
    public var versionVector: VersionVector
    /// Every replica it knows, its own first.
    public var replicas: [ReplicaInfo]
    /// Every field name its operations use.
    public var fields: [String]
    /// The exact number of operations that follow.
    public var operationCount: Int64
}
