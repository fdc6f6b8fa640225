import CaucusCore
import Crypto

/// The SHA-256 an author signs for one batch, fed the batch's operations in counter order.
///
/// The digest is of `CAUCUS-BATCH-1`, a zero byte, the replica id (32 ASCII hex digits), the
/// first and last counters (8 bytes each, big-endian), then each operation's canonical bytes
/// behind a varint length. So a signature names its replica and range, and cannot be moved to
/// other operations.
///
/// - Complexity: O(bytes) per operation added.
public struct BatchDigest {
    private var hasher = SHA256()
    private var canonical = CanonicalEncoder()
    /// Bytes fed but not yet hashed.
    private var pending: [UInt8] = []
    /// The batch being hashed.
    public let replica: ReplicaID
    /// Its counters.
    public let counters: ClosedRange<Int64>

    /// Starts the digest of `replica`'s operations with counters in `counters`.
    public init(replica: ReplicaID, counters: ClosedRange<Int64>) {
        self.replica = replica
        self.counters = counters
        var w = ByteWriter()
        w.raw(Array("CAUCUS-BATCH-1".utf8))
        w.byte(0)
        w.raw(Array(replica.rawValue.utf8))
        for n in [counters.lowerBound, counters.upperBound] {
            for shift in stride(from: 56, through: 0, by: -8) { w.byte(UInt8(truncatingIfNeeded: UInt64(n) >> UInt64(shift))) }
        }
        hasher.update(data: w.bytes)
    }

    /// Adds the next operation of the batch.
    public mutating func add(_ op: FactOperation) {
        canonical.encode(op)
        append(canonical.bytes)
    }

    /// Adds the next operation of the batch, as a store holds it: its replicas positions in
    /// `replicas`, its field named `field`.
    mutating func add(_ op: some EncodableOperation, replicas: [ReplicaID], field: String) {
        canonical.encode(op, replicas: replicas, field: field)
        append(canonical.bytes)
    }

    private mutating func append(_ bytes: [UInt8]) {
        Varint.append(UInt64(bytes.count), to: &pending)
        pending.append(contentsOf: bytes)
        // Hashed in large pieces: two small updates per operation cost more than the hashing.
        if pending.count >= 1 << 14 {
            hasher.update(data: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// The digest, to sign or to check a signature against.
    public func finalize() -> [UInt8] {
        var hasher = hasher
        hasher.update(data: pending)
        return [UInt8](hasher.finalize())
    }

    /// Whether `signature` is `key`'s over this digest.
    public func isSigned(_ signature: [UInt8], by key: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
        return key.isValidSignature(signature, for: finalize())
    }
}
