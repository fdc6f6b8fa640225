import CaucusCore

/// Reusable "did you mean" lookups for commands that name a party.
extension PartyStore {
    /// The party's id if the store has it; otherwise a failure with suggestions.
    func requireParty(_ id: String) throws -> String {
        if try record(id) != nil { return id }
        if !PartySchema.isValidPartyID(id) && (try? record(id.lowercased())) != nil {
            throw CommandFailure(description: "no party \(JSONText.quoted(id)); did you mean \(JSONText.quoted(id.lowercased()))? (party ids are lower case)", exitCode: ExitCodes.notFound)
        }
        let suggestions = try partySuggestions(for: id)
        if suggestions.isEmpty, let hits = try? search(id, limit: 3), !hits.isEmpty {
            // A name typed where an id belongs: name the parties it matches.
            let named = hits.map { "\($0.id) (\($0.name ?? $0.nameEnglish ?? "no name"))" }.joined(separator: ", ")
            throw CommandFailure(description: "no party \(JSONText.quoted(id)); parties matching it: \(named)", exitCode: ExitCodes.notFound)
        }
        throw CommandFailure(description: StoreError.unknownParty(id, suggestions: suggestions).description
                             + (suggestions.isEmpty ? Self.listHint : ""), exitCode: ExitCodes.notFound)
    }

    static let listHint = "; find it with `caucus search TEXT` or `caucus list`"

    /// The field's definition, or a failure with suggestions.
    func requireField(_ name: String) throws -> FieldDefinition {
        if let def = schema.field(name) { return def }
        let suggestions = schema.suggestions(for: name)
        throw CommandFailure(description: StoreError.unknownField(name, suggestions: suggestions).description
                             + (suggestions.isEmpty ? "; `caucus set --help` lists the fields" : ""), exitCode: ExitCodes.notFound)
    }
}
