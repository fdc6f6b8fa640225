import CaucusCore

/// The positions of a changeset's replicas and fields, for operations held as values.
struct OperationTables {
    /// Replica ids by position.
    let replicas: [ReplicaID]
    /// Field names by position.
    let fields: [String]
    let replicaIndex: [ReplicaID: Int]
    let fieldIndex: [String: Int]

    /// Tables of `replicas` (sorted by id, as a header's are) and `fields`, in that order.
    init(replicas: [ReplicaID], fields: [String]) {
        self.replicas = replicas
        self.fields = fields
        replicaIndex = Dictionary(uniqueKeysWithValues: replicas.enumerated().map { ($1, $0) })
        fieldIndex = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1, $0) })
    }

    /// Whether every replica and the field that `op` names are in the tables.
    func covers(_ op: FactOperation) -> Bool {
        guard replicaIndex[op.dot.replica] != nil, op.kind.isRecordLevel || fieldIndex[op.field] != nil else { return false }
        guard op.pred.allSatisfy({ replicaIndex[$0.replica] != nil }) else { return false }
        return op.context?.entries.keys.allSatisfy { replicaIndex[$0] != nil } ?? true
    }
}

/// A ``FactOperation`` as ``OperationEncoder`` reads it: all but where its replicas and field
/// sit in the tables comes from the value, here, for every adapter of one.
protocol FactOperationRecord: EncodableOperation {
    /// The operation.
    var op: FactOperation { get }
}

extension FactOperationRecord {
    var counter: Int64 { op.dot.counter }
    func withPartyID<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        var id = op.party
        return try id.withUTF8(body)
    }
    var kind: OperationKind { op.kind }
    var time: Int64 { op.time }
    func withValue<T>(_ body: (FactValueBytes?) throws -> T) rethrows -> T {
        switch op.value {
        case nil: return try body(nil)
        case .integer(let i)?: return try body(.integer(i))
        case .real(let d)?: return try body(.real(d))
        case .text(var s)?: return try s.withUTF8 { try body(.text($0)) }
        case .object(let o)?:
            var json = o.json
            return try json.withUTF8 { try body(.object($0)) }
        }
    }
    var predCount: Int { op.pred.count }
    var source: String? { op.source }
    var asOf: String? { op.asOf }
    var start: String? { op.start }
    var end: String? { op.end }
    var note: String? { op.note }
    var rank: ClaimRank? { op.rank }
}

/// A ``FactOperation`` against tables that cover it (``OperationTables/covers(_:)``).
struct TabledOperation: FactOperationRecord {
    let op: FactOperation
    let tables: OperationTables
    /// The party's number, given by the writer.
    var party: Int64 = 0

    init(_ op: FactOperation, tables: OperationTables) {
        self.op = op
        self.tables = tables
    }

    var replica: Int { tables.replicaIndex[op.dot.replica]! }
    var field: Int? { op.kind.isRecordLevel ? nil : tables.fieldIndex[op.field]! }
    func forEachPred(_ body: (_ replica: Int, _ counter: Int64) throws -> Void) rethrows {
        for p in op.pred { try body(tables.replicaIndex[p.replica]!, p.counter) }
    }
    func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]? {
        op.context.map { vv in
            vv.entries.map { (replica: tables.replicaIndex[$0.key]!, ranges: $0.value.ranges) }.sorted { $0.replica < $1.replica }
        }
    }
}
