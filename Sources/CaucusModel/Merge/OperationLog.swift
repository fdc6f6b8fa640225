/// A set of operations, keyed by their dots: what a replica holds, as a value.
///
/// Invariant: `operations[dot].dot == dot` for every key, and `namedInPred` is exactly the union of
/// the held operations' `pred`s.
///
/// A log only grows. Merging two logs is their union, which is commutative, associative and
/// idempotent (a join-semilattice), so the state ``Merge/records(_:schema:)`` computes from a log
/// does not depend on the order, grouping or repetition in which operations arrived.
///
/// A dot names one operation: its author's signature binds the operation's content to it. Of two
/// different operations under one dot (only a forger makes them), the log keeps the first, as the
/// store does; the laws hold for logs in which every dot has one content.
public struct OperationLog: Sendable, Hashable {
    /// The operations held, by dot.
    public private(set) var operations: [Dot: FactOperation] = [:]
    /// Every dot named in the `pred` of a held operation, held or not.
    public private(set) var namedInPred: Set<Dot> = []

    /// The empty log.
    public init() {}

    /// A log holding `operations` (the first of any two with one dot).
    ///
    /// - Complexity: O(n + total pred length).
    public init(_ operations: some Sequence<FactOperation>) {
        for op in operations { insert(op) }
    }

    /// Adds `op` unless an operation with its dot is held; whether it was added.
    ///
    /// - Complexity: O(`op.pred.count`) on average.
    @discardableResult
    public mutating func insert(_ op: FactOperation) -> Bool {
        guard operations[op.dot] == nil else { return false }
        operations[op.dot] = op
        namedInPred.formUnion(op.pred)
        return true
    }

    /// The union of the two logs.
    ///
    /// - Complexity: O(`other.count`) insertions.
    public func merging(_ other: OperationLog) -> OperationLog {
        var merged = self
        for op in other.operations.values { merged.insert(op) }
        return merged
    }

    /// The number of operations held.
    public var count: Int { operations.count }

    /// Whether `dot` is a head: held, and named in no held operation's `pred` (merge rule 1).
    public func isHead(_ dot: Dot) -> Bool { operations[dot] != nil && !namedInPred.contains(dot) }

    /// What the log holds, as a version vector.
    ///
    /// - Complexity: O(n log n).
    public var versionVector: VersionVector {
        var counters: [ReplicaID: [Int64]] = [:]
        for dot in operations.keys { counters[dot.replica, default: []].append(dot.counter) }
        return VersionVector(counters.mapValues { CounterSet(ranges: $0.map { $0...$0 }) })
    }
}
