import CaucusCore

/// One operation as bytes that depend on nothing but the operation: what a relay stores, and
/// what an author's signature covers, whatever file carried it.
///
/// The encoding is a changeset body record (``ChangesetFormat``) behind a table of its own: a
/// varint count of the replicas the operation names (its own, its preds' and its delete
/// context's), their ids sorted, the field name (empty for a record-level kind), then the record
/// as ``OperationEncoder`` writes the first record of a file against those tables. So there is
/// one record codec, and an operation has exactly one canonical form: ``encode(_:)`` of
/// ``decode(_:schema:)`` gives back the same bytes.
///
/// ```swift
/// let bytes = CanonicalOperation.encode(op)
/// let back = try CanonicalOperation.decode(bytes)   // == op
/// ```
public enum CanonicalOperation {
    /// The canonical bytes of `op`.
    ///
    /// - Complexity: O(p + c) for p preds and c context entries. Code that encodes many
    ///   operations keeps one ``CanonicalEncoder`` instead, which reuses its buffers.
    public static func encode(_ op: FactOperation) -> [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.encode(op)
        return encoder.bytes
    }

    /// The operation whose canonical bytes are `bytes`, checked as a changeset reader checks a
    /// record of the current format (values against `schema`, dates, ranks, lengths).
    ///
    /// - Throws: ``CanonicalOperationError`` when the bytes are not one canonical operation.
    public static func decode(_ bytes: [UInt8], schema: PartySchema = .standard) throws -> FactOperation {
        var r = ArrayByteSource(bytes)
        do {
            let n = try r.count(max: Limits.predCount + 2, "replica count")
            guard n >= 1 else { throw FormatProblem.malformed("no replica") }
            var replicas: [ReplicaInfo] = []
            for _ in 0..<n {
                guard let id = ReplicaID(try r.string(max: 64, "replica id")) else { throw FormatProblem.malformed("a replica id is not 32 hex digits") }
                if let last = replicas.last, !(last.id < id) { throw FormatProblem.malformed("the replicas are not sorted or repeat") }
                replicas.append(ReplicaInfo(id: id, editor: "-"))
            }
            let field = try r.string(max: Limits.fieldNameBytes, "field name")
            guard field.isEmpty || ChangesetHeader.isFieldName(field, version: ChangesetFormat.version) else { throw FormatProblem.malformed("\(JSONText.quoted(field)) is not a field name") }
            var decoder = OperationDecoder(replicas: replicas, fields: field.isEmpty ? [] : [field], schema: schema,
                                           version: ChangesetFormat.version, within: nil)
            let op = try decoder.decode(&r)
            guard r.isAtEnd else { throw FormatProblem.malformed("bytes after the operation") }
            guard encode(op) == bytes else { throw FormatProblem.malformed("not in canonical form") }
            return op
        } catch let problem as FormatProblem {
            switch problem {
            case .truncated: throw CanonicalOperationError.truncated
            case .malformed(let why): throw CanonicalOperationError.malformed(why)
            }
        }
    }
}

/// Why bytes are not one canonical operation.
public enum CanonicalOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes end inside the operation.
    case truncated
    /// The bytes break the encoding or a check, for the reason given.
    case malformed(String)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .truncated: return "the operation's bytes are truncated"
        case .malformed(let why): return "the operation's bytes are malformed: \(why)"
        }
    }
}
