import CaucusCore

/// What an export (`export-csv`, `export-json`) writes for one field of one record, and where
/// it comes from: the value shown, a set's members, or a conflict's candidates, with the sources
/// and dates of the claims behind them. A disputed field, and a field with no claim, export nothing.
struct ExportedField {
    /// What the field holds.
    enum Content {
        case none
        case value(FactValue)
        case members([FactValue])
        case conflict([FactValue])
    }

    /// What the field holds.
    var content: Content
    /// The claims behind it.
    var claims: [Claim]

    /// The field `name` of `r`.
    init(_ name: String, of r: RecordState) {
        let all = r.claims[name] ?? []
        if let v = r.fields[name] {
            content = .value(v)
            claims = all.filter { $0.value == v }
        } else if let m = r.sets[name] {
            content = .members(m)
            claims = all
        } else if let c = r.conflicts[name] {
            content = .conflict(c)
            claims = all
        } else {
            content = .none
            claims = []
        }
    }

    /// The distinct sources of its claims, in their order.
    var sources: [String] { Self.distinct(claims.flatMap(\.sources)) }
    /// The distinct dates of its claims, as editors read them (`2005`, `1998–2000`).
    var dates: [String] { Self.distinct(claims.compactMap(\.dates.text)) }

    private static func distinct(_ texts: [String]) -> [String] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }
    }

    /// A value as a CSV cell: text as it is, numbers as written, an object as its JSON text.
    static func text(_ v: FactValue) -> String {
        if case .object(let o) = v { return o.json }
        return v.description
    }
}
