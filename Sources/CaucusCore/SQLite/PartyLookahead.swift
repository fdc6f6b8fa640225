import GRDB

/// What the store held for a party id when the transaction began.
package enum KnownParty: Sendable {
    /// The party's local id, and whether it was deleted.
    case found(pid: Int64, deleted: Bool)
    /// The store did not hold it: the transaction makes it, or made it already.
    case absent
}

/// Looks up parties in the store as a merge transaction found it, on a thread of the caller's
/// (a changeset's decoding thread), so that the transaction's own thread gets each operation's
/// party resolved. It reads a ``StoreSnapshot`` of its own.
///
/// As in the transaction's own lookups, parties are looked up one by one, then all of them in one
/// scan (``PartyDirectory/scanThreshold(_:)``), so the cost follows the change.
package final class PartyLookahead: @unchecked Sendable {
    private let snapshot: StoreSnapshot
    /// Local ids below this one are the parties the store held when the transaction began.
    private let firstNewParty: Int64

    init(snapshot: StoreSnapshot, firstNewParty: Int64) {
        self.snapshot = snapshot
        self.firstNewParty = firstNewParty
    }

    /// Runs `body` on this thread with `find`, which says what the store held for a party id.
    ///
    /// - Throws: what `body` throws, or a `DatabaseError` from the snapshot.
    package func run<T>(_ body: (_ find: (String) throws -> KnownParty) throws -> T) throws -> T {
        try snapshot.read { db in
            let select = try FastStatement(db, sql: "SELECT pid, deleted FROM party WHERE id = ? AND pid < ?")
            select.bind(2, firstNewParty)
            var found: [String: KnownParty] = [:]
            var lookups: Int64 = 0
            var all: (byID: [String: Int64], deleted: [Bool])?
            return try body { id in
                if let all { return all.byID[id].map { .found(pid: $0, deleted: all.deleted[Int($0)]) } ?? .absent }
                if let party = found[id] { return party }
                select.bind(1, id)
                defer { select.reset() }
                guard try select.step() else { return .absent }
                let party = KnownParty.found(pid: select.int64(0), deleted: select.int64(1) != 0)
                found[id] = party
                lookups += 1
                if lookups >= PartyDirectory.scanThreshold(firstNewParty) {
                    all = try PartyDirectory.readAll(db, below: firstNewParty)
                }
                return party
            }
        }
    }
}
