import Foundation
import GRDB

extension PartyStore {
    /// Applies local edits in one transaction: all of them, or none when `body` throws.
    ///
    /// Each edit becomes an operation stamped with this replica and its next
    /// counter, superseding the values this replica holds for that fact. A store opened with an
    /// author chain extends it over the new operations in the same transaction (m006 10).
    ///
    /// ```swift
    /// try store.applyEdits(time: 1_700_000_000) { writer in
    ///     try writer.apply(Edit(party: "ucpa", field: "ideology", action: .add(.text("Communism"))))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - time: the time stamped on the operations, in seconds since 1970 (shown only).
    ///   - body: calls ``EditWriter/apply(_:)`` for each edit.
    /// - Returns: what changed.
    /// - Throws: the first ``StoreError`` an edit raises (nothing is applied), or what `body` throws.
    @discardableResult
    public func applyEdits(time: Int64, _ body: (EditWriter) throws -> Void) throws -> WriteSummary {
        try write { db in
            let transaction = try WriteTransaction(db, builtIn: builtInSchema, mode: .local)
            let writer = try EditWriter(transaction: transaction, time: time, local: localReplica.id)
            try body(writer)
            let outcome = try transaction.finish()
            if let authorChaining, writer.count > 0 { try Self.extendAuthorChain(db, local: localReplica.id, with: authorChaining) }
            return WriteSummary(operationsAdded: writer.count, duplicates: 0, partiesTouched: outcome.partiesTouched,
                                newConflicts: outcome.newConflicts, settledConflicts: outcome.settledConflicts)
        }
    }
}

/// What a write transaction changed.
public struct WriteSummary: Sendable, Hashable {
    /// Operations stored by this write.
    public var operationsAdded: Int
    /// Operations that were already stored, and were skipped.
    public var duplicates: Int
    /// Records that got at least one operation.
    public var partiesTouched: Int
    /// Fields that became a conflict.
    public var newConflicts: Int
    /// Fields whose conflict was settled.
    public var settledConflicts: Int
}

/// Turns local edits into operations inside one ``PartyStore/applyEdits(time:_:)`` transaction.
public final class EditWriter {
    private let transaction: WriteTransaction
    /// The transaction's party ids, held here as each edit looks its party up.
    private let parties: PartyDirectory
    /// The transaction's field ids.
    private let fields: FieldDirectory
    private let time: Int64
    private let localIndex: Int64
    private let localID: ReplicaID
    private var counter: Int64
    /// What the replica held when this writer started (computed at the first delete).
    private var heldAtStart: VersionVector?
    /// How many operations this writer has made.
    public private(set) var count = 0

    init(transaction: WriteTransaction, time: Int64, local: ReplicaID) throws {
        self.transaction = transaction
        parties = transaction.parties
        fields = transaction.fields
        self.time = time
        self.localID = local
        localIndex = try transaction.replicas.index(local)
        counter = try transaction.statistics.maxCounter(localIndex)
    }

    /// Checks `edit` against the schema and the record's state, and stores it as an operation.
    ///
    /// What the operation names in its pred (the heads of its field this replica holds):
    /// - `set` and `clear`: every claim and rank of the field;
    /// - `add` and `claim`: the heads that write the same claim (value and dates) from the same
    ///   source, so that a claim from another source corroborates it; and, when none writes it,
    ///   the ranks of it that outlived it, so that it starts again at normal rank;
    /// - `remove`: every claim and rank of the member's value, whatever its dates;
    /// - `retract`: every claim and rank of that value and those dates;
    /// - `rank`: the ranks of that claim.
    ///
    /// - Throws: ``StoreError`` for an invalid party id, unknown field, bad value, wrong field
    ///   kind, bad date or span, too long a source or note, a retract or rank of a claim that
    ///   does not stand, or an edit to a deleted record.
    public func apply(_ edit: Edit) throws {
        guard PartySchema.isValidPartyID(edit.party) else { throw StoreError.invalidPartyID(edit.party) }
        try Self.checkDate(edit.dates.asOf, named: "as_of")
        try Self.checkDate(edit.dates.start, named: "start")
        try Self.checkDate(edit.dates.end, named: "end")
        if let start = edit.dates.start, let end = edit.dates.end, edit.dates.problem != nil {
            throw StoreError.spanEndsBeforeStart(start: start, end: end)
        }
        if let source = edit.source, !Limits.fits(source: source) { throw StoreError.textTooLong(what: "source", limit: Limits.sourceBytes) }
        if let note = edit.note, !Limits.fits(note: note) { throw StoreError.textTooLong(what: "note", limit: Limits.noteBytes) }
        let schema = transaction.schema
        switch edit.action {
        case .delete, .restore:
            guard let pid = try parties.existing(edit.party) else {
                throw StoreError.unknownParty(edit.party, suggestions: [])
            }
            let deleted = try parties.isDeleted(pid)
            let isDelete = edit.action == .delete
            if !isDelete && !deleted { throw StoreError.partyNotDeleted(edit.party) }
            if try isDelete && deleted && !hasDeleteConflict(pid) {
                throw StoreError.partyDeleted(edit.party)
            }
            let live = try transaction.liveEntries(party: pid, field: 0)
            var context: [OpExtra.ContextEntry]?
            if isDelete {
                if heldAtStart == nil { heldAtStart = try PartyStore.versionVector(transaction.db) }
                var vv = heldAtStart!
                vv[localID].formUnion(CounterSet(upTo: counter))
                context = try OpExtra.ContextEntry.entries(vv) { try transaction.replicas.index($0) }
            }
            try store(pid: pid, fid: 0, kind: isDelete ? .delete : .restore, value: nil, pred: live.map(\.id), context: context,
                      qualifiers: ClaimQualifiers(source: edit.source))
            parties.noteDeleted(pid, isDelete)
        case .set(let raw), .add(let raw), .remove(let raw), .claim(let raw), .retract(let raw), .rank(let raw, _):
            guard let def = schema.field(edit.field) else {
                throw StoreError.unknownField(edit.field, suggestions: schema.suggestions(for: edit.field))
            }
            let kind: OperationKind, rank: ClaimRank?
            switch edit.action {
            case .set: (kind, rank) = (.set, nil)
            case .add, .claim: (kind, rank) = (.add, nil)
            case .remove, .retract: (kind, rank) = (.remove, nil)
            case .rank(_, let r): (kind, rank) = (.rank, r)
            default: preconditionFailure("not a field edit")
            }
            switch edit.action {
            case .set: guard !def.isSet else { throw StoreError.wrongFieldKind(field: def.name, isSet: true) }
            case .add, .remove: guard def.isSet else { throw StoreError.wrongFieldKind(field: def.name, isSet: false) }
            case .claim: guard def.isSet || def.takesClaims else { throw StoreError.takesNoClaims(field: def.name) }
            default: break
            }
            if def.isDeprecated && kind.writesClaim { throw StoreError.deprecatedField(def.name) }
            let value: FactValue
            do { value = try def.check(raw) } catch let e as ValueError { throw StoreError.invalidValue(e) }
            let pid: Int64
            if kind.writesClaim {
                pid = try transaction.party(edit.party)
            } else {
                guard let existing = try parties.existing(edit.party) else { throw StoreError.unknownParty(edit.party, suggestions: []) }
                pid = existing
            }
            if try parties.isDeleted(pid) { throw StoreError.partyDeleted(edit.party) }
            let fid = try fields.id(def.name)
            let live = try transaction.liveEntries(party: pid, field: fid)
            // The heads of this very claim; only adds, retracts and ranks need them.
            func headsOfThisClaim() -> [HeadEntry] {
                let key = ClaimKey(value: value, dates: edit.dates)
                return live.filter { $0.claimKey == key }
            }
            let pred: [HeadEntry]
            switch edit.action {
            case .set: pred = live
            case .add, .claim:
                let sameClaim = headsOfThisClaim()
                let writers = sameClaim.filter { $0.kind.writesClaim }
                pred = writers.isEmpty ? sameClaim : writers.filter { $0.source == edit.source }
            case .remove: pred = live.filter { $0.value == value }
            default:
                let sameClaim = headsOfThisClaim()
                guard sameClaim.contains(where: { $0.kind.writesClaim }) else {
                    throw StoreError.noSuchClaim(party: edit.party, field: def.name, value: value, dates: edit.dates)
                }
                pred = kind == .rank ? sameClaim.filter { $0.kind == .rank } : sameClaim
            }
            // Only a field with two or more heads can be in conflict, and a local edit can only settle one.
            if live.count > 1 { try transaction.derived.noteFieldChanged(party: pid, field: fid) }
            let qualifiers = ClaimQualifiers(source: kind.writesClaim ? edit.source : nil, dates: edit.dates,
                                             note: kind.writesClaim ? edit.note : nil, rank: rank)
            try store(pid: pid, fid: fid, kind: kind, value: value, pred: pred.map(\.id), context: nil, qualifiers: qualifiers)
        case .clear:
            guard let def = schema.field(edit.field) else {
                throw StoreError.unknownField(edit.field, suggestions: schema.suggestions(for: edit.field))
            }
            guard let pid = try parties.existing(edit.party) else {
                throw StoreError.unknownParty(edit.party, suggestions: [])
            }
            if try parties.isDeleted(pid) { throw StoreError.partyDeleted(edit.party) }
            let fid = try fields.id(def.name)
            let live = try transaction.liveEntries(party: pid, field: fid)
            if live.count > 1 { try transaction.derived.noteFieldChanged(party: pid, field: fid) }
            try store(pid: pid, fid: fid, kind: .clear, value: nil, pred: live.map(\.id), context: nil, qualifiers: ClaimQualifiers(source: edit.source))
        }
    }

    /// Writes the release `name` of what the replica held when this transaction began: the
    /// transaction's first and only edit, so that its version vector and counts are that state's.
    func writeRelease(_ name: String, note: String?, force: Bool) throws -> Release {
        precondition(count == 0, "a release is the only edit of its transaction")
        let pid = try transaction.party(DatasetRecord.id)
        let fid = try fields.id(DatasetRecord.releaseField(name))
        let live = try transaction.liveEntries(party: pid, field: fid)
        if !live.isEmpty && !force { throw StoreError.releaseExists(name) }
        let counts = try PartyStore.releaseCounts(transaction.db)
        let release = Release(name: name, versionVector: try PartyStore.versionVector(transaction.db), note: note,
                              recordCount: counts.records, conflictCount: counts.conflicts)
        do { _ = try Release(name: name, value: release.value) } catch { throw StoreError.invalidRelease(error) }
        if live.count > 1 { try transaction.derived.noteFieldChanged(party: pid, field: fid) }
        try store(pid: pid, fid: fid, kind: .set, value: release.value, pred: live.map(\.id), context: nil, qualifiers: ClaimQualifiers())
        return release
    }

    /// Writes `definition` as the definition of its team field, naming every definition standing,
    /// unless it is the one standing already (false).
    ///
    /// - Throws: ``StoreError/invalidField(_:)`` when it widens none of the definitions standing.
    func writeDefinition(_ definition: FieldDefinition) throws -> Bool {
        let standing = try PartyStore.definitionEntries(transaction.db)[definition.name] ?? []
        if standing.count == 1 && standing[0].definition == definition { return false }
        if !standing.isEmpty, !standing.contains(where: { definition.narrowing(from: $0.definition) == nil }) {
            throw StoreError.invalidField(.narrowing(name: definition.name, problem: definition.narrowing(from: standing[0].definition)!))
        }
        let pid = try transaction.party(DatasetRecord.id)
        let fid = try fields.id(DatasetRecord.definitionField(definition.name))
        let live = try transaction.liveEntries(party: pid, field: fid)
        if live.count > 1 { try transaction.derived.noteFieldChanged(party: pid, field: fid) }
        try store(pid: pid, fid: fid, kind: .set, value: definition.definitionValue, pred: live.map(\.id), context: nil, qualifiers: ClaimQualifiers())
        return true
    }

    /// Clears the release fact `name`: every release standing under it.
    func clearRelease(_ name: String) throws {
        let pid = try transaction.party(DatasetRecord.id)
        let fid = try fields.id(DatasetRecord.releaseField(name))
        let live = try transaction.liveEntries(party: pid, field: fid)
        if live.count > 1 { try transaction.derived.noteFieldChanged(party: pid, field: fid) }
        try store(pid: pid, fid: fid, kind: .clear, value: nil, pred: live.map(\.id), context: nil, qualifiers: ClaimQualifiers())
    }

    /// Stores `op`, an operation of this replica made beforehand with this writer's next counter
    /// (a revert's, ``PartyStore/revert(_:describedAs:time:dryRun:)``), as it is: its pred and
    /// delete context name operations by dot, and no check of the record's state is made.
    func write(_ op: FactOperation) throws {
        precondition(op.dot.replica == localID && op.dot.counter == counter + 1, "an operation out of this writer's sequence")
        let pid = try transaction.party(op.party)
        let fid = op.kind.isRecordLevel ? 0 : try fields.id(op.field)
        let pred = try op.pred.map { OpID.make(try transaction.replicas.index($0.replica), $0.counter) }
        let context = try op.context.map { try OpExtra.ContextEntry.entries($0) { try transaction.replicas.index($0) } }
        // Unlike a local edit, which can only settle a conflict, a revert can make one: it brings
        // back claims beside values written since.
        try transaction.derived.noteFieldChanged(party: pid, field: fid)
        try store(pid: pid, fid: fid, kind: op.kind, value: op.value, pred: pred, context: context, qualifiers: op.qualifiers)
        if op.kind == .delete { parties.noteDeleted(pid, true) }
    }

    private func hasDeleteConflict(_ pid: Int64) throws -> Bool {
        try Bool.fetchOne(transaction.db, sql: "SELECT delete_conflict FROM party WHERE pid = ?", arguments: [pid]) ?? false
    }

    /// Refuses a time qualifier that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    private static func checkDate(_ text: String?, named name: String) throws {
        if let text, !ClaimDates.isValidDate(text) { throw StoreError.invalidDate(qualifier: name, text: text) }
    }

    private func store(pid: Int64, fid: Int64, kind: OperationKind, value: FactValue?, pred: [Int64],
                       context: [OpExtra.ContextEntry]?, qualifiers: ClaimQualifiers) throws {
        counter += 1
        try transaction.insert(id: OpID.make(localIndex, counter), party: pid, field: fid, kind: kind, value: value,
                               time: time, qualifiers: qualifiers, predIDs: pred, context: context)
        count += 1
    }
}

extension FactValue {
    /// The value SQLite stored, an object from a blob of its canonical JSON text; nil for NULL and
    /// for a blob that holds no object value.
    init?(_ dbValue: DatabaseValue) {
        switch dbValue.storage {
        case .string(let s): self = .text(s)
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .blob(let data):
            guard let object = try? FactObject(json: data) else { return nil }
            self = .object(object)
        case .null: return nil
        }
    }
}

/// A ``EditWriter`` lives inside one write transaction and is never shared across threads.
@available(*, unavailable)
extension EditWriter: Sendable {}
