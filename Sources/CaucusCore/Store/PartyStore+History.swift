import Foundation
import GRDB

/// One operation in a record's history, as `history` shows it: who changed
/// what, when, on which source, and the values it replaced.
public struct HistoryEntry: Sendable, Hashable {
    /// The operation's identity.
    public var dot: Dot
    /// The editor of the replica that wrote it.
    public var editor: String
    /// What it did.
    public var kind: OperationKind
    /// What it did, as `apply` names it: an add to a single-valued field is a `claim`, a remove
    /// from one a `retract`; otherwise the kind's name.
    public var action: String
    /// The field; empty for `delete` and `restore`.
    public var field: String
    /// The value written, added or removed; nil for `clear`, `delete`, `restore`.
    public var value: FactValue?
    /// The values it superseded: those of the operations named in its pred that
    /// this replica holds, in canonical order ("before").
    public var before: [FactValue]
    /// Whether it named operations this replica does not hold (so "before" may be incomplete).
    public var beforeIncomplete: Bool
    /// When it was written, in seconds since 1970.
    public var time: Int64
    /// Where the fact comes from.
    public var source: String?
    /// The date the fact holds for.
    public var asOf: String?
    /// The first date the claim holds.
    public var start: String?
    /// The last date the claim holds.
    public var end: String?
    /// The note on the claim.
    public var note: String?
    /// For a rank, the rank it gave.
    public var rank: ClaimRank?
    /// Whether it is still a current value (not superseded).
    public var live: Bool
}

extension PartyStore {
    /// Every operation on a party (or on one of its fields), oldest first: by
    /// time, then replica, then counter. Includes operations that arrived in changesets.
    ///
    /// - Parameters:
    ///   - party: the party id.
    ///   - field: a field name, or nil for the whole record (deletes and restores included).
    /// - Returns: nil when the store has never seen the party.
    /// - Complexity: O(operations of the party); a value superseded by an op of another record
    ///   (which only a forged or buggy writer makes) is found only from that record.
    public func history(party: String, field: String? = nil) throws -> [HistoryEntry]? {
        try read { db -> [HistoryEntry]? in
            guard let pid = try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = ?", arguments: [party]) else { return nil }
            let heads = Set(try Int64.fetchAll(db, sql: "SELECT id FROM fact_op WHERE party = ?", arguments: [pid]))
            let entries = try RecordOperations(db).operations(of: pid, party: party)
            var valueByID: [Int64: FactValue?] = [:]
            for e in entries { valueByID[e.id] = e.operation.value }
            // A pred outside the record (only a forged or buggy writer's) is read where it is stored.
            let valueOf = try db.makeStatement(sql: "SELECT value FROM op WHERE id = ?")
            var found: [(entry: HistoryEntry, id: Int64, preds: [Int64], uid: String)] = []
            for e in entries {
                let op = e.operation
                if let field, op.field != field { continue }
                var before: [FactValue] = []
                var incomplete = false
                for predID in e.predIDs {
                    if let known = valueByID[predID] {
                        if let v = known { before.append(v) }
                    } else if let v = try DatabaseValue.fetchOne(valueOf, arguments: [predID]) {
                        if let fv = FactValue(v) { before.append(fv) }
                    } else {
                        incomplete = true
                    }
                }
                let isSet = schema.field(op.field)?.isSet ?? false
                let action = isSet ? op.kind.name : op.kind == .add ? "claim" : op.kind == .remove ? "retract" : op.kind.name
                found.append((HistoryEntry(dot: op.dot, editor: e.editor, kind: op.kind, action: action, field: op.field, value: op.value,
                                           before: before.canonicallySorted(), beforeIncomplete: incomplete, time: op.time,
                                           source: op.source, asOf: op.asOf, start: op.start, end: op.end,
                                           note: op.note, rank: op.rank, live: op.kind.isLive && heads.contains(e.id)),
                              e.id, e.predIDs, op.dot.replica.rawValue))
            }
            found.sort { ($0.entry.time, $0.uid, $0.id) < ($1.entry.time, $1.uid, $1.id) }
            return Self.causalOrder(found.map(\.entry), ids: found.map(\.id), preds: found.map(\.preds))
        }
    }

    /// Orders entries so that an operation comes after those it supersedes and
    /// after the earlier operations of its own replica, and otherwise by time
    /// (then replica, then counter): editors' clocks may disagree, causality may not.
    static func causalOrder(_ entries: [HistoryEntry], ids: [Int64], preds: [[Int64]]) -> [HistoryEntry] {
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var waitingOn = [Int](repeating: 0, count: entries.count)
        var dependents = [[Int]](repeating: [], count: entries.count)
        var lastOfReplica: [Int64: (counter: Int64, at: Int)] = [:]
        for (i, id) in ids.enumerated() {
            var deps = Set(preds[i].compactMap { index[$0] })
            let r = OpID.replica(id), c = OpID.counter(id)
            // The previous operation of the same replica in this history.
            for (j, other) in ids.enumerated() where j != i && OpID.replica(other) == r && OpID.counter(other) < c {
                if let best = lastOfReplica[id], best.counter >= OpID.counter(other) { continue }
                lastOfReplica[id] = (OpID.counter(other), j)
            }
            if let prev = lastOfReplica[id] { deps.insert(prev.at) }
            waitingOn[i] = deps.count
            for d in deps { dependents[d].append(i) }
        }
        func key(_ i: Int) -> (Int64, String, Int64) { (entries[i].time, entries[i].dot.replica.rawValue, entries[i].dot.counter) }
        var ready = Set(entries.indices.filter { waitingOn[$0] == 0 })
        var out: [HistoryEntry] = []
        out.reserveCapacity(entries.count)
        while let next = ready.min(by: { key($0) < key($1) }) {
            ready.remove(next)
            out.append(entries[next])
            for d in dependents[next] {
                waitingOn[d] -= 1
                if waitingOn[d] == 0 { ready.insert(d) }
            }
        }
        return out.count == entries.count ? out : entries
    }
}
