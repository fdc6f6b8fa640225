import Foundation
import GRDB

/// Reads every operation of a record, as values: what the pure merge takes to compute the record
/// at any version (``Merge/record(_:operations:at:schema:)``).
///
/// A record's operations are its `fact_op` heads and the operations their preds lead to, which
/// `history` lists too: every stored operation is a head or is named by a stored operation of its own fact
/// (m004), so the walk finds them all when every pred names operations of its own record, as
/// every writer's do. An operation that only an operation of another record names (a forger's
/// pred) is not found from this one.
struct RecordOperations {
    /// One operation, and the editor of the replica that wrote it.
    struct Entry {
        var operation: FactOperation
        var editor: String
        /// Its local id (``OpID``), and those of its pred.
        var id: Int64
        var predIDs: [Int64]
    }

    private let heads: FastStatement
    private let byID: FastStatement
    private let replicas: [Int64: (id: ReplicaID, editor: String, epoch: Int64)]
    private let fieldNames: [Int64: String]

    init(_ db: Database) throws {
        // Read straight from SQLite (``FastStatement``): a record's operations are read one by one.
        heads = try FastStatement(db, sql: "SELECT id FROM fact_op WHERE party = ?")
        byID = try FastStatement(db, sql: "SELECT party, field, kind, value, extra FROM op WHERE id = ?")
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
        var queue: [Int64] = []
        heads.reset()
        heads.bind(1, pid)
        while try heads.step() { queue.append(heads.int64(0)) }
        var seen = Set(queue)
        var out: [Entry] = []
        while let id = queue.popLast() {
            byID.reset()
            byID.bind(1, id)
            guard try byID.step(), byID.int64(0) == pid, let kind = OperationKind.stored(byID.int64(2)),
                  let author = replicas[OpID.replica(id)] else { continue }
            let extra = byID.withBlob(4) { $0.isEmpty ? OpExtra() : OpExtra($0) }
            let value = byID.factValue(3)
            let fid = byID.int64(1)
            for p in extra.predIDs where seen.insert(p).inserted { queue.append(p) }
            let pred = extra.predIDs.compactMap { p in replicas[OpID.replica(p)].map { Dot(replica: $0.id, counter: OpID.counter(p)) } }
            let context = extra.context.map { entries in
                VersionVector(Dictionary(entries.compactMap { e in replicas[e.replica].map { ($0.id, CounterSet(ranges: e.ranges)) } },
                                         uniquingKeysWith: { a, _ in a }))
            }
            var op = FactOperation(dot: Dot(replica: author.id, counter: OpID.counter(id)), party: party,
                                   field: fieldNames[fid] ?? "", kind: kind, value: value,
                                   pred: pred, context: context, time: author.epoch &+ extra.time)
            op.qualifiers = extra.qualifiers
            out.append(Entry(operation: op, editor: author.editor, id: id, predIDs: extra.predIDs))
        }
        return out
    }
}
