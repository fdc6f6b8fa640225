/// Records that describe one party, such as a Party Facts record and a ParlGov one loaded side by
/// side: reads show them as one, each fact with its record of origin.
///
/// ## Rule
///
/// 10. **Same party.** A record's `same_as` field (a set of party ids, merged as any set field by
///     rule 3) lists the records it is the same party as. The group of a record is the records
///     reachable from it through `same_as`, itself included: `caucus link A B --same` adds each to
///     the other's field, so the group of either is both, and links chain (A with B, B with C: one
///     party). `caucus unlink A B` removes each from the other's, naming the links its writer
///     saw, so a link made concurrently stands (add wins) and every replica ends with the same groups.
///     Each record keeps its own facts; a single-valued field whose records show different values
///     is a *conflict between records*, shown as a conflict is (``conflictsBetween(_:)``).
///
/// ```swift
/// SameParty.group(of: "pf-1993", links: ["pf-1993": ["pg-123"], "pg-123": ["pf-1993"]])   // ["pf-1993", "pg-123"]
/// ```
public enum SameParty {
    /// The field that holds the links.
    public static let field = "same_as"

    /// Rule 10: the group of `id`: the records reachable from it through `links` (each record's
    /// `same_as` members), itself included, sorted by id (byte order).
    ///
    /// - Complexity: O(links in the group).
    public static func group(of id: String, links: (String) throws -> [String]) rethrows -> [String] {
        var seen: Set<String> = [id]
        var frontier = [id]
        while let next = frontier.popLast() {
            for other in try links(next) where seen.insert(other).inserted { frontier.append(other) }
        }
        return seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// ``group(of:links:)`` over the records' states.
    public static func group(of id: String, links: [String: [String]]) -> [String] {
        group(of: id) { links[$0] ?? [] }
    }

    /// The ids `record`'s `same_as` holds.
    public static func links(of record: RecordState) -> [String] {
        (record.sets[field] ?? []).compactMap { if case .text(let id) = $0 { return id } else { return nil } }
    }

    /// Rule 10: the single-valued fields to which the records of a group give different values,
    /// sorted by name. Set fields, whose members add up, never are; a record's own conflict is
    /// shown as that record's.
    public static func conflictsBetween(_ records: [RecordState]) -> [String] {
        var shown: [String: Set<FactValue>] = [:]
        for r in records {
            for (name, value) in r.fields { shown[name, default: []].insert(value) }
        }
        return shown.filter { $0.value.count > 1 }.keys.sorted()
    }
}
