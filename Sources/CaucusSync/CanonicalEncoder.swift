import CaucusCore

/// Writes operations in their canonical form (``CanonicalOperation``) into one buffer it keeps,
/// for the paths that encode every operation of a file: signing a batch and checking one.
///
/// It takes an operation as ``OperationEncoder`` does, naming replicas by positions in a table
/// the caller gives: a store's rows (``OperationRow``) as they are, without becoming values, or
/// a ``FactOperation``. ``CanonicalOperation/encode(_:)`` is written with it, so there is one
/// canonical codec.
///
/// - Complexity: O(r log r + p + c) per operation, for the r replicas it names, p preds and c
///   context entries, with no allocation once the buffers have grown to the largest operation
///   (but for a delete's context).
struct CanonicalEncoder {
    private var positions: [Int] = []
    private var replicas: [ReplicaID] = []
    private var ownTable: [ReplicaID] = []
    private var encoder = OperationEncoder(partyNumbers: 1)

    /// The canonical bytes of the last operation encoded.
    var bytes: [UInt8] { encoder.buffer.bytes }

    /// Encodes `op`, replacing the previous operation's bytes.
    mutating func encode(_ op: FactOperation) {
        ownTable.removeAll(keepingCapacity: true)
        ownTable.append(op.dot.replica)
        for p in op.pred { ownTable.append(p.replica) }
        if let context = op.context { ownTable.append(contentsOf: context.entries.keys) }
        let table = ownTable
        encode(OwnPositions(op: op), replicas: table, field: op.field)
    }

    /// Encodes `op`, whose replicas are positions in `table` and whose field is named `field`
    /// (ignored for a record-level kind), replacing the previous operation's bytes.
    mutating func encode(_ op: some EncodableOperation, replicas table: [ReplicaID], field: String) {
        positions.removeAll(keepingCapacity: true)
        positions.append(op.replica)
        op.forEachPred { replica, _ in positions.append(replica) }
        if let context = op.context() { for entry in context { positions.append(entry.replica) } }
        replicas.removeAll(keepingCapacity: true)
        if positions.count <= 8 {
            // Most operations name a replica or two, their own again in their preds: a linear
            // check keeps them unique, and the sort then seldom has more than one.
            for p in positions where !replicas.contains(table[p]) { replicas.append(table[p]) }
            if replicas.count > 1 { replicas.sort() }
        } else {
            for p in positions { replicas.append(table[p]) }
            replicas.sort()
            var kept = 1
            for i in 1..<replicas.count where replicas[i] != replicas[kept - 1] {
                replicas[kept] = replicas[i]
                kept += 1
            }
            replicas.removeLast(replicas.count - kept)
        }
        encoder.restart()
        encoder.buffer.varint(replicas.count)
        for id in replicas { encoder.buffer.string(id.rawValue) }
        encoder.buffer.string(op.kind.isRecordLevel ? "" : field)
        // The record is the first of a file whose tables are this operation's own, so every
        // replica and field it names is in them and the encoder cannot fail.
        try! encoder.encode(CanonicalView(base: op, table: table, replicas: replicas))
    }
}

/// An operation against its own canonical tables: its sorted replicas, and its field alone at
/// position 0.
private struct CanonicalView<Base: EncodableOperation>: EncodableOperation {
    let base: Base
    /// The base's replica table.
    let table: [ReplicaID]
    /// The replicas the operation names, sorted and unique.
    let replicas: [ReplicaID]

    private func position(_ tablePosition: Int) -> Int {
        let id = table[tablePosition]
        var low = 0, high = replicas.count - 1
        while low < high {
            let mid = (low + high) / 2
            if replicas[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    var replica: Int { position(base.replica) }
    var counter: Int64 { base.counter }
    var party: Int64 { 0 }
    func withPartyID<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T { try base.withPartyID(body) }
    var field: Int? { base.field == nil ? nil : 0 }
    var kind: OperationKind { base.kind }
    var time: Int64 { base.time }
    func withValue<T>(_ body: (FactValueBytes?) throws -> T) rethrows -> T { try base.withValue(body) }
    var predCount: Int { base.predCount }
    func forEachPred(_ body: (_ replica: Int, _ counter: Int64) throws -> Void) rethrows {
        try base.forEachPred { replica, counter in try body(position(replica), counter) }
    }
    var source: String? { base.source }
    var asOf: String? { base.asOf }
    var start: String? { base.start }
    var end: String? { base.end }
    var note: String? { base.note }
    var rank: ClaimRank? { base.rank }
    func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]? {
        base.context().map { entries in entries.map { (position($0.replica), $0.ranges) }.sorted { $0.replica < $1.replica } }
    }
}

/// A ``FactOperation`` whose replicas are positions in the table ``CanonicalEncoder`` builds for
/// it: its own replica at 0, then its preds' in order, then its context's in the context's order.
private struct OwnPositions: FactOperationRecord {
    let op: FactOperation

    var replica: Int { 0 }
    var party: Int64 { 0 }
    var field: Int? { op.kind.isRecordLevel ? nil : 0 }
    func forEachPred(_ body: (_ replica: Int, _ counter: Int64) throws -> Void) rethrows {
        for (i, p) in op.pred.enumerated() { try body(1 + i, p.counter) }
    }
    func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]? {
        op.context.map { vv in vv.entries.enumerated().map { (1 + op.pred.count + $0.offset, $0.element.value.ranges) } }
    }
}
