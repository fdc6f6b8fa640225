import Foundation
import GRDB

/// A live head of a fact as the store reads it: what the claim rules (``Merge/claims(_:)``) and a
/// local writer's pred need, without making a ``FactOperation``.
struct HeadEntry: FieldHead {
    /// The op's local id.
    var id: Int64
    var kind: OperationKind
    var value: FactValue?
    /// Its source, dates, note and rank, from `op.extra`.
    var qualifiers: ClaimQualifiers

    var source: String? { qualifiers.source }
    var dates: ClaimDates { qualifiers.dates }
    var note: String? { qualifiers.note }
    var rank: ClaimRank? { qualifiers.rank }
}

extension HeadEntry {
    /// The head in columns `first`… of a row: local id, kind, value and `extra`; nil for a row
    /// that holds none (an outer join's) or a kind this build does not know.
    init?(_ row: Row, from first: Int) {
        guard let id = row[first] as Int64?, let kind = OperationKind.stored(row[first + 1]) else { return nil }
        let extra = (row[first + 3] as Data?).map { $0.withUnsafeBytes { OpExtra($0, qualifiersOnly: true).qualifiers } }
        self.init(id: id, kind: kind, value: FactValue(row[first + 2]), qualifiers: extra ?? ClaimQualifiers())
    }
}

extension FastStatement {
    /// The head in columns `first`… of the current row: local id, kind, value and `extra`.
    func headEntry(from first: Int32) -> HeadEntry? {
        guard let kind = OperationKind.stored(int64(first + 1)) else { return nil }
        let qualifiers = withBlob(first + 3) { OpExtra($0, qualifiersOnly: true).qualifiers }
        return HeadEntry(id: int64(first), kind: kind, value: factValue(first + 2), qualifiers: qualifiers)
    }
}
