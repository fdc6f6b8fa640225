import CaucusCore

/// Reusable "did you mean" lookups for commands that name a party.
extension PartyStore {
    /// The party's id if the store has it, or the record `DATASET:ID` names
    /// (``resolveParty(_:)``); otherwise a failure with suggestions.
    func requireParty(_ argument: String) throws -> String {
        let id = try resolveParty(argument)
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

    /// The records that `reference`, `DATASET:ID` (an id in another dataset, such as
    /// `wikidata:Q123`), links to: those whose external-id field DATASET holds ID.
    ///
    /// - Throws: a failure for an unknown field (exit 4), a field that is not an external-id
    ///   field, or an id that does not fit it (exit 3).
    func records(linkedBy reference: String) throws -> (field: String, value: FactValue, ids: [String]) {
        guard let colon = reference.firstIndex(of: ":"), colon != reference.startIndex else {
            throw CommandFailure(description: "\(JSONText.quoted(reference)) is not DATASET:ID, e.g. wikidata:Q123", exitCode: ExitCodes.badInput)
        }
        let field = String(reference[..<colon]), id = String(reference[reference.index(after: colon)...])
        let def = try requireField(field)
        guard def.type == .externalID else {
            let ids = schema.fields.filter { $0.type == .externalID }.map(\.name)
            throw CommandFailure(description: "\(field) is not an external-id field"
                                 + (ids.isEmpty ? "; define one with `caucus field add NAME --type external-id`" : " (these are: \(ids.joined(separator: ", ")))"),
                                 exitCode: ExitCodes.badInput)
        }
        let value = try def.check(.text(id))
        return (field, value, try records(where: field, holds: value))
    }

    /// The party an argument names: its id, or `DATASET:ID` when exactly one record links to it
    /// (a party id never holds `:`).
    func resolveParty(_ argument: String) throws -> String {
        guard argument.contains(":") else { return argument }
        let (field, value, ids) = try records(linkedBy: argument)
        switch ids.count {
        case 0: throw Self.noRecord(field, value)
        case 1: return ids[0]
        default:
            throw CommandFailure(description: "\(field) \(value.description) links \(ids.count) records: \(ids.joined(separator: ", ")); name one by its id",
                                 exitCode: ExitCodes.badInput)
        }
    }

    /// The failure of a `DATASET:ID` that no record holds (exit 4).
    static func noRecord(_ field: String, _ value: FactValue) -> CommandFailure {
        CommandFailure(description: "no record has \(field) \(value.description)", exitCode: ExitCodes.notFound)
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
