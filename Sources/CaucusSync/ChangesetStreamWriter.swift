import CaucusCore
import Crypto

/// Writes a changeset from operations held as values, given one by one, into a sink: what a
/// relay (the hub) sends without a store. The bytes are a changeset like any other, signed by
/// the relay's key, and read by ``ChangesetReader``.
///
/// ```swift
/// var writer = try ChangesetStreamWriter(key: hubKey, sender: hub, schemaVersion: 1, replicas: replicas,
///                                        fields: fields, versionVector: held, since: peer,
///                                        operationCount: ops.count, batches: batches, time: now, sink: send)
/// for op in ops { try writer.append(op) }
/// try writer.finish()
/// ```
///
/// Memory stays flat: the body is compressed and handed to `sink` in chunks of about 64 KiB.
public struct ChangesetStreamWriter {
    private let key: Curve25519.Signing.PrivateKey
    private let tables: OperationTables
    private let expected: Int
    private let sink: ([UInt8]) throws -> Void
    private let deflater: Deflater
    private var hasher = SHA256()
    private var encoder: OperationEncoder
    private var parties: [String: Int64] = [:]
    private var previous: (replica: Int, counter: Int64)?
    private var count = 0
    private var finished = false

    /// A writer of `operationCount` operations, whose header this writes to `sink` at once.
    ///
    /// `replicas` are every replica the operations name, with the sender among them and with the
    /// key of each author of a signed batch, and `fields` every field they use; `versionVector`
    /// must hold every operation. `batches` are the operations' author batches, by replica then
    /// counter: every operation lies in one, and a signed one's operations are given whole, as
    /// its author signed them.
    ///
    /// - Throws: ``ChangesetStreamError/senderNotInReplicas``, or what `sink` throws.
    public init(key: Curve25519.Signing.PrivateKey, sender: ReplicaInfo, schemaVersion: Int, replicas: [ReplicaInfo],
                fields: [String], versionVector: VersionVector, since: VersionVector?, operationCount: Int,
                batches: [AuthorBatch], time: Int64,
                sink: @escaping ([UInt8]) throws -> Void) throws {
        let sorted = replicas.sorted { $0.id < $1.id }
        guard sorted.contains(where: { $0.id == sender.id && $0.editor == sender.editor }) else {
            throw ChangesetStreamError.senderNotInReplicas
        }
        self.key = key
        self.sink = sink
        expected = operationCount
        tables = OperationTables(replicas: sorted.map(\.id), fields: fields)
        encoder = OperationEncoder(partyNumbers: operationCount)
        deflater = try Deflater()
        var me = sender
        me.publicKey = [UInt8](key.publicKey.rawRepresentation)
        let header = ChangesetHeader(schemaVersion: schemaVersion, sender: me, created: time,
                                     replicas: ChangesetHeader.replicaTable(sorted, batches: batches),
                                     fields: fields, versionVector: versionVector, since: since, operationCount: operationCount,
                                     batches: batches)
        try emit(ChangesetFormat.framed(header))
    }

    /// Appends `op`, which comes after the previous one in (replica, counter) order.
    ///
    /// - Throws: ``ChangesetStreamError`` for an operation out of order, outside the tables, or
    ///   past the count; else what `sink` throws.
    public mutating func append(_ op: FactOperation) throws {
        guard count < expected else { throw ChangesetStreamError.tooManyOperations(expected: expected) }
        guard tables.covers(op) else { throw ChangesetStreamError.notInTables(op.dot) }
        var row = TabledOperation(op, tables: tables)
        let position = (replica: row.replica, counter: op.dot.counter)
        if let previous, !(previous.replica < position.replica || (previous.replica == position.replica && previous.counter < position.counter)) {
            throw ChangesetStreamError.outOfOrder(op.dot)
        }
        previous = position
        if let n = parties[op.party] {
            row.party = n
        } else {
            row.party = Int64(parties.count)
            parties[op.party] = row.party
        }
        try encoder.encode(row)
        count += 1
        if encoder.buffer.bytes.count >= 1 << 16 {
            try deflater.compress(encoder.takeBuffer(), finish: false) { try emit($0) }
        }
    }

    /// Ends the body and writes the trailer: the digest and the signature.
    ///
    /// - Throws: ``ChangesetStreamError/tooFewOperations(expected:written:)``, or what `sink` throws.
    public mutating func finish() throws {
        guard count == expected else { throw ChangesetStreamError.tooFewOperations(expected: expected, written: count) }
        guard !finished else { return }
        finished = true
        try deflater.compress(encoder.takeBuffer(), finish: true) { try emit($0) }
        let digest = [UInt8](hasher.finalize())
        try sink(try ChangesetFormat.trailer(digest: digest, key: key))
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        hasher.update(data: bytes)
        try sink(bytes)
    }
}

/// Why ``ChangesetStreamWriter`` stopped: the caller gave it operations that do not make a changeset.
public enum ChangesetStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sender is not among the replicas.
    case senderNotInReplicas
    /// An operation names a replica or field outside the tables.
    case notInTables(Dot)
    /// An operation does not come after the previous one in (replica, counter) order.
    case outOfOrder(Dot)
    /// More operations than the header's count.
    case tooManyOperations(expected: Int)
    /// Fewer operations than the header's count.
    case tooFewOperations(expected: Int, written: Int)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .senderNotInReplicas: return "the sender is not in the changeset's replica table"
        case .notInTables(let dot): return "operation \(dot) names a replica or field outside the changeset's tables"
        case .outOfOrder(let dot): return "operation \(dot) is out of (replica, counter) order"
        case .tooManyOperations(let n): return "more operations than the \(n) the changeset's header counts"
        case .tooFewOperations(let n, let w): return "\(w) operations written, but the changeset's header counts \(n)"
        }
    }
}
