import GRDB

extension PartyStore {
    /// The records that are one party with `id` (rule 10 on ``SameParty``): those reachable from
    /// it through `same_as`, itself included, sorted by id.
    ///
    /// - Complexity: one index lookup per record of the group.
    public func sameParty(as id: String) throws -> [String] {
        try read { db in
            guard let fid = try Int64.fetchOne(db, sql: "SELECT fid FROM field WHERE name = ?", arguments: [SameParty.field]) else { return [id] }
            let members = try FastStatement(db, sql: """
                SELECT o.value FROM party p CROSS JOIN fact_op f ON f.party = p.pid AND f.field = ?2 CROSS JOIN op o ON o.id = f.id
                WHERE p.id = ?1 AND o.kind IN \(OperationKind.claimKindsSQL)
                """)
            members.bind(2, fid)
            return try SameParty.group(of: id) { party in
                members.bind(1, party)
                defer { members.reset() }
                var ids: [String] = []
                while try members.step() { if case .text(let other)? = members.factValue(0) { ids.append(other) } }
                return ids
            }
        }
    }
}

/// A single-valued field to which the records of one party give different values: a conflict
/// between records (rule 10 on ``SameParty``), settled by setting the field alike, or by unlinking.
public struct RecordsConflict: Sendable, Hashable {
    /// One record's value.
    public struct Shown: Sendable, Hashable {
        /// The record.
        public var record: String
        /// The value it shows.
        public var value: FactValue
    }

    /// The party's records, sorted by id.
    public var group: [String]
    /// The field.
    public var field: String
    /// Each record's value, by record id.
    public var values: [Shown]
}

extension PartyStore {
    /// Every conflict between linked records, by group and field.
    ///
    /// - Complexity: a pass over the heads for the links (``recordsByValue(of:)``), and the
    ///   records of every group.
    public func conflictsBetweenLinkedRecords() throws -> [RecordsConflict] {
        var links: [String: [String]] = [:]
        for (value, holders) in try recordsByValue(of: SameParty.field) {
            guard case .text(let other) = value else { continue }
            for holder in holders { links[holder, default: []].append(other) }
        }
        var seen = Set<String>()
        var out: [RecordsConflict] = []
        for id in links.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !seen.contains(id) {
            let group = SameParty.group(of: id, links: links)
            seen.formUnion(group)
            let records = try group.compactMap { try record($0) }
            for field in SameParty.conflictsBetween(records) {
                out.append(RecordsConflict(group: group, field: field, values: records.compactMap { r in
                    r.fields[field].map { RecordsConflict.Shown(record: r.id, value: $0) }
                }))
            }
        }
        return out
    }
}
