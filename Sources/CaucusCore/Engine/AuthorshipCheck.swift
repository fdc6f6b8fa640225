/// The authorship rules of one import, applied operation by operation inside its write
/// transaction (m006, the README's trust section):
///
/// - an operation in the local replica's name that the store does not hold is refused: no other
///   replica may write in this one's name;
/// - an operation outside the changeset's signed batches, of a replica that signs its operations
///   from some counter on (here, or in the changeset), is refused unless the store holds it;
/// - the other unsigned operations new here are vouched for by the sender, and recorded so.
///
/// Operations come in (replica, counter) order, so the replica's sets are looked up once per run.
/// - Complexity: O(log ranges) per operation.
package final class AuthorshipCheck {
    private let held: VersionVector
    private let local: ReplicaID
    private let signed: [ReplicaID: CounterSet]
    private let signsFromInFile: [ReplicaID: Int64]
    private let signsFromInStore: (ReplicaID) throws -> Int64?
    private var current: (replica: ReplicaID, held: CounterSet, signed: CounterSet, signsFrom: Int64?)?
    /// The unsigned operations new here, by replica: vouched for by the sender.
    private(set) package var vouched: [ReplicaID: CounterSet] = [:]

    package init(held: VersionVector, local: ReplicaID, batches: [AuthorBatch], signsFromInStore: @escaping (ReplicaID) throws -> Int64?) {
        self.held = held
        self.local = local
        self.signsFromInStore = signsFromInStore
        var signed: [ReplicaID: CounterSet] = [:]
        var from: [ReplicaID: Int64] = [:]
        for b in batches where b.isSigned {
            signed[b.replica, default: CounterSet()].formUnion(b.counters)
            from[b.replica] = min(from[b.replica] ?? .max, b.counters.lowerBound)
        }
        self.signed = signed
        signsFromInFile = from
    }

    /// Checks `op` before it is stored.
    ///
    /// - Throws: ``StoreError/ownOperationNotHeld(counter:)`` or ``StoreError/unsignedOperation(replica:counter:signsFrom:)``.
    package func check(_ op: FactOperation) throws {
        let replica = op.dot.replica, counter = op.dot.counter
        if current?.replica != replica {
            let store = try signsFromInStore(replica)
            let file = signsFromInFile[replica]
            current = (replica, held[replica], signed[replica] ?? CounterSet(), [store, file].compactMap { $0 }.min())
        }
        let c = current!
        if c.held.contains(counter) { return }
        if replica == local { throw StoreError.ownOperationNotHeld(counter: counter) }
        if c.signed.contains(counter) { return }
        if let from = c.signsFrom, counter >= from {
            throw StoreError.unsignedOperation(replica: replica.rawValue, counter: counter, signsFrom: from)
        }
        vouched[replica, default: CounterSet()].formUnion(counter...counter)
    }
}
