/// The current state of one party record, as every replica that holds the same
/// operations computes it.
public struct RecordState: Sendable, Hashable {
    /// The party id.
    public var id: String
    /// Whether the record is deleted.
    public var deleted: Bool
    /// Whether the record was deleted while another editor edited it without seeing the delete.
    public var deleteConflict: Bool
    /// Settled single-valued fields, by name.
    public var fields: [String: FactValue]
    /// Set fields, by name: their members, sorted.
    public var sets: [String: [FactValue]]
    /// Fields in conflict, by name: every candidate, sorted by JSON text.
    public var conflicts: [String: [FactValue]]
    /// Every field's standing claims, by name, sorted by their JSON text (merge rules 2 and 7).
    public var claims: [String: [Claim]]

    /// Creates a record state.
    public init(id: String, deleted: Bool = false, deleteConflict: Bool = false, fields: [String: FactValue] = [:],
                sets: [String: [FactValue]] = [:], conflicts: [String: [FactValue]] = [:], claims: [String: [Claim]] = [:]) {
        self.id = id
        self.deleted = deleted
        self.deleteConflict = deleteConflict
        self.fields = fields
        self.sets = sets
        self.conflicts = conflicts
        self.claims = claims
    }

    /// Whether `dump` lists the field's claims: it has a claim that is not a plain value (a rank
    /// other than normal, a span or a note), or more claims than values shown in `fields`,
    /// `sets` or `conflicts` (a disputed field, a series, a conflict beside an added claim).
    public func listsClaims(of field: String) -> Bool {
        guard let claims = claims[field] else { return false }
        let shown = fields[field] != nil ? 1 : (sets[field] ?? conflicts[field])?.count ?? 0
        return claims.count != shown || claims.contains { !$0.isPlain }
    }

    /// Whether the field has several standing claims that disagree, none preferred, and no conflict.
    public func isDisputed(_ field: String) -> Bool {
        fields[field] == nil && sets[field] == nil && conflicts[field] == nil && (claims[field]?.count ?? 0) > 1
    }

    /// The canonical dump line: keys in a fixed order, fields sorted by name, set
    /// members and conflict candidates sorted by their JSON text, no spaces. A record with claims
    /// beyond plain values (``listsClaims(of:)``) gains `"claims"` after `"conflicts"`.
    ///
    /// `{"id":"ucpa","deleted":false,"fields":{"ideology":["Communism"],"name":"…"},"conflicts":{"membership":[5000,7000]},"delete_conflict":false}`
    public var dumpLine: String {
        var all: [(String, String)] = fields.map { ($0.key, $0.value.json) }
        all += sets.map { ($0.key, "[" + $0.value.map(\.json).joined(separator: ",") + "]") }
        let fieldText = all.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { JSONText.quoted($0.0) + ":" + $0.1 }.joined(separator: ",")
        let conflictText = conflicts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { JSONText.quoted($0) + ":[" + conflicts[$0]!.map(\.json).joined(separator: ",") + "]" }.joined(separator: ",")
        let listed = claims.keys.filter(listsClaims(of:)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let claimText = listed.isEmpty ? "" : ",\"claims\":{" + listed.map {
            JSONText.quoted($0) + ":[" + claims[$0]!.map(\.json).joined(separator: ",") + "]"
        }.joined(separator: ",") + "}"
        return "{\"id\":\(JSONText.quoted(id)),\"deleted\":\(deleted),\"fields\":{\(fieldText)},\"conflicts\":{\(conflictText)}\(claimText),\"delete_conflict\":\(deleteConflict)}"
    }
}
