import CaucusCore

/// What a changeset says about itself, read before any operation.
public struct ChangesetHeader: Sendable, Equatable {
    /// The party schema version the sender used.
    public var schemaVersion: Int
    /// The sender: its replica id, editor and public key.
    public var sender: ReplicaInfo
    /// When the file was written, in seconds since 1970.
    public var created: Int64
    /// Every replica the operations name, sorted by id; from format 3, each author of a signed
    /// batch with its public key.
    public var replicas: [ReplicaInfo]
    /// Every field name the operations use.
    public var fields: [String]
    /// What the sender held when it wrote the file.
    public var versionVector: VersionVector
    /// The version vector the export was made against, or nil for a full export.
    public var since: VersionVector?
    /// From format 4: a shallow snapshot (header flag bit 1): the body holds the heads at
    /// ``versionVector``, not every operation it names.
    public var shallow = false
    /// The number of operations in the body.
    public var operationCount: Int
    /// From format 3: the batches of the body's operations, by replica then counter, disjoint.
    /// Every operation lies in one of its replica's batches (empty before format 3).
    public var batches: [AuthorBatch] = []

    /// `replicas` as a header's replica table carries them: with the public key of each replica
    /// that has a signed batch among `batches`, which the reader checks its signatures with, and
    /// without the others'.
    public static func replicaTable(_ replicas: [ReplicaInfo], batches: [AuthorBatch]) -> [ReplicaInfo] {
        let signing = Set(batches.filter(\.isSigned).map(\.replica))
        return replicas.map { ReplicaInfo(id: $0.id, editor: $0.editor, publicKey: signing.contains($0.id) ? $0.publicKey : nil) }
    }

    /// The header as format `version` writes it: before format 3, without keys in the replica
    /// table and without the batch table.
    func encoded(version: UInt8 = ChangesetFormat.version) -> [UInt8] {
        var w = ByteWriter()
        w.varint(schemaVersion)
        w.string(sender.id.rawValue)
        w.string(sender.editor)
        w.varint(sender.publicKey?.count ?? 0)
        w.raw(sender.publicKey ?? [])
        w.signed(created)
        w.varint((since == nil ? 0 : 1) | (shallow && version >= 4 ? 2 : 0))
        w.varint(replicas.count)
        for r in replicas {
            w.string(r.id.rawValue)
            w.string(r.editor)
            if version >= 3 {
                w.varint(r.publicKey?.count ?? 0)
                w.raw(r.publicKey ?? [])
            }
        }
        w.varint(fields.count)
        for f in fields { w.string(f) }
        let index = Dictionary(uniqueKeysWithValues: replicas.enumerated().map { ($1.id, $0) })
        Self.encode(versionVector, index: index, into: &w)
        if let since { Self.encode(since, index: index, into: &w) }
        w.varint(operationCount)
        if version < 3 { return w.bytes }
        w.varint(batches.count)
        for b in batches {
            w.varint(index[b.replica]!)
            w.varint(UInt64(b.counters.lowerBound))
            w.varint(UInt64(b.counters.upperBound - b.counters.lowerBound))
            if let signature = b.signature {
                w.byte(1)
                w.raw(signature)
            } else {
                w.byte(2)
            }
        }
        return w.bytes
    }

    /// Encodes `vv`, naming replicas by `index`; replicas outside it are left out.
    static func encode(_ vv: VersionVector, index: [ReplicaID: Int], into w: inout ByteWriter) {
        encode(entries: vv.entries.compactMap { uid, set in index[uid].map { (replica: $0, ranges: set.ranges) } }
                   .sorted { $0.replica < $1.replica },
               into: &w)
    }

    /// Encodes a version vector given as ranges by replica-table index, the indexes increasing.
    static func encode(entries: [(replica: Int, ranges: [ClosedRange<Int64>])], into w: inout ByteWriter) {
        w.varint(entries.count)
        for (replica, ranges) in entries {
            w.varint(replica)
            w.varint(ranges.count)
            var end: Int64 = 0
            for r in ranges {
                w.varint(UInt64(r.lowerBound - end))
                w.varint(UInt64(r.upperBound - r.lowerBound))
                end = r.upperBound
            }
        }
    }

    static func decodeVersionVector(_ r: inout some ByteSource, replicas: [ReplicaInfo]) throws -> VersionVector {
        let n = try r.count(max: replicas.count, "version vector entry count")
        var vv = VersionVector()
        for _ in 0..<n {
            let i = try r.count(max: replicas.count - 1, "replica index")
            let rangeCount = try r.count(max: 1 << 24, "range count")
            var set = CounterSet()
            var end: Int64 = 0
            for _ in 0..<rangeCount {
                let gap = try r.varint(), length = try r.varint()
                guard gap >= 1, gap < 1 << 40, length < 1 << 40 else { throw FormatProblem.malformed("a version vector range is out of bounds") }
                let lo = end + Int64(gap), hi = lo + Int64(length)
                guard hi < 1 << 40 else { throw FormatProblem.malformed("a version vector range is out of bounds") }
                set.formUnion(lo...hi)
                end = hi
            }
            vv[replicas[i].id] = set
        }
        return vv
    }

    /// The header of a file of format `version`.
    static func decode(_ bytes: [UInt8], version: UInt8) throws -> ChangesetHeader {
        var r = ArrayByteSource(bytes)
        let schemaVersion = try r.count(max: 1 << 20, "schema version")
        let senderID = try r.string(max: 64, "sender replica id")
        guard let sender = ReplicaID(senderID) else { throw FormatProblem.malformed("the sender replica id is not 32 hex digits") }
        let editor = try r.string(max: Limits.editorNameBytes, "sender editor")
        guard ReplicaInfo.isValidEditorName(editor) else { throw FormatProblem.malformed("the sender's editor name is empty or has control characters") }
        let keyLength = try r.count(max: 32, "public key length")
        guard keyLength == 32 else { throw FormatProblem.malformed("the sender's public key is missing") }
        let key = try r.bytes(keyLength)
        let created = try r.signed()
        let flags = try r.varint()
        guard flags <= (version >= 4 ? 3 : 1) else { throw FormatProblem.malformed("unknown header flags \(flags)") }
        let replicaCount = try r.count(max: 1 << 20, "replica count")
        var replicas: [ReplicaInfo] = []
        for _ in 0..<replicaCount {
            let text = try r.string(max: 64, "replica id")
            guard let id = ReplicaID(text) else { throw FormatProblem.malformed("a replica id is not 32 hex digits") }
            if let last = replicas.last, !(last.id < id) { throw FormatProblem.malformed("the replica table is not sorted or repeats an id") }
            let name = try r.string(max: Limits.editorNameBytes, "editor name")
            guard ReplicaInfo.isValidEditorName(name) else { throw FormatProblem.malformed("an editor name is empty or has control characters") }
            var key: [UInt8]?
            if version >= 3 {
                let length = try r.count(max: 32, "public key length")
                guard length == 0 || length == 32 else { throw FormatProblem.malformed("a replica's public key is not 32 bytes") }
                if length == 32 { key = try r.bytes(32) }
            }
            replicas.append(ReplicaInfo(id: id, editor: name, publicKey: key))
        }
        let fieldCount = try r.count(max: 1 << 16, "field count")
        var fields: [String] = []
        for _ in 0..<fieldCount {
            let name = try r.string(max: Limits.fieldNameBytes, "field name")
            guard Self.isFieldName(name, version: version) else { throw FormatProblem.malformed("\(JSONText.quoted(name)) is not a field name") }
            fields.append(name)
        }
        guard Set(fields).count == fields.count else { throw FormatProblem.malformed("the field table repeats a name") }
        let vv = try decodeVersionVector(&r, replicas: replicas)
        let since = flags & 1 == 1 ? try decodeVersionVector(&r, replicas: replicas) : nil
        let count = try r.count(max: ChangesetFormat.maxOperations, "operation count")
        let batches = version >= 3 ? try decodeBatches(&r, replicas: replicas) : []
        guard r.isAtEnd else { throw FormatProblem.malformed("the header has bytes after its end") }
        guard let senderInfo = replicas.first(where: { $0.id == sender }) else {
            throw FormatProblem.malformed("the sender is not in the replica table")
        }
        guard senderInfo.editor == editor else { throw FormatProblem.malformed("the sender's editor differs from the replica table") }
        guard senderInfo.publicKey == nil || senderInfo.publicKey == key else {
            throw FormatProblem.malformed("the sender's key differs from the replica table's key for it")
        }
        var header = ChangesetHeader(schemaVersion: schemaVersion, sender: ReplicaInfo(id: sender, editor: editor, publicKey: key),
                                     created: created, replicas: replicas, fields: fields, versionVector: vv, since: since,
                                     operationCount: count, batches: batches)
        header.shallow = flags & 2 != 0
        guard !(header.shallow && since != nil) else { throw FormatProblem.malformed("a shallow snapshot made against a peer's version vector") }
        return header
    }

    /// The batch table: sorted, disjoint, each signed batch's author with a key in the table, and
    /// no vouched batch of a replica above one of its signed batches (a replica signs from its
    /// first signed batch on).
    private static func decodeBatches(_ r: inout ArrayByteSource, replicas: [ReplicaInfo]) throws -> [AuthorBatch] {
        let n = try r.count(max: ChangesetFormat.maxOperations, "batch count")
        var batches: [AuthorBatch] = []
        var previous: (replica: Int, last: Int64)?
        var signing = Set<Int>()
        for _ in 0..<n {
            let i = try r.count(max: replicas.count - 1, "batch replica index")
            let first = try r.varint(), length = try r.varint()
            guard first >= 1, first < 1 << 40, length < 1 << 40 else { throw FormatProblem.malformed("a batch's counters are out of bounds") }
            let counters = Int64(first)...(Int64(first) + Int64(length))
            if let previous, !(previous.replica < i || (previous.replica == i && previous.last < counters.lowerBound)) {
                throw FormatProblem.malformed("the batch table is not sorted or its batches overlap")
            }
            previous = (i, counters.upperBound)
            let replica = replicas[i]
            var signature: [UInt8]?
            switch try r.byte() {
            case 1:
                guard replica.publicKey != nil else {
                    throw FormatProblem.malformed("a batch of replica \(replica.id.rawValue.prefix(12))… is signed, but the replica table has no key for it")
                }
                signature = try r.bytes(64)
                signing.insert(i)
            case 2:
                guard !signing.contains(i) else {
                    throw FormatProblem.malformed("replica \(replica.id.rawValue.prefix(12))… has a vouched batch above a signed one")
                }
            case let other: throw FormatProblem.malformed("unknown batch kind \(other)")
            }
            batches.append(AuthorBatch(replica: replica.id, counters: counters, signature: signature))
        }
        return batches
    }

    /// Whether `s` can name a field in a file of `version`: lower-case letters, digits and `_`,
    /// starting with a letter; from version 4 also a release fact of the dataset record
    /// (``DatasetRecord/releaseField(_:)``), and from version 5 a field definition fact
    /// (``DatasetRecord/definitionField(_:)``).
    static func isFieldName(_ s: String, version: UInt8) -> Bool {
        if version >= 5, let name = DatasetRecord.definedFieldName(field: s) { return PartySchema.isValidFieldName(name) }
        if version >= 4, let release = DatasetRecord.releaseName(field: s) { return DatasetRecord.isValidReleaseName(release) }
        let u = s.utf8
        guard let first = u.first, (0x61...0x7A).contains(first), u.count <= 64 else { return false }
        return u.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }
}
