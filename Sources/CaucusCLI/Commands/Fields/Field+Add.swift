import ArgumentParser
import CaucusCore
import Foundation

extension Caucus.Field {
    /// `caucus field add NAME --type TYPE`.
    struct Add: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Define a field, or widen its definition.",
            discussion: """
                Types: text, integer, number, year, date (YYYY, YYYY-MM or YYYY-MM-DD), url, party (a party id), \
                external-id (an id in another dataset), choice (one of --choices). An external-id field named \
                after a dataset caucus knows (\(ExternalDataset.known.map(\.name).joined(separator: ", "))) checks \
                that dataset's id form; any other needs --pattern. A field defined already may only be widened: \
                the same type and kind, every choice kept, a limit kept or raised, a pattern kept or dropped.

                Examples:
                  caucus field add family --type choice --choices communist,socialist --help-text "the party family"
                  caucus field add family --type choice --choices communist,socialist,green
                  caucus field add cabinet_n --type integer
                  caucus field add wikidata --type external-id --set
                  caucus field add cses --type external-id --pattern '[A-Z]{3}_[0-9]+'
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The field's name: lower-case letters, digits and '_', starting with a letter.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("text, integer, number, year, date, url, party, external-id or choice.", valueName: "type"))
        var type: String

        @Flag(help: "A set field: several values at once, merged as an add-wins set.")
        var set = false

        @Flag(help: "A single-valued field that takes claims: several values, each with its sources and dates.")
        var claims = false

        @Option(help: ArgumentHelp("A choice field's choices, comma-separated, e.g. --choices communist,socialist.", valueName: "a,b,..."))
        var choices: String?

        @Option(help: ArgumentHelp("A regular expression every value must match whole (text and external-id fields).", valueName: "regex"))
        var pattern: String?

        @Option(help: ArgumentHelp("The longest text, in characters (text fields; default 10000).", valueName: "n"))
        var maxLength: Int?

        @Option(help: ArgumentHelp("What the field holds, in words.", valueName: "text"))
        var helpText: String?

        func execute() throws {
            let definition = try FieldArguments.definition(name: name, type: type, isSet: set, claims: claims, choices: choices,
                                                           pattern: pattern, maxLength: maxLength, help: helpText)
            let store = try global.openStore()
            let existed = store.schema.field(name) != nil
            guard try store.defineField(definition, time: now()) else {
                Console.message("Field \(name) is defined so already; nothing changed.")
                return
            }
            Console.message("\(existed ? "Widened" : "Defined") field \(name): \(FieldArguments.summary(definition)).")
        }
    }
}

/// The definition `caucus field add` writes, from its arguments.
enum FieldArguments {
    static func definition(name: String, type typeName: String, isSet: Bool, claims: Bool, choices: String?,
                           pattern: String?, maxLength: Int?, help: String?) throws -> FieldDefinition {
        guard PartySchema.isValidFieldName(name) else { throw StoreError.invalidField(.invalidName(name)) }
        let types: [FieldType] = [.text, .integer, .number, .year, .date, .url, .party, .externalID, .choice]
        guard let type = FieldType(rawValue: typeName), types.contains(type) else {
            throw ValidationError("--type \(typeName) is not a field type; use one of \(types.map(\.rawValue).joined(separator: ", "))")
        }
        let list = choices.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        if type == .choice && list.isEmpty { throw ValidationError("a choice field needs --choices A,B,...") }
        if type != .choice && choices != nil { throw ValidationError("--choices is only for --type choice") }
        var pattern = pattern
        if type == .externalID && pattern == nil {
            guard let known = ExternalDataset.pattern(for: name) else {
                throw ValidationError("external-id field \(name) needs --pattern REGEX: caucus knows the id form of "
                                          + ExternalDataset.known.map(\.name).joined(separator: ", ") + " only")
            }
            pattern = known
        }
        if let pattern, !ExternalDataset.isValidPattern(pattern) {
            throw ValidationError("--pattern \(pattern) is not a regular expression of at most \(Limits.patternBytes) bytes")
        }
        let helpText = help ?? (type == .externalID ? ExternalDataset.known.first { $0.name == name }?.help : nil) ?? ""
        let definition = FieldDefinition(name: name, type: type, isSet: isSet, choices: list, maxLength: maxLength ?? 10_000,
                                         help: helpText, takesClaims: claims, pattern: pattern)
        do { return try FieldDefinition(name: name, value: definition.definitionValue) } catch {
            throw ValidationError(error.description)
        }
    }

    /// The definition in words, for messages and `field list`.
    static func summary(_ d: FieldDefinition) -> String {
        var parts = [d.type.rawValue + (d.isSet ? " set" : "")]
        if d.takesClaims && !d.isSet { parts.append("takes claims") }
        if !d.choices.isEmpty { parts.append("choices " + d.choices.joined(separator: ", ")) }
        if let p = d.pattern { parts.append("pattern " + p) }
        if d.maxLength != 10_000 { parts.append("at most \(d.maxLength) characters") }
        if d.isDeprecated { parts.append("deprecated") }
        return parts.joined(separator: ", ")
    }
}
