import CaucusCore

/// An independent, deliberately naive statement of the merge rules, used to
/// check the store: from a set of operations alone it computes what every
/// replica must show.
///
/// - A value (set/add/delete op) is live iff no operation names it in `pred`.
/// - A scalar field shows its distinct live values: one is settled, more are a conflict.
/// - A set member is present iff a live add of it exists.
/// - A record is deleted iff a live delete exists; it is in delete-vs-edit
///   conflict iff some op of it, other than deletes and superseded sets, is in
///   no live delete's context.
enum ReferenceModel {
    static func dump(_ ops: some Sequence<FactOperation>, schema: PartySchema = .standard) -> [String] {
        let all = Array(Set(ops))
        let superseded = Set(all.flatMap(\.pred))
        let live = all.filter { $0.kind.isLive && !superseded.contains($0.dot) }
        var records: [String: RecordState] = [:]
        for op in all where records[op.party] == nil { records[op.party] = RecordState(id: op.party) }
        var values: [String: [String: [FactValue]]] = [:]
        for op in live where op.kind != .delete { values[op.party, default: [:]][op.field, default: []].append(op.value!) }
        for (party, fields) in values {
            for (field, vs) in fields {
                var distinct: [String: FactValue] = [:]
                for v in vs { distinct[v.json] = v }
                let sorted = distinct.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { distinct[$0]! }
                if schema.field(field)?.isSet ?? false {
                    records[party]!.sets[field] = sorted
                } else if sorted.count == 1 {
                    records[party]!.fields[field] = sorted[0]
                } else {
                    records[party]!.conflicts[field] = sorted
                }
            }
        }
        for party in records.keys {
            let deletes = live.filter { $0.party == party && $0.kind == .delete }
            guard !deletes.isEmpty else { continue }
            records[party]!.deleted = true
            records[party]!.deleteConflict = all.contains { op in
                op.party == party && op.kind != .delete && !(op.kind == .set && superseded.contains(op.dot))
                    && !deletes.contains { $0.context!.contains(op.dot) }
            }
        }
        return records.keys.sorted().map { records[$0]!.dumpLine }
    }
}
