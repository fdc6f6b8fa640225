import GRDB

/// The parties of one write transaction by id: their local ids (`party.pid`) and whether each is
/// deleted; makes the row of a party the store has never seen.
///
/// Parties are looked up one by one until the transaction has looked up ``scanThreshold(_:)`` of
/// them; then every party the store held when the transaction began is read in one scan
/// (``readAll(_:below:)``), so that the cost follows the size of the change, not of the store.
/// ``PartyLookahead`` uses the same threshold and the same scan.
final class PartyDirectory {
    private let db: Database
    /// Local ids from this one up are parties this transaction made (`party.pid` is a rowid and
    /// parties are never removed).
    let firstNewParty: Int64
    /// How many parties this transaction has made: their local ids are `firstNewParty` and up, consecutive.
    private(set) var newPartyCount = 0
    /// Local id by party id, for parties looked up or made since the last ``forgetLookups()``.
    private var cachedIDs: [String: Int64] = [:]
    /// Deletion status by local id, as of the transaction's start or its recompute, with the local
    /// deletes and restores noted since; for parties looked up or made since the last forget.
    private var cachedDeleted: [Int64: Bool] = [:]
    /// Every party the store held when the transaction began, by id, once the scan has run; nil before.
    private var scannedIDs: [String: Int64]?
    /// Whether each scanned party was deleted when the transaction began, by local id; empty before the scan.
    private var scannedDeleted: [Bool] = []
    /// Whether ``forgetLookups()`` has dropped parties this transaction made from `cachedIDs`.
    private var forgotNewParties = false
    /// How many parties have been looked up one by one; the scan runs once it reaches the threshold.
    private var lookupCount: Int64 = 0
    private let selectParty: FastStatement
    private let insertParty: FastStatement

    init(_ db: Database) throws {
        self.db = db
        firstNewParty = (try Int64.fetchOne(db, sql: "SELECT max(pid) FROM party") ?? 0) + 1
        selectParty = try FastStatement(db, sql: "SELECT pid, deleted FROM party WHERE id = ?")
        insertParty = try FastStatement(db, sql: "INSERT INTO party (id) VALUES (?)")
    }

    /// After how many parties looked up one by one a transaction reads all of them in one scan
    /// (``readAll(_:below:)``): an eighth of those the store held (at least 1,024), whose lookups
    /// cost about as much as the scan, so the cost still follows the change.
    static func scanThreshold(_ firstNewParty: Int64) -> Int64 { max(1024, (firstNewParty - 1) / 8) }

    /// The ids of every party below `firstNewParty` (those the store held when the transaction
    /// began), and whether each was deleted, by local id.
    static func readAll(_ db: Database, below firstNewParty: Int64) throws -> (byID: [String: Int64], deleted: [Bool]) {
        let all = try FastStatement(db, sql: "SELECT pid, id, deleted FROM party WHERE pid < ?")
        all.bind(1, firstNewParty)
        var byID: [String: Int64] = [:]
        byID.reserveCapacity(Int(firstNewParty))
        var deleted = [Bool](repeating: false, count: Int(firstNewParty))
        while try all.step() {
            let pid = all.int64(0)
            guard pid >= 0, let id = all.string(1) else { continue }
            byID[id] = pid
            deleted[Int(pid)] = all.int64(2) != 0
        }
        return (byID, deleted)
    }

    /// The local id of party `id`, or nil when the store has never seen it.
    func existing(_ id: String) throws -> Int64? {
        if let scannedIDs {
            if let pid = scannedIDs[id] { return pid }
            if newPartyCount == 0 { return nil }   // only a party made in this transaction can be missing
        }
        if let pid = cachedIDs[id] { return pid }
        selectParty.bind(1, id)
        defer { selectParty.reset() }
        guard try selectParty.step() else { return nil }
        let pid = selectParty.int64(0)
        cachedIDs[id] = pid
        if cachedDeleted[pid] == nil { cachedDeleted[pid] = selectParty.int64(1) != 0 }
        lookupCount += 1
        if scannedIDs == nil && lookupCount >= Self.scanThreshold(firstNewParty) {
            (scannedIDs, scannedDeleted) = try Self.readAll(db, below: firstNewParty)
        }
        return pid
    }

    /// The local id of party `id`, making the party's row when the store has never seen it;
    /// `known` is what a ``PartyLookahead`` found for it, if one looked.
    ///
    /// - Returns: the local id, and whether this call made the party.
    func resolve(_ id: String, known: KnownParty? = nil) throws -> (pid: Int64, made: Bool) {
        switch known {
        case .found(let pid, _)?:
            return (pid, false)
        case .absent?:
            // Not in the store when the transaction began: made by this transaction (and still
            // cached, unless a batch has been merged since), or new.
            if let pid = cachedIDs[id] { return (pid, false) }
            if forgotNewParties, let pid = try existing(id) { return (pid, false) }
        case nil:
            if let pid = try existing(id) { return (pid, false) }
        }
        insertParty.bind(1, id)
        try insertParty.execute()
        let pid = db.lastInsertedRowID
        precondition(pid >= firstNewParty, "party rowids must grow")
        cachedIDs[id] = pid
        cachedDeleted[pid] = false
        newPartyCount += 1
        return (pid, true)
    }

    /// A lookahead of this transaction's parties with a snapshot of its own; nil when the store
    /// held no party when the transaction began, or no snapshot can be opened (``StoreSnapshot/open(beside:)``).
    func lookahead() throws -> PartyLookahead? {
        guard firstNewParty > 1, let snapshot = try StoreSnapshot.open(beside: db) else { return nil }
        return PartyLookahead(snapshot: snapshot, firstNewParty: firstNewParty)
    }

    /// Whether the party was made in this transaction.
    func isNew(_ pid: Int64) -> Bool { pid >= firstNewParty }

    /// The local id the next party made will get.
    var nextNewParty: Int64 { firstNewParty + Int64(newPartyCount) }

    /// The local ids of the parties this transaction made.
    var newParties: Range<Int64> { firstNewParty..<nextNewParty }

    /// Drops the cached lookups (ids and deletion status, both as they were when the transaction
    /// began), so that a large import's memory follows its batch, not its size. The parties read
    /// in one scan stay: they are the store's, not the import's.
    func forgetLookups() {
        if newPartyCount > 0 { forgotNewParties = true }
        cachedIDs.removeAll()
        cachedDeleted.removeAll()
    }

    /// Whether the party is deleted, as of the last recompute (the start of this transaction, or
    /// its end), or as a local delete or restore of this transaction left it (``noteDeleted(_:_:)``).
    func isDeleted(_ pid: Int64) throws -> Bool {
        if let d = cachedDeleted[pid] { return d }
        if pid < scannedDeleted.count { return scannedDeleted[Int(pid)] }
        let d = try Bool.fetchOne(db, sql: "SELECT deleted FROM party WHERE pid = ?", arguments: [pid]) ?? false
        cachedDeleted[pid] = d
        return d
    }

    /// Records the party's deletion status: after a local delete or restore made in this
    /// transaction, or after the recompute.
    func noteDeleted(_ pid: Int64, _ deleted: Bool) { cachedDeleted[pid] = deleted }
}
