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
    /// - Complexity: O(operations of the party).
    public func history(party: String, field: String? = nil) throws -> [HistoryEntry]? {
        try read { db -> [HistoryEntry]? in
            guard let pid = try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = ?", arguments: [party]) else { return nil }
            var sql = """
                SELECT o.id, r.uid, r.editor, o.kind, f.name, o.value, o.pred, o.time, o.source, o.as_of, o.live
                FROM op o JOIN field f ON f.fid = o.field JOIN replica r ON r.idx = (o.id >> 40)
                WHERE o.party = ?
                """
            var args: [any DatabaseValueConvertible] = [pid]
            if let field { sql += " AND f.name = ?"; args.append(field) }
            sql += " ORDER BY o.time, r.uid, o.id"
            let valueOf = try db.makeStatement(sql: "SELECT value FROM op WHERE id = ?")
            var out: [HistoryEntry] = []
            var ids: [Int64] = []
            var preds: [[Int64]] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)) {
                guard let kind = OperationKind(rawValue: UInt8(row[3] as Int64)) else { continue }
                var before: [FactValue] = []
                var incomplete = false
                let predList = OpID.decodeList(row[6])
                for predID in predList {
                    if let v = try DatabaseValue.fetchOne(valueOf, arguments: [predID]) {
                        if let fv = FactValue(v) { before.append(fv) }
                    } else {
                        incomplete = true
                    }
                }
                let id: Int64 = row[0]
                ids.append(id)
                preds.append(predList)
                out.append(HistoryEntry(dot: Dot(replica: ReplicaID(row[1] as String)!, counter: OpID.counter(id)), editor: row[2],
                                        kind: kind, field: row[4], value: FactValue(row[5] as DatabaseValue),
                                        before: before.canonicallySorted(), beforeIncomplete: incomplete, time: row[7],
                                        source: row[8], asOf: row[9], live: row[10]))
            }
            return Self.causalOrder(out, ids: ids, preds: preds)
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
