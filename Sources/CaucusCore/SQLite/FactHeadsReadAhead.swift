import GRDB

/// The heads of a fact as the write transaction found it, read ahead from a ``StoreSnapshot``:
/// their ids and, for a scalar fact with two or more, the ops as a conflict test reads them.
struct ReadAheadHeads {
    var ids: [Int64] = []
    var entries: [HeadEntry]?
}

extension StoreSnapshot {
    /// Reads the heads of each of `facts`, in order, on a thread of its own a chunk ahead
    /// (``ReadAhead``), and calls `body` with them on this thread: nil for a record-level fact
    /// (field 0) and for a fact of a party from `firstFresh` on (one that has no stored op).
    ///
    /// - Parameter setFields: the set fields, whose values a conflict test never reads.
    /// - Throws: what `body` throws, or a `DatabaseError` from the snapshot.
    func forEachFactsHeads(_ facts: [FactKey], firstFresh: Int64, setFields: Set<Int64>,
                           _ body: (ReadAheadHeads?) throws -> Void) throws {
        try ReadAhead<ReadAheadHeads?>(chunkSize: 1024) { emit in
            try self.read { db in
                let selectHeads = try FastStatement(db, sql: FactHeads.selectHeadsSQL)
                let selectEntry = try FastStatement(db, sql: FactHeads.selectEntrySQL)
                for fact in facts {
                    guard fact.field != 0, fact.party < firstFresh else { try emit(nil); continue }
                    var heads = ReadAheadHeads()
                    try FactHeads.readHeads(selectHeads, party: fact.party, field: fact.field, into: &heads.ids)
                    if heads.ids.count > 1 && !setFields.contains(fact.field) {
                        heads.entries = try FactHeads.storedEntries(selectEntry, heads.ids)
                    }
                    try emit(heads)
                }
            }
        }.forEach(body)
    }
}
