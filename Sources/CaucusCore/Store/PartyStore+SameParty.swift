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
