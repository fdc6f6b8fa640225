import ArgumentParser
import CaucusCore

extension Caucus.Field {
    /// `caucus field deprecate NAME`.
    struct Deprecate: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "deprecate",
            abstract: "Deprecate a team field: it keeps its values, and takes no new ones.",
            discussion: """
                A definition never shrinks, so a field is retired by deprecating it; its values stay readable, \
                and can still be cleared or removed.

                Example:
                  caucus field deprecate family
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The team field.", valueName: "name"))
        var name: String

        func execute() throws {
            let store = try global.openStore()
            let entry = try store.fields().first { $0.definition.name == name }
            guard let entry, !entry.isBuiltIn else {
                if entry != nil { throw StoreError.invalidField(.builtIn(name)) }
                throw StoreError.unknownField(name, suggestions: store.schema.suggestions(for: name))
            }
            let current = entry.candidates[0].definition
            let deprecated = FieldDefinition(name: name, type: current.type, isSet: current.isSet, choices: current.choices,
                                             maxLength: current.maxLength, help: current.help, takesClaims: current.takesClaims,
                                             pattern: current.pattern, isDeprecated: true)
            guard try store.defineField(deprecated, time: now()) else {
                Console.message("Field \(name) is deprecated already.")
                return
            }
            Console.message("Deprecated field \(name): its values stay, and it takes no new ones.")
        }
    }
}
