import Foundation
import GRDB

/// Reads every operation of a record, as values: what the pure merge takes to compute the record
/// at any version (``Merge/record(_:operations:at:schema:)``).
///
/// A record's operations are its `fact_op` heads and the operations their preds lead to, as in
/// `history`: every stored operation is a head or is named by a stored operation of its own fact
/// (m004), so the walk finds them all when every pred names operations of its own record, as
/// every writer's do. An operation that only an operation of another record names (a forger's
/// pred) is not found from this one.
struct RecordOperations {
    /// One operation, and the editor of the replica that wrote it.
    struct Entry {
        var operation: FactOperation
        var editor: String
    }

    private let heads: Statement
    private let byID: Statement
    private let replicas: [Int64: (id: ReplicaID, editor: String, epoch: Int64)]
    private let fieldNames: [Int64: String]

    init(_ db: Database) throws {
        heads = try db.makeStatement(sql: "SELECT id FROM fact_op WHERE party = ?")
        byID = try db.makeStatement(sql: "SELECT party, field, kind, value, extra FROM op WHERE id = ?")
        var replicas: [Int64: (id: ReplicaID, editor: String, epoch: Int64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT idx, uid, editor, epoch FROM replica") {
            replicas[row[0]] = (ReplicaID(row[1] as String)!, row[2], row[3])
        }
        self.replicas = replicas
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") { names[row[0]] = row[1] }
        fieldNames = names
    }

    /// Every operation of the record `pid`, whose id is `party`, in no particular order.
    ///
    /// - Complexity: O(operations of the record), each read by its id.
    func operations(of pid: Int64, party: String) throws -> [Entry] {
        var queue = try Int64.fetchAll(heads, arguments: [pid])
        var seen = Set(queue)
        var out: [Entry] = []
        while let id = queue.popLast() {
            guard let row = try Row.fetchOne(byID, arguments: [id]), row[0] as Int64 == pid,
                  let kind = OperationKind.stored(row[2]), let author = replicas[OpID.replica(id)] else { continue }
            let extra = (row[4] as Data?).map { data in data.withUnsafeBytes { OpExtra($0) } } ?? OpExtra()
            for p in extra.predIDs where seen.insert(p).inserted { queue.append(p) }
            let pred = extra.predIDs.compactMap { p in replicas[OpID.replica(p)].map { Dot(replica: $0.id, counter: OpID.counter(p)) } }
            let context = extra.context.map { entries in
                VersionVector(Dictionary(entries.compactMap { e in replicas[e.replica].map { ($0.id, CounterSet(ranges: e.ranges)) } },
                                         uniquingKeysWith: { a, _ in a }))
            }
            var op = FactOperation(dot: Dot(replica: author.id, counter: OpID.counter(id)), party: party,
                                   field: fieldNames[row[1]] ?? "", kind: kind, value: FactValue(row[3] as DatabaseValue),
                                   pred: pred, context: context, time: author.epoch &+ extra.time)
            op.qualifiers = extra.qualifiers
            out.append(Entry(operation: op, editor: author.editor))
        }
        return out
    }
}
