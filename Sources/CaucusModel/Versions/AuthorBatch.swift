/// A run of one replica's operations, as a changeset of format 3 carries it: signed by the
/// replica's own key, or vouched for by the file's sender.
///
/// A signed batch is what makes authorship survive relaying: its signature covers the
/// canonical bytes (`CanonicalOperation`, in CaucusSync) of every operation of `replica` with a
/// counter in `counters`, so whoever relays them, a hub included, cannot change, add or drop one
/// without the signature failing. A vouched batch has no signature: the sender passes on
/// operations it holds unsigned (received in files of format 1 or 2, or written before format 3),
/// and vouches for them with its own signature over the file.
public struct AuthorBatch: Sendable, Hashable {
    /// The replica whose operations these are.
    public var replica: ReplicaID
    /// Their counters: every operation of `replica` in this range.
    public var counters: ClosedRange<Int64>
    /// The author's Ed25519 signature (64 bytes) over `BatchDigest` (CaucusSync); nil when vouched.
    public var signature: [UInt8]?

    /// Creates a batch.
    public init(replica: ReplicaID, counters: ClosedRange<Int64>, signature: [UInt8]?) {
        self.replica = replica
        self.counters = counters
        self.signature = signature
    }

    /// Whether the author signed it.
    public var isSigned: Bool { signature != nil }

    /// Whether a signed batch may join what a store holds of its replica: `held`, of which the
    /// signed batches that meet this one are `met` and those above it hold `signedAbove`
    /// operations. It may when it is one of them already (false), or when it meets no operation
    /// held and no operation above it is held unsigned (true): a replica signs every operation
    /// from its first signed batch on, so operations held unsigned there may not be its own.
    ///
    /// - Throws: ``AuthorBatch/Conflict`` otherwise.
    /// - Complexity: O(ranges of `held`).
    public func isNew(met: [AuthorBatch], held: CounterSet, signedAbove: Int64) throws -> Bool {
        if met == [self] { return false }
        guard met.isEmpty else { throw Conflict.heldSigned }
        guard CounterSet(ranges: [counters]).subtracting(held) == [counters] else { throw Conflict.heldUnsigned }
        let heldAbove = held.ranges.reduce(Int64(0)) { n, r in
            r.upperBound > counters.upperBound ? n + r.upperBound - Swift.max(r.lowerBound, counters.upperBound + 1) + 1 : n
        }
        guard heldAbove == signedAbove else { throw Conflict.heldUnsigned }
        return true
    }

    /// Why a signed batch cannot join what a store holds (``isNew(met:held:signedAbove:)``).
    public enum Conflict: Error, Sendable {
        /// It meets a different signed batch of its replica: the author signed two versions.
        case heldSigned
        /// It meets, or lies below, operations of its replica held unsigned.
        case heldUnsigned
    }
}
