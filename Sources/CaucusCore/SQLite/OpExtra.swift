import Foundation
import GRDB

/// The rarely present parts of a stored operation, packed into `op.extra`
/// (`Schema/migrations/m003_compact_op.sql`).
///
/// Layout: a varint tag `predCount << 4 | hasSource | hasAsOf << 1 | hasContext << 2 | hasTime << 3`;
/// then, per pred, the varints of its replica's local index and its counter; then
/// the source and the as-of date that the tag announces, each as a varint byte count
/// followed by UTF-8; then the delete context: a varint count of replicas and, per
/// replica in increasing local index, that index, a varint count of ranges and, per
/// range, its first counter and its length less one; then the time, in seconds from
/// its replica's epoch, as a zigzag varint (0, -1, 1, -2, … as 0, 1, 2, 3, …); then, only when the
/// op qualifies a claim further (`m005_claims.sql`), a varint tag `hasStart | hasEnd << 1 |
/// hasNote << 2 | (rank + 1) << 3` (no rank: 0) and the texts it announces, as above.
/// A varint is seven bits a byte, least significant first, the high bit set on all but
/// the last. An operation with none of them (time at the epoch) stores NULL.
struct OpExtra: Equatable {
    /// The local ids of the ops it supersedes.
    var predIDs: [Int64] = []
    /// Its source, dates, note and rank.
    var qualifiers = ClaimQualifiers()
    /// The delete context: what the deleting replica held, by local replica index (increasing).
    var context: [ContextEntry]?
    /// Seconds from the epoch of the op's replica.
    var time: Int64 = 0

    /// The counters of one replica that a delete context holds.
    struct ContextEntry: Equatable {
        /// The replica's local index.
        var replica: Int64
        /// Its counters, as increasing, disjoint ranges.
        var ranges: [ClosedRange<Int64>]

        /// A version vector as context entries; replicas `index` has no local index for are left out.
        static func entries(_ vv: VersionVector, index: (ReplicaID) throws -> Int64?) rethrows -> [ContextEntry] {
            try vv.entries.compactMap { uid, set in try index(uid).map { ContextEntry(replica: $0, ranges: set.ranges) } }
                .sorted { $0.replica < $1.replica }
        }

        /// Whether the context holds the op with local id `id`.
        static func contains(_ entries: [ContextEntry], _ id: Int64) -> Bool {
            let replica = OpID.replica(id), counter = OpID.counter(id)
            return entries.contains { $0.replica == replica && $0.ranges.contains { $0.contains(counter) } }
        }
    }

    init(predIDs: [Int64] = [], qualifiers: ClaimQualifiers = ClaimQualifiers(), context: [ContextEntry]? = nil, time: Int64 = 0) {
        self.predIDs = predIDs
        self.qualifiers = qualifiers
        self.context = context
        self.time = time
    }

    // The parts of `qualifiers` by the names the packed layout gives them.
    var source: String? { get { qualifiers.source } set { qualifiers.source = newValue } }
    var asOf: String? { get { qualifiers.dates.asOf } set { qualifiers.dates.asOf = newValue } }
    var start: String? { get { qualifiers.dates.start } set { qualifiers.dates.start = newValue } }
    var end: String? { get { qualifiers.dates.end } set { qualifiers.dates.end = newValue } }
    var note: String? { get { qualifiers.note } set { qualifiers.note = newValue } }
    var rank: ClaimRank? { get { qualifiers.rank } set { qualifiers.rank = newValue } }

    /// The packed bytes, or nil when there is nothing to store.
    func encoded() -> [UInt8]? {
        Self.encoded(predIDs: predIDs, qualifiers: qualifiers, context: context, time: time)
    }

    /// The packed bytes of an op's parts, or nil when there is nothing to store; what a store
    /// writes for every op, from parts it only borrows.
    static func encoded(predIDs: [Int64], qualifiers: borrowing ClaimQualifiers, context: [ContextEntry]?, time: Int64) -> [UInt8]? {
        let dates = qualifiers.dates
        let claimTag = UInt64((dates.start != nil ? 1 : 0) | (dates.end != nil ? 2 : 0) | (qualifiers.note != nil ? 4 : 0))
            | UInt64(qualifiers.rank.map { $0.rawValue + 1 } ?? 0) << 3
        let flags = (qualifiers.source != nil ? 1 : 0) | (dates.asOf != nil ? 2 : 0) | (context != nil ? 4 : 0) | (time != 0 ? 8 : 0)
        if predIDs.isEmpty && flags == 0 && claimTag == 0 { return nil }
        var bytes: [UInt8] = []
        Varint.append(UInt64(predIDs.count) << 4 | UInt64(flags), to: &bytes)
        for id in predIDs {
            Varint.append(UInt64(OpID.replica(id)), to: &bytes)
            Varint.append(UInt64(OpID.counter(id)), to: &bytes)
        }
        // Texts one by one, not through an array: this runs once per stored op.
        func append(_ text: String?) {
            guard let text else { return }
            Varint.append(UInt64(text.utf8.count), to: &bytes)
            bytes.append(contentsOf: text.utf8)
        }
        append(qualifiers.source)
        append(dates.asOf)
        if let context {
            Varint.append(UInt64(context.count), to: &bytes)
            for entry in context {
                Varint.append(UInt64(entry.replica), to: &bytes)
                Varint.append(UInt64(entry.ranges.count), to: &bytes)
                for range in entry.ranges {
                    Varint.append(UInt64(range.lowerBound), to: &bytes)
                    Varint.append(UInt64(range.upperBound - range.lowerBound), to: &bytes)
                }
            }
        }
        if time != 0 { Varint.append(Varint.zigZag(time), to: &bytes) }
        if claimTag != 0 {
            Varint.append(claimTag, to: &bytes)
            append(dates.start)
            append(dates.end)
            append(qualifiers.note)
        }
        return bytes
    }

    /// Unpacks `op.extra` (empty for NULL). Bytes this store did not write as above
    /// yield the parts read before the first one that does not parse, never a trap.
    ///
    /// - Parameter qualifiersOnly: whether to skip the pred and the delete context, for a reader
    ///   that only asks about the claim (nothing is allocated for them).
    init(_ bytes: UnsafeRawBufferPointer, qualifiersOnly: Bool = false) {
        var offset = 0
        struct End: Error {}
        func varint() -> UInt64? {
            try? Varint.read {
                guard offset < bytes.count else { throw End() }
                defer { offset += 1 }
                return bytes[offset]
            }
        }
        func text() -> String? {
            guard let n = varint(), n <= bytes.count - offset else { return nil }
            defer { offset += Int(n) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(n)]), as: UTF8.self)
        }
        guard !bytes.isEmpty, let tag = varint() else { return }
        let count = tag >> 4
        guard count <= UInt64(bytes.count) else { return }
        for _ in 0..<count {
            guard let replica = varint(), let counter = varint(),
                  replica < 1 << 23, counter <= UInt64(OpID.counterMask) else { return }
            if !qualifiersOnly { predIDs.append(OpID.make(Int64(replica), Int64(counter))) }
        }
        if tag & 1 != 0 { guard let s = text() else { return }; source = s }
        if tag & 2 != 0 { guard let a = text() else { return }; asOf = a }
        if tag & 4 != 0 {
            guard let n = varint(), n <= UInt64(bytes.count) else { return }
            var entries: [ContextEntry] = []
            for _ in 0..<n {
                guard let replica = varint(), replica < 1 << 23, let m = varint(), m <= UInt64(bytes.count) else { return }
                var ranges: [ClosedRange<Int64>] = []
                for _ in 0..<m {
                    guard let first = varint(), let length = varint(), first <= UInt64(OpID.counterMask),
                          length <= UInt64(OpID.counterMask) - first else { return }
                    ranges.append(Int64(first)...Int64(first + length))
                }
                entries.append(ContextEntry(replica: Int64(replica), ranges: ranges))
            }
            if !qualifiersOnly { context = entries }
        }
        if tag & 8 != 0 {
            guard let z = varint() else { return }
            time = Varint.unZigZag(z)
        }
        guard offset < bytes.count, let claimTag = varint() else { return }
        if claimTag & 1 != 0 { guard let s = text() else { return }; start = s }
        if claimTag & 2 != 0 { guard let s = text() else { return }; end = s }
        if claimTag & 4 != 0 { guard let s = text() else { return }; note = s }
        if claimTag >> 3 != 0 { rank = ClaimRank(rawValue: UInt8(truncatingIfNeeded: (claimTag >> 3) - 1)) }
    }

}

extension OperationKind {
    /// The kind that a stored `op.kind` code stands for (its raw value, `m004_fact_op.sql`); nil for an unknown code.
    static func stored(_ code: Int64) -> OperationKind? {
        guard let kind = OperationKind(rawValue: UInt8(truncatingIfNeeded: code)), code == Int64(kind.rawValue) else { return nil }
        return kind
    }

    /// The `op.kind` codes of the kinds that are current until superseded (set, add, delete,
    /// rank), as an SQL list: an op of one of these kinds with a `fact_op` row is live (m004
    /// invariant 7, m005).
    static let liveKindsSQL = "(1, 3, 5, 7)"

    /// The `op.kind` codes of the kinds that write a claim (set, add), as an SQL list: the live
    /// ones are a field's standing claims, which search indexes.
    static let claimKindsSQL = "(1, 3)"
}

extension OpExtra {
    /// `caucus_op_preds(extra)`: the local ids an op's `extra` names in its pred, as a JSON
    /// array, or NULL when it names none; for `m004_fact_op.sql`.
    static let predsFunction = DatabaseFunction("caucus_op_preds", argumentCount: 1, pure: true) { values in
        guard case .blob(let data) = values[0].storage else { return nil }
        let preds = data.withUnsafeBytes { OpExtra($0).predIDs }
        return preds.isEmpty ? nil : "[" + preds.map(String.init).joined(separator: ",") + "]"
    }

    /// `caucus_op_extra(pred, source, as_of, context, time, replicas)`: packs five columns of
    /// m001's op table into `extra`, for `m003_compact_op.sql` (whose replicas keep epoch 0).
    /// m001 stored pred as little-endian 64-bit local ids and a delete context as version
    /// vector JSON; `replicas` is a JSON object of every replica's local index by id.
    static let packingFunction = DatabaseFunction("caucus_op_extra", argumentCount: 6, pure: true) { values in
        var extra = OpExtra()
        if case .blob(let data) = values[0].storage {
            extra.predIDs = data.withUnsafeBytes { raw in
                stride(from: 0, to: raw.count - 7, by: 8).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: Int64.self)) }
            }
        }
        extra.source = String.fromDatabaseValue(values[1])
        extra.asOf = String.fromDatabaseValue(values[2])
        if let json = String.fromDatabaseValue(values[3]) {
            let vv = try VersionVector(json: Data(json.utf8))
            let indexes = try replicaIndexes(String.fromDatabaseValue(values[5]) ?? "{}")
            extra.context = ContextEntry.entries(vv) { indexes[$0.rawValue] }
        }
        extra.time = Int64.fromDatabaseValue(values[4]) ?? 0
        return extra.encoded().map { Data($0) }
    }

    /// The local index of each replica by id, from the `{"uid": idx, …}` object that
    /// `m003_compact_op.sql` passes to ``packingFunction`` (`json_group_object(uid, idx)`).
    ///
    /// - Throws: a `JSONReadError` when it is not JSON, a `DatabaseError` when it is not such an object.
    static func replicaIndexes(_ json: String) throws -> [String: Int64] {
        let notIndexes = DatabaseError(message: "caucus_op_extra: replicas is not an object of local indexes")
        guard case .object(let members) = try JSONScanner.value(of: json.utf8) else { throw notIndexes }
        return try members.mapValues { member in
            guard case .integer(let index) = member else { throw notIndexes }
            return index
        }
    }
}
