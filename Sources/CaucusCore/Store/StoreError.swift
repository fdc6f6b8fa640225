import GRDB

/// Why the store refused a request. Every case carries the context needed to act on it; the
/// descriptions state what happened, and say nothing of what a program's user should type.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No database at that path.
    case databaseMissing(path: String)
    /// A database already exists there, and creating one never overwrites it.
    case databaseExists(path: String)
    /// The file is not a Caucus database.
    case notACaucusDatabase(path: String, reason: String)
    /// The database was made by a newer Caucus.
    case newerDatabase(path: String, migration: String)
    /// Another process holds the database and did not let go in time.
    case busy(path: String)
    /// The disk (or the file system holding the database) is full; the transaction was rolled back.
    case diskFull(path: String)
    /// SQLite failed (I/O error, ...).
    case database(path: String, message: String)
    /// The party id does not follow the id rule.
    case invalidPartyID(String)
    /// No party with that id.
    case unknownParty(String, suggestions: [String])
    /// No field with that name in the schema.
    case unknownField(String, suggestions: [String])
    /// A value does not fit its field.
    case invalidValue(ValueError)
    /// `add`/`remove` on a single-valued field, or `set` on a set field.
    case wrongFieldKind(field: String, isSet: Bool)
    /// A date of a claim (`qualifier` is `as_of`, `start` or `end`) is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    case invalidDate(qualifier: String, text: String)
    /// A claim's span ends before it starts.
    case spanEndsBeforeStart(start: String, end: String)
    /// `retract` or `rank` of a claim that does not stand in the field.
    case noSuchClaim(party: String, field: String, value: FactValue, dates: ClaimDates)
    /// The record is deleted: it must be restored before it is edited.
    case partyDeleted(String)
    /// `restore` of a record that is not deleted.
    case partyNotDeleted(String)
    /// Text longer than `Limits` allows (sources and the like); `limit` is in bytes of UTF-8.
    case textTooLong(what: String, limit: Int)
    /// An operation in this replica's own name (with `counter`) that it does not hold: another
    /// replica wrote it.
    case ownOperationNotHeld(counter: Int64)
    /// An operation of `replica` outside its author's signed batches, though that replica signs
    /// every operation from `signsFrom` on.
    case unsignedOperation(replica: String, counter: Int64, signsFrom: Int64)
    /// A signed batch of `replica` with `counters` that meets a different signed batch held
    /// (its author signed two versions of them), or meets or lies below operations held unsigned.
    case conflictingBatch(replica: String, counters: ClosedRange<Int64>, heldSigned: Bool)
    /// A version (of a release, `what` names it) whose operations this replica does not all hold:
    /// per replica, its editor where this replica knows it, and the counters it lacks.
    case versionNotHeld(what: String, missing: [MissingOperations])
    /// No release of this name stands (`known`: the names that do).
    case unknownRelease(String, known: [String])
    /// A release of this name stands already; moving it needs `force`.
    case releaseExists(String)
    /// The release's name is held by two or more releases made without seeing each other.
    case releaseInConflict(String, candidates: Int)
    /// The release name, or the release, was refused.
    case invalidRelease(ReleaseError)
    /// A team field's name or definition was refused.
    case invalidField(SchemaError)
    /// A value for a deprecated field.
    case deprecatedField(String)
    /// A claim on a single-valued team field defined without claims.
    case takesNoClaims(field: String)
    /// A read or revert of `what`, which needs operations from before the release this replica
    /// compacted before (`release`), whose values it dropped.
    case beforeHorizon(what: String, release: String)
    /// An export to a peer that lacks operations from before the release this replica compacted
    /// before: it would carry operations without their values.
    case exportBehindHorizon(release: String)
    /// A shallow snapshot offered to a replica that holds operations already.
    case shallowIntoHeld(operations: Int64)

    public var description: String {
        switch self {
        case .databaseMissing(let p): return "no Caucus database at \(p)"
        case .databaseExists(let p): return "a database already exists at \(p)"
        case .notACaucusDatabase(let p, let r): return "\(p) is not a Caucus database: \(r)"
        case .newerDatabase(let p, let m): return "\(p) was written by a newer Caucus (it has migration \(m))"
        case .busy(let p): return "database busy: another connection is writing \(p)"
        case .diskFull(let p): return "the disk holding \(p) is full: nothing was changed"
        case .database(let p, let m): return "database error on \(p): \(m)"
        case .invalidPartyID(let id): return "\(JSONText.quoted(id)) is not a valid party id: use 1 to 64 lower-case letters, digits, '.', '_' or '-'"
        case .unknownParty(let id, let s): return "no party \(JSONText.quoted(id))" + Self.hint(s)
        case .unknownField(let f, let s): return "no field \(JSONText.quoted(f)) in the party schema" + Self.hint(s)
        case .invalidValue(let e): return e.description
        case .wrongFieldKind(let f, let isSet):
            return isSet ? "\(f) is a set field: use add or remove, or clear" : "\(f) holds a single value: use set or clear, not add or remove"
        case .invalidDate(let q, let t):
            return "\(q == "as_of" ? "as-of" : q) date must be YYYY, YYYY-MM or YYYY-MM-DD, got \(JSONText.quoted(t))"
        case .spanEndsBeforeStart(let s, let e): return "the span ends (\(e)) before it starts (\(s))"
        case .noSuchClaim(let p, let f, let v, let d):
            let dates = [("as_of", d.asOf), ("start", d.start), ("end", d.end)].compactMap { n, t in t.map { "\(n) \($0)" } }
            return "\(p) has no claim \(v.json) in \(f)" + (dates.isEmpty ? " without dates" : " with " + dates.joined(separator: ", "))
        case .partyDeleted(let id): return "party \(id) is deleted; it must be restored before it is edited"
        case .partyNotDeleted(let id): return "party \(id) is not deleted"
        case .textTooLong(let w, let l): return "\(w) is longer than \(l) bytes of UTF-8"
        case .ownOperationNotHeld(let c):
            return "operation \(c) is in this replica's own name, but this replica never wrote it: another replica wrote in its name"
        case .unsignedOperation(let r, let c, let f):
            return "operation \(c) of replica \(r.prefix(12))… is not signed by its author, who signs every operation from \(f) on: a relay added or altered it"
        case .conflictingBatch(let r, let c, let signed):
            let what = signed ? "meets a different signed batch held here: its author signed two versions of those operations"
                              : "conflicts with operations of that replica held here unsigned, vouched for by a relay, which may not be its author's"
            return "the signed batch of operations \(c.lowerBound)–\(c.upperBound) of replica \(r.prefix(12))… \(what)"
        case .versionNotHeld(let what, let missing):
            let total = missing.reduce(Int64(0)) { $0 + $1.counters.count }
            return "this replica lacks \(total) operation\(total == 1 ? "" : "s") of \(what): " + missing.map(\.description).joined(separator: "; ")
        case .unknownRelease(let name, let known):
            return "no release \(JSONText.quoted(name))" + (known.isEmpty ? "; this replica holds none" : "; the releases are " + known.joined(separator: ", "))
        case .releaseExists(let name): return "release \(name) exists already"
        case .releaseInConflict(let name, let n): return "release \(name) is in conflict: \(n) releases of that name were made without seeing each other"
        case .invalidRelease(let e): return e.description
        case .invalidField(let e): return e.description
        case .takesNoClaims(let f): return "field \(f) takes one value, not claims: it was defined without them"
        case .deprecatedField(let f): return "field \(f) is deprecated: it keeps its values, and takes no new ones"
        case .beforeHorizon(let what, let release):
            return "\(what) reaches before release \(release), and this replica dropped the values of the operations superseded before it (compact)"
        case .shallowIntoHeld(let n):
            return "a shallow snapshot starts a new replica, and this one holds \(n) operation\(n == 1 ? "" : "s")"
        case .exportBehindHorizon(let release):
            return "the peer lacks operations from before release \(release), and this replica dropped the values of the operations superseded before it (compact); only a peer that holds the release can be sent what it lacks"
        }
    }

    /// The operations of one replica that a version names and this replica lacks.
    public struct MissingOperations: Sendable, Equatable, CustomStringConvertible {
        /// The replica.
        public var replica: ReplicaID
        /// Its editor, when this replica has heard of it.
        public var editor: String?
        /// The counters lacking.
        public var counters: CounterSet

        public var description: String {
            let ranges = counters.ranges.prefix(3).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            let who = editor.map { "\($0) (replica \(replica.rawValue.prefix(12))…)" } ?? "replica \(replica.rawValue.prefix(12))… (unknown here)"
            return "\(counters.count) of \(who), counters " + ranges.joined(separator: ", ") + (counters.ranges.count > 3 ? ", …" : "")
        }
    }

    private static func hint(_ s: [String]) -> String {
        s.isEmpty ? "" : "; did you mean " + s.map { JSONText.quoted($0) }.joined(separator: " or ") + "?"
    }

    /// Maps a GRDB error to a store error for `path`.
    static func wrap(_ error: any Error, path: String) -> any Error {
        guard let dbError = error as? DatabaseError else { return error }
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy(path: path)
        case .SQLITE_FULL: return StoreError.diskFull(path: path)
        case .SQLITE_NOTADB: return StoreError.notACaucusDatabase(path: path, reason: "the file is not a SQLite database")
        default: return StoreError.database(path: path, message: dbError.message ?? "\(dbError.resultCode)")
        }
    }
}
