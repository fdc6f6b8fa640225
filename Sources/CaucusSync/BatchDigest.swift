import CaucusCore
import Crypto

/// The digest an author signs for one batch of its operations, fed in counter order: a chain
/// of SHA-256 heads over groups of operations, so that a store can keep the running state as
/// it writes its own operations and sign it at export without reading them again (m006 10).
///
/// The chain starts at `SHA-256("CAUCUS-BATCH-1" 00 replica first)`, the replica id as 32 ASCII
/// hex digits and `first` as 8 bytes big-endian. Each operation adds its canonical bytes
/// (``CanonicalOperation``) behind their varint length to the pending group; each full group of
/// ``groupSize`` operations moves the head to `SHA-256(head group)`. The signed digest is
/// `SHA-256("CAUCUS-BATCH-1" 01 replica first last head pending)`, with the operations of the
/// last, partial group pending. So a signature names its replica and range, and cannot be moved
/// to other operations.
///
/// - Complexity: O(bytes) per operation added; the state is the head and at most one group.
public struct BatchDigest {
    /// The operations in each group the head moves by: large enough that hashing runs at the
    /// speed of SHA-256 rather than of starting one, small enough to store the pending group.
    public static let groupSize = 64

    /// The batch's author.
    public let replica: ReplicaID
    /// Its first counter.
    public let first: Int64
    /// The chain's head after the full groups added so far (32 bytes).
    public private(set) var head: [UInt8]
    /// The operations of the group not yet full, each its length and canonical bytes.
    public private(set) var pending: [UInt8]
    private var pendingCount: Int
    private var canonical = CanonicalEncoder()

    /// Starts the digest of `replica`'s operations from counter `first`, or continues one at
    /// `head` and `pending` after `count` operations.
    public init(replica: ReplicaID, first: Int64, continuing state: (head: [UInt8], pending: [UInt8], count: Int64)? = nil) {
        self.replica = replica
        self.first = first
        head = state?.head ?? Self.hash(0, replica, [first], [])
        pending = state?.pending ?? []
        pendingCount = Int((state?.count ?? 0) % Int64(Self.groupSize))
    }

    /// Adds the next operation of the batch.
    public mutating func add(_ op: FactOperation) {
        canonical.encode(op)
        chain(canonical.bytes)
    }

    /// Adds the next operation of the batch, as a store holds it: its replicas positions in
    /// `replicas`, its field named `field`.
    mutating func add(_ op: some EncodableOperation, replicas: [ReplicaID], field: String) {
        canonical.encode(op, replicas: replicas, field: field)
        chain(canonical.bytes)
    }

    private mutating func chain(_ bytes: [UInt8]) {
        Varint.append(UInt64(bytes.count), to: &pending)
        pending.append(contentsOf: bytes)
        pendingCount += 1
        if pendingCount == Self.groupSize {
            var hasher = SHA256()
            hasher.update(data: head)
            hasher.update(data: pending)
            head = [UInt8](hasher.finalize())
            pending.removeAll(keepingCapacity: true)
            pendingCount = 0
        }
    }

    /// The digest of the batch ending at counter `last`, to sign or to check a signature against.
    public func finalize(last: Int64) -> [UInt8] { Self.hash(1, replica, [first, last], head + pending) }

    /// Whether `signature` is `key`'s over the batch ending at `last`.
    public func isSigned(_ signature: [UInt8], by key: [UInt8], last: Int64) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
        return key.isValidSignature(signature, for: finalize(last: last))
    }

    private static func hash(_ kind: UInt8, _ replica: ReplicaID, _ counters: [Int64], _ tail: [UInt8]) -> [UInt8] {
        var bytes = Array("CAUCUS-BATCH-1".utf8) + [kind] + Array(replica.rawValue.utf8)
        for n in counters {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(n) >> UInt64(shift))) }
        }
        return [UInt8](SHA256.hash(data: bytes + tail))
    }
}
