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
/// As in the transaction's own lookups, parties are looked up one by one until as many have been
/// as an eighth of the store's parties (at least 1,024); then all of them are read in one scan,
/// so the cost follows the change.
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
            var found: [String: (pid: Int64, deleted: Bool)] = [:]
            var lookups: Int64 = 0
            var all: [String: (pid: Int64, deleted: Bool)]?
            let threshold = max(1024, (firstNewParty - 1) / 8)
            return try body { id in
                if let all { return all[id].map { .found(pid: $0.pid, deleted: $0.deleted) } ?? .absent }
                if let party = found[id] { return .found(pid: party.pid, deleted: party.deleted) }
                select.bind(1, id)
                defer { select.reset() }
                guard try select.step() else { return .absent }
                let party = (pid: select.int64(0), deleted: select.int64(1) != 0)
                found[id] = party
                lookups += 1
                if lookups >= threshold { all = try Self.readAll(db, below: firstNewParty) }
                return .found(pid: party.pid, deleted: party.deleted)
            }
        }
    }

    /// Every party below `firstNewParty`, by id, in one scan.
    private static func readAll(_ db: Database, below firstNewParty: Int64) throws -> [String: (pid: Int64, deleted: Bool)] {
        let scan = try FastStatement(db, sql: "SELECT pid, id, deleted FROM party WHERE pid < ?")
        scan.bind(1, firstNewParty)
        var all: [String: (pid: Int64, deleted: Bool)] = [:]
        all.reserveCapacity(Int(firstNewParty))
        while try scan.step() {
            guard let id = scan.string(1) else { continue }
            all[id] = (scan.int64(0), scan.int64(2) != 0)
        }
        return all
    }
}
