import CaucusCore

/// The claims `show` lists for a record: the fields whose claims say more than their value (a
/// dispute, a series, a rank, a span or a note), or with `--at`, the dated claims that held then.
struct ShownClaims {
    /// One field's claims as shown.
    struct Field {
        /// In show order (``Swift/Sequence/inShowOrder()``).
        var claims: [Claim]
        /// Whether they disagree with none preferred.
        var disputed: Bool
    }

    /// The listed fields, by name.
    let listed: [String: Field]
    /// The record's live heads by field: who wrote each claim.
    private let heads: [String: [FactDetail]]

    init(_ detail: RecordDetail, at date: String?) {
        heads = detail.heads
        var listed: [String: Field] = [:]
        for (field, claims) in detail.state.claims {
            let isSet = detail.state.sets[field] != nil
            if let date, claims.contains(where: { !$0.dates.isEmpty }) {
                let held = claims.holding(at: date)
                listed[field] = Field(claims: held.inShowOrder(), disputed: !isSet && held.count > 1 && Merge.value(of: held) == nil)
            } else if detail.state.listsClaims(of: field) {
                listed[field] = Field(claims: claims.inShowOrder(), disputed: detail.state.isDisputed(field))
            }
        }
        self.listed = listed
    }

    /// A claim's cells after the field's: value (with its rank and note), sources, dates, the
    /// editors who wrote it, and the latest time one of them did.
    func cells(_ claim: Claim, field: String, related: RelatedParties) -> [String] {
        var value = related.text(claim.value, field: field)
        switch claim.rank {
        case .preferred?: value += " " + Style.green("[preferred]")
        case .deprecated?: value += " " + Style.dim("[deprecated]")
        case nil: value += " " + Style.yellow("[rank conflict: " + claim.ranks.map(\.name).joined(separator: " | ") + "]")
        case .normal?: break
        }
        if let note = claim.note { value += " (\(note))" }
        let writers = (heads[field] ?? []).filter { $0.kind.writesClaim && $0.claimKey == claim.key }
        var editors: [String] = []
        for w in writers where !editors.contains(w.editor) { editors.append(w.editor) }
        return [value, claim.sources.isEmpty ? "-" : claim.sources.joined(separator: "; "), claim.dates.text ?? "-",
                editors.joined(separator: ", "), writers.map(\.time).max().map(Time.short) ?? "-"]
    }

    /// The names of the parties the record's party fields name (`split_from`, `member_of`, …).
    static func relatedNames(_ detail: RecordDetail, store: PartyStore) throws -> RelatedParties {
        let fields = Set(detail.state.claims.keys.filter { store.schema.field($0)?.type == .party })
        let ids = fields.flatMap { detail.state.claims[$0]!.map(\.value.description) }
        let records = try store.records(ids: ids)
        var names: [String: String] = [:]
        for id in ids {
            if let record = records[id] {
                names[id] = record.fields["name"]?.description ?? record.fields["name_english"]?.description ?? "no name"
            } else {
                names[id] = nil
            }
        }
        return RelatedParties(schema: store.schema, fields: fields, names: names)
    }
}

/// The parties a record relates to, by id: their names, for `show`.
struct RelatedParties {
    /// The schema, which says how a field's values read (an election result as a sentence).
    let schema: PartySchema
    /// The record's fields that hold party ids.
    let fields: Set<String>
    /// The name of each related party this replica holds.
    let names: [String: String]

    /// A value as `show` prints it: a party id with its name, or marked unresolved when this
    /// replica lacks it; any other value as it reads.
    func text(_ value: FactValue, field: String) -> String {
        guard fields.contains(field) else { return schema.text(of: value, in: field) }
        let id = value.description
        return names[id].map { "\(id) (\($0))" } ?? "\(id) " + Style.yellow("(unresolved: not in this replica)")
    }

    /// The name of a related party, or nil when this replica lacks it.
    func name(_ id: String) -> String? { names[id] }
}
