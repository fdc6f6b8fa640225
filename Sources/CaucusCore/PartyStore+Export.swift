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
            for row in try Row.fetchAll(db, sql: "SELECT idx, uid, editor, public_key FROM replica ORDER BY idx") {
                let uid = ReplicaID(row[1] as String)!
                uidByIndex[row[0]] = uid
                indexByUID[uid] = row[0]
                replicas.append(ReplicaInfo(id: uid, editor: row[2], publicKey: (row[3] as Data?).map { [UInt8]($0) }))
            }
            var fieldNames: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") { fieldNames[row[0]] = row[1] }
            let statement = try db.makeStatement(sql: """
                SELECT o.id, p.id, o.field, o.kind, o.value, o.time, o.source, o.as_of, o.pred, o.context
                FROM op o JOIN party p ON p.pid = o.party WHERE o.id BETWEEN ? AND ? ORDER BY o.id
                """)
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
                let idx = indexByUID[uid]!
                for range in missing {
                    let rows = try Row.fetchCursor(statement, arguments: [OpID.make(idx, range.lowerBound), OpID.make(idx, range.upperBound)])
                    while let row = try rows.next() {
                        let id: Int64 = row[0]
                        guard let kind = OperationKind(rawValue: UInt8(row[3] as Int64)) else { continue }
                        let pred = OpID.decodeList(row[8]).map { Dot(replica: uidByIndex[OpID.replica($0)]!, counter: OpID.counter($0)) }
                        let context = try (row[9] as String?).map { try VersionVector(json: Data($0.utf8)) }
                        try each(FactOperation(dot: Dot(replica: uid, counter: OpID.counter(id)), party: row[1],
                                           field: fieldNames[row[2]] ?? "", kind: kind, value: FactValue(row[4]), pred: pred,
                                           context: context, time: row[5], source: row[6], asOf: row[7]))
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
