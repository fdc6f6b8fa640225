import Foundation
import GRDB

extension PartyStore {
    /// Applies local edits in one transaction: all of them, or none when `body` throws.
    ///
    /// Each edit becomes an operation stamped with this replica and its next
    /// counter, superseding the values this replica holds for that fact.
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
            let transaction = try WriteTransaction(db, schema: schema, mode: .local)
            let writer = try EditWriter(transaction: transaction, time: time, local: localReplica.id)
            try body(writer)
            let outcome = try transaction.finish()
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
    /// - Throws: ``StoreError`` for an invalid party id, unknown field, bad value,
    ///   wrong field kind, bad as-of date, or an edit to a deleted record.
    public func apply(_ edit: Edit) throws {
        guard PartySchema.isValidPartyID(edit.party) else { throw StoreError.invalidPartyID(edit.party) }
        if let asOf = edit.asOf, !Edit.isValidAsOf(asOf) { throw StoreError.invalidAsOf(asOf) }
        if let source = edit.source, !Limits.fits(source: source) { throw StoreError.textTooLong(what: "source", limit: Limits.sourceBytes) }
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
            try store(pid: pid, fid: 0, kind: isDelete ? .delete : .restore, value: nil, pred: live.map { $0.id }, context: context, source: edit.source, asOf: edit.asOf)
            parties.noteDeleted(pid, isDelete)
        case .set(let raw), .add(let raw), .remove(let raw):
            guard let def = schema.field(edit.field) else {
                throw StoreError.unknownField(edit.field, suggestions: schema.suggestions(for: edit.field))
            }
            let isSetAction: Bool = { if case .set = edit.action { return false } else { return true } }()
            guard def.isSet == isSetAction else { throw StoreError.wrongFieldKind(field: def.name, isSet: def.isSet) }
            let value: FactValue
            do { value = try def.check(raw) } catch let e as ValueError { throw StoreError.invalidValue(e) }
            let pid = try transaction.party(edit.party)
            if try parties.isDeleted(pid) { throw StoreError.partyDeleted(edit.party) }
            let fid = try fields.id(def.name)
            var live = try transaction.liveEntries(party: pid, field: fid)
            if def.isSet { live = live.filter { $0.value == value } }
            // The edit supersedes every live value of a single-valued field, settling any conflict.
            if live.count > 1 { transaction.derived.noteScalarFieldChanged(party: pid, field: fid) }
            let kind: OperationKind
            switch edit.action {
            case .set: kind = .set
            case .add: kind = .add
            default: kind = .remove
            }
            try store(pid: pid, fid: fid, kind: kind, value: value, pred: live.map { $0.id }, context: nil, source: edit.source, asOf: edit.asOf)
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
            if live.count > 1 { transaction.derived.noteScalarFieldChanged(party: pid, field: fid) }
            try store(pid: pid, fid: fid, kind: .clear, value: nil, pred: live.map { $0.id }, context: nil, source: edit.source, asOf: edit.asOf)
        }
    }

    private func hasDeleteConflict(_ pid: Int64) throws -> Bool {
        try Bool.fetchOne(transaction.db, sql: "SELECT delete_conflict FROM party WHERE pid = ?", arguments: [pid]) ?? false
    }

    private func store(pid: Int64, fid: Int64, kind: OperationKind, value: FactValue?, pred: [Int64],
                       context: [OpExtra.ContextEntry]?, source: String?, asOf: String?) throws {
        counter += 1
        try transaction.insert(id: OpID.make(localIndex, counter), party: pid, field: fid, kind: kind, value: value,
                               time: time, source: source, asOf: asOf, predIDs: pred, context: context)
        count += 1
    }
}

extension FactValue {
    /// The value SQLite stored, or nil for NULL and blobs.
    init?(_ dbValue: DatabaseValue) {
        switch dbValue.storage {
        case .string(let s): self = .text(s)
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        default: return nil
        }
    }
}

/// A ``EditWriter`` lives inside one write transaction and is never shared across threads.
@available(*, unavailable)
extension EditWriter: Sendable {}
